"""Everything that writes the minutes: entries, decisions, actions, the
review/approval workflow, corrections, comments, distribution and reminders."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from konferenz.core import workflow
from konferenz.core.classification import Audience, strictest
from konferenz.core.locking import bump, lock_unchanged
from konferenz.core.models import Conference
from konferenz.core.selectors import HELD_STATUSES
from konferenz.core.transitions import StatusTable
from tagesordnung.agenda.models import AgendaItem
from tagesordnung.agenda.services import AgendaError
from tagesordnung.minutes import mail as minutes_mail
from tagesordnung.minutes import tasks as minutes_tasks
from tagesordnung.minutes.models import (
    ActionItem,
    ActionProgress,
    Decision,
    Minutes,
    MinutesComment,
    MinutesEntry,
    MinutesSnapshot,
)
from tagesordnung.minutes.selectors import (
    distribution_candidates,
    minutes_of,
    snapshot_content,
)

Status = Minutes.Status


class MinutesError(AgendaError):
    """A minutes action that is not allowed; the message is for the user."""


#: The workflow: which status may follow which.
TABLE = StatusTable(
    Status,
    {
        Status.DRAFT: {Status.IN_REVIEW},
        Status.IN_REVIEW: {Status.APPROVED, Status.DRAFT},
        Status.APPROVED: {Status.DRAFT},  # only through minutes_correction_begin
    },
    message=gettext_lazy("Minutes cannot go from “%(from)s” to “%(to)s”."),
)


def _check_step(minutes, to_status):
    TABLE.check(minutes.status, to_status, MinutesError)


def _check_editable(minutes):
    if minutes.is_locked:
        raise MinutesError(
            _("The minutes are approved and locked. Begin a correction to change them.")
        )


def _at_least_parents(classification, entry):
    """A decision's or action's level, never below its entry and item (the
    forms refuse lower levels; this guards every other caller)."""
    return strictest(classification, entry.level)


def _locked_minutes(minutes):
    return Minutes.objects.select_for_update().get(pk=minutes.pk)


@transaction.atomic
def minutes_ensure(*, conference, user=None):
    """The conference's minutes with one entry per agenda item (created if missing)."""
    minutes, created = Minutes.objects.get_or_create(
        conference=conference,
        defaults={
            "minute_taker": user if user is not None and user.is_authenticated else None
        },
    )
    have = set(minutes.entries.values_list("agenda_item_id", flat=True))
    missing = [
        MinutesEntry(
            minutes=minutes,
            agenda_item=item,
            # An entry starts at its item's level (never below it).
            classification=item.classification,
        )
        for item in AgendaItem.objects.filter(conference=conference).order_by(
            "position", "pk"
        )
        if item.pk not in have
    ]
    for entry in missing:  # few rows; save() so that history is written
        entry.save()
    return minutes


@transaction.atomic
def minutes_update(*, minutes, kind, minute_taker):
    """Change kind and minute-taker."""
    locked = _locked_minutes(minutes)
    _check_editable(locked)
    locked.kind = kind
    locked.minute_taker = minute_taker
    locked.save(update_fields=["kind", "minute_taker", "updated_at"])
    return locked


@transaction.atomic
def entry_update(*, entry, version, text, classification):
    """Save an entry's text, unless someone else saved it in between."""
    locked = lock_unchanged(
        MinutesEntry,
        entry.pk,
        version,
        message=_(
            "Someone else saved this entry in the meantime. Your text was "
            "not saved; it is shown below next to the saved one. Please "
            "merge both and save again."
        ),
        check=lambda row: _check_editable(row.minutes),
    )
    locked.text = text
    # Never below the agenda item's own classification.
    locked.classification = strictest(classification, locked.agenda_item.classification)
    bump(locked)
    locked.save()
    return locked


@transaction.atomic
def decision_add(*, entry, text, classification):
    _check_editable(entry.minutes)
    text = text.strip()
    if not text:
        raise MinutesError(_("Please enter the decision."))
    return Decision.objects.create(
        entry=entry,
        text=text,
        classification=_at_least_parents(classification, entry),
    )


@transaction.atomic
def decision_delete(*, decision):
    _check_editable(decision.entry.minutes)
    decision.delete()


@transaction.atomic
def action_add(
    *, entry, description, responsible, due_date, contact=None, classification
):
    """Record an action (Maßnahme) under an agenda item."""
    _check_editable(entry.minutes)
    return ActionItem.objects.create(
        conference_id=entry.minutes.conference_id,
        entry=entry,
        description=description.strip(),
        responsible=responsible,
        contact=contact,
        due_date=due_date,
        classification=_at_least_parents(classification, entry),
    )


@transaction.atomic
def action_update(
    *, action, version, description, responsible, due_date, contact, classification
):
    """Change an action's wording, responsibility or due date (not when locked)."""
    locked = lock_unchanged(
        ActionItem,
        action.pk,
        version,
        message=_(
            "Someone else saved this action in the meantime. Your changes "
            "were not saved; please compare and save again."
        ),
        check=lambda row: _check_editable(row.entry.minutes),
    )
    locked.description = description.strip()
    locked.responsible = responsible
    locked.contact = contact
    locked.due_date = due_date
    locked.classification = _at_least_parents(classification, locked.entry)
    bump(locked)
    locked.save()
    return locked


