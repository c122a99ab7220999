from django.urls import path

from konferenz.accounts import views

urlpatterns = [
    path("benutzer/", views.user_list, name="user-list"),
    path("benutzer/einladen/", views.user_invite, name="user-invite"),
    path("benutzer/<int:pk>/", views.user_detail, name="user-detail"),
    path(
        "benutzer/<int:pk>/deaktivieren/",
        views.user_deactivate,
        name="user-deactivate",
    ),
    path(
        "benutzer/<int:pk>/aktivieren/",
        views.user_reactivate,
        name="user-reactivate",
    ),
    path(
        "benutzer/<int:pk>/zweiter-faktor-zuruecksetzen/",
        views.user_mfa_reset,
        name="user-mfa-reset",
    ),
    path(
        "behoerde/einstellungen/",
        views.authority_settings,
        name="authority-settings",
    ),
    path(
        "behoerde/einstellungen/barrierefreiheit/",
        views.authority_accessibility,
        name="authority-accessibility",
    ),
    path("barrierefreiheit/", views.accessibility_index, name="accessibility"),
    path(
        "barrierefreiheit/<str:code>/",
        views.accessibility_statement,
        name="accessibility-statement",
    ),
    path("behoerden/", views.authority_list, name="police-authority-list"),
    path("behoerden/neu/", views.authority_setup, name="police-authority-setup"),
    path("zweiter-faktor/", views.mfa_setup, name="mfa-setup"),
    path("zweiter-faktor/pruefen/", views.mfa_verify, name="mfa-verify"),
    path("anmelden/abgelehnt/", views.sso_refused, name="sso-refused"),
]
