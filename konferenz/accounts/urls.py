from django.urls import path

from konferenz.accounts import views

urlpatterns = [
    path("benutzer/", views.user_list, name="user-list"),
    path("benutzer/einladen/", views.user_invite, name="user-invite"),
    path("benutzer/<int:pk>/", views.user_detail, name="user-detail"),
    path(
        "benutzer/<int:pk>/deaktivieren/",
        views.user_action,
        {"action": "deactivate"},
        name="user-deactivate",
    ),
    path(
        "benutzer/<int:pk>/aktivieren/",
        views.user_action,
        {"action": "reactivate"},
        name="user-reactivate",
    ),
    path(
        "benutzer/<int:pk>/zweiter-faktor-zuruecksetzen/",
        views.user_action,
        {"action": "mfa-reset"},
        name="user-mfa-reset",
    ),
    path(
        "benutzer/<int:pk>/polizei-konto-verknuepfen/",
        views.user_sso_link,
        name="user-sso-link",
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
    path(
        "behoerden/<int:pk>/administration-einladen/",
        views.authority_admin_invite,
        name="police-authority-admin-invite",
    ),
    path(
        "behoerden/administrationen-einladen/",
        views.authority_admins_upload,
        name="police-authority-admins-upload",
    ),
    path(
        "behoerden/administrationen-einladen/vorschau/",
        views.authority_admins_preview,
        name="police-authority-admins-preview",
    ),
    path(
        "behoerden/administrationen-einladen/versenden/",
        views.authority_admins_send,
        name="police-authority-admins-send",
    ),
    path(
        "behoerden/administrationen-einladen/verwerfen/",
        views.authority_admins_discard,
        name="police-authority-admins-discard",
    ),
    path("zweiter-faktor/", views.mfa_setup, name="mfa-setup"),
    path("zweiter-faktor/pruefen/", views.mfa_verify, name="mfa-verify"),
    path("anmelden/abgelehnt/", views.sso_refused, name="sso-refused"),
]
