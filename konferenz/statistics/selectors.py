"""Reads of the state overview (ministry) and of one authority's statistics.

Every aggregate is one query whose count does not grow with the years or the
authorities. "Held" is ``konferenz.core.selectors.held_condition`` and nothing
else; agenda content reaches these pages only through
``konferenz.core.classification`` (the ministry: public items only); topics
are catalogue topics that are not formal items (``with_real_topic``), and an
action's duration ends on its ``completed_on``.
"""

import datetime
import functools
import statistics as pystats
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Min, Q
from django.db.models.functions import ExtractYear
from django.utils.translation import get_language, gettext

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
class Cell(DutyYear):
    """One authority × year of the state overview: counts and one day.

    ``day`` is the first held conference's day, or (none held) the first
    planned one's; the authority's page has the rest (``authority_years``).
    """

    day: datetime.date | None = None
    upcoming: bool = False  # next year's cell: nothing there is not missing yet

    @property
    def short(self):
        """The grid's cell: a mark and the day, or the state."""
        return self.short_with(grid_marks())

    def short_with(self, marks):
        """``short`` with the words of ``grid_marks()``, looked up once per
        page rather than once for each of its ~500 cells."""
        if self.held:
            text = marks["held"] % {"day": f"{self.day.day:02}.{self.day.month:02}."}
            return f"{text} +{self.held - 1}" if self.held > 1 else text
        if self.planned:
            return marks["planned"] % {"day": f"{self.day.day:02}.{self.day.month:02}."}
        if self.cancelled:
            return marks["cancelled"]
        return marks["not planned" if self.upcoming else "missing"]

    @property
    def text(self):
        """The same for the XLSX: the state in words and the whole day."""
        if self.state in ("held", "planned"):
            text = f"{self.state_label} {self.day:%d.%m.%Y}"
            return f"{text} +{self.held - 1}" if self.held > 1 else text
        return self._word

    @property
    def _word(self):
        if self.upcoming and self.state == "missing":
            return gettext("not planned")
        return str(self.state_label)


def grid_marks():
    """The grid's words in the active language."""
    return _marks(get_language())


@functools.lru_cache(maxsize=8)
def _marks(language):
    """The grid's words, translated once per language (~500 cells a page)."""
    return {
        "held": gettext("✓ %(day)s"),
        "planned": gettext("○ %(day)s"),
        "cancelled": gettext("cancelled"),
        "missing": gettext("missing"),
        "not planned": gettext("not planned"),
    }


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


def _planned_condition(today):
    # (marked held before its day: it has not taken place yet)
    return ~held_condition(today=today) & Q(
        status__in=(*PLANNED_STATUSES, *HELD_STATUSES)
    )


def state_overview(*, today, region="", kind=""):
    """The grid of all (or the filtered) police authorities × years.

    Two queries whatever the number of authorities and years: the
    authorities, and one aggregate per authority and year.
    """
    filters = _state_filters(region, kind)
    authorities = PoliceAuthority.objects.order_by("name").only(
        "id", "name", "kind", "region"
    )
    if filters["bezirk"]:
        authorities = authorities.filter(region=filters["bezirk"])
    if filters["art"]:
        authorities = authorities.filter(kind=filters["art"])
    years = list(range(FIRST_DUTY_YEAR, today.year + 1))
    next_year = today.year + 1
    held = held_condition(today=today)
    planned = _planned_condition(today)
    counts = (
        Conference.objects.filter(
            police_authority__in=authorities.values("pk"),
            date__year__gte=FIRST_DUTY_YEAR,
            date__year__lte=next_year,
        )
        .annotate(year=ExtractYear("date"))
        .values("police_authority_id", "year")
        .annotate(
            held=Count("pk", filter=held),
            planned=Count("pk", filter=planned),
            cancelled=Count("pk", filter=Q(status=Conference.Status.CANCELLED)),
            first_held=Min("date", filter=held),
            first_planned=Min("date", filter=planned),
        )
        .order_by()
    )
    authorities = list(authorities)
    grid = {
        pa.id: {
            **{y: Cell(y) for y in years},
            next_year: Cell(next_year, upcoming=True),
        }
        for pa in authorities
    }
    for row in counts:
        cell = grid.get(row["police_authority_id"], {}).get(row["year"])
        if cell is None:
            continue
        cell.held, cell.planned = row["held"], row["planned"]
        cell.cancelled = row["cancelled"]
        cell.day = row["first_held"] or row["first_planned"]

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


# One police authority in the state overview --------------------------------


@dataclass
class ConferenceFact:
    """Public facts of one held conference: its date and the partners present."""

    date: datetime.date
    partners: int = 0


@dataclass
class AuthorityYear(DutyYear):
    """One year of one authority, with the public facts of each conference."""

    facts: list = field(default_factory=list)
    planned_dates: list = field(default_factory=list)
    topics: list = field(default_factory=list)


