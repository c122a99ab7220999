"""/health/ for the load balancer (issue 29): no login, a small JSON, 200
when the database answers, migrations are applied and the file store takes a
file; Redis down is "degraded" but 200; 503 otherwise."""

import datetime
import json
import socket

import pytest
from django.db import OperationalError
from django.test import Client, override_settings
from django.utils import timezone

from konferenz.core import health
from konferenz.core.models import StoredFile
from konferenz.core.rediscache import caches as redis_caches
from tests.factories import OutboxMailFactory
from tests.helpers import store_refuses_inserts

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_memo(monkeypatch):
    monkeypatch.setattr(health, "_migrations_ok_until", 0.0)


def _closed_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(client=None):
    response = (client or Client()).get("/health/")
    return response, json.loads(response.content)


def test_healthy_answers_200_without_login_and_sets_nothing():
    response, body = _get()
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert body["status"] == "ok"
    assert body["checks"] == {
        "database": "ok",
        "migrations": "ok",
        "storage": "ok",
        # The test settings run without Redis.
        "cache": "not configured",
        "mail": "ok",
    }
    # No cookie (no session, no CSRF token), never cached by a proxy.
    assert not response.cookies
    assert "no-store" in response["Cache-Control"]


def test_the_answer_holds_no_secret_and_nothing_personal(settings, organiser):
    client = Client()
    client.force_login(organiser)
    response, body = _get(client)
    text = response.content.decode()
    assert set(body) == {"status", "checks"}
    for secret in (settings.SECRET_KEY, organiser.username, organiser.email):
        assert secret not in text
    assert str(settings.DATABASES["default"]["NAME"]) not in text
    assert settings.MEDIA_ROOT not in text


def test_redis_down_is_degraded_but_200(settings):
    # The cache points at a loopback port nobody listens on.
    url = f"redis://127.0.0.1:{_closed_port()}/0"
    with override_settings(CACHES=redis_caches(url, timeout=0.25)):
        response, body = _get()
    assert response.status_code == 200
    assert body["status"] == "degraded"
    assert body["checks"]["cache"].startswith("degraded")
    assert body["checks"]["database"] == "ok"


def test_a_store_that_takes_no_file_is_503():
    """The file store is the database (konferenz/core/dbstorage.py): one
    that refuses new files (read-only) makes the host unfit for traffic."""
    with store_refuses_inserts():
        response, body = _get()
    assert response.status_code == 503
    assert body["status"] == "error"
    assert body["checks"]["storage"].startswith("error")
    assert body["checks"]["database"] == "ok"
    assert "refused" not in response.content.decode()


def test_the_probe_file_is_removed(settings):
    from pathlib import Path

    _get()
    assert not StoredFile.objects.exists()
    assert not Path(settings.MEDIA_ROOT, "health").exists()


def test_pending_migrations_are_503(monkeypatch):
    from django.db.migrations.executor import MigrationExecutor

    monkeypatch.setattr(
        MigrationExecutor, "migration_plan", lambda self, targets: [("x", False)]
    )
    response, body = _get()
    assert response.status_code == 503
    assert body["checks"]["migrations"] == "error: pending"


def test_database_down_is_503(monkeypatch):
    def down():
        raise OperationalError("connection to server at db.example failed")

    monkeypatch.setattr(
        health,
        "CHECKS",
        tuple(
            (name, down if name == "database" else check, failing)
            for name, check, failing in health.CHECKS
        ),
    )
    response, body = _get()
    assert response.status_code == 503
    assert body["checks"]["database"] == "error: OperationalError"
    assert body["checks"]["migrations"] == "unknown"
    assert "db.example" not in response.content.decode()


def test_a_mail_waiting_long_past_its_time_is_degraded_but_200(settings):
    """A stopped worker or mail server: the web host is fine, monitoring
    sees it."""
    settings.SIKO_HEALTH_MAIL_MINUTES = 15
    OutboxMailFactory(next_attempt_at=timezone.now() - datetime.timedelta(minutes=5))
    response, body = _get()
    assert (response.status_code, body["checks"]["mail"]) == (200, "ok")

    OutboxMailFactory(next_attempt_at=timezone.now() - datetime.timedelta(minutes=20))
    response, body = _get()
    assert response.status_code == 200
    assert body["status"] == "degraded"
    assert body["checks"]["mail"] == "degraded: late"
