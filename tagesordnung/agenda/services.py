"""Everything that writes the topic catalogue, the agenda and its attachments."""

import errno
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from konferenz.core.classification import Classification, strictest
from konferenz.core.i18n import in_document_language
from konferenz.core.locking import bump, lock_unchanged
from konferenz.core.models import Conference
from tagesordnung.agenda import filetypes
from tagesordnung.agenda.models import (
    ITEM_FIELDS,
    AgendaItem,
    Attachment,
    Proposal,
    StrategyGoal,
    Topic,
)

CARRY_OVER_TITLE = gettext_lazy("Report on open actions")
#: The name of the shared topic row (created by a migration): data, not wording.
CARRY_OVER_TOPIC = "Bericht zu offenen Maßnahmen (Wiedervorlage)"


logger = logging.getLogger("siko.agenda")


class AgendaError(Exception):
    """An agenda action that is not allowed; the message is for the user."""


class StorageFull(AgendaError):
    """The file store has no room (or quota) left: nothing was stored."""


#: The errors of a store that has no room left.
NO_ROOM = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


# Topic catalogue and Sicherheitsprogramm


def topic_create(*, police_authority, name):
    """Add an own topic to the authority's catalogue."""
    last = Topic.objects.for_tenant(police_authority).aggregate(m=Max("position"))["m"]
    return Topic.objects.create(
        police_authority=police_authority, name=name, position=(last or 0) + 10
    )


def topic_update(*, topic, name):
    if topic.is_standard:
        raise AgendaError(_("Standard topics cannot be renamed."))
    topic.name = name
    topic.save(update_fields=["name"])
    return topic


def topic_set_active(*, topic, police_authority, active):
    """Switch a topic off (or on again) for this authority."""
    if topic.is_standard:
        if active:
            topic.deactivated_by.remove(police_authority)
        else:
            topic.deactivated_by.add(police_authority)
    else:
        topic.active = active
        topic.save(update_fields=["active"])
    return topic


@transaction.atomic
def goal_save(*, police_authority, goal=None, name, description, topics, active=True):
    """Create or update a goal of the Sicherheitsprogramm with its topics."""
    if goal is None:
        goal = StrategyGoal(police_authority=police_authority)
    goal.name = name
    goal.description = description
    goal.active = active
    goal.save()
    goal.topics.set(topics)
    return goal


# Agenda items


def _next_position(conference):
    last = AgendaItem.objects.filter(conference=conference).aggregate(
        m=Max("position")
    )["m"]
    return (last or 0) + 1


@transaction.atomic
def item_create(*, conference, **fields):
    """Append an item at the end of the agenda."""
    return AgendaItem.objects.create(
        conference=conference, position=_next_position(conference), **fields
    )


@transaction.atomic
def item_update(*, item, version, **fields):
    """Save an edit, unless someone else saved the item in between."""
    locked = lock_unchanged(
        AgendaItem,
        item.pk,
        version,
        message=_(
            "Someone else saved this agenda item in the meantime. Your "
            "changes were not saved; please compare and save again."
        ),
    )
    for name, value in fields.items():
        setattr(locked, name, value)
    bump(locked)
    locked.save()
    return locked


@transaction.atomic
def item_delete(*, item):
    """Remove an item with its attachments' files; close the gap in numbering."""
    conference = item.conference
    for attachment in item.attachments.all():
        attachment.file.delete(save=False)
    item.delete()
    _permute(conference, [])


def _permute(conference, new_order):
    """Give the items in ``new_order`` (primary keys) their new order.

    Only the places those items held are reused, so items the user cannot see
    (VS-NfD for staff without the right) keep their place in the agenda.
    """
    items = list(
        AgendaItem.objects.select_for_update()
        .filter(conference=conference)
        .order_by("position", "pk")
    )
    by_pk = {item.pk: item for item in items}
    moving = [by_pk[pk] for pk in dict.fromkeys(new_order) if pk in by_pk]
    slots = [i for i, item in enumerate(items) if item in moving]
    for slot, item in zip(slots, moving, strict=True):
        items[slot] = item
    for position, item in enumerate(items, start=1):
        item.position = position
    AgendaItem.objects.bulk_update(items, ["position"])
    return items


