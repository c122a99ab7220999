"""The conference's status workflow: the only place that changes its status.

Entwurf → eingeladen → durchgeführt → Protokoll genehmigt → veröffentlicht,
and abgesagt (with a reason) from the first two. Every step is recorded in
``ConferenceTransition`` (who, when, why, caused by what).

The status tells the truth, so each step has a precondition
(docs/architecture.md, status workflows):

- eingeladen: set by sending the first invitations; by hand only with a
  reason (e.g. invited by letter);
- durchgeführt: only on or after the conference day;
- Protokoll genehmigt: only through the head's approval of the minutes;
- veröffentlicht: only with an approved press release, or explicitly
  "ohne Pressemitteilung" with a reason.

The last manual step can be undone with a reason; the undo is a step of its own.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from konferenz.core import locking
from konferenz.core.models import Conference, ConferenceTransition
from konferenz.core.transitions import StatusTable

Status = Conference.Status
Cause = ConferenceTransition.Cause

#: The workflow: which status may follow which.
TABLE = StatusTable(
    Status,
    {
        Status.DRAFT: {Status.INVITED, Status.CANCELLED},
        Status.INVITED: {Status.HELD, Status.CANCELLED},
        Status.HELD: {Status.MINUTES_APPROVED},
        Status.MINUTES_APPROVED: {Status.PUBLISHED},
        Status.PUBLISHED: set(),
        Status.CANCELLED: set(),
    },
    message=gettext_lazy("A conference cannot go from “%(from)s” to “%(to)s”."),
)

#: What each manual step means, shown before the organiser confirms it.
CONSEQUENCES = {
    Status.INVITED: gettext_lazy(
        "SiKo sends no invitation for this step. Use it only if you invited "
        "in another way (e.g. by letter) and give the reason."
    ),
    Status.HELD: gettext_lazy(
        "The conference counts as held in the yearly duty and in the state "
        "overview of the ministry."
    ),
    Status.PUBLISHED: gettext_lazy(
        "The conference counts as completed; the year's work is done."
    ),
    Status.CANCELLED: gettext_lazy(
        "The conference counts as cancelled and no longer as planned; the "
        "invitees can be told so by mail with a calendar cancellation."
    ),
}

#: Button labels of the manual steps.
LABELS = {
    Status.INVITED: gettext_lazy("Mark as invited (without sending)"),
    Status.HELD: gettext_lazy("Mark as held"),
    Status.PUBLISHED: gettext_lazy("Mark as published"),
}

#: Steps that a person may take by hand (the others follow from events).
MANUAL = (Status.INVITED, Status.HELD, Status.PUBLISHED)


class TransitionError(Exception):
    """A status change that the workflow does not allow; message for the user."""


def allowed_targets(conference):
    return TABLE.targets(conference.status)


def _date(value):
    return formats.date_format(value, "d.m.Y")


#: Conditions that features above the core set on entering a status, as
#: ``{status: [check(conference) -> refusal message or None]}``. The press
#: release registers "published only with an approved press release" here
#: (konferenz/apps.py), so the core never imports a feature
#: (docs/architecture.md, "Layers").
_conditions = {}


def require(status, check):
    """Register ``check`` as a condition for entering ``status``."""
    _conditions.setdefault(Status(status), []).append(check)


def _condition_refusal(conference, to_status):
    for check in _conditions.get(to_status, ()):
        message = check(conference)
        if message:
            return message
    return None


def refusal(
    conference,
    to_status,
    *,
    cause=Cause.MANUAL,
    note="",
    without_press_release=False,
    today=None,
):
    """Why ``conference`` cannot go to ``to_status`` now, or ``None``."""
    to_status = Status(to_status)
    current = Status(conference.status)
    step_refused = TABLE.refusal(current, to_status)
    if step_refused:
        return step_refused
    note = (note or "").strip()
    today = today or timezone.localdate()
    if to_status == Status.CANCELLED and not note:
        return _("Please give a reason for the cancellation.")
    if to_status == Status.INVITED and cause == Cause.MANUAL and not note:
        return _(
            "A conference is marked as invited when the first invitations are "
            "sent. To mark it by hand (e.g. invited by letter), please give a "
            "reason."
        )
    if to_status == Status.HELD and conference.date > today:
        return _(
            "The conference takes place on %(date)s; it can be marked as held "
            "from that day on."
        ) % {"date": _date(conference.date)}
    if to_status == Status.MINUTES_APPROVED and cause != Cause.MINUTES_APPROVAL:
        return _(
            "The minutes count as approved only when the head of authority "
            "approves them on the minutes page."
        )
    if to_status == Status.PUBLISHED:
        if without_press_release:
            if not note:
                return _(
                    "Please give the reason why there is no press release for "
                    "this conference."
                )
        else:
            return _condition_refusal(conference, to_status)
    return None


@transaction.atomic
def transition(
    conference,
    to_status,
    *,
    by,
    note="",
    cause=Cause.MANUAL,
    without_press_release=False,
    today: datetime.date | None = None,
):
    """Move ``conference`` to ``to_status`` or raise ``TransitionError``.

    The row is locked and re-read, so two people clicking at once cannot both
    move it; a refused step changes nothing.
    """
    to_status = Status(to_status)
    locked = Conference.objects.select_for_update().get(pk=conference.pk)
    current = Status(locked.status)
    note = (note or "").strip()
    problem = refusal(
        locked,
        to_status,
        cause=cause,
        note=note,
        without_press_release=without_press_release,
        today=today,
    )
    if problem:
        raise TransitionError(problem)
    if to_status == Status.PUBLISHED and without_press_release:
        note = _("Without press release: %(reason)s") % {"reason": note}
    locking.bump(locked)
    fields = {"status": to_status, "version": locked.version}
    if to_status == Status.CANCELLED:
        fields["cancel_reason"] = note
    return _move(conference, locked, current, fields, by=by, note=note, cause=cause)


def _move(conference, locked, current, fields, *, by, note, cause, is_undo=False):
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save(update_fields=[*fields, "updated_at"])
    ConferenceTransition.objects.create(
        conference=locked,
        from_status=current,
        to_status=fields["status"],
        by=by if by is not None and by.is_authenticated else None,
        note=note,
        cause=cause,
        is_undo=is_undo,
    )
    for name, value in fields.items():
        setattr(conference, name, value)
    return conference


def mark_invited_by_sending(conference, *, by):
    """The first invitations were sent: a draft becomes "eingeladen"."""
    if conference.status == Status.DRAFT:
        transition(conference, Status.INVITED, by=by, cause=Cause.SENDING)


# --- undo ---------------------------------------------------------------------


def undoable_step(conference, transitions=None):
    """The last step if it may be undone (a manual step, not itself an undo)."""
    if transitions is None:
        last = conference.transitions.order_by("-at", "-pk").first()
    else:
        last = transitions[-1] if transitions else None
    if last is None or last.is_undo or last.cause != Cause.MANUAL:
        return None
    return last


@transaction.atomic
def undo_last(conference, *, by, reason):
    """Take back the last manual step; the reason goes into the history."""
    locked = Conference.objects.select_for_update().get(pk=conference.pk)
    step = undoable_step(locked)
    if step is None or step.to_status != locked.status:
        raise TransitionError(_("There is no step that can be undone."))
    reason = (reason or "").strip()
    if not reason:
        raise TransitionError(_("Please give a reason for the undo."))
    locking.bump(locked)
    fields = {"status": Status(step.from_status), "version": locked.version}
    if step.to_status == Status.CANCELLED:
        fields["cancel_reason"] = ""
    note = _("Undone: %(reason)s") % {"reason": reason}
    return _move(
        conference,
        locked,
        Status(locked.status),
        fields,
        by=by,
        note=note,
        cause=Cause.MANUAL,
        is_undo=True,
    )


# --- what the conference page offers --------------------------------------------


@dataclass
class Step:
    status: Status
    label: str
    consequence: str
    refusal: str | None
    needs_reason: bool
    offers_without_press_release: bool = False


def manual_steps(conference, *, today=None):
    """The manual next steps with their consequences and why one is refused."""
    steps = []
    for status in allowed_targets(conference):
        if status not in MANUAL:
            continue
        # Asked without a reason: a missing reason alone is not a refusal here.
        problem = refusal(
            conference,
            status,
            note="-",
            without_press_release=status == Status.PUBLISHED,
            today=today,
        )
        steps.append(
            Step(
                status=status,
                label=LABELS[status],
                consequence=CONSEQUENCES[status],
                refusal=problem,
                needs_reason=status == Status.INVITED,
                offers_without_press_release=status == Status.PUBLISHED
                and _condition_refusal(conference, status) is not None,
            )
        )
    return steps


def manual_step(conference, status):
    """The manual step to ``status`` the conference page offers, or ``None``."""
    return next((s for s in manual_steps(conference) if s.status == status), None)
