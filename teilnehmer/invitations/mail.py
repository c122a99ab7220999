"""The invitations' mails in the outbox (konferenz/core/outbox.py): how each
is rendered at send time and what its outcome records on the invitation.
Registered in teilnehmer/apps.py; queued by teilnehmer/invitations/services.py.
"""

from django.db import DatabaseError
from django.utils.translation import gettext_lazy

from konferenz.core.i18n import document_text
from teilnehmer.invitations.models import Invitation
from teilnehmer.invitations.services import (
    MailKind,
    build_mail,
    build_notice_mail,
    invitation_issue_link,
)


def render_invitation(*, invitation_id, kind, personal_text=""):
    """The invitation, reminder or deputy mail with the invitation's link
    (issued here, at send time); ``None`` when the invitation is gone or has
    no address."""
    invitation, token = invitation_issue_link(invitation_id=invitation_id, reason=kind)
    if invitation is None:
        return None
    return build_mail(invitation, token=token, kind=kind, personal_text=personal_text)


def invitation_result(outcome, *, invitation_id, kind, personal_text=""):
    """Record the outcome on the invitation: when it was sent or reminded, or
    the mail server's error (shown on the invitations page)."""
    invitation = Invitation.objects.filter(pk=invitation_id).first()
    if invitation is None:
        return
    if not outcome.sent:
        _record_failure(invitation, outcome)
        return
    invitation.send_error = ""
    fields = ["send_error"]
    if kind == MailKind.REMINDER:
        invitation.reminded_at = outcome.at
        fields.append("reminded_at")
    else:
        invitation.sent_at = outcome.at
        fields.append("sent_at")
    invitation._change_reason = document_text(
        gettext_lazy("Mail sent (%(kind)s)"), kind=kind
    )
    try:
        invitation.save(update_fields=fields)
    except DatabaseError:
        # Deleted while the mail went out (a partner named another deputy at
        # the same moment): nothing is left to record.
        if Invitation.objects.filter(pk=invitation.pk).exists():
            raise


def render_notice(*, invitation_id, kind):
    """A change or cancellation notice; the partner link stays as it is."""
    invitation = (
        Invitation.objects.select_related(
            "conference__police_authority", "contact__authority", "sent_by"
        )
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or not invitation.contact.email:
        return None
    return build_notice_mail(invitation, kind=kind)


def notice_result(outcome, *, invitation_id, kind):
    """A notice that could not be delivered shows on the invitations page."""
    if outcome.sent:
        return
    invitation = Invitation.objects.filter(pk=invitation_id).first()
    if invitation is not None:
        _record_failure(invitation, outcome)


def _record_failure(invitation, outcome):
    invitation.send_error = outcome.answer[:1000] or "?"
    invitation._change_reason = document_text(gettext_lazy("Delivery failed"))
    invitation.save(update_fields=["send_error"])
