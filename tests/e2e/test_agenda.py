import datetime

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import check_accessibility, login
from tests.factories import ConferenceFactory, ContactFactory, MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _add_item(page, title, minutes, *, presenter=None, classification=None):
    page.get_by_role("link", name="Tagesordnungspunkt hinzufügen").click()
    page.get_by_label("Titel").fill(title)
    if presenter:
        page.get_by_label("Referent/in aus dem Adressbuch").select_option(
            label=presenter
        )
    page.get_by_label("Dauer (Minuten)").fill(str(minutes))
    if classification:
        page.get_by_label("Einstufung").select_option(label=classification)
    page.get_by_role("button", name="Speichern", exact=True).click()
    expect(
        page.get_by_text("Der Tagesordnungspunkt wurde hinzugefügt.")
    ).to_be_visible()


def test_organiser_builds_agenda_and_reorders_by_keyboard(page, live_server):
    member = MembershipFactory(
        user__username="olga", is_organiser=True, may_read_vs_nfd=True
    )
    conference = ConferenceFactory(
        police_authority=member.police_authority,
        title="Sicherheitskonferenz Teststadt",
        start_time=datetime.time(9, 0),
        end_time=datetime.time(10, 0),
    )
    ContactFactory(
        authority__police_authority=member.police_authority,
        authority__name="Bundespolizei",
        first_name="Sven",
        last_name="Srol",
        function="Leiter der Bundespolizeiinspektion",
    )

    login(page, live_server, "olga")
    page.goto(f"{live_server.url}{conference.get_absolute_url()}")
    page.get_by_role("link", name="Tagesordnung").click()
    expect(page.get_by_text("Die Tagesordnung hat noch keine Punkte.")).to_be_visible()

    _add_item(page, "Allgemeine Sicherheitslage", 15, classification="öffentlich")
    _add_item(
        page,
        "Problembereich Hauptbahnhof",
        30,
        presenter="Sven Srol, Leiter der Bundespolizeiinspektion – Bundespolizei",
    )
    _add_item(
        page, "Clanstrukturen", 30, classification="VS – Nur für den Dienstgebrauch"
    )

    items = page.locator(".agenda-item h3")
    expect(items).to_have_text(
        [
            "Allgemeine Sicherheitslage öffentlich",
            "Problembereich Hauptbahnhof intern",
            "Clanstrukturen VS-NfD",
        ]
    )
    expect(page.get_by_text("09:45–10:15")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text(
        "15 Minuten nach dem geplanten Ende"
    )
    check_accessibility(page)

    page.get_by_role("button", name="TOP 1 nach unten verschieben").focus()
    page.keyboard.press("Enter")

    expect(items).to_have_text(
        [
            "Problembereich Hauptbahnhof intern",
            "Allgemeine Sicherheitslage öffentlich",
            "Clanstrukturen VS-NfD",
        ]
    )
    expect(page.locator(".agenda-item").nth(1)).to_contain_text("09:30–09:45")
    # The focus stays on the moved item, so that it can be moved on by keyboard.
    expect(
        page.get_by_role("button", name="TOP 2 nach unten verschieben")
    ).to_be_focused()
    page.keyboard.press("Space")

    expect(items).to_have_text(
        [
            "Problembereich Hauptbahnhof intern",
            "Clanstrukturen VS-NfD",
            "Allgemeine Sicherheitslage öffentlich",
        ]
    )
    expect(page.locator(".agenda-item").nth(2)).to_contain_text("TOP 3")
    expect(page.locator(".agenda-item").nth(2)).to_contain_text("10:00–10:15")
    # At the bottom "down" is disabled, so the focus moves to "up" of that item.
    expect(
        page.get_by_role("button", name="TOP 3 nach oben verschieben")
    ).to_be_focused()
    check_accessibility(page)


def test_organiser_reorders_by_drag_and_drop(page, live_server):
    from tests.factories import AgendaItemFactory

    member = MembershipFactory(user__username="olga", is_organiser=True)
    conference = ConferenceFactory(
        police_authority=member.police_authority, start_time=datetime.time(9, 0)
    )
    for position, (title, minutes) in enumerate(
        [("Lage", 15), ("Hauptbahnhof", 30), ("Hafen", 20)], start=1
    ):
        AgendaItemFactory(
            conference=conference,
            position=position,
            title=title,
            duration_minutes=minutes,
        )

    login(page, live_server, "olga")
    page.goto(f"{live_server.url}/tagesordnung/konferenzen/{conference.pk}/")
    handles = page.locator(".drag-handle")
    handles.nth(2).drag_to(page.locator(".agenda-item").nth(0))

    titles = page.locator(".agenda-item h3")
    expect(titles).to_have_text(["Hafen intern", "Lage intern", "Hauptbahnhof intern"])
    expect(page.locator(".agenda-item").nth(1)).to_contain_text("09:20–09:35")
    page.reload()
    expect(titles).to_have_text(["Hafen intern", "Lage intern", "Hauptbahnhof intern"])
