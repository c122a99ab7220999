import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import check_accessibility, login
from tests.factories import ConferenceFactory, MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_logs_in_and_sees_own_conference_only(page, live_server):
    own = MembershipFactory(
        user__username="olga", is_organiser=True, police_authority__name="Polizei A"
    )
    ConferenceFactory(police_authority=own.police_authority, title="Unsere Konferenz")
    ConferenceFactory(title="Konferenz einer anderen Behörde")

    page.goto(live_server.url)
    expect(page.get_by_role("heading", name="Anmeldung bei SiKo")).to_be_visible()
    check_accessibility(page)
    login(page, live_server, "olga")

    expect(page.get_by_role("heading", name="Übersicht – Polizei A")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name="Konferenzen").click()
    expect(page.get_by_role("link", name="Unsere Konferenz")).to_be_visible()
    expect(page.get_by_text("Konferenz einer anderen Behörde")).to_have_count(0)
    check_accessibility(page)
    page.get_by_role("link", name="Unsere Konferenz").click()
    expect(page.get_by_role("heading", name="Unsere Konferenz")).to_be_visible()
    check_accessibility(page)


def test_login_with_wrong_password_shows_german_error(page, live_server):
    MembershipFactory(user__username="olga")

    login(page, live_server, "olga", password="falsch")

    expect(page.get_by_text("Bitte Benutzername und Passwort eingeben")).to_be_visible()
