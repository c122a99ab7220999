"""Project checks, run by ``manage.py check`` (and so by ``check --deploy``)."""

import ipaddress

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security)
def siko_security_check(app_configs, **kwargs):
    errors = []
    if not settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher"):
        errors.append(
            Error("Argon2 must be the first password hasher.", id="siko.E001")
        )
    if settings.SESSION_COOKIE_AGE > 8 * 60 * 60:
        errors.append(
            Error("Staff sessions must not last longer than 8 hours.", id="siko.E002")
        )
    if (
        "django.contrib.auth.middleware.LoginRequiredMiddleware"
        not in settings.MIDDLEWARE
    ):
        errors.append(Error("LoginRequiredMiddleware must be active.", id="siko.E003"))
    for entry in getattr(settings, "SIKO_TRUSTED_PROXIES", ()):
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            errors.append(
                Error(
                    f"TRUSTED_PROXIES: {entry!r} is no IP address or network.",
                    id="siko.E016",
                )
            )
    return errors
