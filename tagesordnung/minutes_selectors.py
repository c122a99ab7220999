"""Reads of the minutes that pages, partner pages and exports share.

Everything goes through ``visible_to(audience)`` (tagesordnung.classification).
"""

import difflib
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.html import escape

from tagesordnung.classification import Audience, Classification, is_visible
from tagesordnung.minutes_models import (
    ActionItem,
    ClassifiedReadLog,
    Decision,
    Minutes,
    MinutesComment,
    MinutesEntry,
)
from tagesordnung.models import AgendaItem


@dataclass
class MinutesRow:
    number: int
    item: AgendaItem
    entry: MinutesEntry | None
    decisions: list = field(default_factory=list)
    actions: list = field(default_factory=list)
    comments: list = field(default_factory=list)


@dataclass
class MinutesView:
    minutes: Minutes
    rows: list

    @property
    def vs_nfd(self):
        """Whether anything shown is VS-NfD (the document must be marked)."""
        return any(
            Classification.VS_NFD
            in (
                row.item.classification,
                row.entry.classification if row.entry else None,
                *(d.classification for d in row.decisions),
                *(a.classification for a in row.actions),
            )
            for row in self.rows
        )


def minutes_of(conference):
    """The minutes of ``conference`` (a conference or its pk), or ``None``."""
    return (
        Minutes.objects.filter(conference=conference)
        .select_related("minute_taker", "approved_by")
        .first()
    )


def minutes_view(*, minutes, audience, with_comments=False, invitation=None):
    """The rows (agenda items) of ``minutes`` that ``audience`` may read.

    The number of queries does not grow with the rows. ``invitation`` limits
    the comments to the partner's own.
    """
    conference_id = minutes.conference_id
    items = list(
        AgendaItem.objects.filter(conference_id=conference_id)
        .visible_to(audience)
        .order_by("position", "pk")
    )
    entries = {
        e.agenda_item_id: e
        for e in MinutesEntry.objects.filter(minutes=minutes).visible_to(audience)
    }
    decisions = {}
    for decision in Decision.objects.filter(entry__minutes=minutes).visible_to(
        audience
    ):
        decisions.setdefault(decision.entry_id, []).append(decision)
    actions = {}
    for action in (
        ActionItem.objects.filter(entry__minutes=minutes)
        .visible_to(audience)
        .select_related("responsible", "contact")
        .prefetch_related("progress")
        .order_by("due_date", "pk")
    ):
        actions.setdefault(action.entry_id, []).append(action)
    comments = {}
    if with_comments or invitation is not None:
        qs = MinutesComment.objects.filter(entry__minutes=minutes).select_related(
            "invitation__contact__authority", "replied_by"
        )
        if invitation is not None:
            qs = qs.filter(invitation=invitation)
        for comment in qs:
            comments.setdefault(comment.entry_id, []).append(comment)
    entry_ids = {
        item.pk: e.pk for item in items if (e := entries.get(item.pk)) is not None
    }
    # Decisions and actions hang on an entry; find them even if the entry's
    # own text is hidden from this audience.
    all_entry_ids = dict(
        MinutesEntry.objects.filter(minutes=minutes).values_list("agenda_item_id", "pk")
    )
    rows = []
    for number, item in enumerate(items, start=1):
        entry_pk = all_entry_ids.get(item.pk)
        rows.append(
            MinutesRow(
                number=number,
                item=item,
                entry=entries.get(item.pk),
                decisions=decisions.get(entry_pk, []),
                actions=actions.get(entry_pk, []),
                comments=comments.get(entry_ids.get(item.pk), []),
            )
        )
    return MinutesView(minutes=minutes, rows=rows)


def log_classified_reads(*, view, user):
    """Record that ``user`` was shown every VS-NfD part of ``view``."""
    logs = []
    for row in view.rows:
        parts = [(ClassifiedReadLog.Kind.ENTRY, row.entry)] if row.entry else []
        parts += [(ClassifiedReadLog.Kind.DECISION, d) for d in row.decisions]
        parts += [(ClassifiedReadLog.Kind.ACTION, a) for a in row.actions]
        for kind, obj in parts:
            if obj.classification == Classification.VS_NFD:
                logs.append(
                    ClassifiedReadLog(
                        user=user, minutes=view.minutes, kind=kind, object_id=obj.pk
                    )
                )
    if logs:
        ClassifiedReadLog.objects.bulk_create(logs)
    return len(logs)


# Actions across conferences


def actions_list(
    *,
    police_authority,
    audience,
    status="",
    responsible=None,
    conference=None,
    overdue=False,
    today=None,
):
    """The authority's actions for the list page, filtered."""
    today = today or timezone.localdate()
    qs = ActionItem.objects.for_tenant(police_authority).visible_to(audience)
    if status:
        qs = qs.filter(status=status)
    if responsible is not None:
        qs = qs.filter(responsible=responsible)
    if conference is not None:
        qs = qs.filter(conference=conference)
    if overdue:
        qs = qs.overdue(today)
    return qs.for_list_page()


def actions_for_partner(invitation):
    """Actions of the tenant assigned to the partner's own authority."""
    return (
        ActionItem.objects.for_tenant(invitation.conference.police_authority)
        .visible_to(Audience.PARTICIPANT)
        .filter(responsible_id=invitation.contact.authority_id)
        .select_related("conference")
        .prefetch_related("progress")
        .order_by("status", "due_date", "pk")
    )


# Versions


def _snapshot_lines(content, audience):
    lines = []
    for part in content:
        if not is_visible(part.get("item_classification", "internal"), audience):
            continue
        lines.append(f"## {part['item']}")
        if is_visible(part["classification"], audience) and part["text"]:
            lines.extend(part["text"].splitlines())
        for decision in part["decisions"]:
            if is_visible(decision["classification"], audience):
                lines.append(f"Beschluss: {decision['text']}")
        for action in part["actions"]:
            if is_visible(action["classification"], audience):
                lines.append(f"Maßnahme: {action['text']}")
    return lines


def minutes_diff(*, minutes, audience):
    """An escaped HTML table: the last approved version against the current one."""
    from tagesordnung.minutes_services import snapshot_content

    snapshot = minutes.snapshots.order_by("-revision").first()
    if snapshot is None:
        return None, None
    old = _snapshot_lines(snapshot.content, audience)
    new = _snapshot_lines(snapshot_content(minutes), audience)
    rows = []
    for line in difflib.ndiff(old, new):
        tag, text = line[:1], line[2:]
        if tag == "?":
            continue
        kind = {"-": "removed", "+": "added"}.get(tag, "same")
        rows.append((kind, escape(text)))
    return snapshot, rows
