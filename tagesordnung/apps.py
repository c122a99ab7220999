from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TagesordnungConfig(AppConfig):
    name = "tagesordnung"
    verbose_name = _("Agenda and minutes")
