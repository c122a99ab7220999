"""Reads of the state overview (ministry) and of one authority's statistics.

Every aggregate is one query whose count does not grow with the years or the
authorities. "Held" is ``konferenz.core.selectors.held_condition`` and nothing
else; agenda content reaches these pages only through
``konferenz.core.classification`` (the ministry: public items only).
"""

import datetime
import statistics as pystats
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Max, Q
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone

from konferenz.core.classification import Audience
from konferenz.core.models import Conference, PoliceAuthority
from konferenz.core.selectors import (
    FIRST_DUTY_YEAR,
    HELD_STATUSES,
    PLANNED_STATUSES,
    DutyYear,
    held_condition,
    held_flag,
)
from tagesordnung.agenda.models import AgendaItem
from tagesordnung.minutes.models import ActionItem
from teilnehmer.addressbook.models import Authority
from teilnehmer.invitations.models import Invitation

# The state overview -------------------------------------------------------


@dataclass
class ConferenceFact:
    """Public facts of one held conference: its date and the partners present."""

    date: datetime.date
    partners: int = 0


@dataclass
class Cell(DutyYear):
    """One authority × year of the state overview, with its public facts."""

    facts: list = field(default_factory=list)
    planned_dates: list = field(default_factory=list)
    topics: list = field(default_factory=list)


@dataclass
class Rate:
    held: int
    total: int

    @property
    def percent(self):
        return round(100 * self.held / self.total, 1) if self.total else 0.0


@dataclass
class StateOverview:
    years: list  # the duty years up to this one
    next_year: int
    rows: list  # (authority, [Cell per year], next year's Cell)
    rates: list  # (year, Rate) over the shown authorities
    region_rates: list  # (region label, [Rate per year])
    filters: dict


def _state_filters(region, kind):
    return {
        "bezirk": region if region in PoliceAuthority.Region.values else "",
        "art": kind if kind in PoliceAuthority.Kind.values else "",
    }


def state_overview(*, today, region="", kind=""):
    """The grid of all (or the filtered) police authorities × years.

    Four queries: authorities, conferences, partners present, public topics.
    """
    filters = _state_filters(region, kind)
    authorities = PoliceAuthority.objects.order_by("name").only(
        "id", "name", "press_code", "kind", "region"
    )
    if filters["bezirk"]:
        authorities = authorities.filter(region=filters["bezirk"])
    if filters["art"]:
        authorities = authorities.filter(kind=filters["art"])
    authorities = list(authorities)
    ids = [pa.id for pa in authorities]
    years = list(range(FIRST_DUTY_YEAR, today.year + 1))
    next_year = today.year + 1
    grid = {pa.id: {y: Cell(y) for y in [*years, next_year]} for pa in authorities}
    in_range = Q(date__year__gte=FIRST_DUTY_YEAR, date__year__lte=next_year)

    conferences = (
        Conference.objects.filter(in_range, police_authority_id__in=ids)
        .annotate(year=ExtractYear("date"), is_held=held_flag(today=today))
        .values("pk", "police_authority_id", "year", "date", "status", "is_held")
        .order_by("date", "pk")
    )
    facts = {}
    for row in conferences:
        cell = grid[row["police_authority_id"]][row["year"]]
        if row["is_held"]:
            cell.held += 1
            facts[row["pk"]] = ConferenceFact(row["date"])
            cell.facts.append(facts[row["pk"]])
        elif row["status"] in (*PLANNED_STATUSES, *HELD_STATUSES):
            # (marked held before its day: it has not taken place yet)
            cell.planned += 1
            cell.planned_dates.append(row["date"])
        elif row["status"] == Conference.Status.CANCELLED:
            cell.cancelled += 1

    held_here = Q(
        held_condition("conference__", today=today),
        conference__police_authority_id__in=ids,
        conference__date__year__gte=FIRST_DUTY_YEAR,
        conference__date__year__lte=next_year,
    )
    present = (
        Invitation.objects.filter(held_here, attended=True)
        .values("conference_id")
        .annotate(n=Count("contact__authority", distinct=True))
        .order_by()
    )
    for row in present:
        if row["conference_id"] in facts:
            facts[row["conference_id"]].partners = row["n"]

    topics = (
        AgendaItem.objects.visible_to(Audience.PUBLIC)
        .filter(held_here, topic__isnull=False)
        .annotate(year=ExtractYear("conference__date"))
        .values("conference__police_authority_id", "year", "topic__name")
        .distinct()
        .order_by("topic__name")
    )
    for row in topics:
        cell = grid[row["conference__police_authority_id"]][row["year"]]
        cell.topics.append(row["topic__name"])

    rows = [
        (pa, [grid[pa.id][y] for y in years], grid[pa.id][next_year])
        for pa in authorities
    ]
    return StateOverview(
        years=years,
        next_year=next_year,
        rows=rows,
        rates=[(y, _rate(rows, y)) for y in years],
        region_rates=_region_rates(rows, years),
        filters=filters,
    )


