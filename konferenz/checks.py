"""Project checks, run by ``manage.py check`` (and so by ``check --deploy``)."""

import ipaddress
from pathlib import Path

from django.conf import settings
from django.core.checks import Error, Info, Tags, register
from django.utils import translation
from django.utils.translation import gettext

#: The tag of the static-files check: not ``staticfiles``, so that
#: ``collectstatic`` (which runs only those) is not stopped by it.
STATIC_TAG = "siko_collected_static"
#: The tag of the PDF renderer's check (deployment only: it loads WeasyPrint).
DOCUMENTS_TAG = "siko_documents"


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


@register(STATIC_TAG, deploy=True)
def siko_collected_static_check(app_configs, **kwargs):
    """Without DEBUG every page needs the manifest of the collected static
    files; without it each page would answer a bare "Internal Server Error".
    ``manage.py check --deploy`` and ``konferenz/wsgi.py`` (gunicorn) refuse
    to start instead. A deployment check, so that ``migrate`` (which runs
    before ``collectstatic`` in the README's order) is not refused."""
    if settings.DEBUG:
        return []
    from django.contrib.staticfiles.storage import ManifestFilesMixin
    from django.core.files.storage import storages

    storage = storages["staticfiles"]
    if not isinstance(storage, ManifestFilesMixin):
        return []
    manifest = Path(settings.STATIC_ROOT) / storage.manifest_name
    if manifest.exists():
        return []
    with translation.override("de"):
        message = gettext(
            "The static files are not collected (%(manifest)s is missing): "
            "run “manage.py collectstatic --no-input” before starting SiKo."
        ) % {"manifest": manifest}
    return [Error(message, id="siko.E017")]


@register(DOCUMENTS_TAG, deploy=True)
def siko_font_subsetting_check(app_configs, **kwargs):
    """WeasyPrint puts the used part of each font into every PDF. With
    HarfBuzz's subsetter (Debian: libharfbuzz-subset0) that takes a few
    milliseconds; without it WeasyPrint falls back to fontTools, which reads
    every table of the font first: about four fifths of the CPU time of an
    agenda or minutes PDF (issue 32). Only a note: the PDFs are the same."""
    from weasyprint.text.ffi import harfbuzz, harfbuzz_subset

    if harfbuzz_subset and harfbuzz.hb_version_atleast(4, 1, 0):
        return []
    with translation.override("de"):
        message = gettext(
            "WeasyPrint finds no HarfBuzz subsetter (libharfbuzz-subset 4.1 or "
            "later): every PDF takes about four times as long. Install it "
            "(Debian: “apt-get install libharfbuzz-subset0”)."
        )
    return [Info(message, id="siko.I001")]


def refuse_without_collected_static():
    """gunicorn (WSGI) and ASGI servers run no system checks: the one that
    cannot wait for the first page – the collected static files – runs when
    the application is loaded (konferenz/wsgi.py, konferenz/asgi.py), and a
    worker without them does not start."""
    from django.core import checks
    from django.core.exceptions import ImproperlyConfigured

    errors = checks.run_checks(tags=[STATIC_TAG], include_deployment_checks=True)
    if errors:
        raise ImproperlyConfigured("; ".join(error.msg for error in errors))
