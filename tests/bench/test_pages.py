"""Every page of the benchmark answers its expected status on the seeded data,
and the benchmark's users can log in with their second factor."""

import io

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django_otp.plugins.otp_totp.models import TOTPDevice

from bench import seed as seed_bench
from bench.browser import forms, totp
from bench.cold import HEADER, VALUE
from bench.pages import COMBINED, pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(monkeypatch, settings):
    settings.DEBUG = True
    monkeypatch.setattr(seed_bench, "AUTHORITIES_PER_TENANT", 5)
    monkeypatch.setattr(seed_bench, "INVITATIONS_PER_CONFERENCE", 3)
    monkeypatch.setattr(seed_bench, "YEARS", 2)
    monkeypatch.setattr(seed_bench, "CONCURRENCY_INVITATIONS", 5)
    seed_bench.seed(io.StringIO())


@override_settings(ROOT_URLCONF="bench.urls")
def test_every_bench_page_answers_its_status(seeded):
    User = get_user_model()
    chosen = pages()
    for page in chosen:
        client = Client()
        if page["user"] == "partner":
            opened = client.get(f"/einladung/{seed_bench.PARTNER_TOKEN}/")
            assert opened.status_code == 302
        else:
            client.force_login(User.objects.get(username=page["user"]))
        response = client.get(page["path"])
        assert response.status_code == page["status"], page["name"]
    names = {page["name"] for page in chosen}
    assert set(COMBINED) <= names
    assert {"floor", "not_found", "agenda_pdf", "minutes_pdf"} <= names


def test_bench_users_pass_the_second_factor_with_the_known_key(seeded):
    user = get_user_model().objects.get(username="bench-dn-1")
    device = TOTPDevice.objects.get(user=user, confirmed=True)

    assert device.verify_token(totp(seed_bench.TOTP_KEY))
    assert not device.verify_token(
        "000000" if totp(seed_bench.TOTP_KEY) != "000000" else "111111"
    )


def test_browser_submits_forms_as_a_browser_would():
    html = """
    <form method="post" action="/logout/">
      <input name="csrfmiddlewaretoken" value="t">
    </form>
    <form method="post" novalidate>
      <input type="hidden" name="version" value="3">
      <input type="checkbox" name="notify" checked>
      <input type="checkbox" name="confirm">
      <input type="radio" name="answer" value="yes">
      <select name="kind">
        <option value="a">A</option><option value="b" selected>B</option>
      </select>
      <textarea name="text">Hallo</textarea>
      <button type="submit" name="go">Los</button>
    </form>"""

    logout, edit = forms(html)

    assert logout["action"] == "/logout/"
    assert edit["action"] == ""
    assert edit["fields"] == [
        ["version", "3"],
        ["notify", "on"],
        ["kind", "b"],
        ["text", "Hallo"],
    ]
    assert {"answer", "confirm", "go"} <= edit["names"]


@override_settings(
    ROOT_URLCONF="bench.urls",
    MIDDLEWARE=["bench.cold.ColdMiddleware", *settings.MIDDLEWARE],
)
def test_cold_requests_rebuild_the_pages_from_the_database(seeded):
    """The cold column (X-Bench-Cold: 1) reads what a first reader reads; the
    warm one reads less (its parts come from the cache)."""
    client = Client()
    client.force_login(get_user_model().objects.get(username="bench-dn-1"))
    by_name = {page["name"]: page for page in pages()}

    for name in ("hub", "answers", "agenda_pdf"):
        path = by_name[name]["path"]
        client.get(path)
        with CaptureQueriesContext(connection) as warm:
            assert client.get(path).status_code == 200
        with CaptureQueriesContext(connection) as cold:
            assert client.get(path, headers={HEADER: VALUE}).status_code == 200
        assert len(cold) > len(warm), name
