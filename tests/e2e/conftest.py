"""Browser tests: Playwright drives Debian's Chromium against a live server."""

import os
import re
from pathlib import Path

import pyotp
import pytest
from playwright.sync_api import expect

# Playwright's sync API runs an event loop in the test thread; the test data is
# created in that same thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
AXE = Path(__file__).resolve().parents[2] / "static" / "vendor" / "axe" / "axe.min.js"
# Screenshots (and the HTML) of failed browser tests: $SIKO_ARTIFACTS if set,
# else the CI log folder ($LOG_DIR, set by .ci/run), else var/e2e-artifacts.
ARTIFACTS = Path(
    os.environ.get("SIKO_ARTIFACTS")
    or os.environ.get("LOG_DIR")
    or Path(__file__).resolve().parents[2] / "var" / "e2e-artifacts"
)

pytestmark = pytest.mark.e2e

#: Settings of every browser context (also those a test opens for a partner).
CONTEXT = {"locale": "de-DE", "bypass_csp": True, "reduced_motion": "reduce"}


def pytest_collection_modifyitems(items):
    # This hook sees the whole session's items: mark only the browser tests.
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(item.fspath).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # axe-core is injected as a script; the app's CSP would (rightly) block it.
    # Reduced motion switches off Bootstrap's transitions, so that axe never
    # measures a button's colour halfway through its hover/focus transition.
    return {**browser_context_args, **CONTEXT}


@pytest.fixture(autouse=True)
def _screenshot_on_failure(request, page):
    yield
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
        (ARTIFACTS / f"{name}.html").write_text(page.content())
        print(f"Bildschirmfoto des Fehlers: {ARTIFACTS / name}.png")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def check_accessibility(page):
    """Run axe-core on the page: no violation of impact serious or critical."""
    # A click that navigates returns before the new document is there; axe
    # must run on the loaded page, not on one in between.
    page.wait_for_load_state("load")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {resultTypes: ['violations']})"
    )
    bad = [
        f"{v['id']} ({v['impact']}): {v['help']} – "
        + ", ".join(n["target"][0] for n in v["nodes"][:3])
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not bad, "\n".join(bad)


def login(page, live_server, username, password="Geheim-Passwort-123"):
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()


def enrol_second_factor(page, password):
    """On the set-up page: password, the current TOTP code of the key shown,
    then past the recovery codes. Returns the authenticator (pyotp.TOTP)."""
    expect(page.get_by_role("heading", name="Zweiter Faktor")).to_be_visible()
    secret = page.locator("code.mfa-secret").inner_text().replace(" ", "")
    page.get_by_label("Ihr Passwort").fill(password)
    page.locator("#id_token").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Bestätigen").click()
    expect(page.get_by_role("heading", name="Wiederherstellungscodes")).to_be_visible()
    page.get_by_role("link", name="Ich habe die Codes aufbewahrt – weiter").click()
    return pyotp.TOTP(secret)
