from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KonferenzConfig(AppConfig):
    name = "konferenz"
    verbose_name = _("Conferences")

    def ready(self):
        from konferenz import (
            checks,  # noqa: F401 - registers the system checks
            usercache,  # noqa: F401 - connects its signals
        )
        from konferenz.admin_names import germanise_admin_names

        germanise_admin_names()

        from konferenz import changestamp

        changestamp.connect()
