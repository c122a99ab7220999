"""``/health/`` for the load balancer and monitoring (issue 29).

No login, no session, no secrets, no personal data: a small JSON of the
checks' states only.

* **database**: PostgreSQL (or SQLite) answers ``SELECT 1``;
* **migrations**: every migration of this code is applied (a host whose
  code is newer than the database must not get traffic);
* **storage**: the file store (``STORAGES["default"]``: the database,
  konferenz/core/dbstorage.py) takes a small file and gives it up again – a
  read-only or full database fails here;
* **cache**: Redis answers a ``PING`` within ``SIKO_REDIS_TIMEOUT``. SiKo
  works without it (docs/architecture.md, "Caches"), so a failing Redis
  makes the answer ``degraded``, still 200;
* **mail**: no mail of the outbox (konferenz/core/outbox.py) has waited
  longer than ``SIKO_HEALTH_MAIL_MINUTES`` past its due time – a stopped
  worker or mail server. The web host itself is fine, so ``degraded``.

200 with ``"status": "ok"`` or ``"degraded"``; 503 with ``"error"`` when the
database, the migrations or the store fail. The error's class name is shown,
never its message (it may hold a host name or a path).
"""

import datetime
import logging
import secrets
import time

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from konferenz.core.models import OutboxMail

logger = logging.getLogger("siko.health")

OK, DEGRADED, ERROR = "ok", "degraded", "error"
#: The migration check reads every migration file; once all are applied, a
#: process trusts that for this many seconds.
MIGRATIONS_TRUSTED_SECONDS = 60
_migrations_ok_until = 0.0


def _database():
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return OK


def _migrations():
    global _migrations_ok_until  # noqa: PLW0603 - a per-process memo
    if time.monotonic() < _migrations_ok_until:
        return OK
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        return "pending"
    _migrations_ok_until = time.monotonic() + MIGRATIONS_TRUSTED_SECONDS
    return OK


def _storage():
    name = default_storage.save(
        f"health/probe-{secrets.token_hex(8)}", ContentFile(b"siko")
    )
    try:
        with default_storage.open(name) as stored:
            if stored.read() != b"siko":
                return ERROR
    finally:
        default_storage.delete(name)
    return OK


def _cache():
    backend = settings.CACHES["default"]["BACKEND"]
    if "redis" not in backend.lower():
        return "not configured"
    from django_redis import get_redis_connection

    # Straight to Redis, past the fail-open wrapper: this is the one place
    # that wants to know.
    get_redis_connection("default").ping()
    return OK


def _mail():
    minutes = getattr(settings, "SIKO_HEALTH_MAIL_MINUTES", 15)
    late = OutboxMail.objects.filter(
        status__in=(OutboxMail.Status.PENDING, OutboxMail.Status.SENDING),
        next_attempt_at__lt=timezone.now() - datetime.timedelta(minutes=minutes),
    ).exists()
    return "late" if late else OK


CHECKS = (
    ("database", _database, ERROR),
    ("migrations", _migrations, ERROR),
    ("storage", _storage, ERROR),
    ("cache", _cache, DEGRADED),
    ("mail", _mail, DEGRADED),
)


def report():
    """(status, {check: state}) – the states are short words, never details."""
    states = {}
    status = OK
    for name, check, failing in CHECKS:
        if name in ("migrations", "mail") and states.get("database") != OK:
            states[name] = "unknown"
            continue
        try:
            state = check()
        except Exception as error:  # noqa: BLE001 - any failure is the answer
            logger.warning("Health check %s failed: %s", name, type(error).__name__)
            state = f"{failing}: {type(error).__name__}"
        else:
            if state not in (OK, "not configured"):
                state = f"{failing}: {state}"
        states[name] = state
        if state.startswith(ERROR) or (failing == ERROR and state != OK):
            status = ERROR
        elif state.startswith(DEGRADED) and status == OK:
            status = DEGRADED
    return status, states


@login_not_required
@never_cache
@require_safe
def health(request):
    status, checks = report()
    return JsonResponse(
        {"status": status, "checks": checks}, status=503 if status == ERROR else 200
    )
