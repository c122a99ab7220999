"""Root URL configuration."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from mozilla_django_oidc.views import OIDCLogoutView

from konferenz.accounts import sso
from konferenz.accounts.forms import SikoPasswordResetForm
from konferenz.accounts.views import LoginView
from konferenz.core.health import health

urlpatterns = [
    # For the load balancer and monitoring: no login (konferenz/core/health.py).
    path("health/", health, name="health"),
    path("anmelden/", LoginView.as_view(), name="login"),
    # Ends the session here and, after a single sign-on, at the provider.
    path("abmelden/", OIDCLogoutView.as_view(), name="logout"),
    path(
        "anmelden/polizei-konto/",
        sso.AuthenticateView.as_view(),
        name="oidc_authentication_init",
    ),
    path(
        "anmelden/polizei-konto/rueckkehr/",
        sso.CallbackView.as_view(),
        name="oidc_authentication_callback",
    ),
    path(
        "passwort/vergessen/",
        auth_views.PasswordResetView.as_view(form_class=SikoPasswordResetForm),
        name="password_reset",
    ),
    path(
        "passwort/vergessen/gesendet/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "passwort/neu/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "passwort/neu/fertig/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
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
    path("adressbuch/", include("teilnehmer.addressbook.urls")),
    path("tagesordnung/", include("tagesordnung.urls")),
    path("konferenzen/<int:pk>/einladungen/", include("teilnehmer.invitations.urls")),
    # before the partner link: its token pattern would take "zitat/"
    path("einladung/zitat/", include("konferenz.press.quote_urls")),
    path("einladung/kontakt/", include("teilnehmer.addressbook.contactcheck_urls")),
    path("einladung/", include("teilnehmer.partner.urls")),
]

handler403 = "konferenz.core.errors.permission_denied"
handler404 = "konferenz.core.errors.page_not_found"
handler500 = "konferenz.core.errors.server_error"
