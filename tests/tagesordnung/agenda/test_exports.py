import io

import pytest
from django.urls import reverse
from docx import Document

from konferenz.core.classification import Audience, Classification
from konferenz.documents.marking import VS_NFD_MARKING
from tagesordnung.agenda.exports import agenda_docx, agenda_pdf
from tests.factories import AgendaItemFactory, ConferenceFactory
from tests.helpers import docx_text, pdf_pages

pytestmark = pytest.mark.django_db

CANARY = "Kanarienvogel4711"


@pytest.fixture
def conference(police_authority):
    conference = ConferenceFactory(
        police_authority=police_authority, title="Sicherheitskonferenz Teststadt"
    )
    AgendaItemFactory(
        conference=conference,
        position=1,
        title="Allgemeine Sicherheitslage",
        classification=Classification.PUBLIC,
        presenter_name="Dr. Erika Muster",
        presenter_authority="Polizeipräsidium Teststadt",
    )
    AgendaItemFactory(
        conference=conference,
        position=2,
        title="Hafen Graf Bismarck",
        classification=Classification.INTERNAL,
    )
    AgendaItemFactory(
        conference=conference,
        position=3,
        title=f"Clanstrukturen {CANARY}",
        description=f"Ermittlungsstand {CANARY}",
        presenter_name=f"Referent {CANARY}",
        classification=Classification.VS_NFD,
    )
    return conference


def test_participant_pdf_has_no_vs_nfd_text_and_no_marking(conference):
    pages = pdf_pages(agenda_pdf(conference=conference, audience=Audience.PARTICIPANT))

    text = "\n".join(pages)
    assert CANARY not in text
    assert "Clanstrukturen" not in text
    assert "Allgemeine Sicherheitslage" in text
    assert "Hafen Graf Bismarck" in text
    assert "Dr. Erika Muster" in text
    assert "(Polizeipräsidium Teststadt)" in text
    assert "VS – NUR FÜR DEN DIENSTGEBRAUCH" not in text
    assert "Fassung für die Teilnehmenden" in text


def test_participant_docx_has_no_vs_nfd_text(conference):
    text = docx_text(agenda_docx(conference=conference, audience=Audience.PARTICIPANT))

    assert CANARY not in text
    assert "Hafen Graf Bismarck" in text
    assert "TOP 2" in text
    assert VS_NFD_MARKING not in text


def test_internal_pdf_is_marked_on_every_page(conference):
    for i in range(25):
        AgendaItemFactory(
            conference=conference,
            position=10 + i,
            title=f"Weiterer Punkt {i}",
            description="Lange Beschreibung. " * 8,
        )

    pages = pdf_pages(agenda_pdf(conference=conference, audience=Audience.STAFF_VS_NFD))

    assert len(pages) > 2
    assert all(VS_NFD_MARKING in page for page in pages)
    assert CANARY in "\n".join(pages)


def test_internal_docx_carries_the_marking_and_the_item(conference):
    data = agenda_docx(conference=conference, audience=Audience.STAFF_VS_NFD)

    document = Document(io.BytesIO(data))
    assert document.sections[0].header.paragraphs[0].text == VS_NFD_MARKING
    assert CANARY in docx_text(data)


def test_internal_version_without_vs_nfd_item_is_not_marked(police_authority):
    conference = ConferenceFactory(police_authority=police_authority)
    AgendaItemFactory(conference=conference, title="Nur intern")

    pages = pdf_pages(agenda_pdf(conference=conference, audience=Audience.STAFF_VS_NFD))

    assert VS_NFD_MARKING not in "\n".join(pages)
    assert "Nur intern" in pages[0]


def test_export_view_participant_pdf(organiser_client, conference):
    response = organiser_client.get(
        reverse("tagesordnung:agenda-export", args=[conference.pk, "pdf"]),
        {"fassung": "teilnehmende"},
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="Tagesordnung-2027-03-10-teilnehmende.pdf"'
    )
    assert CANARY not in "\n".join(pdf_pages(response.content))


def test_export_view_internal_docx_for_vs_nfd_staff(organiser_client, conference):
    response = organiser_client.get(
        reverse("tagesordnung:agenda-export", args=[conference.pk, "docx"]),
        {"fassung": "intern"},
    )

    assert response.status_code == 200
    assert CANARY in docx_text(response.content)


def test_export_view_internal_version_without_vs_nfd_right_is_403(
    client, reader, conference
):
    client.force_login(reader)

    response = client.get(
        reverse("tagesordnung:agenda-export", args=[conference.pk, "pdf"]),
        {"fassung": "intern"},
    )

    assert response.status_code == 403


def test_export_view_press_office_is_403(
    client, make_member, police_authority, conference
):
    client.force_login(make_member(police_authority, is_press_office=True))

    response = client.get(
        reverse("tagesordnung:agenda-export", args=[conference.pk, "pdf"])
    )

    assert response.status_code == 403


def test_export_view_other_tenant_and_unknown_format_are_404(
    organiser_client, conference
):
    other = ConferenceFactory()

    assert (
        organiser_client.get(
            reverse("tagesordnung:agenda-export", args=[other.pk, "pdf"])
        ).status_code
        == 404
    )
    assert (
        organiser_client.get(
            reverse("tagesordnung:agenda-export", args=[conference.pk, "html"])
        ).status_code
        == 404
    )
