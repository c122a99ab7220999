"""Change stamps, kept by the database itself (issue 27; docs/architecture.md,
"Caches").

A stamp is a random token per conference (``c:<id>``), per police authority
(``t:<id>``) and one for what every page may show (``all``), in the table of
``ChangeStamp``. The page cache (konferenz/core/changestamp.py) keys every
rendered part by the stamps it depends on. The tokens are renewed by
**database triggers** on every table a cached page or document shows, in the
transaction of the change itself, so it does not matter who writes: a view,
a worker, a management command without Redis, ``QuerySet.update()``,
``bulk_create``, the admin or raw SQL. A change to a conference's row renews
that conference's and its police authority's stamps (a row moved to another
conference renews both conferences); a change to a row every page may show
renews ``all``.

Tokens are random, not counters: a database restored from a backup brings
back the tokens of that backup, and every change after the restore draws a
token never used before, so nothing cached from a state the database no
longer has can ever match again. Redis restored from an older snapshot
holds only entries under tokens the database has moved past.

Features register the models their pages show (``watch``), the way the press
registers its condition with the workflow; the core names no feature model.
The triggers are written after every ``migrate`` (and dropped before it, so
that a migration rebuilding a table never trips over them).
"""

import uuid
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import connections, router
from django.db.models.signals import post_migrate, pre_migrate

ALL = "all"
#: Renewed with ``all`` by every change of a user, a membership, a police
#: authority or a second-factor device: the key of the cached user.
ACCOUNTS = "accounts"
TRIGGER_PREFIX = "siko_stamp_"


def conference_key(conference_id):
    return f"c:{conference_id}"


def tenant_key(tenant_id):
    return f"t:{tenant_id}"


@dataclass(frozen=True)
class Watched:
    label: str
    #: path of ForeignKeys from the model to its conference ("item__conference");
    #: "" for the conference itself; None: a row every page may show
    conference: str | None
    #: columns whose change alone renews nothing (e.g. a user's last login)
    ignore: tuple = ()
    #: only these columns renew (the others change without being shown)
    only: tuple = ()
    #: the keys a row shown everywhere renews
    keys: tuple = (ALL,)
    #: every update renews (the table's columns differ from the models', e.g.
    #: after migrating back: a trigger must never name a missing column)
    any_update: bool = False


_watched: dict[str, Watched] = {}


def watch(
    model=None,
    *,
    conference=None,
    everywhere=False,
    account=False,
    ignore=(),
    only=(),
):
    """Register a model whose rows a cached page or document shows.

    ``conference``: the path of ForeignKeys to its conference; ``everywhere``:
    every page may show it; ``account``: it is part of the cached user as
    well (``ACCOUNTS``). Usable as a class decorator or with a model (or its
    label) as the first argument."""
    if (conference is None) == (not everywhere):
        raise ValueError("watch() needs either conference= or everywhere=True")

    def register(model):
        label = model if isinstance(model, str) else model._meta.label
        keys = (ALL, ACCOUNTS) if account else (ALL,)
        _watched[label] = Watched(label, conference, tuple(ignore), tuple(only), keys)
        return model

    return register if model is None else register(model)


def watched():
    return dict(_watched)


def path_of(model):
    """The registered path to the conference, or ``None`` (not watched or
    shown everywhere)."""
    entry = _watched.get(model._meta.label)
    return None if entry is None else entry.conference


# Reading


def read(keys, using="default"):
    """The tokens of ``keys`` in one query. A key without a row yet (an
    authority without any change so far) gets one with a new token: a second
    query, once per key and database."""
    # By name: the model module registers its models here (no import cycle).
    model = apps.get_model("konferenz.ChangeStamp")
    found = dict(
        model.objects.using(using).filter(key__in=keys).values_list("key", "token")
    )
    missing = [key for key in keys if key not in found]
    if missing:
        model.objects.using(using).bulk_create(
            [model(key=key, token=uuid.uuid4().hex) for key in missing],
            ignore_conflicts=True,
        )
        found.update(
            model.objects.using(using)
            .filter(key__in=missing)
            .values_list("key", "token")
        )
    return {key: found.get(key) for key in keys}