def _rate(rows, year, region=None):
    chosen = [
        cells for pa, cells, _next in rows if region is None or pa.region == region
    ]
    index = year - FIRST_DUTY_YEAR
    return Rate(held=sum(1 for c in chosen if c[index].held), total=len(chosen))


def _region_rates(rows, years):
    present = {pa.region for pa, _c, _n in rows}
    return [
        (label, [_rate(rows, y, value) for y in years])
        for value, label in PoliceAuthority.Region.choices
        if value in present
    ]


def next_year_counts(overview):
    """How many authorities have next year's conference planned (or held)."""
    return sum(1 for _pa, _cells, nxt in overview.rows if nxt.held or nxt.planned)


# The topic map ------------------------------------------------------------


@dataclass
class TopicRow:
    topic_id: int
    name: str
    counts: dict  # year → number of authorities
    cells: list = field(default_factory=list)  # (year, n) for every year


def _public_held_items(*, first_year, last_year):
    """Agenda items the public may read, of held conferences, with a topic."""
    return (
        AgendaItem.objects.visible_to(Audience.PUBLIC)
        .filter(
            held_condition("conference__"),
            topic__isnull=False,
            conference__date__year__gte=first_year,
            conference__date__year__lte=last_year,
        )
        .annotate(year=ExtractYear("conference__date"))
    )


def topic_map(*, today):
    """Per catalogue topic and year: how many authorities discussed it publicly."""
    years = list(range(FIRST_DUTY_YEAR, today.year + 1))
    rows = (
        _public_held_items(first_year=years[0], last_year=years[-1])
        .values("topic_id", "topic__name", "year")
        .annotate(n=Count("conference__police_authority", distinct=True))
        .order_by("topic__name", "topic_id", "year")
    )
    topics = {}
    for row in rows:
        topic = topics.setdefault(
            row["topic_id"], TopicRow(row["topic_id"], row["topic__name"], {})
        )
        topic.counts[row["year"]] = row["n"]
    for topic in topics.values():
        topic.cells = [(y, topic.counts.get(y, 0)) for y in years]
    return years, list(topics.values())


def topic_authorities(*, topic_id, year):
    """The police authorities that discussed ``topic_id`` publicly in ``year``."""
    rows = (
        _public_held_items(first_year=year, last_year=year)
        .filter(topic_id=topic_id)
        .values_list("topic__name", "conference__police_authority__name")
        .distinct()
        .order_by("conference__police_authority__name")
    )
    rows = list(rows)
    return (rows[0][0] if rows else None), [name for _topic, name in rows]


# One authority's statistics ------------------------------------------------


@dataclass
class Participation:
    year: int
    kind: str
    invited: int
    accepted: int
    present: int


@dataclass
class Coverage:
    kind: str
    label: str
    conferences: int  # held conferences with someone of this kind present
    invited: int  # held conferences with someone of this kind invited
    total: int  # held conferences

    @property
    def percent(self):
        return round(100 * self.conferences / self.total, 1) if self.total else 0.0

    @property
    def rarely(self):
        return self.percent < 50


