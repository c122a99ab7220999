"""The build id: one value for the code, templates, catalogues and static
files this process runs, computed once at start. Every cached page part,
document and cached user carries it in its key (konferenz/core/changestamp.py,
konferenz/core/usercache.py), so a deploy – a template fixed, a translation
changed – reaches every page at once, and two app servers running different
builds never serve each other's parts.

``SIKO_BUILD_ID`` (e.g. the release's commit) is added when set.
"""

import functools
import hashlib
import os
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
#: What a page is made of, below the project's root.
SOURCES = ("konferenz", "teilnehmer", "tagesordnung", "templates", "static", "locale")
SUFFIXES = {".py", ".html", ".txt", ".mo", ".css", ".js", ".svg"}


def _version():
    try:
        return metadata.version("siko")
    except metadata.PackageNotFoundError:  # run from a checkout without install
        return "0"


@functools.cache
def build_id():
    digest = hashlib.sha256()
    digest.update(_version().encode())
    digest.update(os.environ.get("SIKO_BUILD_ID", "").encode())
    for source in SOURCES:
        for path in sorted((ROOT / source).rglob("*")):
            if path.suffix in SUFFIXES and path.is_file():
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
