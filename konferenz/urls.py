"""Root URL configuration."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from konferenz import views

urlpatterns = [
    path("anmelden/", views.LoginView.as_view(), name="login"),
    path("abmelden/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "passwort/",
        auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "passwort/geaendert/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("admin/", admin.site.urls),
    path("", include("konferenz.app_urls")),
    path("adressbuch/", include("teilnehmer.urls")),
    path("tagesordnung/", include("tagesordnung.urls")),
    path("konferenzen/<int:pk>/einladungen/", include("teilnehmer.invitation_urls")),
    path("einladung/", include("teilnehmer.partner_urls")),
]

handler403 = "konferenz.views.permission_denied"
handler404 = "konferenz.views.page_not_found"
handler500 = "konferenz.views.server_error"