def bump(*keys, using="default"):
    """Renew ``keys`` now, in the current transaction (for a change no
    trigger sees, e.g. a file written outside the database)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        for key in sorted(set(keys)):
            cursor.execute(_bump_sql(connection.vendor), [key])


def _bump_sql(vendor):
    if vendor == "postgresql":
        return "SELECT siko_stamp_key(%s)"
    return (
        "INSERT INTO konferenz_changestamp (key, token) "
        "VALUES (%s, lower(hex(randomblob(16)))) "
        "ON CONFLICT (key) DO UPDATE SET token = excluded.token"
    )


# Writing the triggers


def _hops(model, path):
    """``[(model, field), …]`` along ``path`` ("entry__minutes__conference")."""
    hops = []
    for name in path.split("__"):
        field = model._meta.get_field(name)
        hops.append((model, field))
        model = field.related_model
    return hops


def _conference_expression(model, path, ref, quote):
    """SQL for the conference id of the row ``ref`` (NEW or OLD)."""
    hops = _hops(model, path)
    expression = f"{ref}.{quote(hops[0][1].column)}"
    for hop_model, field in hops[1:]:
        # Names from the models' metadata, quoted; no value of a user.
        expression = (
            f"(SELECT {quote(field.column)} "  # noqa: S608  # nosec B608
            f"FROM {quote(hop_model._meta.db_table)} "
            f"WHERE {quote(hop_model._meta.pk.column)} = {expression})"
        )
    return expression


def _columns(model, entry):
    if entry.any_update:
        return []
    columns = [f.column for f in model._meta.concrete_fields]
    if entry.only:
        return [model._meta.get_field(n).column for n in entry.only]
    ignored = {model._meta.get_field(n).column for n in entry.ignore}
    return [c for c in columns if c not in ignored]


def _calls(model, entry, ref, quote):
    """The SQL calls that renew the stamps for row ``ref``: (conference id
    expression, police authority id expression or None) or ``None`` for
    ``all``."""
    if entry.conference is None:
        return None
    if entry.conference == "":
        return (
            f"{ref}.{quote(model._meta.pk.column)}",
            f"{ref}.{quote(model._meta.get_field('police_authority').column)}",
        )
    return (_conference_expression(model, entry.conference, ref, quote), "NULL")


def _trigger_name(model, suffix=""):
    return f"{TRIGGER_PREFIX}{model._meta.db_table}{suffix}"[:63]


def _sqlite_statements(model, entry, quote):
    table = quote(model._meta.db_table)
    changed = " OR ".join(
        f"OLD.{quote(c)} IS NOT NEW.{quote(c)}" for c in _columns(model, entry)
    )

    def body(refs):
        parts = []
        for ref in refs:
            calls = _calls(model, entry, ref, quote)
            if calls is None:
                keys = " UNION ALL ".join(f"SELECT '{key}' AS k" for key in entry.keys)
            else:
                conference, tenant = calls
                tenant = (
                    "(SELECT police_authority_id FROM konferenz_conference "  # noqa: S608  # nosec B608
                    f"WHERE id = {conference})"
                    if tenant == "NULL"
                    else tenant
                )
                keys = (
                    f"SELECT 'c:' || ({conference}) AS k "
                    f"UNION ALL SELECT 't:' || ({tenant}) "
                    f"UNION ALL SELECT 'all' WHERE ({tenant}) IS NULL"
                )
            parts.append(
                "INSERT INTO konferenz_changestamp (key, token) "  # noqa: S608  # nosec B608
                f"SELECT k, lower(hex(randomblob(16))) FROM ({keys}) "
                "WHERE k IS NOT NULL "
                "ON CONFLICT (key) DO UPDATE SET token = excluded.token;"
            )
        return " ".join(parts)

    return [
        f"CREATE TRIGGER {_trigger_name(model, '_i')} AFTER INSERT ON {table} "
        f"FOR EACH ROW BEGIN {body(['NEW'])} END",
        f"CREATE TRIGGER {_trigger_name(model, '_u')} AFTER UPDATE ON {table} "
        f"FOR EACH ROW WHEN {changed or ('1' if entry.any_update else '0')} "
        f"BEGIN {body(['OLD', 'NEW'])} END",
        f"CREATE TRIGGER {_trigger_name(model, '_d')} AFTER DELETE ON {table} "
        f"FOR EACH ROW BEGIN {body(['OLD'])} END",
    ]


POSTGRESQL_FUNCTIONS = [
    """
