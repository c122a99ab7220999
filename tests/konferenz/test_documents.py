import datetime
import io

import pytest
from django.test import override_settings
from docx import Document
from icalendar import Calendar

from konferenz.ics import calendar_bytes, conference_event, conference_uid
from konferenz.pdf import VS_NFD_MARKING, render_pdf
from konferenz.word import document_bytes, new_document
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
    assert (
        str(event["UID"]) == f"siko-conference-{conference.pk}@siko.polizei.nrw.example"
    )
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


def test_pdf_carries_vs_nfd_marking_on_every_page(tmp_path):
    from tests.pdftext import pdf_pages

    rows = "".join(f"<p>Absatz {i}</p>" for i in range(120))
    html = (
        '{% extends "pdf/base.html" %}{% block content %}<h1>Test</h1>'
        + rows
        + "{% endblock %}"
    )
    template = tmp_path / "t.html"
    template.write_text(html)
    with override_settings(
        TEMPLATES=[
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "DIRS": [tmp_path, *_template_dirs()],
                "APP_DIRS": True,
            }
        ]
    ):
        marked = render_pdf(template_name="t.html", context={"vs_nfd": True})
        plain = render_pdf(template_name="t.html", context={"vs_nfd": False})

    pages = pdf_pages(marked)
    assert len(pages) >= 3
    assert all(VS_NFD_MARKING in page for page in pages)
    assert all(VS_NFD_MARKING not in page for page in pdf_pages(plain))


def _template_dirs():
    from django.conf import settings

    return settings.TEMPLATES[0]["DIRS"]


def test_docx_header_marks_vs_nfd():
    document = new_document(
        title="Tagesordnung", authority_name="Polizei X", vs_nfd=True
    )
    document.add_paragraph("Inhalt")

    parsed = Document(io.BytesIO(document_bytes(document)))

    assert parsed.sections[0].header.paragraphs[0].text == VS_NFD_MARKING
    assert "Inhalt" in [p.text for p in parsed.paragraphs]
