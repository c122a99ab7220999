"""Reads that several pages share."""

import datetime
from dataclasses import dataclass

from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.db.models.functions import ExtractYear
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from konferenz.core import changestamp
from konferenz.core.models import Conference
from konferenz.core.tenancy import require_tenant

#: The decree dates from late 2018: the yearly duty starts in 2019.
FIRST_DUTY_YEAR = 2019

HELD_STATUSES = (
    Conference.Status.HELD,
    Conference.Status.MINUTES_APPROVED,
    Conference.Status.PUBLISHED,
)
PLANNED_STATUSES = (Conference.Status.DRAFT, Conference.Status.INVITED)
DUTY_STATES = ("held", "planned", "cancelled", "missing")


def held_condition(prefix="", today=None):
    """THE definition of a held conference (what meets the decree), as a ``Q``:
    marked held (or later) *and* its day has come — a conference marked held
    before its day (older data) has not taken place.

    ``prefix`` reaches the conference from another model, e.g. ``"conference__"``.
    The dashboard, statistics and the state overview count through this one
    place only.
    """
    return Q(
        **{
            f"{prefix}status__in": HELD_STATUSES,
            f"{prefix}date__lte": today or timezone.localdate(),
        }
    )


def held_flag(prefix="", today=None):
    """``held_condition`` as a boolean annotation."""
    return ExpressionWrapper(
        held_condition(prefix, today=today), output_field=BooleanField()
    )


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
    """Rows of (police_authority_id, year, status, is_held, n) in one query."""
    return (
        queryset.annotate(year=ExtractYear("date"), is_held=held_flag(today=today))
        .filter(year__gte=FIRST_DUTY_YEAR)
        .values("police_authority_id", "year", "status", "is_held")
        .annotate(n=Count("pk"))
        .order_by()
    )


def _add(duty_year, row):
    if row["is_held"]:
        duty_year.held += row["n"]
    elif row["status"] in PLANNED_STATUSES or row["status"] in HELD_STATUSES:
        # Marked held before its day: it only counts as planned.
        duty_year.planned += row["n"]
    elif row["status"] == Conference.Status.CANCELLED:
        duty_year.cancelled += row["n"]


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


def conference_for_request(request, pk):
    """The conference ``pk`` of the user's police authority (404 otherwise),
    with its sequence number and authority: the hub of every conference page.

    Kept in the cache per stamp of the conference and of the authority (its
    number counts the authority's other conferences), under the reader's
    authority: another authority's reader gets a key of their own, and with
    it the 404."""
    tenant = require_tenant(request)
    return changestamp.cached(
        kind="conference",
        conference_id=pk,
        tenant_id=tenant.pk,
        build=lambda: get_object_or_404(
            Conference.objects.for_tenant(tenant)
            .with_sequence()
            .select_related("police_authority"),
            pk=pk,
        ),
    )
