"""The year's steps of one conference for its overview page ("Nächste
Schritte"): what is done, what is due, and where to do the next one.

Reads only; one query whatever the conference holds.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import formats
from django.utils.translation import gettext as _

from konferenz.core import links
from konferenz.core.models import Conference
from konferenz.press.models import PressRelease
from tagesordnung.agenda.models import AgendaItem
from tagesordnung.minutes.models import Minutes


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


def _facts(conference):
    """What the steps depend on, in one query: the invitations (all, sent,
    present), whether an agenda item exists, the status of the minutes and
    of the press release (each at most one: ``None`` when there is none)."""
    invitations = "invitations"
    return (
        Conference.objects.filter(pk=conference.pk)
        .order_by()
        .values("minutes__status", "press_release__status")
        .annotate(
            total=Count(invitations),
            sent=Count(invitations, filter=Q(invitations__sent_at__isnull=False)),
            present=Count(invitations, filter=Q(invitations__attended=True)),
            has_agenda=Exists(AgendaItem.objects.filter(conference=OuterRef("pk"))),
        )
        .get()
    )


def conference_checklist(conference, *, today: datetime.date):
    """Einladungen, Tagesordnung, Einlass, Protokoll, Presse – or ``[]`` for a
    cancelled conference."""
    if conference.is_cancelled:
        return []
    pk = conference.pk
    counts = _facts(conference)
    has_agenda = counts["has_agenda"]
    minutes_status = counts["minutes__status"]
    press_status = counts["press_release__status"]
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
            links.pattern("invitations:overview")(pk),
            _("Choose and write to the invitees"),
        ),
        ChecklistStep(
            "agenda",
            _("Agenda"),
            has_agenda,
            _("Items are planned.") if has_agenda else _("No item planned yet."),
            links.pattern("tagesordnung:agenda")(pk),
            _("Plan the items"),
        ),
        ChecklistStep(
            "checkin",
            _("Admission"),
            counts["present"] > 0,
            _("%(n)d present.") % {"n": counts["present"]}
            if held
            else _("On the day of the conference (%(date)s).")
            % {"date": _date(conference.date)},
            links.pattern("invitations:checkin")(pk),
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
            links.pattern("tagesordnung:minutes")(pk),
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
            links.pattern("konferenz:press-release")(pk),
            _("Write the text for the media"),
        ),
    ]
    for step in steps:
        # Einlass and the steps after it wait for the day itself.
        if not step.done and (held or step.key in ("invitations", "agenda")):
            step.is_next = True
            break
    return steps