CREATE OR REPLACE FUNCTION siko_stamp_key(k text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO konferenz_changestamp (key, token)
  VALUES (k, md5(random()::text || clock_timestamp()::text || k))
  ON CONFLICT (key) DO UPDATE SET token = excluded.token;
END $$
""",
    """
CREATE OR REPLACE FUNCTION siko_stamp_conference(cid bigint, tid bigint) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
  IF cid IS NULL THEN
    PERFORM siko_stamp_key('all');
    RETURN;
  END IF;
  IF tid IS NULL THEN
    SELECT police_authority_id INTO tid FROM konferenz_conference WHERE id = cid;
  END IF;
  PERFORM siko_stamp_key('c:' || cid);
  IF tid IS NULL THEN
    PERFORM siko_stamp_key('all');
  ELSE
    PERFORM siko_stamp_key('t:' || tid);
  END IF;
END $$
""",
]


def _postgresql_statements(model, entry, quote):
    table = quote(model._meta.db_table)
    function = _trigger_name(model, "_fn")

    def call(ref):
        calls = _calls(model, entry, ref, quote)
        if calls is None:
            return " ".join(f"PERFORM siko_stamp_key('{key}');" for key in entry.keys)
        conference, tenant = calls
        return (
            f"PERFORM siko_stamp_conference(({conference})::bigint, "
            f"({tenant})::bigint);"
        )

    changed = " OR ".join(
        f"OLD.{quote(c)} IS DISTINCT FROM NEW.{quote(c)}"
        for c in _columns(model, entry)
    )
    return [
        f"""
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR TG_OP = 'UPDATE' THEN {call("OLD")} END IF;
  IF TG_OP = 'INSERT' OR TG_OP = 'UPDATE' THEN {call("NEW")} END IF;
  RETURN NULL;
END $$
""",
        f"CREATE TRIGGER {_trigger_name(model, '_iu')} "
        f"AFTER INSERT OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {function}()",
        f"CREATE TRIGGER {_trigger_name(model, '_u')} AFTER UPDATE ON {table} "
        f"FOR EACH ROW WHEN ({changed or ('true' if entry.any_update else 'false')}) "
        f"EXECUTE FUNCTION {function}()",
    ]


def _existing(connection):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT t.tgname, c.relname FROM pg_trigger t "
                "JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname LIKE %s",
                [TRIGGER_PREFIX + "%"],
            )
        else:
            cursor.execute(
                "SELECT name, tbl_name FROM sqlite_master "
                "WHERE type = 'trigger' AND name LIKE %s",
                [TRIGGER_PREFIX + "%"],
            )
        return cursor.fetchall()


def drop_triggers(using="default"):
    connection = connections[using]
    if connection.vendor not in ("sqlite", "postgresql"):
        return
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for name, table in _existing(connection):
            if connection.vendor == "postgresql":
                cursor.execute(
                    f"DROP TRIGGER IF EXISTS {quote(name)} ON {quote(table)}"
                )
            else:
                cursor.execute(f"DROP TRIGGER IF EXISTS {quote(name)}")


def _needed_columns(model, entry):
    """The columns a model's triggers name: its own and those on the path to
    its conference."""
    needed = {(model._meta.db_table, f.column) for f in model._meta.concrete_fields}
    if entry.conference:
        for hop_model, field in _hops(model, entry.conference):
            needed.add((hop_model._meta.db_table, field.column))
            needed.add((hop_model._meta.db_table, hop_model._meta.pk.column))
    return needed


def statements(vendor, quote, columns=None):
    """Every statement that writes the triggers of the registered models.
    ``columns``: the database's ``{table: {column, …}}``; a model without its
    table gets no trigger, and one whose columns differ from the code (a
    database migrated back) renews ``all`` on every change."""
    result = list(POSTGRESQL_FUNCTIONS) if vendor == "postgresql" else []
    write = _postgresql_statements if vendor == "postgresql" else _sqlite_statements
    for label, entry in sorted(_watched.items()):
        model = apps.get_model(label)
        if columns is not None:
            if model._meta.db_table not in columns:
                continue
            if any(
                column not in columns.get(table, ())
                for table, column in _needed_columns(model, entry)
            ):
                entry = Watched(label, None, any_update=True)
        result.extend(write(model, entry, quote))
    return result


def install_triggers(using="default"):
    """Drop the old triggers and write those of the registered models."""
    connection = connections[using]
    if connection.vendor not in ("sqlite", "postgresql"):
        raise ImproperlyConfigured(
            f"Change stamps need SQLite or PostgreSQL, not {connection.vendor}."
        )
    drop_triggers(using)
    introspection = connection.introspection
    with connection.cursor() as cursor:
        tables = set(introspection.table_names(cursor))
        if "konferenz_changestamp" not in tables:  # migrated back below 0012
            return
        wanted = {
            table
            for label, entry in _watched.items()
            for table, _column in _needed_columns(apps.get_model(label), entry)
        }
        columns = {
            table: {c.name for c in introspection.get_table_description(cursor, table)}
            for table in wanted & tables
        }
        for statement in statements(
            connection.vendor, connection.ops.quote_name, columns
        ):
            cursor.execute(statement)


def _before_migrate(sender, using="default", **kwargs):
    if router.allow_migrate(using, "konferenz"):
        drop_triggers(using)


def _after_migrate(sender, using="default", **kwargs):
    if router.allow_migrate(using, "konferenz"):
        install_triggers(using)


def connect(app_config):
    """Keep the triggers with the schema (called from ``AppConfig.ready``)."""
    pre_migrate.connect(_before_migrate, sender=app_config, weak=False)
    post_migrate.connect(_after_migrate, sender=app_config, weak=False)


def touch(conference_id, using="default"):
    """Renew a conference's stamp and its police authority's, as the triggers
    do, for a change they cannot see (e.g. a file outside the database)."""
    tenant_id = (
        apps.get_model("konferenz.Conference")
        ._base_manager.using(using)
        .filter(pk=conference_id)
        .values_list("police_authority_id", flat=True)
        .first()
    )
    keys = [conference_key(conference_id)]
    keys.append(ALL if tenant_id is None else tenant_key(tenant_id))
    bump(*keys, using=using)


def touch_all(using="default"):
    """Renew the stamp of what every page shows."""
    bump(ALL, using=using)
