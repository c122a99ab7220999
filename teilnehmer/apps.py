from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeilnehmerConfig(AppConfig):
    name = "teilnehmer"
    verbose_name = _("Participants")
