"""One archive holding the database and every stored file (issue 29;
README, "Betrieb": Sicherung und Wiederherstellung).

``manage.py backup`` writes ``siko-backup-<YYYYmmdd-HHMMSS>.tar`` with

* ``database.dump`` – ``pg_dump --format=custom`` of the whole database,
  which holds every stored file too (attachments, archive copies: rows of
  ``StoredFile``, konferenz/core/dbstorage.py);
* ``manifest.json`` – when, the applied migrations, the PostgreSQL server
  version, the dump's SHA-256, and the size and SHA-256 of every stored
  file, computed by PostgreSQL from the bytes in the very snapshot that
  ``pg_dump`` writes (``pg_export_snapshot``), so a restore (or anybody
  checking a backup) can compare each one.

``--encrypt`` encrypts the archive (``….tar.enc``) with the key in
``SIKO_BACKUP_KEY`` (konferenz/core/backupcrypt.py); ``restore`` and
``--verify`` decrypt it with the same key.

``manage.py restore <archive>`` restores it into an **empty** database,
compares every stored file with the manifest, then ends every session (every
login ends) and renews every change stamp (konferenz/core/stamps.py), so no
cache entry from before the restore is used again – whatever Redis still
holds.

PostgreSQL only: on SQLite both refuse (copy the file ``var/siko.sqlite3``
while SiKo is stopped instead). ``pg_dump`` and ``pg_restore`` (Debian
package postgresql-client, same major version as the server or newer) must
be on the PATH. The password goes to them in the environment
(``PGPASSWORD``), never on a command line.
"""

import contextlib
import datetime
import hashlib
import io
import json
import os
import shutil
import subprocess  # noqa: S404 - pg_dump / pg_restore, fixed arguments
import tarfile
import tempfile
from pathlib import Path

from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext

from konferenz.core import backupcrypt

#: 2: the files are in the database (issue 29); 1 (with ``media/``) is no
#: longer read.
FORMAT = 2
FILES_SQL = (
    "SELECT name, size, encode(sha256(content), 'hex') "
    "FROM konferenz_storedfile ORDER BY name"
)


class BackupError(Exception):
    """The message is for the operator (German)."""


def _require_postgresql():
    if connection.vendor != "postgresql":
        raise BackupError(
            gettext(
                "backup and restore work with PostgreSQL only. With SQLite, stop "
                "SiKo and copy the database file instead."
            )
        )
    for program in ("pg_dump", "pg_restore"):
        if shutil.which(program) is None:
            raise BackupError(
                gettext("%(program)s is missing (apt-get install postgresql-client).")
                % {"program": program}
            )


def _pg_env():
    db = connection.settings_dict
    env = dict(os.environ)
    env.update(
        PGHOST=str(db.get("HOST") or ""),
        PGPORT=str(db.get("PORT") or ""),
        PGUSER=str(db.get("USER") or ""),
        PGDATABASE=str(db["NAME"]),
    )
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return {key: value for key, value in env.items() if value != ""}


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def stored_files(cursor=None):
    """{name: (size, sha256)} of every stored file, the hash computed from
    the bytes in the database (not the hash stored beside them)."""
    with contextlib.ExitStack() as stack:
        if cursor is None:
            cursor = stack.enter_context(connection.cursor())
        cursor.execute(FILES_SQL)
        return {name: (size, digest) for name, size, digest in cursor.fetchall()}


