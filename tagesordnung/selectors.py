"""Reads of the agenda that pages and exports share."""

import datetime
from dataclasses import dataclass

from django.apps import apps

from tagesordnung.classification import Audience
from tagesordnung.models import AgendaItem, Attachment, StrategyGoal, Topic


@dataclass
class ScheduledItem:
    item: AgendaItem
    number: int  # TOP number
    start: datetime.datetime
    end: datetime.datetime


@dataclass
class Schedule:
    rows: list
    start: datetime.datetime
    end: datetime.datetime  # when the last item ends
    planned_end: datetime.datetime

    @property
    def over_end(self):
        return self.end > self.planned_end

    @property
    def overrun_minutes(self):
        return max(0, int((self.end - self.planned_end).total_seconds() // 60))


def schedule(*, conference, items):
    """Number ``items`` (TOP 1, 2, …) and compute their start and end times.

    ``items`` are the ones the reader may see, in agenda order. The times count
    every item of the conference, hidden ones too, so that a participant's
    agenda shows the real clock; only durations are read for that, no content.
    """
    start = datetime.datetime.combine(conference.date, conference.start_time)
    planned_end = datetime.datetime.combine(conference.date, conference.end_time)
    offsets = {}
    elapsed = 0
    durations = (
        AgendaItem.objects.filter(conference=conference)
        .order_by("position", "pk")
        .values_list("pk", "duration_minutes")
    )
    for pk, minutes in durations:
        offsets[pk] = (elapsed, elapsed + minutes)
        elapsed += minutes
    rows = []
    for number, item in enumerate(items, start=1):
        begin, finish = offsets[item.pk]
        rows.append(
            ScheduledItem(
                item=item,
                number=number,
                start=start + datetime.timedelta(minutes=begin),
                end=start + datetime.timedelta(minutes=finish),
            )
        )
    return Schedule(
        rows=rows,
        start=start,
        end=start + datetime.timedelta(minutes=elapsed),
        planned_end=planned_end,
    )


def agenda(*, conference, audience):
    """The schedule of the items ``audience`` may read, each with the
    attachments it may read in ``item.visible_attachments``."""
    items = list(
        AgendaItem.objects.filter(conference=conference)
        .visible_to(audience)
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
    return schedule(conference=conference, items=items)


def open_actions_before(*, conference):
    """Open actions (Maßnahmen) of the authority's earlier conferences.

    The hook of the Wiedervorlage: the actions come from the minutes
    (``ActionItem``); as long as that model does not exist, there are none.
    """
    try:
        action_model = apps.get_model("tagesordnung", "ActionItem")
    except LookupError:
        return []
    # The carry-over item is internal: VS-NfD actions never go into it.
    return list(
        action_model.objects.for_tenant(conference.police_authority)
        .visible_to(Audience.PARTICIPANT)
        .open()
        .filter(conference__date__lt=conference.date)
        .select_related("conference", "responsible")
        .order_by("due_date", "pk")
    )


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
    the oldest first; at most ``limit`` of them."""
    from tagesordnung.models import ActionItem

    actions = (
        ActionItem.objects.for_tenant(police_authority)
        .visible_to(audience)
        .overdue(today)
        .select_related("conference", "responsible")
        .order_by("due_date", "pk")
    )
    return list(actions[:limit] if limit is not None else actions)
