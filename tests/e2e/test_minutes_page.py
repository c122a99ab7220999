"""The minutes page of the demo's six-item minutes at 1366 px: short enough
to survey (forms collapsed behind buttons), a table of contents by TOP, and
the decision form opened by keyboard."""

import pytest
from playwright.sync_api import expect

from tagesordnung.minutes.models import Decision, Minutes
from tests.e2e.conftest import check_accessibility, login
from tests.e2e.pages import DEMO_PASSWORD, load_demo

# The demo needs the police authorities of the data migration back.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def minutes(settings):
    """Gelsenkirchen 2019: six items with texts, decisions and actions, put
    back to draft so that the page shows its editing controls."""
    load_demo(settings)
    minutes = Minutes.objects.get(
        conference__police_authority__press_code="GE", conference__date__year=2019
    )
    assert minutes.entries.count() == 6
    Minutes.objects.filter(pk=minutes.pk).update(status=Minutes.Status.DRAFT)
    return minutes


def test_six_item_minutes_fit_two_screens(page, live_server, minutes):
    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, live_server, "ge-protokoll", DEMO_PASSWORD)
    page.goto(f"{live_server.url}{minutes.get_absolute_url()}")

    height = page.evaluate("document.documentElement.scrollHeight")
    print(f"Höhe der Protokollseite (6 TOPs, 1366 px): {height} px")
    assert height < 2000
    # The forms are there, but closed.
    expect(page.get_by_label("Neuer Beschluss")).to_have_count(6)
    for field in page.get_by_label("Neuer Beschluss").all():
        expect(field).to_be_hidden()
    check_accessibility(page)


def test_table_of_contents_leads_to_each_item(page, live_server, minutes):
    login(page, live_server, "ge-protokoll", DEMO_PASSWORD)
    page.goto(f"{live_server.url}{minutes.get_absolute_url()}")

    contents = page.get_by_role("navigation", name="Inhalt")
    links = contents.get_by_role("link")
    expect(links).to_have_count(7)  # attendance and six items
    third = minutes.entries.order_by("agenda_item__position")[2].agenda_item
    contents.get_by_role("link", name=f"TOP 3: {third.title}").click()
    expect(page).to_have_url(
        f"{live_server.url}{minutes.get_absolute_url()}#top-{third.pk}"
    )
    expect(
        page.get_by_role("heading", name=f"TOP 3: {third.title}")
    ).to_be_in_viewport()


def test_decision_form_opens_by_keyboard_and_saves(page, live_server, minutes):
    login(page, live_server, "ge-protokoll", DEMO_PASSWORD)
    page.goto(f"{live_server.url}{minutes.get_absolute_url()}")
    first = minutes.entries.order_by("agenda_item__position")[0]
    item = page.get_by_role("region", name=f"TOP 1: {first.agenda_item.title}")

    opener = item.get_by_role("button", name="Beschluss hinzufügen")
    expect(opener).to_have_attribute("aria-expanded", "false")
    opener.focus()
    page.keyboard.press("Enter")
    expect(opener).to_have_attribute("aria-expanded", "true")
    field = item.get_by_label("Neuer Beschluss")
    expect(field).to_be_visible()
    field.fill("Die Streifen werden im Sommer verstärkt.")
    item.get_by_role("button", name="Beschluss speichern").click()

    expect(page.get_by_text("Der Beschluss wurde hinzugefügt.")).to_be_visible()
    assert Decision.objects.filter(
        entry=first, text="Die Streifen werden im Sommer verstärkt."
    ).exists()
