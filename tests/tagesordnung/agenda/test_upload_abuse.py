"""Abuse of the attachment upload through the page, as an attacker would try it:
renamed file types, path tricks in the name, oversize files."""

from pathlib import Path, PurePosixPath

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from konferenz.core.classification import Classification
from konferenz.core.models import StoredFile
from tagesordnung.agenda.models import Attachment
from tests.factories import PDF_BYTES
from tests.helpers import docx_bytes, xlsx_bytes, zip_bytes

pytestmark = pytest.mark.django_db

NOT_ALLOWED = "Dieser Dateityp ist nicht erlaubt."


def _post(client, item, name, content, content_type="application/pdf"):
    return client.post(
        reverse("tagesordnung:attachment-upload", args=[item.pk]),
        {
            "file": SimpleUploadedFile(name, content, content_type=content_type),
            "classification": "internal",
        },
        follow=True,
    )


def _stored_files(settings):
    """What the store holds, and what landed on the disk (nothing)."""
    root = Path(settings.MEDIA_ROOT)
    on_disk = [p for p in root.rglob("*") if p.is_file()] if root.exists() else []
    return list(StoredFile.objects.values_list("name", flat=True)), on_disk


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("programm.pdf", b"MZ\x90\x00\x03\x00\x00\x00PE\x00\x00", NOT_ALLOWED),
        ("lage.pdf", b"<!DOCTYPE html><script>alert(1)</script>", NOT_ALLOWED),
        ("lage.pdf", b"<svg onload=alert(1)></svg>", NOT_ALLOWED),
        (
            "lage.docx",
            zip_bytes({"evil.html": "<script>alert(1)</script>"}),
            NOT_ALLOWED,
        ),
        (
            # Office content types but no Word document inside
            "lage.docx",
            zip_bytes({"[Content_Types].xml": "<Types/>", "x.js": "alert(1)"}),
            NOT_ALLOWED,
        ),
        ("lage.docx", b"PK\x03\x04 kaputt", NOT_ALLOWED),
        ("lage.pdf", docx_bytes(), "passt nicht zu ihrem Namen"),
        ("zahlen.pptx", xlsx_bytes(), "passt nicht zu ihrem Namen"),
        ("lage.pdf.html", PDF_BYTES, "passt nicht zu ihrem Namen"),
        ("lage.exe", PDF_BYTES, "passt nicht zu ihrem Namen"),
        ("lage", PDF_BYTES, "passt nicht zu ihrem Namen"),
    ],
    ids=[
        "exe-renamed-pdf",
        "html-renamed-pdf",
        "svg-renamed-pdf",
        "zip-renamed-docx",
        "zip-with-content-types-only",
        "broken-zip",
        "docx-renamed-pdf",
        "xlsx-renamed-pptx",
        "pdf-named-html",
        "pdf-named-exe",
        "no-extension",
    ],
)
def test_renamed_or_foreign_file_is_refused_and_nothing_stored(
    organiser_client, item, settings, name, content, message
):
    response = _post(organiser_client, item, name, content)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Die Datei wurde angehängt." not in response.content.decode()
    assert not Attachment.objects.exists()
    assert _stored_files(settings) == ([], [])


def test_oversize_file_is_refused_with_german_message(organiser_client, item, settings):
    settings.SIKO_ATTACHMENT_MAX_MB = 1
    content = PDF_BYTES + b"0" * (1024 * 1024)

    response = _post(organiser_client, item, "gross.pdf", content)

    assert "Die Datei ist größer als 1 MB." in response.content.decode()
    assert not Attachment.objects.exists()
    assert _stored_files(settings) == ([], [])


def test_file_just_at_the_limit_is_accepted(organiser_client, item, settings):
    settings.SIKO_ATTACHMENT_MAX_MB = 1
    content = PDF_BYTES + b"0" * (1024 * 1024 - len(PDF_BYTES))

    response = _post(organiser_client, item, "genau.pdf", content)

    assert "Die Datei wurde angehängt." in response.content.decode()
    assert Attachment.objects.get().size == 1024 * 1024


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\system32\\lage.pdf", "lage.pdf"),
        ("/var/www/siko/static/lage.pdf", "lage.pdf"),
        ("lage\x00.pdf", "lage.pdf"),
        ("la\x1bge\x7f.pdf", "lage.pdf"),
        ("%2e%2e%2fgeheim.pdf", "%2e%2e%2fgeheim.pdf"),
        ("<script>alert(1)<%2Fscript>.pdf", "<script>alert(1)<%2Fscript>.pdf"),
    ],
    ids=["dotdot", "backslashes", "absolute", "nul", "control", "encoded", "html"],
)
def test_hostile_file_name_never_reaches_the_file_system(
    organiser_client, item, settings, name, shown
):
    response = _post(organiser_client, item, name, PDF_BYTES)

    attachment = Attachment.objects.get()
    stored = PurePosixPath(attachment.file.name)
    assert "Die Datei wurde angehängt." in response.content.decode()
    assert attachment.original_name == shown
    assert stored.parent == PurePosixPath("tagesordnung")
    assert stored.name.endswith(".pdf")
    assert len(stored.stem) == 32  # a random hex name, nothing of the user's
    assert "passwd" not in stored.name and "lage" not in stored.name
    assert _stored_files(settings) == ([str(stored)], [])
    assert "<script>alert(1)" not in response.content.decode()


def test_service_cleans_a_hostile_name_given_directly(item, organiser, settings):
    """Names reach the service unparsed from other paths (copying, imports)."""
    from tagesordnung.agenda import services

    attachment = services.attachment_add(
        item=item,
        upload=SimpleUploadedFile("../../etc/pass\x00wd.pdf", PDF_BYTES),
        classification=Classification.INTERNAL,
        user=organiser,
    )

    assert attachment.original_name == "passwd.pdf"
    assert PurePosixPath(attachment.file.name).parent == PurePosixPath("tagesordnung")


def test_download_sends_the_clean_name_as_attachment(organiser_client, item):
    _post(organiser_client, item, "../../etc/passwd.pdf", PDF_BYTES)
    attachment = Attachment.objects.get()

    response = organiser_client.get(
        reverse("tagesordnung:attachment-download", args=[attachment.pk])
    )

    assert response["Content-Disposition"] == 'attachment; filename="passwd.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
