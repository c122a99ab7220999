from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TagesordnungConfig(AppConfig):
    name = "tagesordnung"
    verbose_name = _("Agenda and minutes")

    def ready(self):
        # Imported here, not at the top: these modules use the models, which
        # Django loads only after the app configs (the usual ready() rule).
        from konferenz.core import outbox, prerender
        from tagesordnung.agenda import exports as agenda_exports
        from tagesordnung.minutes import exports as minutes_exports
        from tagesordnung.minutes import mail

        # The outbox (core) knows no feature: the minutes tell it how their
        # mails are rendered.
        outbox.register(mail.OUTBOX_MINUTES, render=mail.render_minutes_mail)
        outbox.register(mail.OUTBOX_ACTION_REMINDER, render=mail.render_action_reminder)
        # The worker renders their PDFs right after a change.
        prerender.register(agenda_exports.prerender)
        prerender.register(minutes_exports.prerender)
