"""Security hardening of the foundation: lockout, sessions, headers, checks."""

import re

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.core.checks import run_checks
from django.urls import reverse

from tests.factories import MembershipFactory
from tests.helpers import login, sample_path, walk

pytestmark = pytest.mark.django_db

PASSWORD = "Geheim-Passwort-123"


@pytest.fixture(autouse=True)
def _fresh_axes_cache():
    from django.core.cache import cache

    cache.clear()


def test_login_is_locked_after_five_failures_and_logged(client, police_authority):
    MembershipFactory(police_authority=police_authority, user__username="olga")

    for _ in range(5):
        login(client, "olga", "falsch")
    response = login(client, "olga", PASSWORD)

    assert response.status_code == 429
    assert "vorübergehend gesperrt" in response.content.decode()
    assert "15 Minuten" in response.content.decode()
    assert AccessAttempt.objects.get(username="olga").failures_since_start >= 5
    assert "_auth_user_id" not in client.session


def test_session_key_changes_at_login(client, police_authority):
    MembershipFactory(police_authority=police_authority, user__username="olga")
    client.get(reverse("login"))
    client.session["probe"] = 1
    before = client.session.session_key

    login(client, "olga", PASSWORD)

    assert client.session.session_key != before
    assert "_auth_user_id" in client.session


def test_logout_ends_the_session(client, reader):
    client.force_login(reader)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert client.get(reverse("konferenz:dashboard")).status_code == 302


def test_logout_by_get_is_refused(client, reader):
    client.force_login(reader)

    assert client.get(reverse("logout")).status_code == 405


def test_deactivating_a_user_ends_their_session(client, reader):
    client.force_login(reader)
    reader.is_active = False
    reader.save()

    response = client.get(reverse("konferenz:dashboard"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_project_checks_pass_and_catch_weak_settings(settings):
    settings.PASSWORD_HASHERS = settings.PRODUCTION_PASSWORD_HASHERS
    assert not [m for m in run_checks() if m.id and m.id.startswith("siko.")]

    settings.SESSION_COOKIE_AGE = 24 * 3600
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    ids = {m.id for m in run_checks()}

    assert {"siko.E001", "siko.E002"} <= ids


def test_project_check_catches_missing_login_required_middleware(settings):
    settings.MIDDLEWARE = [
        m
        for m in settings.MIDDLEWARE
        if m != "django.contrib.auth.middleware.LoginRequiredMiddleware"
    ]

    assert "siko.E003" in {m.id for m in run_checks()}


def _assert_security_headers(response, path):
    csp = response.headers.get("Content-Security-Policy", "")
    assert csp, path
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp, path
    assert "frame-ancestors 'none'" in csp, path
    assert response.headers.get("X-Content-Type-Options") == "nosniff", path
    assert response.headers.get("X-Frame-Options") == "DENY", path
    assert response.headers.get("Referrer-Policy") in ("same-origin", "no-referrer"), (
        path
    )
    if settings.SECURE_HSTS_SECONDS:
        assert "max-age=" in response.headers.get("Strict-Transport-Security", ""), path


@pytest.mark.parametrize("logged_in", [False, True])
def test_every_url_sends_the_security_headers(client, organiser, logged_in):
    if logged_in:
        client.force_login(organiser)
    seen = 0
    for route, _pattern in walk(__import__("django.urls").urls.get_resolver()):
        path = sample_path(route)
        if "(?P" in path or path.startswith("/static/"):
            continue
        response = client.get(path, secure=True)
        _assert_security_headers(response, path)
        seen += 1
    assert seen >= 5


def test_templates_contain_no_inline_script_or_style():
    from pathlib import Path

    root = Path(settings.BASE_DIR)
    offenders = []
    for template in root.glob("**/templates/**/*.html"):
        if ".venv" in template.parts or "pdf" in template.parts:
            continue  # PDF templates are rendered by WeasyPrint, not a browser
        text = template.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text):
            offenders.append(f"{template}: inline <script>")
        if re.search(r"\sstyle=\"", text) or "<style" in text:
            offenders.append(f"{template}: inline style")
        if re.search(r"\son[a-z]+=\"", text):
            offenders.append(f"{template}: inline event handler")
    assert not offenders, "\n".join(offenders)