def authority_years(*, police_authority, today):
    """The years of one authority for the ministry, newest first: held
    conferences with their day and partner authorities present, planned days,
    cancelled ones, and the public catalogue topics (formal items left out).

    Three queries: conferences, partners present, public topics.
    """
    next_year = today.year + 1
    years = {y: AuthorityYear(y) for y in range(FIRST_DUTY_YEAR, next_year + 1)}
    in_range = Q(date__year__gte=FIRST_DUTY_YEAR, date__year__lte=next_year)
    conferences = (
        Conference.objects.for_tenant(police_authority)
        .filter(in_range)
        .annotate(is_held=held_flag(today=today))
        .values("pk", "date", "status", "is_held")
        .order_by("date", "pk")
    )
    facts = {}
    for row in conferences:
        year = years[row["date"].year]
        if row["is_held"]:
            year.held += 1
            facts[row["pk"]] = ConferenceFact(row["date"])
            year.facts.append(facts[row["pk"]])
        elif row["status"] in (*PLANNED_STATUSES, *HELD_STATUSES):
            year.planned += 1
            year.planned_dates.append(row["date"])
        elif row["status"] == Conference.Status.CANCELLED:
            year.cancelled += 1

    present = (
        Invitation.objects.filter(conference_id__in=list(facts), attended=True)
        .values("conference_id")
        .annotate(n=Count("contact__authority", distinct=True))
        .order_by()
    )
    for row in present:
        facts[row["conference_id"]].partners = row["n"]

    topics = (
        AgendaItem.objects.visible_to(Audience.PUBLIC)
        .with_real_topic()
        .filter(conference_id__in=list(facts))
        .annotate(year=ExtractYear("conference__date"))
        .values_list("year", "topic__name")
        .distinct()
        .order_by("topic__name")
    )
    for year, name in topics:
        years[year].topics.append(name)
    return sorted(years.values(), key=lambda y: -y.year)


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
    """Agenda items the public may read, of held conferences, with a topic
    (not a formal item)."""
    return (
        AgendaItem.objects.visible_to(Audience.PUBLIC)
        .with_real_topic()
        .filter(
            held_condition("conference__"),
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
class CoverageStats:
    rows: list  # Coverage of each kind ever invited, rarest first
    never_invited: list  # labels of the kinds never invited
    total: int  # held conferences: the base of every percentage

    @property
    def rarely(self):
        return [row for row in self.rows if row.rarely]


@dataclass
class ActionStats:
    total: int = 0
    done: int = 0
    overdue: int = 0
    open: int = 0
    median_days: float | None = None
    median_base: int = 0  # done actions with a completion date
    overdue_by_responsible: list = field(default_factory=list)  # (name, n)

    @property
    def completion_percent(self):
        return round(100 * self.done / self.total, 1) if self.total else 0.0


def _present():
    """The invitee or the deputy they sent was there."""
    return Q(attended=True) | Q(deputy_invitation__attended=True)


@dataclass
class PartnerNumbers:
    """Participation and partner coverage of one authority's held conferences."""

    participation: list  # Participation per year and kind, in that order
    coverage: CoverageStats


def partner_numbers(*, police_authority):
    """Invited / accepted / present per year and kind of partner, and per kind
    ever invited to a held conference: at how many held conferences it was
    present (the kinds never invited apart).

    Two queries whatever the years: the held conferences (the base of every
    percentage), and one aggregate of their invitations per conference and
    kind of partner, summed up here – per year for the participation, per
    kind (conferences with an invitation, with someone present) for the
    coverage. Deputies count through the invitation they answer, walk-ins
    not at all.
    """
    held = dict(
        Conference.objects.for_tenant(police_authority)
        .filter(held_condition())
        .values_list("pk", "date")
    )
    rows = (
        Invitation.objects.for_tenant(police_authority)
        .filter(conference_id__in=list(held), deputy_for__isnull=True, walk_in=False)
        .values("conference_id", "contact__authority__kind")
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
        .order_by()
    )
    per_year = defaultdict(lambda: [0, 0, 0])
    per_kind = defaultdict(lambda: [0, 0])
    for row in rows:
        kind = row["contact__authority__kind"]
        sums = per_year[held[row["conference_id"]].year, kind]
        sums[0] += row["invited"]
        sums[1] += row["accepted"]
        sums[2] += row["present"]
        conferences = per_kind[kind]
        conferences[0] += 1  # every row has an invitation
        conferences[1] += 1 if row["present"] else 0
    participation = [
        Participation(year, kind, *sums)
        for (year, kind), sums in sorted(per_year.items(), key=_year_and_kind)
    ]
    invited = [
        Coverage(kind, label, per_kind[kind][1], per_kind[kind][0], len(held))
        for kind, label in Authority.Kind.choices
        if kind in per_kind
    ]
    return PartnerNumbers(
        participation=participation,
        coverage=CoverageStats(
            rows=sorted(invited, key=lambda c: (c.percent, c.label)),
            never_invited=[
                str(label)
                for kind, label in Authority.Kind.choices
                if kind not in per_kind
            ],
            total=len(held),
        ),
    )


def _year_and_kind(item):
    (year, kind), _sums = item
    return year, kind or ""


def topics_over_years(*, police_authority, audience):
    """Per topic and year: the number of agenda items the reader may read."""
    rows = (
        AgendaItem.objects.for_tenant(police_authority)
        .visible_to(audience)
        .with_real_topic()
        .filter(held_condition("conference__"))
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


def topic_item_count(topics):
    """The base of ``topics_over_years``: the agenda items it counted."""
    return sum(sum(counts) for _name, counts in topics)


def action_stats(*, police_authority, audience, today):
    """Completion rate, median days from the conference to completion (over
    the done actions whose completion date is known), overdue per responsible.
    """
    actions = ActionItem.objects.for_tenant(police_authority).visible_to(audience)
    done = ActionItem.Status.DONE
    counts = actions.aggregate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=done)),
        overdue=Count("pk", filter=~Q(status=done) & Q(due_date__lt=today)),
    )
    days = [
        max(0, (completed_on - conference_date).days)
        for completed_on, conference_date in actions.filter(
            status=done, completed_on__isnull=False
        )
        .values_list("completed_on", "conference__date")
        .order_by()
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
        open=counts["total"] - counts["done"],
        median_days=pystats.median(days) if days else None,
        median_base=len(days),
        overdue_by_responsible=[(r["responsible__name"], r["n"]) for r in overdue],
    )
