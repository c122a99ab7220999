"""The databases a benchmark may drop: only those whose names it owns.

``make bench`` and ``make scaleout`` drop and recreate their database. An
administrator's shell exports ``DATABASE_URL`` for production, so both check
the name first: it must be the command's own prefix (``siko_bench`` or
``siko_bench_…``, ``siko_scaleout`` or ``siko_scaleout_…``; for SQLite the
file name without its extension). Any other name ends the command with exit
code 2 and a German message before anything is touched (no import of Django,
no connection, no package installed).

Only the standard library here: the check runs first, in well under a second.
"""

import sys
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

EXIT_REFUSED = 2


def database_name(database_url):
    """The database's name in ``database_url``: PostgreSQL's database or the
    SQLite file's name without extension (empty when there is none)."""
    url = urlsplit(database_url)
    path = unquote(url.path or "")
    if url.scheme.startswith("sqlite"):
        return PurePosixPath(path).name.split(".", 1)[0]
    return path.lstrip("/")


def owned(database_url, prefix):
    """Whether the database carries the command's own ``prefix``."""
    name = database_name(database_url)
    return name == prefix or name.startswith(prefix + "_")


def refusal(database_url, prefix, command):
    """The German message for a database the command does not own."""
    name = database_name(database_url) or "(ohne Namen)"
    return (
        f"{command} verweigert: DATABASE_URL nennt die Datenbank „{name}“. "
        f"{command} löscht und erzeugt nur Datenbanken, deren Name mit "
        f"„{prefix}“ beginnt (z. B. {prefix} oder {prefix}_2), damit kein "
        "Befehl eine Produktionsdatenbank leert. Nichts wurde verändert. "
        f"Beispiel: DATABASE_URL=postgres://postgres@127.0.0.1:5432/{prefix}"
    )


def refuse_unless_owned(database_url, prefix, command):
    """Exit with code 2 and the German message unless the database is owned."""
    if not owned(database_url, prefix):
        print(refusal(database_url, prefix, command), file=sys.stderr, flush=True)
        sys.exit(EXIT_REFUSED)


if __name__ == "__main__":
    # `make bench` / `make scaleout` call this before they install anything:
    # python3 bench/guard.py <prefix> <command>; without DATABASE_URL the
    # command uses a database of its own.
    import os

    url = os.environ.get("DATABASE_URL", "")
    if url:
        refuse_unless_owned(url, sys.argv[1], sys.argv[2])
