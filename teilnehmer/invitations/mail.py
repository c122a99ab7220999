"""The invitations' mails: the invitation, reminder and deputy mail and the
change and cancellation notices (German, with the calendar entry), queued in
the outbox (konferenz/core/outbox.py) by teilnehmer/invitations/services.py,
rendered here at send time (which issues the invitation's link, so the
secret rests nowhere but in the mail) and their outcome recorded on the
invitation. The kinds are registered in teilnehmer/apps.py.
"""

from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import DatabaseError
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from konferenz.core import outbox
from konferenz.core.i18n import document_text, in_document_language
from konferenz.documents.ics import calendar_bytes, conference_event
from teilnehmer.invitations.models import Invitation
from teilnehmer.invitations.selectors import answer_deadline, organiser_contact
from teilnehmer.invitations.tokens import invitation_issue_link

#: The kinds of outbox mail (rendered and recorded by
#: teilnehmer/invitations/mail.py, registered in teilnehmer/apps.py).
OUTBOX_INVITATION = "invitations.invitation"


OUTBOX_NOTICE = "invitations.notice"


class MailKind:
    INVITATION = "invitation"
    REMINDER = "reminder"
    DEPUTY = "deputy"
    UPDATE = "update"
    CANCELLATION = "cancellation"


def enqueue(invitation_ids, kind, personal_text=""):
    """Queue the invitation mails in the outbox (in the current transaction)."""
    outbox.queue_many(
        OUTBOX_INVITATION,
        [
            {"invitation_id": pk, "kind": kind, "personal_text": personal_text}
            for pk in invitation_ids
        ],
    )


def _mail_context(invitation, token, kind, personal_text):
    conference = invitation.conference
    return {
        "invitation": invitation,
        "conference": conference,
        "contact": invitation.contact,
        "kind": kind,
        "personal_text": personal_text,
        "link": settings.SITE_URL + reverse("partner:open", kwargs={"token": token}),
        "deadline": answer_deadline(conference, invitation),
        "organiser": organiser_contact(invitation),
        "deputy_for": invitation.deputy_for,
    }


def invitation_subject(invitation, kind):
    conference = invitation.conference
    subject = _("Invitation: %(title)s on %(date)s") % {
        "title": conference.title,
        "date": conference.date.strftime("%d.%m.%Y"),
    }
    if kind == MailKind.REMINDER:
        subject = "[{}] {}".format(_("Reply requested"), subject)
    return subject


def build_mail(invitation, *, token, kind, personal_text=""):
    """The German invitation mail (plain text and HTML) with the .ics file."""
    with translation.override("de"):
        context = _mail_context(invitation, token, kind, personal_text)
        subject = invitation_subject(invitation, kind)
        text = render_to_string("teilnehmer/invitations/mail/invitation.txt", context)
        html = render_to_string("teilnehmer/invitations/mail/invitation.html", context)
    contact = invitation.contact
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[contact.email],
        reply_to=[organiser_contact(invitation)["email"]]
        if invitation.sent_by and invitation.sent_by.email
        else None,
    )
    message.attach_alternative(html, "text/html")
    _add_calendar(message, invitation, method="REQUEST", filename=_("invitation.ics"))
    return message


def invitation_preview(invitations, *, personal_text):
    """The mail the first of ``invitations`` would get (with a placeholder
    link): subject, recipient and text, or None without any."""
    if not invitations:
        return None
    message = build_mail(
        invitations[0],
        token="VORSCHAU",  # noqa: S106 - placeholder link in the preview
        kind=MailKind.INVITATION,
        personal_text=personal_text,
    )
    return {
        "subject": message.subject,
        "to": ", ".join(message.to),
        "body": message.body,
    }


@in_document_language
def _add_calendar(message, invitation, *, method, filename):
    """The calendar entry as Outlook expects it: an inline ``text/calendar``
    alternative with its METHOD (one charset, set by Django), and the same
    file as an attachment for other mail programs."""
    contact = invitation.contact
    organizer_email = parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or None
    ics = calendar_bytes(
        [
            conference_event(
                invitation.conference,
                attendee=(contact.full_name, contact.email),
                organizer_email=organizer_email,
            )
        ],
        method=method,
    ).decode()
    message.attach_alternative(ics, f"text/calendar; method={method}")
    message.attach(filename, ics, "text/calendar")


def build_notice_mail(invitation, *, kind):
    """The German change (``MailKind.UPDATE``) or cancellation mail
    (``MailKind.CANCELLATION``) with its calendar entry: REQUEST or CANCEL for
    the invitation's UID with the conference's new, higher SEQUENCE."""
    conference = invitation.conference
    with translation.override("de"):
        context = {
            "conference": conference,
            "contact": invitation.contact,
            "kind": kind,
            "organiser": organiser_contact(invitation),
        }
        if kind == MailKind.CANCELLATION:
            subject = _("Cancelled: %(title)s on %(date)s")
        else:
            subject = _("Changed: %(title)s on %(date)s")
        subject = subject % {
            "title": conference.title,
            "date": conference.date.strftime("%d.%m.%Y"),
        }
        text = render_to_string("teilnehmer/invitations/mail/notice.txt", context)
        html = render_to_string("teilnehmer/invitations/mail/notice.html", context)
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[invitation.contact.email],
        reply_to=[invitation.sent_by.email]
        if invitation.sent_by and invitation.sent_by.email
        else None,
    )
    message.attach_alternative(html, "text/html")
    if kind == MailKind.CANCELLATION:
        _add_calendar(
            message, invitation, method="CANCEL", filename=_("cancellation.ics")
        )
    else:
        _add_calendar(
            message, invitation, method="REQUEST", filename=_("invitation.ics")
        )
    return message


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
