"""The file store in the database (issue 29; konferenz/core/dbstorage.py):
what one app server stores, every other reads – from the database, never
from a disk."""

import hashlib
import importlib

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from konferenz.core import dbstorage
from konferenz.core.models import StoredFile
from tagesordnung.agenda.models import Attachment
from tests.factories import PDF_BYTES, AgendaItemFactory

pytestmark = pytest.mark.django_db

DATA = bytes(range(256)) * 40  # 10 KiB


def test_the_default_storage_is_the_database(settings):
    assert settings.STORAGES["default"]["BACKEND"] == (
        "konferenz.core.dbstorage.DatabaseStorage"
    )
    name = default_storage.save("probe/a.bin", ContentFile(DATA))
    assert StoredFile.objects.filter(name=name).exists()


def test_round_trip_size_hash_and_delete():
    name = default_storage.save("ablage/lage.pdf", ContentFile(DATA))
    assert default_storage.exists(name)
    assert default_storage.size(name) == len(DATA)
    with default_storage.open(name) as stored:
        assert stored.read() == DATA
    row = StoredFile.objects.get(name=name)
    assert row.sha256 == hashlib.sha256(DATA).hexdigest()
    assert default_storage.listdir("ablage") == ([], ["lage.pdf"])
    default_storage.delete(name)
    assert not default_storage.exists(name)
    with pytest.raises(FileNotFoundError):
        default_storage.open(name)


def test_a_name_is_never_overwritten():
    first = default_storage.save("ablage/lage.pdf", ContentFile(b"eins"))
    second = default_storage.save("ablage/lage.pdf", ContentFile(b"zwei"))
    assert first != second
    assert default_storage.open(first).read() == b"eins"
    assert default_storage.open(second).read() == b"zwei"


def test_a_name_taken_at_the_same_moment_gets_another():
    """Another host inserts the name between the check and the insert."""
    taken = default_storage.save("ablage/lage.pdf", ContentFile(b"anderer Host"))
    storage = dbstorage.DatabaseStorage()
    name = storage._save(taken, ContentFile(b"dieser Host"))
    assert name != taken
    assert storage.open(taken).read() == b"anderer Host"
    assert storage.open(name).read() == b"dieser Host"


def test_reading_streams_block_by_block(monkeypatch):
    monkeypatch.setattr(dbstorage, "BLOCK", 4096)
    name = default_storage.save("ablage/gross.bin", ContentFile(DATA))
    with CaptureQueriesContext(connection) as queries:
        stored = default_storage.open(name)
        first = stored.read(100)
        stored.seek(5000)
        middle = stored.read(10)
        stored.seek(0)
        everything = stored.read()
    assert first == DATA[:100]
    assert middle == DATA[5000:5010]
    assert everything == DATA
    reads = [q["sql"] for q in queries.captured_queries if "substr" in q["sql"]]
    # Never the whole file in one query: at most a block each.
    assert len(reads) >= len(DATA) // 4096


def test_no_file_system_path():
    name = default_storage.save("ablage/lage.pdf", ContentFile(DATA))
    with pytest.raises(NotImplementedError):
        default_storage.path(name)


def test_a_download_through_another_host_comes_from_the_database(
    organiser, police_authority, tmp_path, settings
):
    """Host 1 takes the upload; host 2 – its own, empty media folder – sends
    the same bytes; neither wrote anything to a disk."""
    item = AgendaItemFactory(conference__police_authority=police_authority)
    host_1, host_2 = tmp_path / "host-1", tmp_path / "host-2"
    settings.MEDIA_ROOT = str(host_1)
    uploader = Client()
    uploader.force_login(organiser)
    uploader.post(
        reverse("tagesordnung:attachment-upload", args=[item.pk]),
        {
            "file": SimpleUploadedFile("lage.pdf", PDF_BYTES, "application/pdf"),
            "classification": "internal",
        },
    )
    attachment = Attachment.objects.get()

    settings.MEDIA_ROOT = str(host_2)
    reader = Client()
    reader.force_login(organiser)
    response = reader.get(
        reverse("tagesordnung:attachment-download", args=[attachment.pk])
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert response["Content-Length"] == str(len(PDF_BYTES))
    assert not host_1.exists() and not host_2.exists()


def test_the_migration_copies_the_old_media_folder_once(tmp_path, settings):
    """Files of SiKo before issue 29 below MEDIA_ROOT move into the store;
    a second run copies nothing twice; a missing file is counted."""
    migration = importlib.import_module(
        "tagesordnung.migrations.0009_files_into_database"
    )
    settings.MEDIA_ROOT = str(tmp_path)
    (tmp_path / "tagesordnung").mkdir()
    (tmp_path / "tagesordnung" / "alt.pdf").write_bytes(PDF_BYTES)
    item = AgendaItemFactory()
    Attachment.objects.bulk_create(
        [
            Attachment(
                item=item,
                file=name,
                original_name="Lage.pdf",
                content_type="application/pdf",
                size=len(PDF_BYTES),
            )
            for name in ("tagesordnung/alt.pdf", "tagesordnung/fehlt.pdf")
        ]
    )

    migration.copy_files(apps, None)
    migration.copy_files(apps, None)

    assert list(StoredFile.objects.values_list("name", flat=True)) == [
        "tagesordnung/alt.pdf"
    ]
    old = Attachment.objects.get(file="tagesordnung/alt.pdf")
    with old.file.open("rb") as stored:
        assert stored.read() == PDF_BYTES
    assert dbstorage.import_files(
        tmp_path, ["tagesordnung/alt.pdf", "tagesordnung/fehlt.pdf", "../x"]
    ) == (0, 1, 2)
