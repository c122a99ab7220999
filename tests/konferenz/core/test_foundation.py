import datetime

import pytest
from django.core.management import call_command
from django.urls import get_resolver, reverse
from django.utils import timezone

from konferenz.core.models import Conference, PoliceAuthority
from tests.factories import ConferenceFactory, MembershipFactory
from tests.helpers import manage, sample_path, walk

pytestmark = pytest.mark.django_db

# URL prefixes reachable without login: the login page itself, static files,
# the partner link (no account), the private calendar feed (its secret address
# is the key), the admin (which has its own login), the health check of the
# load balancer (nothing personal, tests/ops/test_health.py) and the public
# Erklärung zur Barrierefreiheit of every police authority (BITV 2.0 § 7).
ANONYMOUS_ALLOWED = (
    "/anmelden/",
    "/health/",
    "/static/",
    "/einladung/",
    "/kalender-feed/",
    "/admin/",
    "/passwort/vergessen/",
    "/passwort/neu/",
    "/zweiter-faktor/pruefen/",
    "/barrierefreiheit/",
)


def test_migration_loads_the_47_police_authorities_with_unique_press_codes():
    authorities = PoliceAuthority.objects.filter(press_code__regex=r"^[A-Z]+$")

    assert authorities.count() == 47
    assert authorities.filter(kind=PoliceAuthority.Kind.PRESIDIUM).count() == 18
    assert authorities.filter(kind=PoliceAuthority.Kind.DISTRICT).count() == 29
    codes = list(authorities.values_list("press_code", flat=True))
    assert len(set(codes)) == 47
    dueren = authorities.get(press_code="DN")
    assert dueren.press_prefix == "POL-DN"
    assert dueren.name == "Kreispolizeibehörde Düren"
    assert dueren.area == "Kreis Düren"


def test_every_url_requires_login_except_the_allow_list(client):
    checked = 0
    for route, _pattern in walk(get_resolver()):
        path = sample_path(route)
        if path.startswith(ANONYMOUS_ALLOWED) or "(?P" in path:
            continue
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(reverse("login") + "?next="), path
        checked += 1
    assert checked >= 5


def test_login_page_is_german_and_reachable(client):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    assert response["Content-Language"] == "de"
    content = response.content.decode()
    assert "Anmeldung bei SiKo" in content
    assert "Benutzername" in content
    assert 'lang="de"' in content


def test_login_with_demo_style_user_lands_on_dashboard(client, police_authority):
    MembershipFactory(police_authority=police_authority, user__username="olga")

    response = client.post(
        reverse("login"),
        {"username": "olga", "password": "Geheim-Passwort-123"},
        follow=True,
    )

    assert response.redirect_chain[-1][0] == reverse("konferenz:dashboard")
    assert police_authority.name in response.content.decode()


def test_passwords_are_hashed_with_argon2(police_authority, settings):
    settings.PASSWORD_HASHERS = settings.PRODUCTION_PASSWORD_HASHERS
    user = MembershipFactory(police_authority=police_authority).user

    assert user.password.startswith("argon2")


def test_user_of_authority_a_gets_404_for_conference_of_authority_b(
    client, make_member, police_authority, other_police_authority
):
    conference_b = ConferenceFactory(police_authority=other_police_authority)
    client.force_login(make_member(police_authority, is_organiser=True))

    response = client.get(conference_b.get_absolute_url())

    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()


def test_user_sees_own_conference(client, reader, police_authority):
    conference = ConferenceFactory(
        police_authority=police_authority, title="Eigene SiKo"
    )
    client.force_login(reader)

    response = client.get(conference.get_absolute_url())

    assert response.status_code == 200
    assert "Eigene SiKo" in response.content.decode()


def test_conference_list_shows_only_own_authority(
    client, reader, police_authority, other_police_authority
):
    ConferenceFactory(police_authority=police_authority, title="Unsere SiKo")
    ConferenceFactory(police_authority=other_police_authority, title="Fremde SiKo")
    client.force_login(reader)

    content = client.get(reverse("konferenz:conference-list")).content.decode()

    assert "Unsere SiKo" in content
    assert "Fremde SiKo" not in content


