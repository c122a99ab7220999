from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KonferenzConfig(AppConfig):
    name = "konferenz"
    verbose_name = _("Conferences")

    def ready(self):
        # Imported here, not at the top: these modules use the models, which
        # Django loads only after the app configs (the usual ready() rule).
        from konferenz import checks  # noqa: F401 - registers the system checks
        from konferenz.core import (
            changestamp,
            usercache,  # noqa: F401 - connects its signals
            workflow,
        )
        from konferenz.core.admin_names import germanise_admin_names
        from konferenz.core.models import Conference
        from konferenz.press.services import publication_refusal

        germanise_admin_names()
        # The press release is a feature above the core: it tells the
        # conference workflow its condition instead of being imported by it.
        workflow.require(Conference.Status.PUBLISHED, publication_refusal)
        # Cached documents follow every change of the rows they show.
        changestamp.connect()
