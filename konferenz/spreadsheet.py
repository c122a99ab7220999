"""The one XLSX writer: sheets of plain rows, formula-like text neutralised."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

#: A cell starting with one of these is a formula to a spreadsheet program.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text that a spreadsheet program would run as a formula gets a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def workbook_xlsx(sheets) -> bytes:
    """``sheets``: (title, header, rows); the header bold and frozen."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(str(title)[:31])
        sheet.append([neutralise(_plain(h)) for h in header])
        for row in rows:
            sheet.append([neutralise(_plain(v)) for v in row])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "B2"
        sheet.column_dimensions["A"].width = 45
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _plain(value):
    """Lazy translations become text; numbers and None stay as they are."""
    if value is None or isinstance(value, int | float):
        return value
    return str(value)


def ministry_grid_xlsx(overview) -> bytes:
    """The state overview: states per authority and year, rates per district.

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
    grid = []
    for authority, cells, _next in overview.rows:
        grid.append(
            [
                authority.name,
                *(
                    f"{cell.state_label} ({cell.held})"
                    if cell.held > 1
                    else str(cell.state_label)
                    for cell in cells
                ),
            ]
        )
    grid.append([])
    for state, label in labels.items():
        grid.append(
            [
                _("Number of authorities: %(state)s") % {"state": label},
                *(
                    sum(
                        1 for _pa, cells, _n in overview.rows if cells[i].state == state
                    )
                    for i in range(len(years))
                ),
            ]
        )
    rates = [
        [_("All shown authorities"), *(rate.percent for _year, rate in overview.rates)],
        *(
            [region, *(rate.percent for rate in region_rates)]
            for region, region_rates in overview.region_rates
        ),
    ]
    planned = [
        [
            authority.name,
            str(nxt.state_label),
            ", ".join(f"{d:%d.%m.%Y}" for d in nxt.planned_dates),
        ]
        for authority, _cells, nxt in overview.rows
    ]
    return workbook_xlsx(
        [
            (_("Overview"), [_("Police authority"), *years], grid),
            (_("Compliance rate"), [_("Compliance rate in %"), *years], rates),
            (
                _("Next year"),
                [_("Police authority"), str(overview.next_year), _("Date")],
                planned,
            ),
        ]
    )
