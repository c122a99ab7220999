"""Which database a command is about to touch, in words for the operator.

``load_demo`` and ``purge`` (and ``backup`` / ``restore``) print it before
they change anything, so nobody runs them against production by mistake.
Name, host and port only: never the user or the password.
"""

from django.db import connections
from django.utils.translation import gettext


def describe(alias="default"):
    """E.g. 'PostgreSQL database "siko" on db.example:5432'."""
    settings_dict = connections[alias].settings_dict
    engine = settings_dict["ENGINE"]
    name = str(settings_dict.get("NAME") or "")
    if engine.endswith("sqlite3"):
        return gettext("SQLite database file %(name)s") % {"name": name}
    host = settings_dict.get("HOST") or "localhost"
    port = settings_dict.get("PORT") or "5432"
    return gettext("PostgreSQL database “%(name)s” on %(host)s:%(port)s") % {
        "name": name,
        "host": host,
        "port": port,
    }
