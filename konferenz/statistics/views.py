"""State overview and topic map (ministry), statistics of one authority (staff)."""

from urllib.parse import urlencode

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from konferenz.core import access, changestamp, links
from konferenz.core.classification import audience_for_user
from konferenz.core.models import PoliceAuthority
from konferenz.core.params import int_or_none
from konferenz.core.tenancy import require_tenant
from konferenz.statistics import charts, exports, figures, selectors

MINISTRY = "konferenz.view_ministry_overview"


@require_GET
@access.require(MINISTRY)
def ministry_overview(request):
    """Which police authority held its conference in which year, with rates."""
    overview = selectors.state_overview(
        today=timezone.localdate(),
        region=request.GET.get("bezirk", ""),
        kind=request.GET.get("art", ""),
    )
    planned = figures.planned_label(overview)
    chart = figures.state_rate_chart(overview)
    xlsx_url = _with_filters(
        reverse("konferenz:ministry-overview-xlsx"), overview.filters
    )
    return render(
        request,
        "konferenz/statistics/ministry_overview.html",
        {
            "overview": overview,
            "chart": chart,
            "figure": charts.html(chart, xlsx_url),
            "next_year_planned": selectors.next_year_counts(overview),
            "planned_label": planned,
            "grid_rows": figures.grid_rows(
                overview, links.pattern("konferenz:ministry-authority"), planned
            ),
            "regions": PoliceAuthority.Region.choices,
            "kinds": PoliceAuthority.Kind.choices,
            "xlsx_url": xlsx_url,
        },
    )


@require_GET
@access.require(MINISTRY)
def ministry_overview_xlsx(request):
    today = timezone.localdate()
    overview = selectors.state_overview(
        today=today,
        region=request.GET.get("bezirk", ""),
        kind=request.GET.get("art", ""),
    )
    return exports.xlsx_response(
        exports.ministry_grid_xlsx(overview),
        f"Sicherheitskonferenzen-NRW-{today:%Y-%m-%d}.xlsx",
    )


@require_GET
@access.require(MINISTRY)
def ministry_authority(request, pk):
    """One police authority's years with the public facts of its conferences."""
    authority = get_object_or_404(PoliceAuthority, pk=pk)
    return render(
        request,
        "konferenz/statistics/ministry_authority.html",
        {
            "authority": authority,
            "years": selectors.authority_years(
                police_authority=authority, today=timezone.localdate()
            ),
        },
    )


def _with_filters(url, filters):
    chosen = {key: value for key, value in filters.items() if value}
    return f"{url}?{urlencode(chosen)}" if chosen else url


def _chosen_year(request, years, rows):
    year = int_or_none(request.GET.get("jahr"))
    if year in years:
        return year
    with_data = [y for y in years if any(row.counts.get(y) for row in rows)]
    return with_data[-1] if with_data else years[-1]


@require_GET
@access.require(MINISTRY)
def ministry_topics(request):
    """Topic map: which topics how many authorities discussed publicly per year."""
    years, rows = selectors.topic_map(today=timezone.localdate())
    year = _chosen_year(request, years, rows)
    total = PoliceAuthority.objects.count()
    chart = figures.topic_chart(rows, year, total)
    drill = None
    topic_id = int_or_none(request.GET.get("thema"))
    if topic_id is not None:
        name, authorities = selectors.topic_authorities(topic_id=topic_id, year=year)
        drill = {"topic": name, "authorities": authorities}
    return render(
        request,
        "konferenz/statistics/ministry_topics.html",
        {
            "years": years,
            "rows": rows,
            "year": year,
            "total": total,
            "chart": chart,
            "figure": charts.html(chart, reverse("konferenz:ministry-topics-xlsx")),
            "table_body": figures.topic_map_body(rows, total),
            "drill": drill,
        },
    )


@require_GET
@access.require(MINISTRY)
def ministry_topics_xlsx(request):
    today = timezone.localdate()
    years, rows = selectors.topic_map(today=today)
    return exports.xlsx_response(
        exports.topic_map_xlsx(years, rows, PoliceAuthority.objects.count()),
        gettext("Topics-security-conferences-NRW-%(date)s.xlsx")
        % {"date": f"{today:%Y-%m-%d}"},
    )


def _authority_numbers(request):
    tenant = require_tenant(request)
    audience = audience_for_user(request.user)
    partners = selectors.partner_numbers(police_authority=tenant)
    topic_years, topics = selectors.topics_over_years(
        police_authority=tenant, audience=audience
    )
    return {
        "participation": partners.participation,
        "coverage": partners.coverage,
        "topic_years": topic_years,
        "topics": topics,
        "actions": selectors.action_stats(
            police_authority=tenant, audience=audience, today=timezone.localdate()
        ),
    }


@require_GET
@access.require("konferenz.view_statistics")
def authority_statistics(request):
    """Participation, partner coverage, topics and actions of the own authority."""
    tenant = require_tenant(request)
    # Cached per tenant stamp (conferences, invitations, agenda, actions; the
    # shared address book and topics), audience and day (overdue actions).
    fragment = changestamp.fragment(
        request,
        template="konferenz/statistics/authority_statistics_content.html",
        context=lambda: _authority_statistics_context(request),
        kind="statistics",
        tenant_id=tenant.pk,
        audience=audience_for_user(request.user),
    )
    return render(
        request,
        "konferenz/statistics/authority_statistics.html",
        {"fragment": fragment},
    )


def _authority_statistics_context(request):
    numbers = _authority_numbers(request)
    xlsx_url = reverse("konferenz:statistics-xlsx")
    participation_chart = figures.participation_chart(
        numbers["participation"], numbers["coverage"].total
    )
    coverage_chart = figures.coverage_chart(numbers["coverage"])
    overdue_chart = figures.overdue_chart(numbers["actions"])
    rows = figures.participation_table(numbers["participation"])
    return {
        **numbers,
        "xlsx_url": xlsx_url,
        "participation_rows": rows,
        "participation_body": figures.participation_body(rows),
        "topics_body": figures.topics_body(numbers["topics"]),
        "participation_chart": participation_chart,
        "participation_figure": charts.html(participation_chart, xlsx_url),
        "coverage_chart": coverage_chart,
        "coverage_figure": charts.html(coverage_chart, xlsx_url),
        "overdue_chart": overdue_chart,
        "overdue_figure": charts.html(overdue_chart, xlsx_url),
        "median_base": figures.median_base(numbers["actions"]),
        "topics_base": figures.topic_item_base(
            selectors.topic_item_count(numbers["topics"])
        ),
    }


@require_GET
@access.require("konferenz.view_statistics")
def authority_statistics_xlsx(request):
    numbers = _authority_numbers(request)
    today = timezone.localdate()
    content = exports.authority_statistics_xlsx(
        participation=figures.participation_table(numbers["participation"]),
        coverage=numbers["coverage"],
        topic_years=numbers["topic_years"],
        topics=numbers["topics"],
        actions=numbers["actions"],
    )
    return exports.xlsx_response(
        content, f"Statistik-{request.tenant.press_code}-{today:%Y-%m-%d}.xlsx"
    )
