"""Reads of the agenda that pages and exports share."""

import datetime
from dataclasses import dataclass

from django.db.models import F
from django.utils.translation import gettext as _

from konferenz.core.classification import Audience, is_visible, readable
from konferenz.core.rows import Row
from tagesordnung.agenda.models import (
    AgendaItem,
    Attachment,
    Proposal,
    StrategyGoal,
    Topic,
)
from tagesordnung.minutes.models import ActionItem, Decision, MinutesEntry

#: What the agenda page shows of a proposal.
PROPOSAL_FIELDS = (
    "conference_id",
    "title",
    "description",
    "presenter",
    "status",
    "decision_note",
    "created_at",
)


@dataclass
class ScheduledItem:
    #: ``None`` when the reader may not read the item: the row keeps its TOP
    #: number and time ("in dieser Fassung nicht enthalten"), nothing else.
    item: AgendaItem | None
    number: int  # TOP number, the same in every version
    start: datetime.datetime
    end: datetime.datetime

    @property
    def withheld(self):
        return self.item is None


@dataclass
class Schedule:
    rows: list
    start: datetime.datetime
    end: datetime.datetime  # when the last item ends
    planned_end: datetime.datetime
    #: Whether the agenda holds the carry-over item ("Bericht zu offenen
    #: Maßnahmen"), whoever may read it (``agenda`` sets it).
    has_carry_over: bool = False

    @property
    def items(self):
        """The items the reader may read, in agenda order."""
        return [row.item for row in self.rows if row.item is not None]

    @property
    def over_end(self):
        return self.end > self.planned_end

    @property
    def overrun_minutes(self):
        return max(0, int((self.end - self.planned_end).total_seconds() // 60))


def schedule(*, conference, items, audience):
    """Number the agenda (TOP 1, 2, …) and compute start and end times.

    ``items`` are *all* items of the conference in agenda order, annotated by
    ``with_effective_classification()``: numbers and times are assigned once,
    on the full agenda, so that they match in every version; an item
    ``audience`` may not read becomes a withheld row (number and time only).
    """
    start = datetime.datetime.combine(conference.date, conference.start_time)
    planned_end = datetime.datetime.combine(conference.date, conference.end_time)
    elapsed = 0
    rows = []
    for number, item in enumerate(items, start=1):
        begin, elapsed = elapsed, elapsed + item.duration_minutes
        rows.append(
            ScheduledItem(
                item=item
                if is_visible(item.effective_classification, audience)
                else None,
                number=number,
                start=start + datetime.timedelta(minutes=begin),
                end=start + datetime.timedelta(minutes=elapsed),
            )
        )
    return Schedule(
        rows=rows,
        start=start,
        end=start + datetime.timedelta(minutes=elapsed),
        planned_end=planned_end,
    )


def agenda(*, conference, audience):
    """The numbered agenda as ``audience`` may read it, each readable item
    with the attachments it may read in ``item.visible_attachments``."""
    items = list(
        AgendaItem.objects.filter(conference=conference)
        .with_effective_classification()
        .for_agenda_page()
    )
    attachments = (
        Attachment.objects.filter(item__conference=conference)
        .visible_to(audience)
        .order_by("uploaded_at", "pk")
    )
    by_item = {}
    for attachment in attachments:
        by_item.setdefault(attachment.item_id, []).append(attachment)
    for item in items:
        item.visible_attachments = by_item.get(item.pk, [])
        item.open_actions = []
        if item.kind == AgendaItem.Kind.CARRY_OVER and is_visible(
            item.effective_classification, audience
        ):
            item.open_actions = open_actions_before(
                conference=conference, audience=audience
            )
    plan = schedule(conference=conference, items=items, audience=audience)
    plan.has_carry_over = any(item.kind == AgendaItem.Kind.CARRY_OVER for item in items)
    return plan


def proposals(conference):
    """The partners' topic proposals of ``conference`` for the agenda page,
    with what it shows of the proposer (no other column)."""
    return list(
        Proposal.objects.filter(conference=conference)
        .select_related("invitation__contact__authority")
        .only(
            *PROPOSAL_FIELDS,
            "invitation__contact__title",
            "invitation__contact__first_name",
            "invitation__contact__last_name",
            "invitation__contact__authority__name",
        )
    )


def open_actions_before(*, conference, audience):
    """Open actions (Maßnahmen) of the authority's earlier conferences that
    ``audience`` may read: the content of the Wiedervorlage item.

    The actions are derived content: they keep their own classification
    whatever the carry-over item's is, and VS-NfD actions never go into it.
    """
    return list(
        ActionItem.objects.for_tenant(conference.police_authority)
        .visible_to(audience)
        .visible_to(Audience.PARTICIPANT)
        .open()
        .filter(conference__date__lt=conference.date)
        .select_related("conference", "responsible")
        .order_by("due_date", "pk")
    )


@dataclass
class Revealed:
    """What lowering an item would show to one more audience."""

    audience: str  # label of the audience
    parts: list  # e.g. ["the agenda item (title, description, presenter)", …]


def item_lowering_effects(*, item, old_level, new_level):
    """Per audience that would newly read something, what lowering ``item``
    to ``new_level`` reveals: the item itself and its children (minutes
    entry, decisions, actions, attachments) whose effective classification
    drops. Empty when nothing becomes visible to anyone new."""
    children = [(_("the agenda item (title, description, presenter)"), ())]
    for entry in MinutesEntry.objects.filter(agenda_item=item):
        children.append((_("the minutes text of this item"), (entry.classification,)))
        children += [
            (
                _("decision “%(text)s”") % {"text": d.text[:60]},
                (entry.classification, d.classification),
            )
            for d in Decision.objects.filter(entry=entry)
        ]
        children += [
            (
                _("action “%(text)s”") % {"text": a.description[:60]},
                (entry.classification, a.classification),
            )
            for a in ActionItem.objects.filter(entry=entry)
        ]
    children += [
        (_("attachment “%(name)s”") % {"name": a.original_name}, (a.classification,))
        for a in Attachment.objects.filter(item=item)
    ]
    effects = []
    for audience in Audience:
        parts = [
            label
            for label, levels in children
            if readable(audience, new_level, *levels)
            and not readable(audience, old_level, *levels)
        ]
        if parts:
            effects.append(Revealed(audience=audience.label, parts=parts))
    return effects


def topic_catalogue(*, police_authority):
    """Topics with their state and goal names, and the goals with their topics."""
    goals = list(
        StrategyGoal.objects.for_tenant(police_authority)
        .prefetch_related("topics")
        .order_by("-active", "name")
    )
    goal_names = {}
    for goal in goals:
        for topic in goal.topics.all():
            goal_names.setdefault(topic.pk, []).append(goal.name)
    topics = list(Topic.objects.with_state_for(police_authority))
    for topic in topics:
        topic.goal_names = goal_names.get(topic.pk, [])
    return topics, goals


def overdue_actions(*, police_authority, today, audience=Audience.STAFF, limit=None):
    """Open actions of the authority whose due date has passed (dashboard),
    the oldest first; at most ``limit`` of them. Plain rows with what the
    dashboard shows (issue 32): description, due date, the conference's id
    and title, the responsible authority's name."""
    actions = (
        ActionItem.objects.for_tenant(police_authority)
        .visible_to(audience)
        .overdue(today)
        .order_by("due_date", "pk")
        .values(
            "pk",
            "description",
            "due_date",
            "conference_id",
            conference_title=F("conference__title"),
            responsible_name=F("responsible__name"),
        )
    )
    return [Row(row) for row in (actions[:limit] if limit is not None else actions)]
