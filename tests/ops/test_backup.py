"""Backup and restore (issue 29): one archive of the database, which holds
every stored file (konferenz/core/dbstorage.py); a restore into an empty
database brings back every row and file, ends every session and renews
every change stamp; ``--encrypt`` and the restore of an encrypted archive."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client

from konferenz.core import backup, backupcrypt
from tests.factories import AttachmentFactory, ConferenceFactory

ROOT = Path(__file__).resolve().parent.parent.parent


def _counts(cursor, tables):
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 - table names from introspection
        counts[table] = cursor.fetchone()[0]
    return counts


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


def _restore(archive, tmp_path, database, *, key=None):
    db = connection.settings_dict
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DJANGO_SETTINGS_MODULE="konferenz.settings",
        DEBUG="1",
        SIKO_VAR_DIR=str(tmp_path / "var"),
        # Another host: its own, empty media folder – the files come from
        # the database.
        MEDIA_ROOT=str(tmp_path / "restored-media"),
        DATABASE_URL=(
            f"postgres://{db['USER']}:{db['PASSWORD'] or ''}"
            f"@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{database}"
        ),
    )
    env.pop("REDIS_URL", None)
    env.pop("SIKO_BACKUP_KEY", None)
    if key:
        env["SIKO_BACKUP_KEY"] = key
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "restore", str(archive)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def _connect(name):
    import psycopg2

    db = connection.settings_dict
    return psycopg2.connect(
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        dbname=name,
    )


@pytest.mark.django_db(transaction=True)
def test_backup_change_restore_round_trip(tmp_path, organiser, empty_database):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…)")

    first, _second = AttachmentFactory.create_batch(2)
    ConferenceFactory()
    Client().force_login(organiser)  # a session in the database
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        counts = _counts(cursor, tables)
        cursor.execute("SELECT key, token FROM konferenz_changestamp")
        stamps_before = dict(cursor.fetchall())
    assert counts["django_session"] >= 1
    files = backup.stored_files()
    assert len(files) == 2
    contents = {a.file.name: a.file.open("rb").read() for a in (first, _second)}

    call_command("backup", output_dir=str(tmp_path / "backups"))
    (archive,) = (tmp_path / "backups").glob("siko-backup-*.tar")
    call_command("backup", verify=str(archive))
    assert backup.read_manifest(archive)["files"] == {
        name: {"size": size, "sha256": digest} for name, (size, digest) in files.items()
    }

    # Changes after the backup: a row more, a file removed, a file added.
    ConferenceFactory()
    first.file.delete(save=False)
    first.delete()
    AttachmentFactory()

    result = _restore(archive, tmp_path, empty_database)
    assert result.returncode == 0, result.stderr
    assert "alle Sitzungen beendet" in result.stdout

    restored = _connect(empty_database)
    try:
        with restored.cursor() as cursor:
            after = _counts(cursor, tables)
            cursor.execute("SELECT key, token FROM konferenz_changestamp")
            stamps_after = dict(cursor.fetchall())
            # The files as backed up, hashed from the restored bytes.
            restored_files = backup.stored_files(cursor)
            cursor.execute("SELECT name, content FROM konferenz_storedfile")
            restored_contents = {n: bytes(c) for n, c in cursor.fetchall()}
    finally:
        restored.close()
    assert after.pop("django_session") == 0  # every login ends
    counts.pop("django_session")
    assert after == counts  # the state of the backup, not the later rows
    assert restored_files == files
    assert restored_contents == contents
    assert not (tmp_path / "restored-media").exists()  # nothing on a disk
    # Every stamp renewed: no cache entry from before matches again.
    assert set(stamps_after) >= set(stamps_before)
    assert all(stamps_after[key] != stamps_before[key] for key in stamps_before)

    # A second restore into the now filled database is refused.
    again = _restore(archive, tmp_path, empty_database)
    assert again.returncode != 0
    assert "ist nicht leer" in again.stderr


@pytest.mark.django_db(transaction=True)
def test_an_encrypted_backup_restores_with_its_key_only(
    tmp_path, empty_database, monkeypatch
):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…)")
    attachment = AttachmentFactory()
    content = attachment.file.open("rb").read()
    key = backupcrypt.new_key()
    monkeypatch.setenv("SIKO_BACKUP_KEY", key)

    call_command("backup", output_dir=str(tmp_path / "backups"), encrypt=True)
    (archive,) = (tmp_path / "backups").glob("siko-backup-*.tar.enc")
    assert archive.read_bytes().startswith(b"SIKOENC1")
    assert content not in archive.read_bytes()
    assert archive.stat().st_mode & 0o777 == 0o600
    call_command("backup", verify=str(archive))

    # Without the key, or with another, nothing is restored.
    assert "SIKO_BACKUP_KEY" in _restore(archive, tmp_path, empty_database).stderr
    wrong = _restore(archive, tmp_path, empty_database, key=backupcrypt.new_key())
    assert wrong.returncode != 0
    assert "kann nicht entschlüsselt werden" in wrong.stderr
    with _connect(empty_database) as fresh, fresh.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        assert cursor.fetchone()[0] == 0
    fresh.close()

    result = _restore(archive, tmp_path, empty_database, key=key)
    assert result.returncode == 0, result.stderr
    restored = _connect(empty_database)
    try:
        with restored.cursor() as cursor:
            cursor.execute("SELECT name, content FROM konferenz_storedfile")
            assert {n: bytes(c) for n, c in cursor.fetchall()} == {
                attachment.file.name: content
            }
    finally:
        restored.close()


def test_a_damaged_archive_is_detected(tmp_path):
    import io
    import json
    import tarfile

    archive = tmp_path / "siko-backup-x.tar"
    manifest = {
        "format": backup.FORMAT,
        "database": {"size": 1, "sha256": "0" * 64},
        "files": {},
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
