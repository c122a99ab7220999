"""A full store (issue 29): files are rows in the database
(konferenz/core/dbstorage.py); an attachment the database has no room for
answers with a German form error, keeps the form input and leaves no
stored file and no attachment row."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.urls import reverse

from konferenz.core.models import StoredFile
from tagesordnung.agenda import services
from tagesordnung.agenda.models import Attachment
from tests.factories import PDF_BYTES
from tests.helpers import store_is_full, store_refuses_inserts

pytestmark = pytest.mark.django_db

MESSAGE = "Speicherplatz erschöpft – bitte später erneut versuchen"
#: Larger than any free space left in the database's pages.
LARGE_PDF = PDF_BYTES + b"%" + bytes(range(256)) * 1024 + b"\n%%EOF\n"


def _upload(content=LARGE_PDF):
    return SimpleUploadedFile("lage.pdf", content, "application/pdf")


def _nothing_stored():
    return not Attachment.objects.exists() and not StoredFile.objects.exists()


def test_the_form_says_so_keeps_its_input_and_nothing_is_left(
    organiser_client, item, settings, tmp_path
):
    with store_is_full():
        response = organiser_client.post(
            reverse("tagesordnung:attachment-upload", args=[item.pk]),
            {"file": _upload(), "classification": "vs_nfd"},
        )

    assert response.status_code == 200
    page = response.content.decode()
    assert MESSAGE in page
    # The form as it was sent: the chosen classification is still selected.
    form = response.context["attachment_form"]
    assert form.is_bound
    assert form.non_field_errors() == [MESSAGE + "."]
    assert form["classification"].value() == "vs_nfd"
    assert _nothing_stored()


def test_the_service_raises_storage_full_and_leaves_nothing(organiser, item):
    with store_is_full(), pytest.raises(services.StorageFull):
        services.attachment_add(
            item=item, upload=_upload(), classification="internal", user=organiser
        )
    assert _nothing_stored()
    # The database works on as before.
    services.attachment_add(
        item=item, upload=_upload(), classification="internal", user=organiser
    )
    assert StoredFile.objects.count() == 1


def test_a_failing_row_takes_its_file_along(organiser, item, monkeypatch):
    def broken(self, *args, **kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(Attachment, "save", broken)
    with pytest.raises(RuntimeError):
        services.attachment_add(
            item=item, upload=_upload(), classification="internal", user=organiser
        )
    assert not StoredFile.objects.exists()


def test_other_database_errors_are_not_called_a_full_disk(organiser, item):
    with store_refuses_inserts("23514"), pytest.raises(IntegrityError):
        services.attachment_add(
            item=item, upload=_upload(), classification="internal", user=organiser
        )
    assert _nothing_stored()


def test_an_upload_that_fits_is_stored(organiser, item, settings):
    attachment = services.attachment_add(
        item=item, upload=_upload(), classification="internal", user=organiser
    )
    stored = StoredFile.objects.get(name=attachment.file.name)
    assert bytes(stored.content) == LARGE_PDF
    assert stored.size == len(LARGE_PDF)
    assert stored.sha256 == hashlib.sha256(LARGE_PDF).hexdigest()
