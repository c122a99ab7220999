"""The ministry's state overview as an XLSX workbook (metadata only)."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font


def ministry_grid_xlsx(years, rows, totals) -> bytes:
    """One row per police authority, one column per year: state and count.

    Only police authority names, years, states and numbers: no conference
    title, person or content.
    """
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Overview")
    sheet.append([_("Police authority"), *years])
    for authority, cells in rows:
        sheet.append(
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
    sheet.append([])
    labels = {
        "held": _("held"),
        "planned": _("planned"),
        "cancelled": _("cancelled"),
        "missing": _("missing"),
    }
    for state, label in labels.items():
        sheet.append(
            [
                _("Number of authorities: %(state)s") % {"state": label},
                *(counts[state] for _year, counts in totals),
            ]
        )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].width = 45
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