def backup(directory, *, now=None, encrypt=False):
    """Write the archive into ``directory``; its path. ``encrypt``: with the
    key of ``SIKO_BACKUP_KEY`` (BackupError without one)."""
    _require_postgresql()
    key = _key() if encrypt else None
    now = now or datetime.datetime.now().astimezone()
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"siko-backup-{now:%Y%m%d-%H%M%S}.tar"
    if key:
        target = target.with_name(target.name + backupcrypt.SUFFIX)
    with tempfile.TemporaryDirectory(prefix="siko-backup-") as tmp:
        dump = Path(tmp) / "database.dump"
        # The dump and the files' hashes from one snapshot of the database.
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            subprocess.run(  # noqa: S603
                [  # noqa: S607
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    "-f",
                    str(dump),
                ],
                env=_pg_env(),
                check=True,
            )
            files = stored_files(cursor)
            cursor.execute("SHOW server_version")
            server_version = cursor.fetchone()[0]
            migrations = sorted(
                f"{app}.{name}"
                for app, name in MigrationRecorder(connection).migration_qs.values_list(
                    "app", "name"
                )
            )
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(),
            "postgresql": server_version,
            "migrations": migrations,
            "database": {"size": dump.stat().st_size, "sha256": _sha256(dump)},
            "files": {name: {"size": s, "sha256": h} for name, (s, h) in files.items()},
        }
        plain = Path(tmp) / "archive.tar"
        with tarfile.open(plain, "w") as archive:
            data = json.dumps(manifest, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size, info.mtime = len(data), int(now.timestamp())
            archive.addfile(info, io.BytesIO(data))
            archive.add(dump, arcname="database.dump")
        partial = target.with_name(target.name + ".partial")
        if key:
            backupcrypt.encrypt_file(plain, partial, key)
        else:
            shutil.move(plain, partial)
        partial.chmod(0o600)
        partial.rename(target)
    return target


def _key():
    try:
        return backupcrypt.key_from_environment()
    except backupcrypt.CryptError as error:
        raise BackupError(str(error)) from error


@contextlib.contextmanager
def _plain(archive_path):
    """The archive as a plain tar file (decrypted into a temporary file)."""
    archive_path = Path(archive_path)
    if not backupcrypt.is_encrypted(archive_path):
        yield archive_path
        return
    key = _key()
    with tempfile.TemporaryDirectory(prefix="siko-decrypt-") as tmp:
        plain = Path(tmp) / "archive.tar"
        try:
            backupcrypt.decrypt_file(archive_path, plain, key)
        except backupcrypt.CryptError as error:
            raise BackupError(str(error)) from error
        yield plain


def read_manifest(archive_path):
    with _plain(archive_path) as plain, tarfile.open(plain) as archive:
        return json.load(archive.extractfile("manifest.json"))


def verify(archive_path):
    """Check every member against the manifest; the manifest, or BackupError."""
    with tempfile.TemporaryDirectory(prefix="siko-verify-") as tmp:
        manifest = _unpack(archive_path, Path(tmp))
    return manifest


def _unpack(archive_path, into):
    with _plain(archive_path) as plain, tarfile.open(plain) as archive:
        archive.extractall(into, filter="data")
    manifest = json.loads((into / "manifest.json").read_text())
    if manifest.get("format") != FORMAT:
        raise BackupError(gettext("This is no SiKo backup of a known format."))
    dump = into / "database.dump"
    if _sha256(dump) != manifest["database"]["sha256"]:
        raise BackupError(gettext("The database dump in the backup is damaged."))
    if not isinstance(manifest.get("files"), dict):
        raise BackupError(gettext("This is no SiKo backup of a known format."))
    return manifest


def _database_is_empty():
    return not connection.introspection.table_names()


def restore(archive_path):
    """Restore into an empty database; the manifest."""
    _require_postgresql()
    if not _database_is_empty():
        raise BackupError(
            gettext(
                "The database %(name)s is not empty: restore only into a new, empty "
                "database (createdb), never over a running SiKo."
            )
            % {"name": connection.settings_dict["NAME"]}
        )
    with tempfile.TemporaryDirectory(prefix="siko-restore-") as tmp:
        manifest = _unpack(archive_path, Path(tmp))
        subprocess.run(  # noqa: S603
            [  # noqa: S607
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                "-d",
                str(connection.settings_dict["NAME"]),
                str(Path(tmp) / "database.dump"),
            ],
            env=_pg_env(),
            check=True,
        )
    expected = {n: (e["size"], e["sha256"]) for n, e in manifest["files"].items()}
    found = stored_files()
    if found != expected:
        raise BackupError(
            gettext("The restored files differ from the backup (%(count)s).")
            % {"count": len(set(found.items()) ^ set(expected.items()))}
        )
    after_restore()
    return manifest


def after_restore():
    """Every login ends; every cache entry from before is unusable."""
    # Models and the stamps' model registry: only after the app registry is
    # ready (this module is imported by the commands, not at start-up).
    from django.apps import apps
    from django.contrib.sessions.models import Session

    from konferenz.core import stamps

    Session.objects.all().delete()
    model = apps.get_model("konferenz.ChangeStamp")
    stamps.bump(*model.objects.values_list("key", flat=True))
