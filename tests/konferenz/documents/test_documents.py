import datetime
import io

import pytest
from django.test import override_settings
from docx import Document
from docx.shared import RGBColor
from icalendar import Calendar

from konferenz.documents.docx import document_bytes, new_document
from konferenz.documents.ics import calendar_bytes, conference_event, conference_uid
from konferenz.documents.marking import (
    INTERNAL_MARKING,
    VS_NFD_MARKING,
    document_marking,
)
from konferenz.documents.pdf import render_pdf
from tests.factories import ConferenceFactory

pytestmark = pytest.mark.django_db


@override_settings(SITE_URL="https://siko.polizei.nrw.example")
def test_ics_has_stable_uid_and_berlin_start():
    conference = ConferenceFactory(
        date=datetime.date(2027, 10, 27),
        start_time=datetime.time(9, 30),
        end_time=datetime.time(12, 0),
        venue_name="Kreishaus",
    )

    data = calendar_bytes(
        [conference_event(conference, attendee=("Petra Muster", "p@sta.example"))],
        method="REQUEST",
    )
    again = calendar_bytes([conference_event(conference)])

    calendar = Calendar.from_ical(data)
    event = calendar.walk("VEVENT")[0]
    assert calendar["METHOD"] == "REQUEST"
    assert str(event["UID"]) == f"siko-conference-{conference.pk}@siko.polizei.nrw.de"
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event["DTSTART"].dt == datetime.datetime(
        2027, 10, 27, 9, 30, tzinfo=event["DTSTART"].dt.tzinfo
    )
    assert str(event["LOCATION"]).startswith("Kreishaus")
    assert str(event["ATTENDEE"]) == "mailto:p@sta.example"
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Berlin"
    assert str(Calendar.from_ical(again).walk("VEVENT")[0]["UID"]) == conference_uid(
        conference
    )


def test_calendar_uid_does_not_depend_on_the_host_name(settings):
    """Issue 31: moving SiKo to a new host name must not duplicate every
    entry in the partners' calendars."""
    conference = ConferenceFactory()
    settings.SITE_URL = "https://siko.polizei.nrw.example"
    before = conference_uid(conference)
    settings.SITE_URL = "https://konferenzen.polizei.nrw.example"
    after = conference_uid(conference)
    settings.SIKO_CALENDAR_DOMAIN = "siko.kpb-dueren.example"
    chosen = conference_uid(conference)

    assert before == after == f"siko-conference-{conference.pk}@siko.polizei.nrw.de"
    assert chosen == f"siko-conference-{conference.pk}@siko.kpb-dueren.example"


def test_pdf_carries_the_marking_at_the_top_of_every_page(tmp_path):
    from tests.helpers import pdf_page_tops, pdf_pages

    rows = "".join(f"<p>Absatz {i}</p>" for i in range(120))
    html = (
        '{% extends "pdf/base.html" %}{% block content %}<h1>Test</h1>'
        + rows
        + "{% endblock %}"
    )
    template = tmp_path / "t.html"
    template.write_text(html)
    day = datetime.date(2027, 3, 10)
    with override_settings(
        TEMPLATES=[
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "DIRS": [tmp_path, *_template_dirs()],
                "APP_DIRS": True,
            }
        ]
    ):
        marked = render_pdf(
            template_name="t.html",
            context={},
            marking=document_marking(
                level="vs_nfd", file_reference="ZA 1.2 – 57.01.01", date=day
            ),
        )
        internal = render_pdf(
            template_name="t.html",
            context={},
            marking=document_marking(level="internal", date=day),
        )

    tops = pdf_page_tops(marked)
    assert len(tops) >= 3
    for top in tops:
        assert VS_NFD_MARKING in top
        assert "Gz.: ZA 1.2 – 57.01.01 – VS-NfD · Stand: 10.03.2027" in top
    assert all(INTERNAL_MARKING in top for top in pdf_page_tops(internal))
    assert all(VS_NFD_MARKING not in page for page in pdf_pages(internal))
    assert "Seite 1 von" in pdf_pages(marked)[0]


def _template_dirs():
    from django.conf import settings

    return settings.TEMPLATES[0]["DIRS"]


def test_docx_is_german_numbered_sober_and_marked():
    document = new_document(
        title="Tagesordnung",
        authority_name="Polizei X",
        marking=document_marking(
            level="vs_nfd", file_reference="ZA 1", authority="Polizei X"
        ),
    )
    document.add_heading("TOP 1", level=2)
    document.add_paragraph("Inhalt")

    parsed = Document(io.BytesIO(document_bytes(document)))

    header = [p.text for p in parsed.sections[0].header.paragraphs]
    assert header[0] == VS_NFD_MARKING
    assert "Gz.: ZA 1 – VS-NfD" in header[1]
    footer_xml = parsed.sections[0].footer._element.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml
    styles_xml = parsed.styles.element.xml
    assert 'w:val="de-DE"' in styles_xml
    assert 'w:val="en-US"' not in styles_xml
    assert parsed.styles["Heading 2"].font.color.rgb == RGBColor(0, 0, 0)
    properties = parsed.core_properties
    assert (properties.author, properties.title) == ("Polizei X", "Tagesordnung")
    assert properties.created.year == datetime.date.today().year
    assert properties.language == "de-DE"
    assert "Inhalt" in [p.text for p in parsed.paragraphs]
