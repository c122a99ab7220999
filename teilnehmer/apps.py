from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TeilnehmerConfig(AppConfig):
    name = "teilnehmer"
    verbose_name = _("Participants")

    def ready(self):
        # Imported here, not at the top: these modules use the models, which
        # Django loads only after the app configs (the usual ready() rule).
        from konferenz.core import outbox
        from teilnehmer.addressbook import contactcheck
        from teilnehmer.addressbook import mail as addressbook_mail
        from teilnehmer.invitations import mail

        # The outbox (core) knows no feature: the invitations tell it how
        # their mails are rendered and what the outcome records.
        outbox.register(
            mail.OUTBOX_INVITATION,
            render=mail.render_invitation,
            result=mail.invitation_result,
        )
        outbox.register(
            mail.OUTBOX_NOTICE,
            render=mail.render_notice,
            result=mail.notice_result,
        )
        outbox.register(
            contactcheck.OUTBOX_CONTACT_CHECK,
            render=addressbook_mail.render_contact_check,
        )
