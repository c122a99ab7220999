"""A full disk (issue 29): an attachment that cannot be stored answers with
a German form error, keeps the form input and leaves no file and no row."""

import errno
import os

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from tagesordnung.agenda import services
from tagesordnung.agenda.models import Attachment
from tests.factories import PDF_BYTES

pytestmark = pytest.mark.django_db

MESSAGE = "Speicherplatz erschöpft – bitte später erneut versuchen"


@pytest.fixture
def media(tmp_path, settings):
    storages = {**settings.STORAGES}
    storages["default"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(tmp_path)},
    }
    with override_settings(STORAGES=storages, MEDIA_ROOT=str(tmp_path)):
        yield tmp_path


@pytest.fixture
def full_disk(monkeypatch):
    """The store writes a part of the file, then the disk is full."""

    def save(self, name, content):
        path = self.path(name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as half:
            half.write(b"%PDF-1.4 half")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileSystemStorage, "_save", save)


def _files(root):
    return [p for p in root.rglob("*") if p.is_file()]


def test_the_form_says_so_keeps_its_input_and_nothing_is_left(
    organiser_client, item, media, full_disk
):
    response = organiser_client.post(
        reverse("tagesordnung:attachment-upload", args=[item.pk]),
        {
            "file": SimpleUploadedFile("lage.pdf", PDF_BYTES, "application/pdf"),
            "classification": "vs_nfd",
        },
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert MESSAGE in page
    # The form as it was sent: the chosen classification is still selected.
    form = response.context["attachment_form"]
    assert form.is_bound
    assert form.non_field_errors() == [MESSAGE + "."]
    assert form["classification"].value() == "vs_nfd"
    assert not Attachment.objects.exists()
    assert _files(media) == []


def test_the_service_raises_storage_full_and_leaves_nothing(
    organiser, item, media, full_disk
):
    with pytest.raises(services.StorageFull):
        services.attachment_add(
            item=item,
            upload=SimpleUploadedFile("lage.pdf", PDF_BYTES, "application/pdf"),
            classification="internal",
            user=organiser,
        )
    assert not Attachment.objects.exists()
    assert _files(media) == []


def test_a_failing_row_takes_its_file_along(organiser, item, media, monkeypatch):
    def broken(self, *args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(Attachment, "save", broken)
    with pytest.raises(RuntimeError):
        services.attachment_add(
            item=item,
            upload=SimpleUploadedFile("lage.pdf", PDF_BYTES, "application/pdf"),
            classification="internal",
            user=organiser,
        )
    assert _files(media) == []


def test_other_os_errors_are_not_called_a_full_disk(
    organiser, item, media, monkeypatch
):
    def save(self, name, content):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(FileSystemStorage, "_save", save)
    with pytest.raises(PermissionError):
        services.attachment_add(
            item=item,
            upload=SimpleUploadedFile("lage.pdf", PDF_BYTES, "application/pdf"),
            classification="internal",
            user=organiser,
        )
    assert not Attachment.objects.exists()


def test_an_upload_that_fits_is_stored(organiser, item, media):
    attachment = services.attachment_add(
        item=item,
        upload=SimpleUploadedFile("lage.pdf", PDF_BYTES, "application/pdf"),
        classification="internal",
        user=organiser,
    )
    assert (media / attachment.file.name).read_bytes() == PDF_BYTES