@transaction.atomic
def action_delete(*, action):
    _check_editable(action.entry.minutes)
    action.delete()


@transaction.atomic
def action_progress(*, action, status, note, user=None, invitation=None):
    """Record progress and the new status of an action (staff or partner)."""
    locked = ActionItem.objects.select_for_update().get(pk=action.pk)
    note = (note or "").strip()
    if not note and status == locked.status:
        raise MinutesError(_("Please describe the progress or change the status."))
    ActionProgress.objects.create(
        action=locked,
        note=note or ActionItem.Status(status).label,
        status=status,
        by_user=user if user is not None and user.is_authenticated else None,
        by_invitation=invitation,
    )
    if status != locked.status:
        locked.status = status
        done = status == ActionItem.Status.DONE
        locked.completed_on = timezone.localdate() if done else None
        bump(locked)
        locked.save()
    return locked


def partner_action_progress(*, invitation, action_pk, status, note):
    """A partner reports on an action assigned to its own authority only."""
    action = (
        ActionItem.objects.for_tenant(invitation.conference.police_authority)
        .visible_to(Audience.PARTICIPANT)
        .filter(pk=action_pk, responsible_id=invitation.contact.authority_id)
        .first()
    )
    if action is None:
        raise MinutesError(_("This action is not assigned to your authority."))
    return action_progress(
        action=action, status=status, note=note, invitation=invitation
    )


# Workflow


def review_recipients(minutes):
    """Participants who were present (checked in) and have an email address."""
    return (
        minutes.conference.invitations.filter(attended=True)
        .exclude(contact__email="")
        .select_related("contact")
    )


#: Fewer days than this for the partners' comments must be confirmed: the
#: mails go out today, whenever the conference was held.
MIN_COMMENT_DAYS = 7


@transaction.atomic
def minutes_submit(*, minutes, comments_until, user, today=None, short_ok=False):
    """Entwurf → in Abstimmung: present participants get their version by mail
    (with their one partner link: also for a conference held long ago)."""
    today = today or timezone.localdate()
    locked = _locked_minutes(minutes)
    _check_step(locked, Status.IN_REVIEW)
    if locked.conference.status not in HELD_STATUSES:
        raise MinutesError(
            _("Minutes can be sent for comments only after the conference was held.")
        )
    if comments_until is None or comments_until < today:
        raise MinutesError(_("The end of the comment period must not be in the past."))
    days = (comments_until - today).days
    if days < MIN_COMMENT_DAYS and not short_ok:
        raise MinutesError(
            _(
                "The mails go out today, so the participants would have only "
                "%(days)d day(s) for comments (until %(date)s). Please choose a "
                "later end or confirm the short period."
            )
            % {"days": days, "date": f"{comments_until:%d.%m.%Y}"}
        )
    locked.status = Status.IN_REVIEW
    locked.comments_until = comments_until
    locked.save(update_fields=["status", "comments_until", "updated_at"])
    ids = list(review_recipients(locked).values_list("pk", flat=True))
    minutes_mail.enqueue(ids, minutes_mail.REVIEW)
    return locked


@transaction.atomic
def minutes_back_to_draft(*, minutes, user):
    """In Abstimmung → Entwurf (to work in the participants' comments)."""
    locked = _locked_minutes(minutes)
    if locked.status != Status.IN_REVIEW:
        _check_step(locked, Status.DRAFT)
    locked.status = Status.DRAFT
    locked.save(update_fields=["status", "updated_at"])
    return locked


def open_comments(minutes):
    """Participants' comments that nobody has decided on yet."""
    return MinutesComment.objects.filter(
        entry__minutes=minutes, state=MinutesComment.State.OPEN
    )


def uncommented_count(minutes):
    """How many of the participants asked for comments have not commented."""
    commented = MinutesComment.objects.filter(entry__minutes=minutes).values(
        "invitation_id"
    )
    return review_recipients(minutes).exclude(pk__in=commented).count()


def comment_period_running(minutes, today=None):
    today = today or timezone.localdate()
    return minutes.comments_until is not None and today <= minutes.comments_until


