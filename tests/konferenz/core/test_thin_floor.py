"""Issues 22 and 27: the thin floor — the session from the database with the
accounts' change stamp in one query, the cached user, one navigation
structure.

The suite runs with SIKO_SHARED_CACHE (tests/settings.py), as production does
with Redis: a logged-in page needs one query (session and stamp) and none for
user, membership or police authority once they are cached, and every change
to them takes effect on the next request.
"""

import pytest
from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from konferenz.accounts import services as accounts
from konferenz.core import usercache
from tests.factories import MembershipFactory

FLOOR = "/gibt-es-nicht/"  # a logged-in 404: base.html and nothing else


def _menu(response):
    html = response.content.decode()
    start = html.index('class="navbar-nav me-auto"')
    return html[start : html.index("</ul>", start)]


def test_sessions_live_in_the_database_only():
    """A cache restored from an older snapshot can bring back no session."""
    assert settings.SESSION_ENGINE == "konferenz.core.sessions"


def test_floor_page_needs_no_query_once_session_and_user_are_cached(
    client, organiser, django_assert_num_queries
):
    client.force_login(organiser)
    client.get(FLOOR)  # session and user now in the cache
    with django_assert_num_queries(1):
        response = client.get(FLOOR)
    assert response.status_code == 404
    assert "Konferenzen" in _menu(response)


def test_role_change_takes_effect_on_the_next_request(
    client, make_member, police_authority
):
    admin = make_member(police_authority, is_authority_admin=True)
    user = make_member(police_authority)
    client.force_login(user)
    users = reverse("konferenz:user-list")
    assert client.get(users).status_code == 403  # cached as read-only

    accounts.membership_roles_set(
        membership=user.membership, roles={"authority_admin"}, actor=admin
    )
    response = client.get(users)
    assert response.status_code == 200
    assert "Benutzer" in _menu(response)

    accounts.membership_roles_set(membership=user.membership, roles=set(), actor=admin)
    assert client.get(users).status_code == 403


def test_deactivation_ends_the_session_on_the_next_request(
    client, make_member, police_authority
):
    admin = make_member(police_authority, is_authority_admin=True)
    user = make_member(police_authority, is_organiser=True)
    client.force_login(user)
    dashboard = reverse("konferenz:dashboard")
    assert client.get(dashboard).status_code == 200

    accounts.user_set_active(user=user, active=False, actor=admin)

    response = client.get(dashboard)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_authority_change_shows_on_the_next_request(client, organiser):
    client.force_login(organiser)
    client.get(FLOOR)
    authority = organiser.membership.police_authority
    authority.short_name = "Polizei Neustadt"
    authority.save()
    assert "Polizei Neustadt" in client.get(FLOOR).content.decode()


def test_password_change_elsewhere_ends_the_cached_session(client, organiser):
    client.force_login(organiser)
    dashboard = reverse("konferenz:dashboard")
    assert client.get(dashboard).status_code == 200
    organiser.set_password("ein-ganz-neues-Passwort-2026")
    organiser.save()
    assert client.get(dashboard).status_code == 302


def _verified(client, user):
    """A session that passed its second factor, as after the TOTP login."""
    device = TOTPDevice.objects.create(user=user, name="App", confirmed=True)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def test_second_factor_device_needs_no_query_once_cached(
    client, organiser, settings, django_assert_num_queries
):
    settings.SIKO_MFA_REQUIRED = True
    _verified(client, organiser)
    client.get(FLOOR)  # session, user and device now in the cache
    with django_assert_num_queries(1):
        response = client.get(FLOOR)
    assert response.status_code == 404  # not sent to verification
    assert "Konferenzen" in _menu(response)


def test_second_factor_reset_ends_the_verified_session_at_once(
    client, make_member, police_authority, organiser, settings
):
    settings.SIKO_MFA_REQUIRED = True
    admin = make_member(police_authority, is_authority_admin=True)
    _verified(client, organiser)
    dashboard = reverse("konferenz:dashboard")
    assert client.get(dashboard).status_code == 200  # device cached

    accounts.mfa_reset(user=organiser, actor=admin)

    # the session is gone (issue 30): back to the password, not to set-up
    response = client.get(dashboard)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_unconfirmed_device_does_not_count_even_when_cached(
    client, organiser, settings
):
    settings.SIKO_MFA_REQUIRED = True
    device = _verified(client, organiser)
    dashboard = reverse("konferenz:dashboard")
    assert client.get(dashboard).status_code == 200
    device.confirmed = False
    device.save()
    assert client.get(dashboard).status_code == 302


# Navigation


def test_search_is_in_the_main_menu_for_staff(client, make_member, police_authority):
    client.force_login(make_member(police_authority))
    menu = _menu(client.get(reverse("konferenz:dashboard")))
    assert f'href="{reverse("tagesordnung:minutes-search")}">Suche<' in menu


def test_ministry_menu_has_no_search_and_no_authority_items(client, db):
    client.force_login(MembershipFactory(police_authority=None, is_ministry=True).user)
    menu = _menu(client.get(reverse("konferenz:ministry-overview")))
    assert "Landesübersicht" in menu
    assert "Suche" not in menu
    assert "Konferenzen" not in menu


def test_menu_marks_the_current_page_only(client, organiser):
    client.force_login(organiser)
    menu = _menu(client.get(reverse("tagesordnung:minutes-search")))
    assert menu.count('aria-current="page"') == 1
    assert (
        f'class="nav-link active" aria-current="page" '
        f'href="{reverse("tagesordnung:minutes-search")}"' in menu
    )


@pytest.mark.parametrize(
    ("roles", "present", "absent"),
    [
        ({}, ["Übersicht", "Maßnahmen", "Adressbuch"], ["Benutzer"]),
        ({"is_authority_admin": True}, ["Benutzer"], []),
        ({"is_press_office": True}, ["Übersicht"], ["Adressbuch"]),
    ],
)
def test_menu_follows_the_roles(
    client, make_member, police_authority, roles, present, absent
):
    client.force_login(make_member(police_authority, **roles))
    menu = _menu(client.get(reverse("konferenz:dashboard")))
    for label in present:
        assert f">{label}<" in menu
    for label in absent:
        assert f">{label}<" not in menu


def test_the_cached_user_holds_no_totp_secret(client, organiser, settings):
    settings.SIKO_MFA_REQUIRED = True
    device = _verified(client, organiser)
    client.get(FLOOR)

    cached = cache.get(usercache._key(organiser.pk))
    kept = cached._siko_devices[device.persistent_id]
    assert kept.confirmed
    assert kept.key != device.key
