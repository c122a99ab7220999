"""The numbers behind the statistics pages as XLSX (through the one writer)."""

from django.utils.translation import gettext as _

from konferenz.core import downloads
from konferenz.core.i18n import in_document_language
from konferenz.documents.xlsx import workbook_xlsx
from konferenz.statistics import figures
from konferenz.statistics.selectors import topic_item_count

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(content, filename):
    return downloads.attachment(content, content_type=XLSX, filename=filename)


@in_document_language
def ministry_grid_xlsx(overview) -> bytes:
    """The state overview as the page shows it: the state and day per
    authority and year up to next year's plans, rates per district.

    Only police authority names, districts, years, states and numbers: no
    conference title, person or content.
    """
    years = overview.years
    labels = {
        "held": _("held"),
        "planned": _("planned"),
        "cancelled": _("cancelled"),
        "missing": _("missing"),
    }
    grid = [
        [authority.name, *(cell.text for cell in cells), upcoming.text]
        for authority, cells, upcoming in overview.rows
    ]
    grid.append([])
    for state, label in labels.items():
        grid.append(
            [
                _("Number of authorities: %(state)s") % {"state": label},
                *(
                    sum(
                        1
                        for _pa, cells, nxt in overview.rows
                        if [*cells, nxt][i].state == state
                    )
                    for i in range(len(years) + 1)
                ),
            ]
        )
    rates = [
        [_("All shown authorities"), *(rate.percent for _year, rate in overview.rates)],
        *(
            [region, *(rate.percent for rate in region_rates)]
            for region, region_rates in overview.region_rates
        ),
        [],
        [_("Basis: police authorities shown"), len(overview.rows)],
    ]
    return workbook_xlsx(
        [
            (
                _("Overview"),
                [
                    _("Police authority"),
                    *years,
                    _("planned %(year)s") % {"year": overview.next_year},
                ],
                grid,
            ),
            (_("Compliance rate"), [_("Compliance rate in %"), *years], rates),
        ],
        heading=_("Security conferences of the police authorities in NRW"),
        subtitle=_("Yearly duty under the decree of 2018"),
    )


@in_document_language
def topic_map_xlsx(years, rows, total):
    """Per public catalogue topic and year: the number of authorities."""
    return workbook_xlsx(
        [
            (
                _("Topics"),
                [_("Topic"), *years],
                [[row.name, *(row.counts.get(y, 0) for y in years)] for row in rows],
            ),
            (
                _("Basis"),
                [_("Police authorities"), _("Counted")],
                [[total, figures.topics_base(total)]],
            ),
        ]
    )


@in_document_language
def authority_statistics_xlsx(*, participation, coverage, topic_years, topics, actions):
    """Participation, partner coverage, topics and actions of one authority."""
    return workbook_xlsx(
        [
            (
                _("Participation"),
                [
                    _("Year"),
                    _("Kind of partner"),
                    _("invited"),
                    _("accepted"),
                    _("present"),
                ],
                participation,
            ),
            (
                _("Partner coverage"),
                [
                    _("Kind of partner"),
                    _("Present at"),
                    _("Invited to"),
                    _("Held conferences"),
                    _("Present at held conferences in %"),
                ],
                [
                    *(
                        [str(c.label), c.conferences, c.invited, c.total, c.percent]
                        for c in coverage.rows
                    ),
                    *(
                        [label, None, 0, coverage.total, _("never invited")]
                        for label in coverage.never_invited
                    ),
                    [],
                    [figures.coverage_base(coverage)],
                ],
            ),
            (
                _("Topics"),
                [_("Topic"), *topic_years],
                [
                    *([name, *counts] for name, counts in topics),
                    [],
                    [figures.topic_item_base(topic_item_count(topics))],
                ],
            ),
            (
                _("Actions"),
                [_("Figure"), _("Value")],
                [
                    [_("Actions"), actions.total],
                    [_("Done"), actions.done],
                    [_("Completion rate in %"), actions.completion_percent],
                    [_("Median days to completion"), actions.median_days],
                    [_("Median: basis"), figures.median_base(actions)],
                    [_("Overdue"), actions.overdue],
                    *(
                        [_("Overdue: %(name)s") % {"name": name}, n]
                        for name, n in actions.overdue_by_responsible
                    ),
                ],
            ),
        ]
    )
