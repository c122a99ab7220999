"""German names for the admin pages of third-party apps.

Their own catalogues leave app names ("Axes", "Tasks Database Backend") and
some model names in English; the admin is for German administrators too.
"""

from django.apps import apps
from django.utils.translation import gettext_lazy as _

#: app label → (app name, {model name: (singular, plural)})
NAMES = {
    "sessions": (_("Sessions"), {}),
    "axes": (
        _("Login lockout"),
        {
            "accessattemptexpiration": (
                _("expiry of an access attempt"),
                _("expiries of access attempts"),
            )
        },
    ),
    "django_tasks_database": (
        _("Background tasks"),
        {"dbtaskresult": (_("task result"), _("task results"))},
    ),
    "otp_totp": (
        _("Second factor (TOTP)"),
        {"totpdevice": (_("authenticator app"), _("authenticator apps"))},
    ),
    "otp_static": (
        _("Recovery codes (second factor)"),
        {
            "staticdevice": (_("recovery code set"), _("recovery code sets")),
            "statictoken": (_("recovery code"), _("recovery codes")),
        },
    ),
}


def germanise_admin_names():
    for label, (app_name, models) in NAMES.items():
        try:
            config = apps.get_app_config(label)
        except LookupError:
            continue
        config.verbose_name = app_name
        for model_name, (singular, plural) in models.items():
            meta = config.get_model(model_name)._meta
            meta.verbose_name = singular
            meta.verbose_name_plural = plural
