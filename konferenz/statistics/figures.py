"""The charts of each statistics page, built from the selectors' numbers."""

from collections import defaultdict

from django.utils.translation import gettext as _

from konferenz.statistics import charts
from teilnehmer.addressbook.models import Authority


def state_rate_chart(overview):
    return charts.column_chart(
        id="chart-rate",
        title=_("Compliance rate per year"),
        description=_(
            "Share of the shown police authorities that held at least one "
            "security conference in the year, in per cent."
        ),
        categories=[str(year) for year, _rate in overview.rates],
        series=[(_("Compliance rate"), [rate.percent for _y, rate in overview.rates])],
        x_label=_("Year"),
        y_label=_("Authorities with a held conference in %"),
        maximum=100,
        decimals=1,
        unit=" %",
    )


def topic_chart(rows, year, total):
    chosen = sorted(
        (row for row in rows if row.counts.get(year)),
        key=lambda row: (-row.counts[year], row.name),
    )
    return charts.bar_chart(
        id="chart-topics",
        title=_("Topics discussed in %(year)s") % {"year": year},
        description=_(
            "Number of police authorities (of %(total)s) whose held conference "
            "discussed the topic in a public agenda item in %(year)s."
        )
        % {"total": total, "year": year},
        labels=[row.name for row in chosen],
        values=[row.counts[year] for row in chosen],
        x_label=_("Topic"),
        y_label=_("Number of authorities"),
    )


def participation_chart(participation):
    per_year = defaultdict(lambda: [0, 0, 0])
    for row in participation:
        totals = per_year[row.year]
        totals[0] += row.invited
        totals[1] += row.accepted
        totals[2] += row.present
    years = sorted(per_year)
    return charts.column_chart(
        id="chart-participation",
        title=_("Participation per year"),
        description=_(
            "Invitations to held conferences per year: invited, accepted "
            "(also by sending a deputy) and present."
        ),
        categories=[str(y) for y in years],
        series=[
            (_("invited"), [per_year[y][0] for y in years]),
            (_("accepted"), [per_year[y][1] for y in years]),
            (_("present"), [per_year[y][2] for y in years]),
        ],
        x_label=_("Year"),
        y_label=_("Number of invitations"),
    )


def participation_table(participation):
    """Rows (year, kind label, invited, accepted, present)."""
    labels = dict(Authority.Kind.choices)
    return [
        (
            row.year,
            labels.get(row.kind, row.kind),
            row.invited,
            row.accepted,
            row.present,
        )
        for row in participation
    ]


def coverage_chart(coverage):
    return charts.bar_chart(
        id="chart-coverage",
        title=_("Partner coverage"),
        description=_(
            "Share of the held conferences at which at least one person of "
            "this kind of partner was present, rarest first."
        ),
        labels=[str(row.label) for row in coverage],
        values=[row.percent for row in coverage],
        x_label=_("Kind of partner"),
        y_label=_("Present at held conferences in %"),
        maximum=100,
        decimals=1,
        unit=" %",
        extra_columns=[
            (_("Present at"), [str(row.conferences) for row in coverage]),
            (_("Invited to"), [str(row.invited) for row in coverage]),
            (_("Held conferences"), [str(row.total) for row in coverage]),
        ],
    )


def overdue_chart(actions):
    names = [name for name, _n in actions.overdue_by_responsible]
    return charts.bar_chart(
        id="chart-overdue",
        title=_("Overdue actions by responsible authority"),
        description=_("Open actions past their due date, per responsible authority."),
        labels=names,
        values=[n for _name, n in actions.overdue_by_responsible],
        x_label=_("Responsible authority"),
        y_label=_("Overdue actions"),
    )
