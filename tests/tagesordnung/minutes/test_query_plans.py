"""Issue 22: on seed-like volumes PostgreSQL reads actions, agenda items and
decisions by index on the minutes page and the actions list, never the whole
table (checked with EXPLAIN; PostgreSQL only)."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench import seed as seed_bench
from konferenz.core import stamps
from konferenz.core.models import Conference
from tagesordnung.minutes.models import Minutes

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="query plans of PostgreSQL"
    ),
]

BIG_TABLES = (
    "tagesordnung_actionitem",
    "tagesordnung_agendaitem",
    "tagesordnung_decision",
)


@pytest.fixture
def seeded(monkeypatch, settings):
    """The benchmark data of 47 authorities over 5 years (a smaller address
    book and fewer invitations than seed_bench's, the same agenda and minutes
    per conference)."""
    settings.DEBUG = True
    monkeypatch.setattr(seed_bench, "AUTHORITIES_PER_TENANT", 5)
    monkeypatch.setattr(seed_bench, "INVITATIONS_PER_CONFERENCE", 10)
    monkeypatch.setattr(seed_bench, "YEARS", 5)
    seed_bench.seed(io.StringIO())
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    settings.DEBUG = False


def _full_scans(client, url, conference=None):
    """The big tables ``url`` scans whole; with ``conference``, as the first
    reader after a change meets it (the page not in the cache)."""
    if conference is not None:
        stamps.touch(conference.pk)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    scans = []
    with connection.cursor() as cursor:
        for query in queries.captured_queries:
            if not query["sql"].startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN " + query["sql"])
            plan = "\n".join(row[0] for row in cursor.fetchall())
            scans += [t for t in BIG_TABLES if f"Seq Scan on {t} " in plan]
    return scans


def test_minutes_page_and_actions_list_read_big_tables_by_index(client, seeded):
    user = get_user_model().objects.get(username="bench-dn-1")
    client.force_login(user)
    minutes = (
        Minutes.objects.filter(
            conference__police_authority=user.membership.police_authority
        )
        .order_by("-conference__date")
        .first()
    )
    conference = Conference.objects.get(pk=minutes.conference_id)
    client.get(reverse("tagesordnung:minutes", args=[conference.pk]))

    url = reverse("tagesordnung:minutes", args=[conference.pk])
    assert _full_scans(client, url, conference) == []
    assert _full_scans(client, reverse("tagesordnung:action-list")) == []
    url = reverse("tagesordnung:agenda", args=[conference.pk])
    assert _full_scans(client, url, conference) == []
