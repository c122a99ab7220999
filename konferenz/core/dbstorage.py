"""The file store of SiKo: PostgreSQL itself (issue 29).

App servers share nothing but the database, so every stored file –
attachments of agenda items, the PDF/A archive copies of the minutes – is a
row of ``StoredFile`` (name, bytes, size, SHA-256), and this is the default
storage (``STORAGES["default"]``). Whatever host stored a file, every host
reads it; a backup of the database holds every file; a file stored in a
transaction that rolls back was never stored.

* **Names** are unique (a constraint): ``save`` never overwrites; a name
  taken in the meantime by another host gets another (Django's
  ``get_available_name``), also when both insert at the same moment.
* **Reading** streams: ``open`` reads the file in blocks of ``BLOCK`` bytes
  (``substr`` on the column, stored uncompressed on PostgreSQL, so a block
  reads only its own pages), never the whole file at once – a download
  (``FileResponse``) holds one block in memory.
* **Writing** holds the file in memory once (attachments are at most
  ``SIKO_ATTACHMENT_MAX_MB``) and writes it in one ``INSERT`` in a savepoint:
  it fails whole, never half. A database out of room (SQLSTATE class 53,
  "insufficient resources", e.g. disk full; class 54, "program limit
  exceeded"; SQLite "database or disk is full") raises ``StoreFull``, an
  ``OSError`` with ``errno.ENOSPC``, as a full disk would.
* **No paths**: ``path()`` is not available – code that reads a stored
  file by its place on a disk fails in the tests instead of on the second
  host.

Why not a package: docs/architecture.md, "Gespeicherte Dateien".
"""

import errno
import hashlib
import io
import sqlite3

from django.core.files.base import File
from django.core.files.storage import Storage
from django.db import DatabaseError, IntegrityError, router, transaction
from django.db.models import BinaryField, F, Func, Value
from django.utils.deconstruct import deconstructible

#: Bytes read from the database at a time when a stored file is read.
BLOCK = 1 << 20
#: Attempts to find a free name when other hosts take them meanwhile.
NAME_ATTEMPTS = 20
#: SQLSTATE classes of a database that has no room for the file.
NO_ROOM_CLASSES = ("53", "54")


class StoreFull(OSError):
    """The database took no more bytes (for the operator: disk, quota)."""


def _model():
    # The storage is built from the settings before the app registry is
    # ready (STORAGES); the model is imported at first use.
    from konferenz.core.models import StoredFile

    return StoredFile


def no_room(error):
    """Whether a database error means there was no room for the file."""
    cause = error.__cause__
    code = getattr(cause, "pgcode", None)
    if code:
        return code[:2] in NO_ROOM_CLASSES
    return getattr(cause, "sqlite_errorcode", None) == sqlite3.SQLITE_FULL


class StoredFileReader(io.RawIOBase):
    """The bytes of one ``StoredFile`` row, read block by block."""

    def __init__(self, pk, size, using):
        super().__init__()
        self.pk, self.length, self.using = pk, size, using
        self.position = 0

    def readable(self):
        return True

    def seekable(self):
        return True

    def tell(self):
        return self.position

    def seek(self, offset, whence=io.SEEK_SET):
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self.position, io.SEEK_END: self.length}
        self.position = max(0, base[whence] + offset)
        return self.position

    def readinto(self, buffer):
        wanted = min(len(buffer), self.length - self.position)
        if wanted <= 0:
            return 0
        part = Func(
            F("content"),
            Value(self.position + 1),
            Value(wanted),
            function="substr",
            output_field=BinaryField(),
        )
        row = (
            _model()
            .objects.using(self.using)
            .filter(pk=self.pk)
            .values_list(part)
            .first()
        )
        if row is None:
            raise FileNotFoundError(errno.ENOENT, "The stored file was removed.")
        data = bytes(row[0])
        buffer[: len(data)] = data
        self.position += len(data)
        return len(data)


@deconstructible(path="konferenz.core.dbstorage.DatabaseStorage")
class DatabaseStorage(Storage):
    """Django's storage API over ``StoredFile`` rows."""

    def _rows(self):
        model = _model()
        return model.objects.using(router.db_for_write(model))

    def _open(self, name, mode="rb"):
        if any(flag in mode for flag in "wa+"):
            raise ValueError(
                "Stored files are written with save(), never opened to write."
            )
        rows = self._rows()
        row = rows.filter(name=name).values_list("pk", "size").first()
        if row is None:
            raise FileNotFoundError(errno.ENOENT, "No such stored file", name)
        reader = StoredFileReader(*row, using=rows.db)
        return File(io.BufferedReader(reader, buffer_size=BLOCK), name=name)

    def _save(self, name, content):
        digest = hashlib.sha256()
        parts = []
        for chunk in content.chunks():
            chunk = chunk.encode() if isinstance(chunk, str) else chunk
            digest.update(chunk)
            parts.append(chunk)
        data = b"".join(parts)
        rows = self._rows()
        for _attempt in range(NAME_ATTEMPTS):
            try:
                with transaction.atomic(using=rows.db):
                    rows.create(
                        name=name,
                        content=data,
                        size=len(data),
                        sha256=digest.hexdigest(),
                    )
                return name
            except IntegrityError:
                if not self.exists(name):
                    raise
                name = self.get_available_name(name)
            except DatabaseError as error:
                if no_room(error):
                    raise StoreFull(
                        errno.ENOSPC, "The database has no room for the file."
                    ) from error
                raise
        raise FileExistsError(errno.EEXIST, "No free name for the file", name)

    def delete(self, name):
        self._rows().filter(name=name).delete()

    def exists(self, name):
        return self._rows().filter(name=name).exists()

    def size(self, name):
        size = self._rows().filter(name=name).values_list("size", flat=True).first()
        if size is None:
            raise FileNotFoundError(errno.ENOENT, "No such stored file", name)
        return size

    def listdir(self, path):
        prefix = f"{path.strip('/')}/" if path.strip("/") else ""
        directories, files = set(), []
        names = (
            self._rows().filter(name__startswith=prefix).values_list("name", flat=True)
        )
        for name in names:
            head, _slash, tail = name[len(prefix) :].partition("/")
            if tail:
                directories.add(head)
            else:
                files.append(head)
        return sorted(directories), sorted(files)

    def get_created_time(self, name):
        created = (
            self._rows().filter(name=name).values_list("created_at", flat=True).first()
        )
        if created is None:
            raise FileNotFoundError(errno.ENOENT, "No such stored file", name)
        return created

    get_modified_time = get_accessed_time = get_created_time


def files():
    """{name: (size, sha256)} of every stored file, as stored."""
    return {
        name: (size, sha256)
        for name, size, sha256 in _model()
        .objects.order_by("name")
        .values_list("name", "size", "sha256")
    }


def import_files(root, names, model=None):
    """Copy the files ``names`` from the folder ``root`` into the store,
    each once: a name already stored is left as it is. (copied, already
    stored, missing in ``root``) – counts. For the migration that moves the
    files of SiKo before issue 29 from ``MEDIA_ROOT`` into the database."""
    from pathlib import Path

    model = model or _model()
    root = Path(root)
    copied = already = missing = 0
    for name in sorted(set(filter(None, names))):
        if model.objects.filter(name=name).exists():
            already += 1
            continue
        path = root / name
        if not path.is_file() or root.resolve() not in path.resolve().parents:
            missing += 1
            continue
        data = path.read_bytes()
        model.objects.create(
            name=name,
            content=data,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
        )
        copied += 1
    return copied, already, missing
