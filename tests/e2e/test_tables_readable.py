"""Readable tables and pages (issue 31): the answers table cuts nothing off
at 1280 or 390 px and names each row's controls by person and authority;
every table wider than a phone shows a hint that it scrolls; labels do not
run into their values; grey outline buttons do not look disabled."""

import pytest
from django.urls import reverse

from tests.e2e.conftest import login
from tests.e2e.pages import DEMO_PASSWORD, _held_and_upcoming, load_demo

# The demo needs the police authorities of the data migration back.
pytestmark = pytest.mark.django_db(transaction=True)

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}

_DESCRIBE = """el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
  + (typeof el.className === "string" && el.className.trim()
     ? "." + el.className.trim().split(/\\s+/).join(".") : "")
  + " „" + (el.innerText || "").trim().slice(0, 40) + "“\""""

#: Elements whose text is cut off: wider than their box and clipped with an
#: ellipsis (or hidden on one line), or cells whose text ends in "…".
CUT = (
    """() => {
  const describe = """
    + _DESCRIBE
    + """;
  const cut = [];
  for (const el of document.querySelectorAll("main *")) {
    // Screen-reader-only texts are 1 px wide on purpose.
    if (el.clientWidth <= 1 || el.closest(".visually-hidden")) continue;
    const style = getComputedStyle(el);
    const clips = style.textOverflow === "ellipsis"
      || (style.overflowX === "hidden" && style.whiteSpace === "nowrap");
    if (clips && el.scrollWidth > el.clientWidth + 1) cut.push(describe(el));
  }
  for (const cell of document.querySelectorAll("main td, main th")) {
    if (/\\S…$/.test(cell.innerText.trim())) cut.push(describe(cell));
  }
  return cut;
}"""
)

#: Boxes that scroll sideways without a visible hint right above them.
UNHINTED = (
    """() => {
  const describe = """
    + _DESCRIBE
    + """;
  return [...document.querySelectorAll("main *")].filter(el => {
    const style = getComputedStyle(el);
    if (!["auto", "scroll"].includes(style.overflowX)) return false;
    if (!el.clientWidth || el.scrollWidth <= el.clientWidth + 1) return false;
    if (el.closest("details:not([open])")) return false;  // not shown
    const hint = el.previousElementSibling;
    return !(hint && hint.classList.contains("scroll-hint") && hint.offsetHeight > 0
      && hint.innerText.trim().length > 0);
  }).map(describe);
}"""
)


@pytest.fixture
def demo(settings):
    load_demo(settings)


def _invitations_url(live_server):
    _held, upcoming = _held_and_upcoming()
    return f"{live_server.url}{reverse('invitations:overview', args=[upcoming.pk])}"


def test_answers_table_cuts_nothing_off_and_names_rows_uniquely(
    page, live_server, demo
):
    login(page, live_server, "dn-organisation", DEMO_PASSWORD)
    page.set_viewport_size(DESKTOP)
    page.goto(_invitations_url(live_server))

    assert page.locator(".invitation-table tbody tr").count() > 10
    assert page.evaluate(CUT) == []
    names = page.eval_on_selector_all(
        ".invitation-table input[type=checkbox]",
        "boxes => boxes.map(box => box.getAttribute('aria-label'))",
    )
    assert names and len(set(names)) == len(names), sorted(names)
    page.set_viewport_size(PHONE)
    page.reload()
    assert page.evaluate(CUT) == []
    hint = page.locator(".scroll-hint").first
    assert hint.is_visible()
    assert "seitlich" in hint.inner_text()
    assert page.evaluate(UNHINTED) == []


def _organiser_pages():
    """The organiser's pages with tables (one login: the whole walk of
    test_pages_fit_and_validate.py takes too long on a busy machine)."""
    held, upcoming = _held_and_upcoming()
    return [
        reverse("konferenz:dashboard"),
        reverse("konferenz:conference-list"),
        held.get_absolute_url(),
        upcoming.get_absolute_url(),
        reverse("tagesordnung:agenda", args=[held.pk]),
        reverse("tagesordnung:minutes", args=[held.pk]),
        reverse("tagesordnung:action-list"),
        reverse("tagesordnung:minutes-search") + "?q=Kinderschutz",
        reverse("tagesordnung:topic-list"),
        reverse("teilnehmer:authority-list"),
        reverse("konferenz:statistics"),
        reverse("invitations:overview", args=[upcoming.pk]),
        reverse("invitations:checkin", args=[upcoming.pk]),
    ]


def test_every_wide_table_on_a_phone_shows_that_it_scrolls(page, live_server, demo):
    login(page, live_server, "dn-organisation", DEMO_PASSWORD)
    page.set_viewport_size(PHONE)
    unhinted = []
    hinted = []

    for path in _organiser_pages():
        page.goto(f"{live_server.url}{path}")
        unhinted.extend(f"{path}: {el}" for el in page.evaluate(UNHINTED))
        if page.locator(".scroll-hint").count():
            hinted.append(path)

    assert not unhinted, "Ohne Hinweis auf seitliches Scrollen:\n" + "\n".join(unhinted)
    assert len(hinted) >= 3, hinted


CONTRAST = """el => {
  const rgb = text => text.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number);
  const lum = ([r, g, b]) => {
    const c = [r, g, b].map(v => v / 255)
      .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const ratio = colour => (1.05) / (lum(rgb(colour)) + 0.05);
  const style = getComputedStyle(el);
  return [ratio(style.color), ratio(style.borderTopColor)];
}"""


def test_labels_steps_and_outline_buttons_are_readable(page, live_server, demo):
    held, upcoming = _held_and_upcoming()
    login(page, live_server, "dn-organisation", DEMO_PASSWORD)
    page.set_viewport_size(DESKTOP)

    page.goto(f"{live_server.url}{reverse('tagesordnung:minutes', args=[held.pk])}")
    overlaps = page.eval_on_selector_all(
        "[data-testid=minutes-facts] > dt",
        """terms => terms.filter(dt => {
          const dd = dt.nextElementSibling;
          return dt.scrollWidth > dt.clientWidth + 1
            || dt.getBoundingClientRect().right > dd.getBoundingClientRect().left + 0.5;
        }).map(dt => dt.innerText)""",
    )
    assert page.get_by_text("Protokollführung", exact=True).is_visible()
    assert overlaps == []

    page.goto(f"{live_server.url}{upcoming.get_absolute_url()}")
    offsets = page.eval_on_selector_all(
        "[data-testid=checklist] li",
        """items => items.map(li => li.querySelector(".checklist-text")
          .getBoundingClientRect().left - li.getBoundingClientRect().left)""",
    )
    assert offsets and max(offsets) < 60, offsets
    button = page.locator(".btn-outline-secondary").first
    text, border = button.evaluate(CONTRAST)
    assert text >= 7, f"Kontrast der Schrift {text:.1f}:1"
    assert border >= 4.5, f"Kontrast des Rahmens {border:.1f}:1"
