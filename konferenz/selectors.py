"""Reads that several pages share."""

import datetime
from dataclasses import dataclass

from django.db.models import BooleanField, Case, Count, Value, When
from django.db.models.functions import ExtractYear
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from konferenz.models import Conference, PoliceAuthority
from konferenz.tenancy import require_tenant

#: The decree dates from late 2018: the yearly duty starts in 2019.
FIRST_DUTY_YEAR = 2019

HELD_STATUSES = (
    Conference.Status.HELD,
    Conference.Status.MINUTES_APPROVED,
    Conference.Status.PUBLISHED,
)
PLANNED_STATUSES = (Conference.Status.DRAFT, Conference.Status.INVITED)
DUTY_STATES = ("held", "planned", "cancelled", "missing")


@dataclass
class DutyYear:
    year: int
    held: int = 0
    planned: int = 0
    cancelled: int = 0

    @property
    def state(self):
        if self.held:
            return "held"
        if self.planned:
            return "planned"
        if self.cancelled:
            return "cancelled"
        return "missing"

    @property
    def state_label(self):
        return {
            "held": _("held"),
            "planned": _("planned"),
            "cancelled": _("cancelled"),
            "missing": _("missing"),
        }[self.state]


def _duty_counts(queryset, today):
    """Rows of (police_authority_id, year, status, past, n) in one query."""
    return (
        queryset.annotate(
            year=ExtractYear("date"),
            past=Case(
                When(date__lte=today, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .filter(year__gte=FIRST_DUTY_YEAR)
        .values("police_authority_id", "year", "status", "past")
        .annotate(n=Count("pk"))
        .order_by()
    )


def _add(duty_year, row):
    status, n = row["status"], row["n"]
    if status in HELD_STATUSES and not row["past"]:
        # Marked as held before its day (older data): it has not taken
        # place, so it only counts as planned.
        duty_year.planned += n
    elif status in HELD_STATUSES:
        duty_year.held += n
    elif status in PLANNED_STATUSES:
        duty_year.planned += n
    elif status == Conference.Status.CANCELLED:
        duty_year.cancelled += n


def yearly_duty(*, police_authority, today: datetime.date):
    """One row per year since 2019 for one police authority, newest first."""
    years = {y: DutyYear(y) for y in range(FIRST_DUTY_YEAR, today.year + 2)}
    qs = Conference.objects.for_tenant(police_authority)
    for row in _duty_counts(qs, today):
        year = years.setdefault(row["year"], DutyYear(row["year"]))
        _add(year, row)
    # Next year appears only once something is planned for it.
    if not (years[today.year + 1].held or years[today.year + 1].planned):
        del years[today.year + 1]
    return sorted(years.values(), key=lambda d: d.year, reverse=True)


def ministry_grid(*, today: datetime.date):
    """All 47 police authorities × years: metadata only, no titles or names."""
    years = list(range(FIRST_DUTY_YEAR, today.year + 1))
    authorities = list(
        PoliceAuthority.objects.order_by("name").only("id", "name", "press_code")
    )
    grid = {pa.id: {y: DutyYear(y) for y in years} for pa in authorities}
    conferences = Conference.objects.filter(date__year__lte=today.year)
    for row in _duty_counts(conferences, today):
        cell = grid.get(row["police_authority_id"], {}).get(row["year"])
        if cell is not None:
            _add(cell, row)
    rows = [(pa, [grid[pa.id][y] for y in years]) for pa in authorities]
    return years, rows


def grid_totals(years, rows):
    """Per year: how many police authorities held, planned, cancelled or miss it."""
    totals = {year: dict.fromkeys(DUTY_STATES, 0) for year in years}
    for _authority, cells in rows:
        for cell in cells:
            totals[cell.year][cell.state] += 1
    return [(year, totals[year]) for year in years]


def conference_for_request(request, pk):
    """The conference ``pk`` of the user's police authority (404 otherwise),
    with its sequence number and authority: the hub of every conference page."""
    return get_object_or_404(
        Conference.objects.for_tenant(require_tenant(request))
        .with_sequence()
        .select_related("police_authority"),
        pk=pk,
    )
