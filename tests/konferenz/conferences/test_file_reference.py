"""Issue 31: a real Geschäftszeichen on every document. The authority keeps
a pattern in its settings (Aktenplan prefix, running number and year); a new
conference takes its Geschäftszeichen from it, and the organiser may edit it."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document

from konferenz.conferences import services
from konferenz.core.file_references import DEFAULT_PATTERN
from konferenz.core.models import Conference, PoliceAuthority
from konferenz.press import services as press_services
from teilnehmer.invitations.models import Invitation
from tests.factories import AgendaItemFactory, ConferenceFactory, InvitationFactory
from tests.helpers import pdf_page_tops, read_xlsx

pytestmark = pytest.mark.django_db

DATA = {
    "title": "Sicherheitskonferenz 2030",
    "kind": Conference.Kind.MAIN,
    "date": "2030-03-12",
    "start_time": "09:30",
    "end_time": "12:30",
    "venue_name": "Kreishaus",
    "mode": Conference.Mode.IN_PERSON,
}


@pytest.fixture
def settings_client(client, make_member, police_authority):
    client.force_login(make_member(police_authority, is_authority_admin=True))
    return client


def test_a_new_authority_has_a_sensible_default_pattern(police_authority):
    first = ConferenceFactory(
        police_authority=police_authority, date=datetime.date(2030, 3, 12)
    )
    second = ConferenceFactory(
        police_authority=police_authority, date=datetime.date(2030, 9, 1)
    )
    next_year = ConferenceFactory(
        police_authority=police_authority, date=datetime.date(2031, 3, 11)
    )

    code = police_authority.press_code
    assert police_authority.file_reference_pattern == DEFAULT_PATTERN
    assert first.file_reference == f"{code} – SiKo 1/2030"
    assert second.file_reference == f"{code} – SiKo 2/2030"
    assert next_year.file_reference == f"{code} – SiKo 1/2031"


def test_every_preloaded_authority_has_a_pattern():
    assert not PoliceAuthority.objects.filter(file_reference_pattern="").exists()


def test_the_authority_admin_sets_the_pattern(settings_client, police_authority):
    response = settings_client.post(
        reverse("konferenz:authority-settings"),
        {
            "version": police_authority.version,
            "file_reference_pattern": "ZA 1.2 – 57.01 – {number}/{year}",
        },
    )
    police_authority.refresh_from_db()
    conference = ConferenceFactory(
        police_authority=police_authority, date=datetime.date(2030, 3, 12)
    )

    assert response.status_code == 302
    assert conference.file_reference == "ZA 1.2 – 57.01 – 1/2030"


def test_an_unknown_placeholder_is_a_german_form_error(
    settings_client, police_authority
):
    response = settings_client.post(
        reverse("konferenz:authority-settings"),
        {"version": police_authority.version, "file_reference_pattern": "ZA {jahr}"},
    )

    police_authority.refresh_from_db()
    page = response.content.decode()
    assert response.status_code == 400
    assert "{jahr}" in page  # what the user typed stays
    assert "Unbekannter Platzhalter" in page
    assert police_authority.file_reference_pattern == DEFAULT_PATTERN


def test_the_organiser_may_edit_the_file_reference_and_empty_restores_it(
    organiser_client, police_authority
):
    police_authority.file_reference_pattern = "ZA 1.2 – 57.01 – {number}/{year}"
    police_authority.save()

    organiser_client.post(reverse("konferenz:conference-create"), DATA)
    conference = Conference.objects.get(title=DATA["title"])
    form = organiser_client.get(
        reverse("konferenz:conference-edit", args=[conference.pk])
    ).content.decode()
    organiser_client.post(
        reverse("konferenz:conference-edit", args=[conference.pk]),
        {**DATA, "version": 1, "file_reference": "ZA 1.2 – 57.01.05 – 3/2030"},
    )
    edited = Conference.objects.get(pk=conference.pk)
    organiser_client.post(
        reverse("konferenz:conference-edit", args=[conference.pk]),
        {**DATA, "version": 2, "file_reference": ""},
    )
    emptied = Conference.objects.get(pk=conference.pk)

    assert conference.file_reference == "ZA 1.2 – 57.01 – 1/2030"
    assert 'value="ZA 1.2 – 57.01 – 1/2030"' in form
    assert edited.file_reference == "ZA 1.2 – 57.01.05 – 3/2030"
    assert emptied.file_reference == "ZA 1.2 – 57.01 – 1/2030"


def test_a_copy_gets_its_own_file_reference(police_authority):
    source = ConferenceFactory(
        police_authority=police_authority, date=datetime.date(2030, 3, 12)
    )

    initial = services.copy_initial(source, today=datetime.date(2030, 4, 1))

    assert source.file_reference.endswith("1/2030")
    assert initial["file_reference"] == ""


def test_documents_show_the_file_reference(
    organiser_client, organiser, police_authority
):
    police_authority.file_reference_pattern = "ZA 1.2 – 57.01 – {number}/{year}"
    police_authority.save()
    conference = ConferenceFactory(
        police_authority=police_authority,
        date=datetime.date.today() - datetime.timedelta(days=3),
        status=Conference.Status.HELD,
    )
    AgendaItemFactory(conference=conference, classification="public")
    InvitationFactory(conference=conference, answer=Invitation.Answer.ACCEPTED)
    press_services.press_release_generate(conference=conference, user=organiser)
    reference = conference.file_reference
    pk = conference.pk

    def get(name, *args, query=""):
        return organiser_client.get(reverse(name, args=args) + query).content

    agenda = get("tagesordnung:agenda-export", pk, "pdf", query="?fassung=intern")
    sheet = get("invitations:signin-sheet", pk)
    press_pdf = get("konferenz:press-release-export", pk, "pdf")
    press_docx = Document(io.BytesIO(get("konferenz:press-release-export", pk, "docx")))
    attendance = read_xlsx(get("invitations:attendance-xlsx", pk)).active

    assert reference.startswith("ZA 1.2 – 57.01 – ")
    for name, pdf in {"agenda": agenda, "sheet": sheet, "press": press_pdf}.items():
        assert f"Gz.: {reference}" in pdf_page_tops(pdf)[0], name
    header = [p.text for p in press_docx.sections[0].header.paragraphs]
    assert any(f"Gz.: {reference}" in line for line in header)
    assert f"Gz.: {reference}" in attendance["A2"].value


def test_every_demo_conference_has_a_real_looking_file_reference(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())

    demo = Conference.objects.filter(police_authority__press_code__in=["DN", "GE"])
    references = list(demo.values_list("file_reference", flat=True))
    assert references
    assert all(" – 57.01" in reference for reference in references), references
    assert all(reference[-4:].isdigit() for reference in references)
