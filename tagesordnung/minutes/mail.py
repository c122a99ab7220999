"""Mails of the minutes: review and distribution (each with a fresh partner
link, issued inside the task like the invitation mails) and overdue reminders."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from django_tasks import task

from konferenz.core.classification import Audience, is_visible
from teilnehmer.invitations.services import invitation_issue_link

logger = logging.getLogger("siko")

REVIEW = "review"
APPROVED = "approved"


def enqueue(invitation_ids, kind):
    def run():
        for pk in invitation_ids:
            send_minutes_mail.enqueue(pk, kind)

    transaction.on_commit(run)


@task()
def send_minutes_mail(invitation_id: int, kind: str):
    """Issue a fresh link for one invitation and mail the minutes notice."""
    with translation.override("de"):
        reason = gettext("Minutes, %(kind)s") % {"kind": kind}
    invitation, token = invitation_issue_link(
        invitation_id=invitation_id, reason=reason
    )
    if invitation is None:
        return
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
    try:
        EmailMessage(
            subject=subject,
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[invitation.contact.email],
        ).send()
    except Exception as error:  # noqa: BLE001 - any delivery problem is logged
        logger.warning("Minutes mail %s not delivered: %s", invitation_id, error)


def send_action_reminder(action):
    """Remind the responsible contact (or authority) of an overdue action.

    ``action`` carries ``effective_classification`` (its own level and that
    of its entry and agenda item as they are now)."""
    recipient = (action.contact and action.contact.email) or action.responsible.email
    if not recipient:
        return False
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
    try:
        EmailMessage(
            subject=subject,
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[recipient],
        ).send()
    except Exception as error:  # noqa: BLE001 - any delivery problem is logged
        logger.warning("Reminder for action %s not delivered: %s", action.pk, error)
        return False
    return True
