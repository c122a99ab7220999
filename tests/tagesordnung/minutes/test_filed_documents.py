"""Issue 18: documents a records office files as they are (marking at the top
of every page, Geschäftszeichen, complete minutes, sign-in sheet)."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from konferenz.core.classification import Classification
from konferenz.core.models import Conference
from konferenz.documents.marking import INTERNAL_MARKING, VS_NFD_MARKING
from tagesordnung.minutes import services as minutes_services
from teilnehmer.invitations.models import Invitation
from tests.factories import AgendaItemFactory, ConferenceFactory, InvitationFactory
from tests.helpers import pdf_page_tops, pdf_pages, read_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def conference(police_authority):
    police_authority.file_reference_pattern = "ZA 1.2 – 57.01.01/{year}"
    police_authority.save()
    return ConferenceFactory(
        police_authority=police_authority,
        date=datetime.date(2026, 10, 30),
        status=Conference.Status.HELD,
        venue_name="Kreishaus",
    )


@pytest.fixture
def approved(
    conference,
    organiser,
    make_member,
    police_authority,
    django_capture_on_commit_callbacks,
):
    for position, (title, level) in enumerate(
        [
            ("Lagebild", Classification.INTERNAL),
            ("Verdeckte Maßnahmen", Classification.VS_NFD),
            ("Hauptbahnhof", Classification.PUBLIC),
        ],
        start=1,
    ):
        AgendaItemFactory(
            conference=conference, position=position, title=title, classification=level
        )
    minutes = minutes_services.minutes_ensure(conference=conference, user=organiser)
    for entry in minutes.entries.all():
        entry.text = "Erörtert. " * 300  # several pages
        entry.save()
    present = InvitationFactory(conference=conference, attended=True)
    minutes_services.minutes_submit(
        minutes=minutes, comments_until=datetime.date(2099, 1, 1), user=organiser
    )
    head = make_member(police_authority, is_head=True)
    head.first_name, head.last_name = "Erika", "Leitung"
    head.save()
    with django_capture_on_commit_callbacks(execute=True):
        minutes_services.minutes_approve(minutes=minutes, user=head, period_ok=True)
    minutes_services.minutes_distribute(
        minutes=minutes, invitation_ids=[present.pk], user=organiser
    )
    minutes.present = present
    return minutes


def _export(client, conference, fmt, version):
    response = client.get(
        reverse("tagesordnung:minutes-export", args=[conference.pk, fmt])
        + f"?fassung={version}"
    )
    assert response.status_code == 200
    return response.content


def test_internal_minutes_pdf_is_marked_at_the_top_of_every_page(
    organiser_client, approved, conference
):
    data = _export(organiser_client, conference, "pdf", "intern")

    tops = pdf_page_tops(data)
    assert len(tops) >= 3
    for top in tops:
        assert VS_NFD_MARKING in top
        assert "Gz.: ZA 1.2 – 57.01.01/2026 – VS-NfD" in top
        assert "Stand:" in top
    text = " ".join(" ".join(pdf_pages(data)).split())
    assert "Protokollführung" in text
    assert "Genehmigt am" in text and "Erika Leitung" in text
    assert "Verteiler" in text and approved.present.contact.full_name in text
    assert "Interne Fassung" in text.split("TOP 1")[0]  # at the top, not the end
    assert "TOP 2: Verdeckte Maßnahmen" in text


def test_participant_minutes_are_marked_internal_and_keep_the_numbers(
    organiser_client, approved, conference
):
    data = _export(organiser_client, conference, "pdf", "teilnehmende")

    tops = pdf_page_tops(data)
    assert all(INTERNAL_MARKING in top for top in tops)
    assert all("VS-NfD" not in top for top in tops)
    text = " ".join(" ".join(pdf_pages(data)).split())
    assert "TOP 2 – in dieser Fassung nicht enthalten" in text
    assert "TOP 3: Hauptbahnhof" in text
    assert "Fassung für die Teilnehmenden" in text


def test_internal_minutes_docx_header_footer_and_blocks(
    organiser_client, approved, conference
):
    document = Document(
        io.BytesIO(_export(organiser_client, conference, "docx", "intern"))
    )

    header = [p.text for p in document.sections[0].header.paragraphs]
    paragraphs = [p.text for p in document.paragraphs]
    assert header[0] == VS_NFD_MARKING
    assert "Gz.: ZA 1.2 – 57.01.01/2026 – VS-NfD" in header[1]
    assert "NUMPAGES" in document.sections[0].footer._element.xml
    assert any(p.startswith("Genehmigt am") for p in paragraphs)
    assert any(p.startswith("Protokollführung:") for p in paragraphs)
    assert "Verteiler" in paragraphs
    assert document.core_properties.author == conference.police_authority.name


def test_agenda_pdf_of_a_public_agenda_carries_the_file_reference(
    organiser_client, conference
):
    AgendaItemFactory(conference=conference, classification=Classification.PUBLIC)

    data = organiser_client.get(
        reverse("tagesordnung:agenda-export", args=[conference.pk, "pdf"])
        + "?fassung=teilnehmende"
    ).content

    (top,) = pdf_page_tops(data)
    assert "Gz.: ZA 1.2 – 57.01.01/2026" in top
    assert "VS-NfD" not in top and INTERNAL_MARKING not in top


def test_sign_in_sheet_lists_who_may_come_plus_ten_blank_rows(
    organiser_client, conference
):
    coming = InvitationFactory(conference=conference, answer=Invitation.Answer.ACCEPTED)
    undecided = InvitationFactory(conference=conference)
    declined = InvitationFactory(
        conference=conference, answer=Invitation.Answer.DECLINED
    )
    sender = InvitationFactory(
        conference=conference,
        answer=Invitation.Answer.DEPUTY,
        deputy_name="Herr Vertreter",
    )

    data = organiser_client.get(
        reverse("invitations:signin-sheet", args=[conference.pk])
    ).content

    page = PdfReader(io.BytesIO(data)).pages[0]
    text = " ".join(" ".join(pdf_pages(data)).split())
    assert float(page.mediabox.width) > float(page.mediabox.height)  # landscape
    assert coming.contact.last_name in text
    assert undecided.contact.last_name in text
    assert declined.contact.last_name not in text
    assert sender.contact.last_name not in text
    assert " 12 " in f" {text} "  # two invitees + ten numbered blank rows
    assert INTERNAL_MARKING in pdf_page_tops(data)[0]


def test_sign_in_sheet_of_26_persons_has_no_page_without_rows(
    organiser_client, conference
):
    """Issue 31: the last page held only the "Stand" line."""
    InvitationFactory.create_batch(
        26, conference=conference, answer=Invitation.Answer.ACCEPTED
    )

    data = organiser_client.get(
        reverse("invitations:signin-sheet", args=[conference.pk])
    ).content

    pages = pdf_pages(data)
    numbers = [set(re.findall(r"(?m)^\s*(\d{1,2})\b", page)) for page in pages]
    assert len(pages) == 3
    assert all(numbers), numbers  # every page has numbered rows
    assert "36" in numbers[-1]  # 26 invitees + 10 blank rows, on the last page
    assert "Stand:" in pages[-1]


def test_approval_stores_a_pdf_a_archive_copy_for_vs_nfd_readers(
    organiser_client, client, reader, approved, conference
):
    snapshot = approved.snapshots.get()
    url = reverse("tagesordnung:minutes-archive", args=[conference.pk, 1])

    response = organiser_client.get(url)
    data = b"".join(response.streaming_content)
    snapshot.refresh_from_db()
    client.force_login(reader)

    reader_pdf = PdfReader(io.BytesIO(data))
    xmp = reader_pdf.xmp_metadata.stream.get_data().decode()
    fonts = []
    for page in reader_pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            for part in [font, *font.get("/DescendantFonts", [])]:
                part = part.get_object()
                if "/FontDescriptor" in part:
                    fonts.append(part["/FontDescriptor"].get_object())
    assert snapshot.archive.name.endswith(".pdf")
    assert response["Content-Disposition"].startswith("attachment")
    assert "<pdfaid:part>2</pdfaid:part>" in xmp or 'pdfaid:part="2"' in xmp
    assert "<pdfaid:conformance>B</pdfaid:conformance>" in xmp or (
        'pdfaid:conformance="B"' in xmp
    )
    assert fonts and all(
        any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
        for descriptor in fonts
    )
    assert "Verdeckte Maßnahmen" in " ".join(pdf_pages(data))
    assert client.get(url).status_code == 403


def test_actions_workbook_prints_landscape_with_title_stand_and_header(
    organiser_client, conference
):
    from tests.factories import ActionItemFactory, MinutesEntryFactory

    entry = MinutesEntryFactory(
        minutes__conference=conference,
        agenda_item__conference=conference,
        agenda_item__classification="internal",
        classification="internal",
    )
    ActionItemFactory(
        entry=entry,
        description='=HYPERLINK("http://evil.example","Klick") Streife am Bahnhof',
        classification="internal",
    )
    ActionItemFactory(
        entry=entry, description="Geheimer Einsatz", classification="vs_nfd"
    )
    client = organiser_client

    sheet = read_xlsx(
        client.get(reverse("tagesordnung:action-list-xlsx")).content
    ).worksheets[0]

    assert sheet["A1"].value == "Maßnahmen"
    assert sheet["A2"].value.endswith(f"Stand: {datetime.date.today():%d.%m.%Y}")
    assert sheet["A4"].value == "Maßnahme"
    assert sheet.freeze_panes == "A5"
    assert sheet.print_title_rows == "$4:$4"
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    descriptions = [row[0].value for row in sheet.iter_rows(min_row=5)]
    assert descriptions[0].startswith("=HYPERLINK")  # text, not a formula
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert len(descriptions) == 2  # the organiser may read VS-NfD
    width = sheet.column_dimensions["A"].width
    assert width >= len("Streife am Bahnhof")


def test_attendance_workbook_has_title_stand_and_print_setup(
    organiser_client, conference
):
    InvitationFactory(conference=conference, answer=Invitation.Answer.ACCEPTED)

    sheet = read_xlsx(
        organiser_client.get(
            reverse("invitations:attendance-xlsx", args=[conference.pk])
        ).content
    ).worksheets[0]

    assert sheet["A1"].value.startswith("Teilnehmende – ")
    assert "Stand:" in sheet["A2"].value
    assert sheet["A4"].value == "Behörde"
    assert sheet.print_title_rows == "$4:$4"
    assert sheet.page_setup.orientation == "landscape"
    authority_width = sheet.column_dimensions["A"].width
    assert authority_width >= len(sheet["A5"].value)
