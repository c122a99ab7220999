"""Every document SiKo writes opens for everyone:

- every DOCX and XLSX in an independent office suite: LibreOffice (headless)
  converts each one to PDF (issue 18). Slow; skipped where ``soffice`` is not
  installed (``.ci/run`` installs it).
- every PDF with a screen reader (issue 31, BITV 2.0 / EN 301 549): tagged,
  with a structure tree, headings, table headers, language and title.
"""

import datetime
import shutil
import subprocess  # noqa: S404 - runs LibreOffice on files the test wrote
from pathlib import Path

import pytest
from django.urls import reverse

from konferenz.core.classification import Classification
from konferenz.core.models import Conference
from konferenz.press import services as press_services
from tagesordnung.minutes import services as minutes_services
from teilnehmer.partner.content import minutes_pdf_for_partner
from tests.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    ConferenceFactory,
    InvitationFactory,
    MembershipFactory,
)
from tests.helpers import pdf_accessibility

pytestmark = pytest.mark.django_db

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.slow
@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_opens_every_docx_and_xlsx(
    organiser_client, organiser, police_authority, tmp_path, settings
):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
    }
    conference = ConferenceFactory(
        police_authority=police_authority,
        date=datetime.date.today() - datetime.timedelta(days=7),
        status=Conference.Status.HELD,
    )
    AgendaItemFactory(conference=conference, classification="public", title="Lage")
    minutes = minutes_services.minutes_ensure(conference=conference)
    ActionItemFactory(entry=minutes.entries.get(), classification="public")
    InvitationFactory(conference=conference, attended=True)
    press_services.press_release_generate(conference=conference, user=organiser)
    pk = conference.pk
    urls = {
        "agenda.docx": reverse("tagesordnung:agenda-export", args=[pk, "docx"]),
        "minutes.docx": reverse("tagesordnung:minutes-export", args=[pk, "docx"])
        + "?fassung=intern",
        "press.docx": reverse("konferenz:press-release-export", args=[pk, "docx"]),
        "attendance.xlsx": reverse("invitations:attendance-xlsx", args=[pk]),
        "actions.xlsx": reverse("tagesordnung:action-list-xlsx"),
        "addressbook.xlsx": reverse("teilnehmer:export") + "?format=xlsx",
    }
    files = []
    for name, url in urls.items():
        response = organiser_client.get(url)
        assert response.status_code == 200, name
        path = tmp_path / name
        path.write_bytes(response.content)
        files.append(path)

    result = subprocess.run(  # noqa: S603 - fixed arguments, files of this test
        [
            SOFFICE,
            "--headless",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path / "pdf"),
            *map(str, files),
        ],
        capture_output=True,
        timeout=240,
        check=False,
    )

    converted = {p.stem for p in Path(tmp_path / "pdf").glob("*.pdf")}
    assert converted == {p.stem for p in files}, result.stderr.decode()
    assert all(p.stat().st_size > 1000 for p in Path(tmp_path / "pdf").glob("*.pdf"))


def test_every_pdf_is_tagged_with_language_title_headings_and_table_headers(
    organiser_client, organiser, police_authority, django_capture_on_commit_callbacks
):
    conference = ConferenceFactory(
        police_authority=police_authority,
        title="Sicherheitskonferenz 2026",
        date=datetime.date.today() - datetime.timedelta(days=7),
        status=Conference.Status.HELD,
    )
    for position, level in enumerate(Classification.values, start=1):
        AgendaItemFactory(
            conference=conference, position=position, classification=level
        )
    minutes = minutes_services.minutes_ensure(conference=conference, user=organiser)
    present = InvitationFactory(conference=conference, attended=True)
    minutes_services.minutes_submit(
        minutes=minutes, comments_until=datetime.date(2099, 1, 1), user=organiser
    )
    head = MembershipFactory(police_authority=police_authority, is_head=True).user
    with django_capture_on_commit_callbacks(execute=True):
        minutes_services.minutes_approve(minutes=minutes, user=head, period_ok=True)
    minutes_services.minutes_distribute(
        minutes=minutes, invitation_ids=[present.pk], user=organiser
    )
    press_services.press_release_generate(conference=conference, user=organiser)
    pk = conference.pk
    agenda = reverse("tagesordnung:agenda-export", args=[pk, "pdf"])
    minutes_pdf = reverse("tagesordnung:minutes-export", args=[pk, "pdf"])
    routes = {
        "agenda (internal)": (agenda + "?fassung=intern", "Tagesordnung"),
        "agenda (participants)": (agenda + "?fassung=teilnehmende", "Tagesordnung"),
        "minutes (internal)": (minutes_pdf + "?fassung=intern", "Protokoll"),
        "minutes (participants)": (
            minutes_pdf + "?fassung=teilnehmende",
            "Protokoll",
        ),
        "minutes (archive copy)": (
            reverse("tagesordnung:minutes-archive", args=[pk, 1]),
            "Protokoll",
        ),
        "sign-in sheet": (
            reverse("invitations:signin-sheet", args=[pk]),
            "Anwesenheitsliste",
        ),
        "information (Art. 15)": (
            reverse("teilnehmer:contact-data-export-pdf", args=[present.contact.pk]),
            "Auskunft",
        ),
        "press release": (
            reverse("konferenz:press-release-export", args=[pk, "pdf"]),
            "Sicherheitskonferenz",
        ),
    }
    documents = {}
    for name, (url, title) in routes.items():
        response = organiser_client.get(url)
        assert response.status_code == 200, name
        body = (
            b"".join(response.streaming_content)
            if response.streaming
            else response.content
        )
        documents[name] = (body, title)
    documents["minutes (partner page)"] = (
        minutes_pdf_for_partner(present),
        "Protokoll",
    )

    for name, (data, title) in documents.items():
        found = pdf_accessibility(data)
        assert found.has_structure_tree, name
        assert found.tagged, name
        assert found.lang == "de-DE", name
        assert title in found.title, (name, found.title)
        assert found.displays_title, name
        assert "H1" in found.tags, name
        assert "P" in found.tags, name
        if "Table" in found.tags:
            assert "TH" in found.tags, name
            assert found.cells_have_headers, name
