"""Issue 30: the accounts pages speak German ("User name", "Back to the login
page" were English) and show the VS-NfD clearance in the user list and its
history."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

ENGLISH = ("User name", "Back to the login page", "May read VS-NfD")


def _no_english(response):
    assert response.status_code in (200, 403), response.status_code
    page = response.content.decode()
    for text in ENGLISH:
        assert text not in page, text
    return page


def test_accounts_pages_are_german(make_member, police_authority, reader):
    admin = make_member(police_authority, is_authority_admin=True)
    client = Client()
    client.force_login(admin)
    ministry = Client()
    ministry.force_login(
        MembershipFactory(police_authority=None, is_ministry=True).user
    )
    anonymous = Client()

    pages = [
        client.get(reverse("konferenz:user-list")),
        client.get(reverse("konferenz:user-detail", args=[reader.pk])),
        client.get(reverse("konferenz:user-invite")),
        client.get(reverse("konferenz:authority-settings")),
        ministry.get(reverse("konferenz:police-authority-setup")),
        ministry.get(reverse("konferenz:police-authority-list")),
        anonymous.get(reverse("konferenz:sso-refused")),
        anonymous.get(reverse("password_reset")),
        anonymous.get(reverse("password_reset_done")),
        anonymous.get(reverse("login")),
        client.get(reverse("konferenz:mfa-setup")),
        client.get(reverse("konferenz:mfa-verify")),
    ]
    html = [_no_english(page) for page in pages]

    assert "Benutzername" in html[0]
    assert "Benutzername" in html[1]
    assert "Benutzername" in html[2]
    assert "Zurück zur Anmeldung" in html[6]
    assert "Zurück zur Anmeldung" in html[7]
    assert "Zurück zur Anmeldung" in html[8]


def test_user_list_and_history_show_vs_nfd_clearance(make_member, police_authority):
    admin = make_member(police_authority, is_authority_admin=True)
    cleared = make_member(police_authority, is_organiser=True)
    client = Client()
    client.force_login(admin)

    client.post(
        reverse("konferenz:user-detail", args=[cleared.pk]),
        {"roles": ["organiser", "vs_nfd"]},
    )
    page = client.get(reverse("konferenz:user-list")).content.decode()

    listed = page.split("<tbody>")[1].split("</tbody>")[0]
    assert "Darf VS-NfD lesen" in listed
    history = page.split("<tbody>")[2]
    assert "Darf VS-NfD lesen" in history