@transaction.atomic
def minutes_approve(
    *, minutes, user, acknowledge_open_comments=False, period_ok=False, today=None
):
    """In Abstimmung → genehmigt (head of authority); the version is kept.

    With comments still open the head must say that they read them; while
    the participants' comment period runs, that they approve before its end
    (``period_ok``, like ``short_ok`` of ``minutes_submit``) – unless nobody
    was asked for comments."""
    locked = _locked_minutes(minutes)
    _check_step(locked, Status.APPROVED)
    if not acknowledge_open_comments and open_comments(locked).exists():
        raise MinutesError(
            _(
                "Comments of participants are still open. Please read them and "
                "confirm that you approve the minutes nonetheless."
            )
        )
    total = (
        review_recipients(locked).count()
        if not period_ok and comment_period_running(locked, today)
        else 0
    )
    if total:  # nobody was asked: there is no period to wait for
        missing = uncommented_count(locked)
        raise MinutesError(
            ngettext(
                "The participants can comment until %(date)s; %(n)d of %(total)d "
                "participants present has not commented yet. Please confirm "
                "that you approve the minutes before the comment period ends.",
                "The participants can comment until %(date)s; %(n)d of %(total)d "
                "participants present have not commented yet. Please confirm "
                "that you approve the minutes before the comment period ends.",
                missing,
            )
            % {
                "date": f"{locked.comments_until:%d.%m.%Y}",
                "n": missing,
                "total": total,
            }
        )
    locked.status = Status.APPROVED
    locked.approved_by = user
    locked.approved_at = timezone.now()
    locked.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    snapshot, _created = MinutesSnapshot.objects.update_or_create(
        minutes=locked,
        revision=locked.revision,
        defaults={
            "content": snapshot_content(locked),
            "approved_by": user,
            "approved_at": locked.approved_at,
        },
    )
    transaction.on_commit(
        lambda: minutes_tasks.store_minutes_archive.enqueue(snapshot.pk)
    )
    conference = locked.conference
    if conference.status == Conference.Status.HELD:
        workflow.transition(
            conference,
            Conference.Status.MINUTES_APPROVED,
            by=user,
            cause=workflow.Cause.MINUTES_APPROVAL,
        )
    return locked


@transaction.atomic
def minutes_correction_begin(*, minutes, user):
    """Genehmigt → Entwurf as a new version; the approved one stays a snapshot."""
    locked = _locked_minutes(minutes)
    if locked.status != Status.APPROVED:
        raise MinutesError(_("Only approved minutes can be corrected."))
    locked.status = Status.DRAFT
    locked.revision += 1
    locked.approved_by = None
    locked.approved_at = None
    locked.comments_until = None
    locked.save()
    return locked


# Comments of participants


def comments_open(minutes, today=None):
    today = today or timezone.localdate()
    return (
        minutes.status == Status.IN_REVIEW
        and minutes.comments_until is not None
        and today <= minutes.comments_until
    )


@transaction.atomic
def comment_add(*, invitation, entry_pk, text, today=None):
    """A present participant comments on an entry during the comment period."""
    minutes = minutes_of(invitation.conference_id)
    if minutes is None or not comments_open(minutes, today):
        raise MinutesError(_("The comment period is over."))
    if not invitation.attended:
        raise MinutesError(_("Only participants who were present can comment."))
    entry = (
        MinutesEntry.objects.filter(minutes=minutes, pk=entry_pk)
        .visible_to(Audience.PARTICIPANT)
        .first()
    )
    if entry is None:
        raise MinutesError(_("This entry does not exist."))
    text = (text or "").strip()
    if not text:
        raise MinutesError(_("Please enter your comment."))
    return MinutesComment.objects.create(entry=entry, invitation=invitation, text=text)


@transaction.atomic
def comment_reply(*, comment, text, user, state=MinutesComment.State.OPEN):
    """Answer a comment and say what became of it (the partner sees both)."""
    text = (text or "").strip()
    if not text:
        raise MinutesError(_("Please enter your reply."))
    comment.reply = text
    comment.state = state
    comment.replied_by = user
    comment.replied_at = timezone.now()
    comment.save(update_fields=["reply", "state", "replied_by", "replied_at"])
    return comment


# Distribution and reminders


@transaction.atomic
def minutes_distribute(*, minutes, invitation_ids, user):
    """Save the distribution list and mail the approved participant version's
    link to it; whoever is no longer on the list loses access through the link."""
    locked = _locked_minutes(minutes)
    if locked.status != Status.APPROVED:
        raise MinutesError(_("Only approved minutes can be distributed."))
    ids = list(
        distribution_candidates(locked)
        .filter(pk__in=invitation_ids)
        .values_list("pk", flat=True)
    )
    if not ids:
        raise MinutesError(_("Please choose at least one recipient."))
    locked.distributed_at = timezone.now()
    locked.save(update_fields=["distributed_at", "updated_at"])
    locked.distribution.set(ids)
    minutes_mail.enqueue(ids, minutes_mail.APPROVED)
    return len(ids)


def actions_remind_overdue(*, police_authority=None, today=None):
    """Mail each overdue open action's contact (or its authority); once a day."""
    today = today or timezone.localdate()
    actions = (
        ActionItem.objects.overdue(today)
        .with_effective_classification()
        .select_related("contact", "responsible", "conference__police_authority")
    )
    if police_authority is not None:
        actions = actions.for_tenant(police_authority)
    start_of_day = timezone.make_aware(
        datetime.datetime.combine(today, datetime.time.min)
    )
    sent = 0
    for action in actions:
        if action.reminded_at and action.reminded_at >= start_of_day:
            continue
        # The mark and the outbox row in one transaction: once a day, and
        # never a mark without its mail.
        with transaction.atomic():
            if minutes_mail.queue_action_reminder(action):
                ActionItem.objects.filter(pk=action.pk).update(
                    reminded_at=timezone.now()
                )
                sent += 1
    return sent
