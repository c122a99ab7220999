"""Every DOCX and XLSX SiKo writes opens in an independent office suite:
LibreOffice (headless) converts each one to PDF (issue 18). Slow; skipped
where ``soffice`` is not installed (``.ci/run`` installs it)."""

import datetime
import shutil
import subprocess  # noqa: S404 - runs LibreOffice on files the test wrote
from pathlib import Path

import pytest
from django.urls import reverse

from konferenz.core.models import Conference
from konferenz.press import services as press_services
from tagesordnung.minutes import services as minutes_services
from tests.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    ConferenceFactory,
    InvitationFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


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
