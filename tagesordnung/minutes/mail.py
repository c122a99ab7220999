"""Mails of the minutes: review and distribution (each with the invitation's
partner link, issued at send time like the invitation mails) and overdue
reminders. They go through the outbox (konferenz/core/outbox.py): queued in
the transaction of the change, rendered here by the worker; the kinds are
registered in tagesordnung/apps.py."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from konferenz.core import outbox
from konferenz.core.classification import Audience, is_visible
from tagesordnung.minutes.models import ActionItem
from teilnehmer.invitations.tokens import invitation_issue_link

REVIEW = "review"
APPROVED = "approved"

#: The kinds of outbox mail of the minutes.
OUTBOX_MINUTES = "minutes.minutes"
OUTBOX_ACTION_REMINDER = "minutes.action_reminder"


def enqueue(invitation_ids, kind):
    """Queue the minutes mail for each invitation (in the current transaction)."""
    outbox.queue_many(
        OUTBOX_MINUTES, [{"invitation_id": pk, "kind": kind} for pk in invitation_ids]
    )


def render_minutes_mail(*, invitation_id, kind):
    """The minutes notice for one invitation, with its partner link."""
    with translation.override("de"):
        reason = gettext("Minutes, %(kind)s") % {"kind": kind}
    invitation, token = invitation_issue_link(
        invitation_id=invitation_id, reason=reason
    )
    if invitation is None:
        return None
    conference = invitation.conference
    context = {
        "kind": kind,
        "contact": invitation.contact,
        "conference": conference,
        "minutes": conference.minutes,
        "link": settings.SITE_URL + reverse("partner:open", kwargs={"token": token}),
    }
    with translation.override("de"):
        body = render_to_string("tagesordnung/mail/minutes.txt", context)
        if kind == REVIEW:
            subject = gettext("Draft minutes for review: %(title)s")
        else:
            subject = gettext("Minutes: %(title)s")
        subject = subject % {"title": conference.title}
    return EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[invitation.contact.email],
    )


def reminder_recipient(action):
    return (action.contact and action.contact.email) or action.responsible.email


def queue_action_reminder(action):
    """Queue the reminder of an overdue action (in the current transaction);
    ``False`` when nobody has an address."""
    if not reminder_recipient(action):
        return False
    outbox.queue(OUTBOX_ACTION_REMINDER, {"action_id": action.pk})
    return True


def render_action_reminder(*, action_id):
    """Remind the responsible contact (or authority) of an overdue action,
    with the action's classification as it is at send time (its own level
    and that of its entry and agenda item)."""
    action = (
        ActionItem.objects.with_effective_classification()
        .select_related("contact", "responsible", "conference__police_authority")
        .filter(pk=action_id)
        .first()
    )
    if action is None or not reminder_recipient(action):
        return None
    context = {
        "action": action,
        "contact": action.contact,
        "conference": action.conference,
        # A VS-NfD action's wording (or one under a VS-NfD item) never
        # leaves the house by mail.
        "show_text": is_visible(action.effective_classification, Audience.PARTICIPANT),
    }
    with translation.override("de"):
        body = render_to_string("tagesordnung/mail/action_reminder.txt", context)
        subject = gettext("Reminder: action from “%(title)s” is due") % {
            "title": action.conference.title
        }
    return EmailMessage(
        subject=subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[reminder_recipient(action)],
    )