@transaction.atomic
def item_move(*, item, offset, audience):
    """Move an item up (-1) or down (+1) past the next item ``audience`` sees."""
    visible = list(
        AgendaItem.objects.filter(conference_id=item.conference_id)
        .visible_to(audience)
        .order_by("position", "pk")
        .values_list("pk", flat=True)
    )
    index = visible.index(item.pk)
    target = index + offset
    if 0 <= target < len(visible):
        visible[index], visible[target] = visible[target], visible[index]
    _permute(item.conference_id, visible)


@transaction.atomic
def agenda_reorder(*, conference, order):
    """Put the items in the order of the primary keys in ``order`` (drag and drop).

    Unknown keys are ignored; items not in ``order`` keep their places.
    """
    return _permute(conference, order)


@transaction.atomic
@in_document_language
def carry_over_item_ensure(*, conference):
    """Create the generated item “Bericht zu offenen Maßnahmen” (once).

    The open actions of earlier conferences are not copied into it: they are
    read when the agenda is shown (``selectors.open_actions_before``), with
    their own classification, so lowering the item never reveals them.
    """
    item = AgendaItem.objects.filter(
        conference=conference, kind=AgendaItem.Kind.CARRY_OVER
    ).first()
    if item is not None:
        return item
    topic = Topic.objects.filter(
        police_authority__isnull=True, name=CARRY_OVER_TOPIC
    ).first()
    return AgendaItem.objects.create(
        conference=conference,
        kind=AgendaItem.Kind.CARRY_OVER,
        position=_next_position(conference),
        title=str(CARRY_OVER_TITLE),
        topic=topic,
        duration_minutes=15,
        classification=Classification.INTERNAL,
    )


# Attachments


def attachment_max_bytes():
    return settings.SIKO_ATTACHMENT_MAX_MB * 1024 * 1024


def clean_file_name(name):
    """The name a person sees for an upload: no folders, no control characters.

    Django's upload parser does this for browser uploads already; files that
    reach the services another way get the same treatment. The file system
    never sees this name (``attachment_path`` picks a random one).
    """
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(char for char in name if char.isprintable()).strip()
    return name[-200:] or "datei"


def check_upload(upload):
    """The file's ``FileKind``; ``AgendaError`` if it is too large or not allowed."""
    if upload.size > attachment_max_bytes():
        raise AgendaError(
            _("The file is larger than %(mb)s MB.")
            % {"mb": settings.SIKO_ATTACHMENT_MAX_MB}
        )
    kind = filetypes.detect(upload)
    if kind is None:
        raise AgendaError(
            _(
                "This file type is not allowed. Allowed are PDF, Word (DOCX), "
                "Excel (XLSX), PowerPoint (PPTX) and images (PNG, JPEG, GIF, WebP)."
            )
        )
    name = clean_file_name(upload.name).lower()
    if not name.endswith(kind.extensions):
        raise AgendaError(
            _(
                "The file’s content (%(kind)s) does not match its name. "
                "Please check the file."
            )
            % {"kind": kind.label}
        )
    return kind


