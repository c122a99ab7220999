"""Backup and restore (issue 29): one archive of database and files; a
restore into an empty database brings back every row and file, ends every
session and renews every change stamp."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings

from konferenz.core import backup
from tests.factories import AttachmentFactory, ConferenceFactory

ROOT = Path(__file__).resolve().parent.parent.parent


def _counts(cursor, tables):
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - table names from introspection
        counts[table] = cursor.fetchone()[0]
    return counts


@pytest.fixture
def media(tmp_path, settings):
    root = tmp_path / "media"
    storages = {**settings.STORAGES}
    storages["default"] = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(root)},
    }
    with override_settings(STORAGES=storages, MEDIA_ROOT=str(root)):
        yield root


@pytest.fixture
def empty_database():
    import psycopg2

    db = connection.settings_dict
    name = f"siko_restore_test_{secrets.token_hex(4)}"
    admin = psycopg2.connect(
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        dbname="postgres",
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.mark.django_db(transaction=True)
def test_backup_change_restore_round_trip(tmp_path, media, organiser, empty_database):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…)")
    import psycopg2

    AttachmentFactory.create_batch(2)
    ConferenceFactory()
    Client().force_login(organiser)  # a session in the database
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        counts = _counts(cursor, tables)
        cursor.execute("SELECT key, token FROM konferenz_changestamp")
        stamps_before = dict(cursor.fetchall())
    assert counts["django_session"] >= 1
    files = backup.media_files(media)
    assert len(files) == 2

    call_command("backup", output_dir=str(tmp_path / "backups"))
    (archive,) = (tmp_path / "backups").glob("siko-backup-*.tar")
    call_command("backup", verify=str(archive))

    # Changes after the backup: a row more, a file changed.
    ConferenceFactory()
    first = sorted(media.rglob("*.*"))[0]
    first.write_bytes(b"changed after the backup")

    db = connection.settings_dict
    restored_media = tmp_path / "restored-media"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DJANGO_SETTINGS_MODULE="konferenz.settings",
        DEBUG="1",
        SIKO_VAR_DIR=str(tmp_path / "var"),
        MEDIA_ROOT=str(restored_media),
        DATABASE_URL=(
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}"
            f"@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{empty_database}"
        ),
    )
    env.pop("REDIS_URL", None)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "restore", str(archive)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "alle Sitzungen beendet" in result.stdout

    restored = psycopg2.connect(
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        dbname=empty_database,
    )
    try:
        with restored.cursor() as cursor:
            after = _counts(cursor, tables)
            cursor.execute("SELECT key, token FROM konferenz_changestamp")
            stamps_after = dict(cursor.fetchall())
    finally:
        restored.close()
    assert after.pop("django_session") == 0  # every login ends
    counts.pop("django_session")
    assert after == counts  # the state of the backup, not the later row
    assert backup.media_files(restored_media) == files  # the file as backed up
    # Every stamp renewed: no cache entry from before matches again.
    assert set(stamps_after) >= set(stamps_before)
    assert all(stamps_after[key] != stamps_before[key] for key in stamps_before)

    # A second restore into the now filled database is refused.
    again = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "restore", str(archive)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert again.returncode != 0
    assert "ist nicht leer" in again.stderr


def test_a_damaged_archive_is_detected(tmp_path):
    import io
    import json
    import tarfile

    archive = tmp_path / "siko-backup-x.tar"
    manifest = {
        "format": backup.FORMAT,
        "database": {"size": 1, "sha256": "0" * 64},
        "media": {},
        "migrations": [],
        "created_at": "x",
    }
    with tarfile.open(archive, "w") as tar:
        for name, data in (
            ("manifest.json", json.dumps(manifest).encode()),
            ("database.dump", b"x"),
        ):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    with pytest.raises(backup.BackupError):
        backup.verify(archive)
