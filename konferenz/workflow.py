"""The conference's status workflow: the only place that changes its status.

Entwurf → eingeladen → durchgeführt → Protokoll genehmigt → veröffentlicht,
and abgesagt (with a reason) from the first two. Every step is recorded in
``ConferenceTransition`` (who, when, note).
"""

from django.db import transaction
from django.utils.translation import gettext as _

from konferenz.models import Conference, ConferenceTransition

Status = Conference.Status

ALLOWED = {
    Status.DRAFT: {Status.INVITED, Status.CANCELLED},
    Status.INVITED: {Status.HELD, Status.CANCELLED},
    Status.HELD: {Status.MINUTES_APPROVED},
    Status.MINUTES_APPROVED: {Status.PUBLISHED},
    Status.PUBLISHED: set(),
    Status.CANCELLED: set(),
}


class TransitionError(Exception):
    """A status change that the workflow does not allow; message for the user."""


def allowed_targets(conference):
    return sorted(ALLOWED[Status(conference.status)], key=list(Status).index)


@transaction.atomic
def transition(conference, to_status, *, by, note=""):
    """Move ``conference`` to ``to_status`` or raise ``TransitionError``.

    The row is locked and re-read, so two people clicking at once cannot both
    move it; a refused step changes nothing.
    """
    to_status = Status(to_status)
    locked = Conference.objects.select_for_update().get(pk=conference.pk)
    current = Status(locked.status)
    if to_status not in ALLOWED[current]:
        raise TransitionError(
            _("A conference cannot go from “%(from)s” to “%(to)s”.")
            % {"from": current.label, "to": to_status.label}
        )
    note = (note or "").strip()
    if to_status == Status.CANCELLED and not note:
        raise TransitionError(_("Please give a reason for the cancellation."))
    fields = {"status": to_status, "version": locked.version + 1}
    if to_status == Status.CANCELLED:
        fields["cancel_reason"] = note
    for name, value in fields.items():
        setattr(locked, name, value)
    locked.save(update_fields=[*fields, "updated_at"])
    ConferenceTransition.objects.create(
        conference=locked,
        from_status=current,
        to_status=to_status,
        by=by if by is not None and by.is_authenticated else None,
        note=note,
    )
    for name, value in fields.items():
        setattr(conference, name, value)
    return conference
