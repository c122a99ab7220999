"""The statistics pages in the browser: charts, data tables, drill-down, axe."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.e2e.conftest import check_accessibility, login
from tests.e2e.pages import load_demo

pytestmark = pytest.mark.django_db(transaction=True)

DEMO_PASSWORD = "SiKo-Demo-2026!"


@pytest.fixture
def demo(settings):
    load_demo(settings)


def test_ministry_sees_rates_topics_and_drills_down(page, live_server, demo):
    login(page, live_server, "ministerium", DEMO_PASSWORD)
    page.goto(f"{live_server.url}{reverse('konferenz:ministry-overview')}")

    expect(page.get_by_role("img", name="Erfüllungsquote je Jahr")).to_be_visible()
    check_accessibility(page)
    page.get_by_label("Regierungsbezirk", exact=True).select_option("detmold")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("7 Polizeibehörden gezeigt.")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("Kreispolizeibehörde Lippe")))
    check_accessibility(page)

    page.get_by_role("link", name="Themenkarte").click()
    chart = page.get_by_role("img", name=re.compile("Besprochene Themen"))
    expect(chart).to_be_visible()
    page.get_by_text("Zahlen als Tabelle anzeigen").first.click()
    check_accessibility(page)
    first = page.get_by_role("link", name=re.compile(r"^\d+ von 47$")).first
    count = int(first.inner_text().split()[0])
    first.focus()
    page.keyboard.press("Enter")
    expect(
        page.get_by_role("heading", name=re.compile("Behörden, die „"))
    ).to_be_visible()
    expect(page.locator("#drill-heading + ul > li")).to_have_count(count)
    check_accessibility(page)


def test_staff_statistics_are_accessible(page, live_server, demo):
    login(page, live_server, "ge-organisation", DEMO_PASSWORD)
    page.get_by_role("link", name="Statistik").click()

    expect(page.get_by_role("heading", name=re.compile("Statistik:"))).to_be_visible()
    expect(page.get_by_role("img", name="Teilnahme je Jahr")).to_be_visible()
    for summary in page.get_by_text("Zahlen als Tabelle anzeigen").all():
        summary.click()
    expect(page.get_by_role("table", name="Teilnahme je Jahr")).to_be_visible()
    check_accessibility(page)


#: Cells of the state overview's grid that are cut off: wider than their box,
#: or reaching past the right edge of the window.
CUT_OFF = """() => [...document.querySelectorAll(".duty-grid th, .duty-grid td")]
  .filter(el => getComputedStyle(el).display !== "none")
  .filter(el => el.scrollWidth > el.clientWidth + 1
    || el.getBoundingClientRect().right > window.innerWidth + 1)
  .map(el => el.textContent.trim())"""


@pytest.mark.parametrize("width", [1280, 390])
def test_state_overview_shows_every_year_without_cutting(
    page, live_server, demo, width
):
    page.set_viewport_size({"width": width, "height": 900})
    login(page, live_server, "ministerium", DEMO_PASSWORD)
    page.goto(f"{live_server.url}{reverse('konferenz:ministry-overview')}")
    grid = page.locator(".duty-grid")
    next_year = int(page.evaluate("new Date().getFullYear()")) + 1

    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert page.evaluate(CUT_OFF) == []
    region = page.locator(".duty-grid-region")
    assert region.evaluate("el => el.scrollWidth <= el.clientWidth")
    if width == 1280:
        # The two columns the ministry opens the page for are on the screen.
        for head in (str(next_year - 1), f"geplant {next_year}"):
            expect(grid.get_by_role("columnheader", name=head)).to_be_in_viewport()
        expect(page.get_by_role("img", name="Erfüllungsquote je Jahr")).to_be_visible()
    else:
        # A list: one block per authority, each year a labelled chip.
        assert (
            grid.locator("tbody tr").first.evaluate(
                "el => getComputedStyle(el).display"
            )
            == "block"
        )
        chip = grid.locator("tbody tr").first.locator("td").last
        assert f"geplant {next_year}" in chip.evaluate(
            "el => getComputedStyle(el, '::before').content"
        )
        # The chart as horizontal bars that keep their text readable.
        chart = page.get_by_role("img", name="Erfüllungsquote je Jahr")
        expect(chart).to_have_class(re.compile("chart-narrow"))
        size = chart.locator("text.chart-label").first.evaluate(
            "el => el.getBoundingClientRect().height"
        )
        assert size >= 10
    check_accessibility(page)

    page.get_by_role("link", name="Kreispolizeibehörde Lippe").click()
    expect(
        page.get_by_role("heading", name="Kreispolizeibehörde Lippe")
    ).to_be_visible()
    expect(
        page.get_by_role("table", name="Sicherheitskonferenzen je Jahr")
    ).to_be_visible()
    check_accessibility(page)