@transaction.atomic
def attachment_add(*, item, upload, classification, user):
    """Store an uploaded file under a random name, never below its item's level."""
    kind = check_upload(upload)
    attachment = Attachment(
        item=item,
        original_name=clean_file_name(upload.name),
        content_type=kind.content_type,
        size=upload.size,
        classification=strictest(classification, item.classification),
        uploaded_by=user,
    )
    # The name first (random, attachment_path), so that a half-written file
    # can be removed whatever the store raised.
    field = attachment.file
    name = field.field.generate_filename(attachment, upload.name)
    taken = field.storage.exists(name)  # then the store picks another name
    stored = None
    try:
        stored = field.storage.save(name, upload, max_length=field.field.max_length)
        field.name, field._committed = stored, True
        attachment.save()
    except BaseException as error:
        if stored or not taken:
            _remove_quietly(field.storage, stored or name)
        if isinstance(error, OSError) and error.errno in NO_ROOM:
            logger.error("Attachment not stored: the file store is full (%s).", error)
            raise StorageFull(
                _("Storage space exhausted – please try again later.")
            ) from error
        raise
    return attachment


def _remove_quietly(storage, name):
    try:
        if storage.exists(name):
            storage.delete(name)
    except OSError:
        logger.exception("A half-stored attachment could not be removed: %s", name)


@transaction.atomic
def attachment_delete(*, attachment):
    attachment.file.delete(save=False)
    attachment.delete()


# Partner proposals (staff side; the partner side is in teilnehmer.partner.content)


def proposals_open(conference, *, today=None):
    """Whether partners may still propose topics for ``conference``."""
    today = today or timezone.localdate()
    if conference.status not in (Conference.Status.DRAFT, Conference.Status.INVITED):
        return False
    last_day = conference.proposal_deadline or conference.date
    return today <= last_day


@transaction.atomic
def proposal_accept(*, proposal, user, note="", classification=None):
    """Accept a proposal: it becomes an agenda item at the end of the agenda."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != Proposal.Status.PROPOSED:
        raise AgendaError(_("This proposal has already been decided."))
    contact = proposal.invitation.contact
    item = item_create(
        conference=proposal.conference,
        title=proposal.title,
        description=proposal.description,
        presenter_name=proposal.presenter or contact.full_name,
        presenter_authority=contact.authority.name,
        classification=classification or Classification.INTERNAL,
        proposal=proposal,
    )
    proposal.status = Proposal.Status.ACCEPTED
    proposal.decision_note = note
    proposal.decided_by = user
    proposal.decided_at = timezone.now()
    proposal.save()
    return item


@transaction.atomic
def proposal_reject(*, proposal, user, note):
    """Reject a proposal with a note the partner sees."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status != Proposal.Status.PROPOSED:
        raise AgendaError(_("This proposal has already been decided."))
    if not note.strip():
        raise AgendaError(_("Please tell the partner why."))
    proposal.status = Proposal.Status.REJECTED
    proposal.decision_note = note.strip()
    proposal.decided_by = user
    proposal.decided_at = timezone.now()
    proposal.save()
    return proposal


# Copy


@transaction.atomic
def agenda_copy(*, source, target):
    """Copy ``source``'s agenda to ``target``, attachments included.

    Items and attachments keep their classification: a copy is never lowered.
    The carry-over item is generated afresh for the target.
    """
    items = (
        AgendaItem.objects.filter(conference=source)
        .order_by("position", "pk")
        .prefetch_related("attachments")
    )
    position = _next_position(target)
    copies = []
    carry_over = False
    for item in items:
        if item.kind == AgendaItem.Kind.CARRY_OVER:
            carry_over = True
            continue
        copy = AgendaItem.objects.create(
            conference=target,
            position=position,
            **{name: getattr(item, name) for name in ITEM_FIELDS},
        )
        position += 1
        for attachment in item.attachments.all():
            with attachment.file.open("rb") as handle:
                content = ContentFile(handle.read())
            clone = Attachment(
                item=copy,
                original_name=attachment.original_name,
                content_type=attachment.content_type,
                size=attachment.size,
                classification=attachment.classification,
                uploaded_by=attachment.uploaded_by,
            )
            clone.file.save(attachment.original_name, content, save=False)
            clone.save()
        copies.append(copy)
    if carry_over:
        copies.append(carry_over_item_ensure(conference=target))
    return copies
