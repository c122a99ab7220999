"""One archive holding the database and every stored file (issue 29;
README, "Betrieb": Sicherung und Wiederherstellung).

``manage.py backup`` writes ``siko-backup-<YYYYmmdd-HHMMSS>.tar`` with

* ``database.dump`` – ``pg_dump --format=custom`` of the whole database;
* ``media/…`` – every file below ``MEDIA_ROOT`` (attachments, archives);
* ``manifest.json`` – when, the applied migrations, the PostgreSQL server
  version, and the size and SHA-256 of every file, so a restore (or anybody
  checking a backup) can verify each one.

``manage.py restore <archive>`` restores it into an **empty** database and
an empty (or missing) ``MEDIA_ROOT``, checks every file against the
manifest, then ends every session (every login ends) and renews every
change stamp (konferenz/core/stamps.py), so no cache entry from before the
restore is used again – whatever Redis still holds.

PostgreSQL only: on SQLite both refuse (copy the file ``var/siko.sqlite3``
and ``var/media`` while SiKo is stopped instead). ``pg_dump`` and
``pg_restore`` (Debian package postgresql-client, same major version as the
server or newer) must be on the PATH. The password goes to them in the
environment (``PGPASSWORD``), never on a command line.
"""

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

from django.conf import settings
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils.translation import gettext

FORMAT = 1


class BackupError(Exception):
    """The message is for the operator (German)."""


def _require_postgresql():
    if connection.vendor != "postgresql":
        raise BackupError(
            gettext(
                "backup and restore work with PostgreSQL only. With SQLite, stop "
                "SiKo and copy the database file and the media folder instead."
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


def media_files(root):
    """{relative path: (size, sha256)} of every file below ``root``."""
    root = Path(root)
    if not root.exists():
        return {}
    return {
        path.relative_to(root).as_posix(): (path.stat().st_size, _sha256(path))
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def backup(directory, *, now=None):
    """Write the archive into ``directory``; its path."""
    _require_postgresql()
    now = now or datetime.datetime.now().astimezone()
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / f"siko-backup-{now:%Y%m%d-%H%M%S}.tar"
    media_root = Path(settings.MEDIA_ROOT)
    with tempfile.TemporaryDirectory(prefix="siko-backup-") as tmp:
        dump = Path(tmp) / "database.dump"
        subprocess.run(  # noqa: S603
            [  # noqa: S607
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                "-f",
                str(dump),
            ],
            env=_pg_env(),
            check=True,
        )
        files = media_files(media_root)
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            server_version = cursor.fetchone()[0]
        manifest = {
            "format": FORMAT,
            "created_at": now.isoformat(),
            "postgresql": server_version,
            "migrations": sorted(
                f"{app}.{name}"
                for app, name in MigrationRecorder(connection).migration_qs.values_list(
                    "app", "name"
                )
            ),
            "database": {"size": dump.stat().st_size, "sha256": _sha256(dump)},
            "media": {name: {"size": s, "sha256": h} for name, (s, h) in files.items()},
        }
        partial = target.with_suffix(".tar.partial")
        with tarfile.open(partial, "w") as archive:
            data = json.dumps(manifest, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size, info.mtime = len(data), int(now.timestamp())
            archive.addfile(info, io.BytesIO(data))
            archive.add(dump, arcname="database.dump")
            for name in files:
                archive.add(media_root / name, arcname=f"media/{name}")
        partial.rename(target)
    target.chmod(0o600)
    return target


def read_manifest(archive_path):
    with tarfile.open(archive_path) as archive:
        return json.load(archive.extractfile("manifest.json"))


def verify(archive_path):
    """Check every member against the manifest; the manifest, or BackupError."""
    with tempfile.TemporaryDirectory(prefix="siko-verify-") as tmp:
        manifest = _unpack(archive_path, Path(tmp))
    return manifest


def _unpack(archive_path, into):
    with tarfile.open(archive_path) as archive:
        archive.extractall(into, filter="data")
    manifest = json.loads((into / "manifest.json").read_text())
    if manifest.get("format") != FORMAT:
        raise BackupError(gettext("This is no SiKo backup of a known format."))
    dump = into / "database.dump"
    if _sha256(dump) != manifest["database"]["sha256"]:
        raise BackupError(gettext("The database dump in the backup is damaged."))
    found = media_files(into / "media")
    expected = {n: (e["size"], e["sha256"]) for n, e in manifest["media"].items()}
    if found != expected:
        raise BackupError(
            gettext("The files in the backup do not match its manifest (%(count)s).")
            % {"count": len(set(found.items()) ^ set(expected.items()))}
        )
    return manifest


def _database_is_empty():
    return not connection.introspection.table_names()


def restore(archive_path):
    """Restore into an empty database and media folder; the manifest."""
    _require_postgresql()
    if not _database_is_empty():
        raise BackupError(
            gettext(
                "The database %(name)s is not empty: restore only into a new, empty "
                "database (createdb), never over a running SiKo."
            )
            % {"name": connection.settings_dict["NAME"]}
        )
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.exists() and any(media_root.iterdir()):
        raise BackupError(
            gettext("The media folder %(path)s is not empty.") % {"path": media_root}
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
        media_root.mkdir(parents=True, exist_ok=True)
        source = Path(tmp) / "media"
        if source.exists():
            shutil.copytree(source, media_root, dirs_exist_ok=True)
    if media_files(media_root) != {
        n: (e["size"], e["sha256"]) for n, e in manifest["media"].items()
    }:
        raise BackupError(gettext("The restored files differ from the backup."))
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
