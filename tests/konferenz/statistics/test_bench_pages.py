"""The benchmark's statistics pages answer on the seeded state-wide data."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from bench import seed as seed_bench
from bench.pages import pages

pytestmark = pytest.mark.django_db

NAMES = ("statistics", "ministry", "ministry_topics")


def test_bench_statistics_pages_answer(monkeypatch, settings):
    settings.DEBUG = True
    monkeypatch.setattr(seed_bench, "AUTHORITIES_PER_TENANT", 5)
    monkeypatch.setattr(seed_bench, "INVITATIONS_PER_CONFERENCE", 3)
    monkeypatch.setattr(seed_bench, "YEARS", 2)
    monkeypatch.setattr(seed_bench, "CONCURRENCY_INVITATIONS", 5)
    seed_bench.seed(io.StringIO())

    User = get_user_model()
    chosen = [page for page in pages() if page["name"] in NAMES]
    for page in chosen:
        client = Client()
        client.force_login(User.objects.get(username=page["user"]))
        response = client.get(page["path"])
        assert response.status_code == 200, page["name"]
    assert [page["name"] for page in chosen] == list(NAMES)
    overview = Client()
    overview.force_login(User.objects.get(username=seed_bench.MINISTRY_USER))
    response = overview.get(chosen[1]["path"])
    assert len(response.context["overview"].rows) == 47
    assert dict(response.context["overview"].rates)[2025].held == 47
