"""Every main page of every role fits a phone (390 px: nothing scrolls
sideways, tables scroll inside their card), and its HTML passes the W3C Nu
HTML checker (vnu.jar) without errors."""

import collections
import json
import shutil
import subprocess  # noqa: S404 - runs the HTML checker (java -jar vnu.jar)
from pathlib import Path

import pytest
from django.test import RequestFactory
from django.views import csrf, defaults

from tests.e2e.pages import load_demo, walk

# The demo needs the police authorities of the data migration back.
pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
VNU = (
    Path(__file__).resolve().parents[1]
    / "vnu"
    / "node_modules"
    / "vnu-jar"
    / "build"
    / "dist"
    / "vnu.jar"
)


#: The outermost elements that reach past the right edge (for the message).
WIDEST = """() => {
  const wide = el => el.getBoundingClientRect().right > window.innerWidth + 1;
  // Clipped by a scrolling ancestor, unless absolutely positioned (such an
  // element escapes a scroller that is not itself positioned).
  const clipped = el => {
    if (getComputedStyle(el).position === "absolute") return false;
    for (let up = el.parentElement; up; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== "visible") return true;
    }
    return false;
  };
  return [...document.body.querySelectorAll("*")]
    .filter(el => wide(el) && !clipped(el) && ![...el.children].some(wide))
    .slice(0, 3)
    .map(el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
      + (el.className && typeof el.className === "string"
        ? "." + el.className.trim().split(/\\s+/).join(".") : ""));
}"""


@pytest.fixture
def demo(settings):
    load_demo(settings)


def test_every_main_page_fits_a_phone(page, live_server, demo, tmp_path):
    page.set_viewport_size(PHONE)
    too_wide = []

    def visit(page, name, response):
        assert response is None or response.status in (200, 403, 404), name
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE["width"]:
            culprits = page.evaluate(WIDEST)
            too_wide.append(f"{name}: {width} px ({', '.join(culprits)})")

    walk(page, live_server, tmp_path, visit)
    assert not too_wide, "Breiter als 390 px:\n" + "\n".join(too_wide)


def _error_pages():
    """The server's own error pages, which no walk reaches (500, CSRF)."""
    request = RequestFactory().get("/")
    return {
        "500": defaults.server_error(request).content.decode(),
        "403_csrf": csrf.csrf_failure(request).content.decode(),
    }


def vnu_check(documents, tmp_path):
    """Check each {name: html}; returns the checker's messages per name."""
    files = {}
    for number, (name, html) in enumerate(documents.items()):
        path = tmp_path / f"seite-{number}.html"
        path.write_text(html, encoding="utf-8")
        files[path.name] = name
    result = subprocess.run(  # noqa: S603 - fixed command, files we wrote
        [
            shutil.which("java"),
            "-jar",
            str(VNU),
            "--format",
            "json",
            *map(str, [tmp_path / f"seite-{n}.html" for n in range(len(files))]),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr)["messages"]
    for message in messages:
        url = message.get("url", "")
        message["page"] = files.get(url.rsplit("/", 1)[-1], url)
    return messages


def test_every_page_is_valid_html(page, live_server, demo, tmp_path):
    if shutil.which("java") is None:
        pytest.skip("Java fehlt: der HTML-Prüfer (vnu.jar) läuft mit Java.")
    if not VNU.exists():
        pytest.skip(f"{VNU} fehlt: `make vnu` installiert den HTML-Prüfer.")
    documents = {}

    def visit(page, name, response):
        # What the server sent (not the DOM after scripts ran).
        html = response.text() if response is not None else None
        if html is None:
            html = page.evaluate("async () => (await fetch(location.href)).text()")
        documents[name] = html

    walk(page, live_server, tmp_path, visit)
    documents.update(_error_pages())

    messages = vnu_check(documents, tmp_path)
    errors = [m for m in messages if m["type"] in ("error", "non-document-error")]
    warnings = [m for m in messages if m not in errors]
    for text, n in collections.Counter(
        f"{m['page']}: {m['message']}" for m in warnings
    ).items():
        print(f"HTML-Warnung {n}×: {text}")
    summary = collections.Counter(f"{m['page']}: {m['message']}" for m in errors)
    assert not errors, "\n".join(f"{n}× {text}" for text, n in summary.items())
