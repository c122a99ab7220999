"""The charts of each statistics page, built from the selectors' numbers."""

from collections import defaultdict

from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from konferenz.statistics import charts, selectors
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
        base=ngettext(
            "n = %(n)s police authority shown",
            "n = %(n)s police authorities shown",
            len(overview.rows),
        )
        % {"n": len(overview.rows)},
    )


def planned_label(overview):
    """The head of the grid's last column: next year's plans."""
    return _("planned %(year)s") % {"year": overview.next_year}


def topics_base(total):
    """What the topic map counts (page, chart and XLSX)."""
    return ngettext(
        "n = %(n)s police authority; catalogue topics of public agenda items "
        "of held conferences, formal items (welcome, any other business, "
        "conclusion) left out",
        "n = %(n)s police authorities; catalogue topics of public agenda items "
        "of held conferences, formal items (welcome, any other business, "
        "conclusion) left out",
        total,
    ) % {"n": total}


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
        base=topics_base(total),
    )


def held_base(held):
    return ngettext("n = %(n)s held conference", "n = %(n)s held conferences", held) % {
        "n": held
    }


def participation_chart(participation, held):
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
        base=held_base(held),
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


def coverage_base(coverage):
    return ngettext(
        "n = %(n)s held conference; only kinds of partner ever invited",
        "n = %(n)s held conferences; only kinds of partner ever invited",
        coverage.total,
    ) % {"n": coverage.total}


def coverage_chart(coverage):
    rows = coverage.rows
    return charts.bar_chart(
        id="chart-coverage",
        title=_("Partner coverage"),
        description=_(
            "Share of the held conferences at which at least one person of "
            "this kind of partner was present, rarest first; kinds of partner "
            "never invited are not counted."
        ),
        labels=[str(row.label) for row in rows],
        values=[row.percent for row in rows],
        x_label=_("Kind of partner"),
        y_label=_("Present at held conferences in %"),
        maximum=100,
        decimals=1,
        unit=" %",
        extra_columns=[
            (_("Present at"), [str(row.conferences) for row in rows]),
            (_("Invited to"), [str(row.invited) for row in rows]),
            (_("Held conferences"), [str(row.total) for row in rows]),
        ],
        base=coverage_base(coverage),
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
        base=overdue_base(actions),
    )


def overdue_base(actions):
    return ngettext(
        "n = %(n)s overdue action", "n = %(n)s overdue actions", actions.overdue
    ) % {"n": actions.overdue}


def median_base(actions):
    return ngettext(
        "n = %(n)s done action with a completion date",
        "n = %(n)s done actions with a completion date",
        actions.median_base,
    ) % {"n": actions.median_base}


def topic_item_base(n):
    return ngettext(
        "n = %(n)s agenda item with a catalogue topic; formal items (welcome, "
        "any other business, conclusion) left out",
        "n = %(n)s agenda items with a catalogue topic; formal items (welcome, "
        "any other business, conclusion) left out",
        n,
    ) % {"n": n}


def grid_rows(overview, authority_url, planned):
    """The state overview's body rows as HTML, built once here rather than by
    the template engine for each of its ~500 cells (issue 32); the words of a
    cell escaped once per page (a day is digits and dots)."""
    marks = {key: escape(word) for key, word in selectors.grid_marks().items()}
    next_label = escape(planned)
    rows = []
    for authority, cells, upcoming in overview.rows:
        parts = [
            f'<tr><th scope="row"><a href="{escape(authority_url(authority.pk))}">'
            f"{escape(authority.name)}</a></th>"
        ]
        parts.extend(
            f'<td class="d{cell.state[0]}" data-y="{cell.year}">'
            f"{cell.short_with(marks)}</td>"
            for cell in cells
        )
        parts.append(
            f'<td class="d{upcoming.state[0]}" data-y="{next_label}">'
            f"{upcoming.short_with(marks)}</td></tr>"
        )
        rows.append("".join(parts))
    return mark_safe("\n".join(rows))  # noqa: S308  # nosec B308 B703 - every value escaped above


def participation_body(rows):
    """The participation table's rows (``participation_table``) as HTML."""
    return mark_safe(  # noqa: S308  # nosec B308 B703 - every value escaped
        "".join(
            f'<tr><td>{year}</td><th scope="row">{escape(kind)}</th>'
            f"<td>{invited}</td><td>{accepted}</td><td>{present}</td></tr>"
            for year, kind, invited, accepted, present in rows
        )
    )


def topics_body(topics):
    """The own statistics' topic table (``topics_over_years``) as HTML."""
    return mark_safe(  # noqa: S308  # nosec B308 B703 - every value escaped
        "".join(
            f'<tr><th scope="row">{escape(name)}</th>'
            + "".join(f"<td>{n}</td>" for n in counts)
            + "</tr>"
            for name, counts in topics
        )
    )


def topic_map_body(rows, total):
    """The topic map's table (``topic_map``) as HTML: a count opens the list
    of its authorities."""
    of = escape(_("of"))
    return mark_safe(  # noqa: S308  # nosec B308 B703 - every value escaped
        "".join(
            f'<tr><th scope="row">{escape(row.name)}</th>'
            + "".join(
                f'<td><a href="?thema={int(row.topic_id)}&amp;jahr={year}'
                f'#drill-heading">{n} {of} {total}</a></td>'
                if n
                else "<td>0</td>"
                for year, n in row.cells
            )
            + "</tr>"
            for row in rows
        )
    )
