"""Issue 32: base.html's navigation is one precomputed string per role set;
the logout form in it still carries each reader's own CSRF token."""

import re

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

FLOOR = "/gibt-es-nicht/"  # a logged-in 404: base.html and nothing else


def _account_menu(html):
    start = html.index('class="dropdown-menu dropdown-menu-end"')
    return html[start : html.index("</form>", start)]


def _logout_token(html):
    menu = _account_menu(html)
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', menu).group(1)


def test_each_reader_logs_out_with_their_own_token(make_member, police_authority):
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first.force_login(make_member(police_authority))
    second.force_login(make_member(police_authority))
    first_token = _logout_token(first.get(FLOOR).content.decode())
    second_token = _logout_token(second.get(FLOOR).content.decode())

    assert first_token != second_token
    response = first.post(reverse("logout"), {"csrfmiddlewaretoken": first_token})
    assert response.status_code == 302
    assert first.get(reverse("konferenz:dashboard")).status_code == 302  # to login


def test_account_menu_follows_the_roles(client, make_member, police_authority):
    member = make_member(police_authority)
    client.force_login(member)
    menu = _account_menu(client.get(FLOOR).content.decode())
    assert "Passwort ändern" in menu
    assert "Kalender-Abo" in menu
    assert "Administration" not in menu

    member.is_staff = True
    member.save()
    menu = _account_menu(client.get(FLOOR).content.decode())
    assert f'href="{reverse("admin:index")}">Administration<' in menu


def test_user_without_password_gets_no_password_link(
    client, make_member, police_authority
):
    member = make_member(police_authority)
    member.set_unusable_password()
    member.save()
    client.force_login(member)

    menu = _account_menu(client.get(FLOOR).content.decode())

    assert "Passwort ändern" not in menu
    assert "Zweiter Faktor" in menu