@dataclass
class ActionStats:
    total: int = 0
    done: int = 0
    overdue: int = 0
    median_days: float | None = None
    overdue_by_responsible: list = field(default_factory=list)  # (name, n)

    @property
    def completion_percent(self):
        return round(100 * self.done / self.total, 1) if self.total else 0.0


def _held_invitations(police_authority):
    return Invitation.objects.for_tenant(police_authority).filter(
        held_condition("conference__"),
        deputy_for__isnull=True,
        walk_in=False,
    )


def _present():
    """The invitee or the deputy they sent was there."""
    return Q(attended=True) | Q(deputy_invitation__attended=True)


def participation(*, police_authority):
    """Invited / accepted / present per year and kind of partner (one query)."""
    rows = (
        _held_invitations(police_authority)
        .annotate(year=ExtractYear("conference__date"))
        .values("year", "contact__authority__kind")
        .annotate(
            invited=Count("pk"),
            accepted=Count(
                "pk",
                filter=Q(
                    answer__in=[Invitation.Answer.ACCEPTED, Invitation.Answer.DEPUTY]
                ),
            ),
            present=Count("pk", filter=_present()),
        )
        .order_by("year", "contact__authority__kind")
    )
    return [
        Participation(
            r["year"],
            r["contact__authority__kind"],
            r["invited"],
            r["accepted"],
            r["present"],
        )
        for r in rows
    ]


def coverage(*, police_authority):
    """Per kind of partner: at how many held conferences it was present.

    One query for the counts per kind, one for the number of held conferences.
    """
    total = (
        Conference.objects.for_tenant(police_authority).filter(held_condition()).count()
    )
    rows = {
        r["contact__authority__kind"]: r
        for r in _held_invitations(police_authority)
        .values("contact__authority__kind")
        .annotate(
            invited=Count("conference", distinct=True),
            present=Count("conference", distinct=True, filter=_present()),
        )
        .order_by()
    }
    result = [
        Coverage(
            kind,
            label,
            rows.get(kind, {}).get("present", 0),
            rows.get(kind, {}).get("invited", 0),
            total,
        )
        for kind, label in Authority.Kind.choices
    ]
    return sorted(result, key=lambda c: (c.conferences, c.label))


def topics_over_years(*, police_authority, audience):
    """Per topic and year: the number of agenda items the reader may read."""
    rows = (
        AgendaItem.objects.for_tenant(police_authority)
        .visible_to(audience)
        .filter(held_condition("conference__"), topic__isnull=False)
        .annotate(year=ExtractYear("conference__date"))
        .values("topic__name", "year")
        .annotate(n=Count("pk"))
        .order_by("topic__name", "year")
    )
    topics = defaultdict(dict)
    years = set()
    for row in rows:
        topics[row["topic__name"]][row["year"]] = row["n"]
        years.add(row["year"])
    years = sorted(years)
    return years, [
        (name, [counts.get(y, 0) for y in years])
        for name, counts in sorted(topics.items())
    ]


def action_stats(*, police_authority, audience, today):
    """Completion rate, median days to completion, overdue per responsible."""
    actions = ActionItem.objects.for_tenant(police_authority).visible_to(audience)
    done = ActionItem.Status.DONE
    counts = actions.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=done)),
        overdue=Count("pk", filter=~Q(status=done) & Q(due_date__lt=today)),
    )
    # When it was done: the last progress note that set it to done (falls back
    # to the last change for actions closed without a note).
    durations = (
        actions.filter(status=done)
        .values("pk", "conference__date")
        .annotate(
            done_at=Coalesce(
                Max("progress__created_at", filter=Q(progress__status=done)),
                "updated_at",
            )
        )
        .order_by()
    )
    days = [
        max(0, (timezone.localdate(row["done_at"]) - row["conference__date"]).days)
        for row in durations
    ]
    overdue = (
        actions.overdue(today)
        .values("responsible__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "responsible__name")
    )
    return ActionStats(
        total=counts["total"],
        done=counts["done"],
        overdue=counts["overdue"],
        median_days=pystats.median(days) if days else None,
        overdue_by_responsible=[(r["responsible__name"], r["n"]) for r in overdue],
    )
