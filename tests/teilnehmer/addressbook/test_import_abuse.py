"""Abuse of the address-book import: renamed files, hostile names and cells,
oversize files. Refused with a German message; nothing is kept."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from teilnehmer.addressbook import spreadsheet
from teilnehmer.addressbook.models import AddressBookImport, Authority, Contact
from tests.helpers import docx_bytes, upload_address_book, zip_bytes

pytestmark = pytest.mark.django_db

HEADER = "Behörde;Art;Vorname;Nachname;Funktion;E-Mail"
UNREADABLE_EXCEL = "Die Excel-Datei konnte nicht gelesen werden."


def _upload(client, name, content):
    return upload_address_book(client, SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("adressen.xlsx", b"MZ\x90\x00\x03\x00\x00\x00PE\x00\x00", UNREADABLE_EXCEL),
        ("adressen.xlsx", zip_bytes({"evil.html": "<script>"}), UNREADABLE_EXCEL),
        ("adressen.xlsx", docx_bytes(), UNREADABLE_EXCEL),
        ("adressen.xlsx", b"PK\x03\x04 kaputt", UNREADABLE_EXCEL),
        (
            "adressen.csv",
            b"<html><script>alert(1)</script></html>",
            "Die erste Zeile muss die Spaltenüberschriften enthalten",
        ),
        (
            "adressen.csv",
            b"\xff\xfe\x00\x00\x81\x8d\x8f\x90\x9d",
            "weder UTF-8- noch Windows-1252-kodiert",
        ),
        ("adressen.exe", HEADER.encode(), "Bitte laden Sie eine Excel-Datei"),
        ("adressen.xlsx.html", HEADER.encode(), "Bitte laden Sie eine Excel-Datei"),
    ],
    ids=[
        "exe-renamed-xlsx",
        "zip-renamed-xlsx",
        "docx-renamed-xlsx",
        "broken-zip",
        "html-renamed-csv",
        "binary-renamed-csv",
        "exe-name",
        "double-extension",
    ],
)
def test_foreign_file_is_refused_and_nothing_kept(
    organiser_client, name, content, message
):
    response = _upload(organiser_client, name, content)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert "<script>alert(1)" not in response.content.decode()
    assert not AddressBookImport.objects.exists()
    assert not Authority.objects.exists()


def test_oversize_file_is_refused_with_german_message(organiser_client):
    content = (HEADER + "\n").encode() + b"x" * spreadsheet.MAX_UPLOAD_BYTES

    response = _upload(organiser_client, "adressen.csv", content)

    assert "Die Datei ist größer als 5 MB." in response.content.decode()
    assert not AddressBookImport.objects.exists()


def test_excel_file_that_unpacks_too_large_is_refused(organiser_client, monkeypatch):
    monkeypatch.setattr(spreadsheet, "MAX_UNPACKED_BYTES", 1024 * 1024)
    bomb = zip_bytes(
        {
            "[Content_Types].xml": "<Types/>",
            "xl/workbook.xml": "<workbook/>",
            "xl/worksheets/sheet1.xml": " " * (2 * 1024 * 1024),
        }
    )

    response = _upload(organiser_client, "adressen.xlsx", bomb)

    assert len(bomb) < 50_000
    assert (
        "Die Excel-Datei wird entpackt größer als 1 MB; bitte teilen Sie sie auf."
        in response.content.decode()
    )
    assert not AddressBookImport.objects.exists()


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("../../etc/adressen.csv", "adressen.csv"),
        ("C:\\Users\\x\\adressen.csv", "adressen.csv"),
        ("adr\x00essen.csv", "adressen.csv"),
        ("<img src=x onerror=alert(1)>.csv", "<img src=x onerror=alert(1)>.csv"),
    ],
    ids=["dotdot", "windows-path", "nul", "html"],
)
def test_hostile_file_name_is_kept_as_plain_text_only(organiser_client, name, shown):
    content = (HEADER + "\nStadt Düren;;Frank;Peters;Bürgermeister;\n").encode()

    response = _upload(organiser_client, name, content)
    preview = organiser_client.get(response["Location"])

    assert AddressBookImport.objects.get().filename == shown
    assert "<img src=x onerror" not in preview.content.decode()


def test_nul_and_control_characters_in_cells_never_reach_the_database(
    organiser_client,
):
    content = (
        HEADER + "\nStadt\x00 Düren;Stadt / Gemeinde (inkl. Ordnungsamt);"
        "Fr\x00ank;Pe\x1bters\u202e;<script>alert(1)</script>;\n"
    ).encode()

    response = _upload(organiser_client, "adressen.csv", content)
    preview = organiser_client.get(response["Location"])
    organiser_client.post(response["Location"] + "bestaetigen/")

    row = AddressBookImport.objects.values_list("rows", flat=True).first()
    contact = Contact.objects.select_related("authority").get()
    assert preview.status_code == 200
    assert "<script>alert(1)" not in preview.content.decode()
    assert "\x00" not in str(row)
    assert (contact.authority.name, contact.first_name, contact.last_name) == (
        "Stadt Düren",
        "Frank",
        "Peters",
    )
    assert contact.function == "<script>alert(1)</script>"


def test_csv_cell_over_the_field_limit_is_a_german_error(organiser_client):
    content = (HEADER + "\nStadt Düren;city;Frank;" + "P" * 140_000 + ";;\n").encode()

    response = _upload(organiser_client, "adressen.csv", content)

    assert response.status_code == 200
    assert (
        "Eine Zelle der CSV-Datei ist länger als 131072 Zeichen"
        in response.content.decode()
    )
    assert not AddressBookImport.objects.exists()


def _xlsx_with_rows(count, *, dimension=""):
    """A real workbook whose first sheet holds ``count`` rows below the header
    and declares the size ``dimension`` (none if empty)."""
    import io
    import time
    import zipfile

    import openpyxl

    buffer = io.BytesIO()
    workbook = openpyxl.Workbook()
    workbook.active.append(["Behörde", "Nachname"])
    workbook.save(buffer)
    started = time.monotonic()
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>S{n}</t></is></c></row>'
        for n in range(2, count + 2)
    )
    sheet = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + (f'<dimension ref="{dimension}"/>' if dimension else "")
        + '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Behörde</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>Nachname</t></is></c></row>'
        + rows
        + "</sheetData></worksheet>"
    )
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = sheet.encode()
            archive.writestr(info.filename, data)
    assert time.monotonic() - started < 10
    return out.getvalue()


def _unpacked(content):
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return sum(info.file_size for info in archive.infolist())


@pytest.mark.parametrize(
    "dimension",
    ["A1:A400001", "", "A1:A2"],
    ids=["dimension", "no-dimension", "false-dimension"],
)
def test_400000_row_excel_file_is_refused_after_the_limit(
    organiser_client, dimension, monkeypatch
):
    """Refused by a streaming count that stops just past the limit, before
    openpyxl parses the workbook: 400,000 rows cost no more than 10,001."""
    content = _xlsx_with_rows(400_000, dimension=dimension)
    assert len(content) < spreadsheet.MAX_UPLOAD_BYTES
    assert _unpacked(content) < spreadsheet.MAX_UNPACKED_BYTES
    rows_seen = 0
    iterparse = spreadsheet.iterparse

    def counting_iterparse(*args, **kwargs):
        nonlocal rows_seen
        for event, element in iterparse(*args, **kwargs):
            if event == "start" and element.tag.endswith("}row"):
                rows_seen += 1
            yield event, element

    def not_parsed(*args, **kwargs):
        raise AssertionError("openpyxl must not parse a refused workbook")

    monkeypatch.setattr(spreadsheet, "iterparse", counting_iterparse)
    monkeypatch.setattr(spreadsheet.openpyxl, "load_workbook", not_parsed)

    response = _upload(organiser_client, "adressen.xlsx", content)

    assert "Die Datei hat mehr als 5000 Zeilen" in response.content.decode()
    assert rows_seen <= spreadsheet.MAX_RAW_ROWS + 1
    assert not AddressBookImport.objects.exists()


def test_excel_file_at_the_row_limit_is_read(organiser_client):
    response = _upload(organiser_client, "adressen.xlsx", _xlsx_with_rows(20))

    assert response.status_code == 302
    assert len(AddressBookImport.objects.get().rows) == 20


def test_line_breaks_inside_imported_cells_become_spaces(organiser_client):
    content = (
        HEADER + '\n"Stadt\r\nDüren";Stadt / Gemeinde (inkl. Ordnungsamt);'
        'Frank;"Pe\nters";"Bürger-\rmeister";\n'
    ).encode()

    response = _upload(organiser_client, "adressen.csv", content)
    organiser_client.post(response["Location"] + "bestaetigen/")

    contact = Contact.objects.select_related("authority").get()
    values = [contact.authority.name, contact.last_name, contact.function]
    assert not any(ch in value for value in values for ch in "\r\n")
    assert contact.last_name.split() == ["Pe", "ters"]
