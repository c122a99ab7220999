"""The one writer of every spreadsheet SiKo produces (XLSX with openpyxl, CSV).

Text that a spreadsheet program would run as a formula (``=HYPERLINK(…)``
typed by a partner as a deputy's name, a contact's name, a conference title)
stays text:

- in XLSX every text cell is written as a string cell (``t="s"``), which no
  program evaluates; the text stands as typed ("+49 2421 …", no apostrophe).
  SiKo never writes a formula cell.
- in CSV, which a program parses and may evaluate, :func:`neutralise` puts a
  leading apostrophe before such text.

Exports build rows; only this module writes.
"""

import csv
import io
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: A cell starting with one of these is a formula to a spreadsheet program.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text that a spreadsheet program would run as a formula gets a leading '."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _plain(value):
    """Numbers and None stay as they are; everything else becomes text (lazy
    translations, dates already formatted by the caller)."""
    if value is None or isinstance(value, int | float):
        return value
    return str(value)


def _csv_cell(value):
    """Numbers stay numbers; everything else is neutralised text."""
    return neutralise(_plain(value))


def _append_text_row(sheet, row):
    """Append ``row``; every text is a string cell, never a formula."""
    values = [_plain(value) for value in row]
    sheet.append(values)
    for column, value in enumerate(values, start=1):
        if isinstance(value, str):
            sheet.cell(row=sheet._current_row, column=column).data_type = "s"


@dataclass
class Sheet:
    """One worksheet: its rows and a little layout."""

    title: str
    rows: object  # iterable of row lists
    bold_rows: tuple = (1,)
    large_rows: tuple = ()
    widths: dict = field(default_factory=dict)  # column number → width
    freeze: str | None = None
    text_from_row: int | None = None  # cells below are formatted as text ("@")
    #: The row of the table's column names: repeated on every printed page;
    #: the rows above it (title, "Stand") do not set column widths.
    header_row: int = 1
    landscape: bool = True


#: Column widths (characters) a sheet stays within.
MIN_WIDTH, MAX_WIDTH = 8, 60


def title_rows(title, subtitle=""):
    """The first rows of a document-like sheet: title, what and "Stand", blank."""
    stand = _("As of %(date)s") % {"date": f"{timezone.localdate():%d.%m.%Y}"}
    return [[title], [f"{subtitle} · {stand}" if subtitle else stand], []]


def _layout(sheet, spec):
    """Widths from the content, landscape A4 fitted to the page width, the
    header row repeated on every printed page."""
    longest = {}
    for row in sheet.iter_rows(min_row=spec.header_row):
        for cell in row:
            if cell.value is not None:
                length = max(len(line) for line in str(cell.value).splitlines() or [""])
                longest[cell.column] = max(longest.get(cell.column, 0), length)
    for column, length in longest.items():
        width = max(spec.widths.get(column, 0), length + 2)
        sheet.column_dimensions[get_column_letter(column)].width = min(
            max(width, MIN_WIDTH), MAX_WIDTH
        )
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.orientation = "landscape" if spec.landscape else "portrait"
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{spec.header_row}:{spec.header_row}"


def xlsx_bytes(*sheets: Sheet) -> bytes:
    """The workbook of ``sheets``; every text cell a string cell."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for spec in sheets:
        sheet = workbook.create_sheet(str(spec.title)[:31])
        for row in spec.rows:
            _append_text_row(sheet, row)
        for number in spec.bold_rows:
            for cell in sheet[number]:
                cell.font = Font(bold=True)
        for number in spec.large_rows:
            for cell in sheet[number]:
                cell.font = Font(bold=True, size=13)
        if spec.text_from_row:
            for row in sheet.iter_rows(min_row=spec.text_from_row):
                for cell in row:
                    cell.number_format = "@"
        _layout(sheet, spec)
        if spec.freeze:
            sheet.freeze_panes = spec.freeze
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows, *, encoding="utf-8-sig") -> bytes:
    """Semicolon-separated, as German Excel expects."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerows([_csv_cell(value) for value in row] for row in rows)
    return buffer.getvalue().encode(encoding, errors="replace")


def workbook_xlsx(sheets, *, heading="", subtitle="") -> bytes:
    """``sheets``: (title, header, rows), each a table with its header row bold,
    frozen and repeated when printed; with ``heading`` every sheet starts with
    the title and "Stand" rows."""
    top = title_rows(heading, subtitle) if heading else []
    header_row = len(top) + 1
    return xlsx_bytes(
        *(
            Sheet(
                title=title,
                rows=[*top, [_plain(h) for h in header], *rows],
                bold_rows=(header_row,),
                large_rows=(1,) if heading else (),
                header_row=header_row,
                freeze=f"B{header_row + 1}",
                widths={1: 30},
            )
            for title, header, rows in sheets
        )
    )
