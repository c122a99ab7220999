"""The year's steps of one conference for its overview page ("Nächste
Schritte"): what is done, what is due, and where to do the next one.

Reads only; a fixed number of queries whatever the conference holds.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from konferenz.core.models import Conference
from konferenz.press.models import PressRelease
from tagesordnung.agenda.models import AgendaItem
from tagesordnung.minutes.models import Minutes
from teilnehmer.invitations.models import Invitation


@dataclass
class ChecklistStep:
    key: str
    label: str
    done: bool
    hint: str
    url: str
    action: str
    is_next: bool = False


def _date(value):
    return formats.date_format(value, "d.m.Y")


def conference_checklist(conference, *, today: datetime.date):
    """Einladungen, Tagesordnung, Einlass, Protokoll, Presse – or ``[]`` for a
    cancelled conference."""
    if conference.is_cancelled:
        return []
    pk = conference.pk
    counts = Invitation.objects.filter(conference=conference).aggregate(
        total=Count("pk"),
        sent=Count("pk", filter=Q(sent_at__isnull=False)),
        present=Count("pk", filter=Q(attended=True)),
    )
    has_agenda = AgendaItem.objects.filter(conference=conference).exists()
    minutes_status = (
        Minutes.objects.filter(conference=conference)
        .values_list("status", flat=True)
        .first()
    )
    press_status = (
        PressRelease.objects.filter(conference=conference)
        .values_list("status", flat=True)
        .first()
    )
    held = conference.date <= today
    past_draft = conference.status != Conference.Status.DRAFT
    if conference.recorded_afterwards:
        invited_done = counts["total"] > 0
        invite_hint = _("Recorded afterwards: record the invitees directly.")
    else:
        invited_done = counts["sent"] > 0 or past_draft
        invite_hint = (
            _("%(n)d of %(total)d sent.")
            % {"n": counts["sent"], "total": counts["total"]}
            if counts["total"]
            else _("Choose the invitees from the address book, then send.")
        )
    if conference.rsvp_deadline and not invited_done:
        invite_hint += " " + _("Answers are due by %(date)s.") % {
            "date": _date(conference.rsvp_deadline)
        }
    steps = [
        ChecklistStep(
            "invitations",
            _("Invitations"),
            invited_done,
            invite_hint,
            reverse("invitations:overview", args=[pk]),
            _("Choose and write to the invitees"),
        ),
        ChecklistStep(
            "agenda",
            _("Agenda"),
            has_agenda,
            _("Items are planned.") if has_agenda else _("No item planned yet."),
            reverse("tagesordnung:agenda", args=[pk]),
            _("Plan the items"),
        ),
        ChecklistStep(
            "checkin",
            _("Check-in"),
            counts["present"] > 0,
            _("%(n)d present.") % {"n": counts["present"]}
            if held
            else _("On the day of the conference (%(date)s).")
            % {"date": _date(conference.date)},
            reverse("invitations:checkin", args=[pk]),
            _("Record who is present"),
        ),
        ChecklistStep(
            "minutes",
            _("Minutes"),
            minutes_status == Minutes.Status.APPROVED,
            {
                None: _("Not begun yet."),
                Minutes.Status.DRAFT: _("Being written."),
                Minutes.Status.IN_REVIEW: _(
                    "With the participants for comments, then approval by the "
                    "head of authority."
                ),
                Minutes.Status.APPROVED: _("Approved."),
            }[minutes_status],
            reverse("tagesordnung:minutes", args=[pk]),
            _("Record the results"),
        ),
        ChecklistStep(
            "press",
            _("Press"),
            press_status
            in (PressRelease.Status.APPROVED, PressRelease.Status.PUBLISHED)
            or conference.status == Conference.Status.PUBLISHED,
            _("Press release approved.")
            if press_status
            in (PressRelease.Status.APPROVED, PressRelease.Status.PUBLISHED)
            else _("After the conference: draft and approve the press release."),
            reverse("konferenz:press-release", args=[pk]),
            _("Write the text for the media"),
        ),
    ]
    for step in steps:
        # Check-in and the steps after it wait for the day itself.
        if not step.done and (held or step.key in ("invitations", "agenda")):
            step.is_next = True
            break
    return steps