def test_ministry_user_is_sent_to_state_overview_and_cannot_open_conferences(client):
    conference = ConferenceFactory()
    ministry = MembershipFactory(police_authority=None, is_ministry=True).user
    client.force_login(ministry)

    assert client.get(reverse("konferenz:dashboard"))["Location"] == reverse(
        "konferenz:ministry-overview"
    )
    assert client.get(conference.get_absolute_url()).status_code == 403


def test_staff_user_cannot_open_ministry_overview(client, reader):
    client.force_login(reader)

    assert client.get(reverse("konferenz:ministry-overview")).status_code == 403


def test_membership_must_be_ministry_or_police_authority():
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        MembershipFactory(police_authority=None, is_ministry=False)


def _counts():
    """Rows of every model of our apps (history included), by model name."""
    from django.apps import apps

    return {
        model.__name__: model._default_manager.count()
        for app in ("konferenz", "teilnehmer", "tagesordnung")
        for model in apps.get_app_config(app).get_models()
        # The VS-NfD read log grows with reading, not with loading.
        if model.__name__ != "ClassifiedReadLog"
    }


def test_load_demo_twice_gives_the_same_row_counts(settings, monkeypatch):
    settings.DEBUG = True
    # The demo is built around today; this test counts the rows of one day.
    instant = datetime.datetime(2026, 12, 1, 10, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: instant)
    call_command("load_demo")
    first = _counts()

    call_command("load_demo")

    assert _counts() == first
    # 5 from the seeds and 4 around today, 11 later years of the demo
    # authorities, 324 for the other 44 authorities' statistics (2019–2026).
    assert first["Conference"] == 344
    # 3 authorities × 6 roles (with the Behördenadministration) + ministry
    assert first["Membership"] == 19
    assert first["Minutes"] >= 3
    assert first["ActionItem"] > 0
    assert first["PressRelease"] >= 3


def test_load_demo_refuses_without_debug(settings):
    from django.core.management import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("load_demo")


def test_demo_lippe_2021_is_its_second_conference(settings):
    settings.DEBUG = True
    call_command("load_demo")

    conference = Conference.objects.with_sequence().get(
        police_authority__press_code="LIP", date__year=2021
    )

    assert conference.sequence == 2


def test_production_settings_pass_check_deploy(tmp_path):
    production = {
        "SECRET_KEY": "k" * 20 + "Zq8!xP2@mN5#vB7$cX9%lK3^jH6&gF1*dS4(aW0)",
        "ALLOWED_HOSTS": "siko.polizei.nrw.example",
        "DEBUG": "0",
        "SIKO_VAR_DIR": str(tmp_path),
    }
    # As in README "Betrieb": collectstatic before the check (siko.E017).
    assert manage("collectstatic", "--no-input", "-v0", **production).returncode == 0
    result = manage("check", "--deploy", "--fail-level", "WARNING", **production)

    assert result.returncode == 0, result.stdout + result.stderr


def test_missing_secret_key_without_debug_fails_with_a_clear_message(tmp_path):
    result = manage("check", DEBUG="0", SIKO_VAR_DIR=str(tmp_path))

    assert result.returncode != 0
    assert "SECRET_KEY ist nicht gesetzt" in result.stderr


@pytest.mark.django_db
def test_model_permissions_are_read_only_for_admin_staff(django_assert_num_queries):
    from django.contrib.auth.models import Permission

    from konferenz.accounts.backends import SikoBackend

    member = MembershipFactory(is_organiser=True)
    user = member.user
    user.user_permissions.add(Permission.objects.get(codename="change_conference"))
    backend = SikoBackend()

    with django_assert_num_queries(0):
        assert backend.get_all_permissions(user) == set()

    user.is_staff = True
    user.save()
    fresh = type(user).objects.get(pk=user.pk)
    assert backend.get_all_permissions(fresh) == {"konferenz.change_conference"}
