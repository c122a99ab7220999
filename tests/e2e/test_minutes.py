import datetime

import pytest
from playwright.sync_api import expect

from konferenz.core.models import Conference
from tagesordnung.minutes.models import Minutes
from tests.e2e.conftest import check_accessibility, login
from tests.factories import (
    AgendaItemFactory,
    AuthorityFactory,
    ConferenceFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_minute_taker_writes_and_head_approves(page, live_server):
    writer = MembershipFactory(
        user__username="paula", is_minute_taker=True, is_organiser=True
    )
    pa = writer.police_authority
    MembershipFactory(user__username="hanna", police_authority=pa, is_head=True)
    conference = ConferenceFactory(
        police_authority=pa, status=Conference.Status.HELD, title="SiKo Teststadt"
    )
    AgendaItemFactory(conference=conference, title="Clankriminalität", position=1)
    AuthorityFactory(police_authority=pa, name="Hauptzollamt Teststadt")

    login(page, live_server, "paula")
    page.goto(f"{live_server.url}{conference.get_absolute_url()}")
    page.get_by_role("link", name="Protokoll", exact=True).click()
    page.get_by_role("button", name="Protokoll anlegen").click()
    expect(page.get_by_text("Das Protokoll ist angelegt")).to_be_visible()
    check_accessibility(page)

    page.get_by_role("link", name="Text bearbeiten Clankriminalität").click()
    page.get_by_label("Text (Markdown)").fill("Lagebild **vorgestellt**.")
    page.get_by_role("button", name="Speichern").click()
    expect(page.locator("strong", has_text="vorgestellt")).to_be_visible()
    page.get_by_role("button", name="Beschluss hinzufügen").click()
    page.get_by_label("Neuer Beschluss").fill("Kontrollen werden fortgesetzt.")
    page.get_by_role("button", name="Beschluss speichern").click()
    expect(page.get_by_text("Kontrollen werden fortgesetzt.")).to_be_visible()
    page.get_by_role("link", name="Maßnahme hinzufügen Clankriminalität").click()
    page.get_by_label("Maßnahme").fill("Verbundkontrolle planen")
    page.get_by_label("Verantwortliche Behörde").select_option(
        label="Hauptzollamt Teststadt"
    )
    page.get_by_label("Fällig am").fill("2027-06-30")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Verbundkontrolle planen")).to_be_visible()
    page.get_by_label("Kommentare möglich bis").fill(
        (datetime.date.today() + datetime.timedelta(days=14)).isoformat()
    )
    page.get_by_role("button", name="Den Teilnehmenden zur Abstimmung senden").click()
    expect(page.get_by_text("zur Abstimmung geschickt")).to_be_visible()

    page.context.clear_cookies()
    login(page, live_server, "hanna")
    page.goto(f"{live_server.url}/tagesordnung/konferenzen/{conference.pk}/protokoll/")
    page.get_by_role("button", name="Protokoll genehmigen").click()
    expect(page.get_by_text("genehmigt und gesperrt").first).to_be_visible()
    check_accessibility(page)
    assert Minutes.objects.get(conference=conference).status == "approved"
