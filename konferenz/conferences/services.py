"""Everything that writes conferences: create, edit, copy, calendar feeds.

Status changes go through ``konferenz.core.workflow`` only.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from konferenz.core import workflow
from konferenz.core.locking import bump, lock_unchanged
from konferenz.core.models import CalendarFeed, Conference
from tagesordnung.agenda.services import agenda_copy
from teilnehmer.addressbook.models import Contact
from teilnehmer.invitations import services as invitations
from teilnehmer.invitations import tokens
from teilnehmer.invitations.mail import MailKind
from teilnehmer.invitations.selectors import notice_recipients
from teilnehmer.invitations.services import invitations_create

#: Fields of a conference that its form edits.
CONFERENCE_FIELDS = (
    "title",
    "kind",
    "date",
    "start_time",
    "end_time",
    "venue_name",
    "venue_address",
    "venue_room",
    "mode",
    "video_link",
    "host_name",
    "host_function",
    "host_represents",
    "rsvp_deadline",
    "proposal_deadline",
    "file_reference",
    "notes",
    "directions",
)


def _save(conference, *, user):
    conference._history_user = user
    conference.full_clean()
    conference.save()
    return conference


@transaction.atomic
def conference_create(
    *, police_authority, user, already_held=False, **fields
) -> Conference:
    """Plan a new conference (a draft), or record one that already took place."""
    conference = Conference(
        police_authority=police_authority, recorded_afterwards=already_held, **fields
    )
    _save(conference, user=user)
    if already_held:
        note = _("Recorded afterwards.")
        for status in (Conference.Status.INVITED, Conference.Status.HELD):
            workflow.transition(
                conference, status, by=user, note=note, cause=workflow.Cause.RECORDED
            )
    return conference


#: Changes that invitees must learn of (their calendar entry changes).
NOTICE_FIELDS = (
    "date",
    "start_time",
    "end_time",
    "venue_name",
    "venue_address",
    "venue_room",
    "mode",
    "video_link",
)


@transaction.atomic
def conference_cancel(*, conference, user, reason, notify=()) -> int:
    """Cancel the conference and mail the chosen invitees a cancellation with
    an iCalendar CANCEL (same UID, higher SEQUENCE); returns how many."""
    workflow.transition(conference, Conference.Status.CANCELLED, by=user, note=reason)
    return invitations.notices_send(
        conference=conference,
        invitation_ids=[i.pk for i in notify],
        kind=MailKind.CANCELLATION,
    )


@transaction.atomic
def conference_update(
    *, conference, version, user, notify_invitees=False, **fields
) -> int:
    """Save an edit, unless someone saved the conference in between.

    When date, time or place changed and ``notify_invitees`` is set, everyone
    invited who has not declined gets an update (iCalendar REQUEST with a
    higher SEQUENCE); returns how many were notified."""
    locked = lock_unchanged(
        Conference,
        conference.pk,
        version,
        message=_(
            "Someone else changed this conference in the meantime. Your input "
            "was not saved; please check the current values and save again."
        ),
    )
    changed = any(
        name in fields and fields[name] != getattr(locked, name)
        for name in NOTICE_FIELDS
    )
    for name, value in fields.items():
        setattr(locked, name, value)
    bump(locked)
    _save(locked, user=user)
    if not (changed and notify_invitees) or locked.is_cancelled:
        return 0
    return invitations.notices_send(
        conference=locked,
        invitation_ids=notice_recipients(locked).values_list("pk", flat=True),
        kind=MailKind.UPDATE,
    )


def copy_initial(source, *, today: datetime.date) -> dict:
    """Form values for a new conference based on ``source``: one year later."""
    date = _one_year_later(source.date)
    while date < today:
        date = _one_year_later(date)
    initial = {name: getattr(source, name) for name in CONFERENCE_FIELDS}
    initial.update(
        date=date,
        rsvp_deadline=_shift(source.rsvp_deadline, source.date, date),
        proposal_deadline=_shift(source.proposal_deadline, source.date, date),
        notes="",
        # A new file: its Geschäftszeichen comes from the pattern when saved.
        file_reference="",
    )
    return initial


def _one_year_later(date):
    try:
        return date.replace(year=date.year + 1)
    except ValueError:  # 29 February
        return date.replace(year=date.year + 1, day=28)


def _shift(deadline, old_date, new_date):
    # A deadline keeps its distance to the conference day.
    if deadline is None:
        return None
    return new_date - (old_date - deadline)


@transaction.atomic
def conference_copy(*, source, user, **fields) -> Conference:
    """A new draft from an earlier conference: same invitees (answers reset)
    and the same agenda items."""

    conference = Conference(
        police_authority=source.police_authority, copied_from=source, **fields
    )
    _save(conference, user=user)
    contacts = (
        Contact.objects.for_tenant(source.police_authority)
        .active()
        .filter(
            invitations__conference=source,
            invitations__walk_in=False,
            invitations__deputy_for__isnull=True,
        )
        .distinct()
    )
    invitations_create(conference=conference, contacts=list(contacts), user=user)
    agenda_copy(source=source, target=conference)
    return conference


# --- calendar feed ----------------------------------------------------------


def calendar_feed_issue(*, user) -> str:
    """A new secret feed address for ``user``; the old one stops working.

    Only the token's hash is stored: the address is shown once.
    """
    token = tokens.new_token()
    CalendarFeed.objects.update_or_create(
        user=user,
        defaults={"token_hash": tokens.token_hash(token), "created_at": timezone.now()},
    )
    return token


def calendar_feed_revoke(*, user) -> None:
    """The user's feed address stops working at once."""
    CalendarFeed.objects.filter(user=user).delete()


def calendar_feed_find(token):
    """The live feed for ``token`` or ``None`` (malformed, unknown, revoked)."""
    if not tokens.is_well_formed(token):
        return None
    return (
        CalendarFeed.objects.select_related("user__membership__police_authority")
        .filter(token_hash=tokens.token_hash(token), user__is_active=True)
        .first()
    )
