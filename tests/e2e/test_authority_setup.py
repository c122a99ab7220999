"""A new police authority in the browser, without the Django admin: the
state-wide administrator sets it up, its first Behördenadministration sets a
password and a second factor and invites a colleague."""

import re

import pyotp
import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from playwright.sync_api import expect

from tests.e2e.conftest import check_accessibility, login

pytestmark = pytest.mark.django_db(transaction=True)


def _link(message):
    return re.search(r"https?://\S+/passwort/neu/\S+/", message.body).group(0)


def _enrol_second_factor(page):
    expect(page.get_by_role("heading", name="Zweiter Faktor")).to_be_visible()
    check_accessibility(page)
    secret = page.locator("code.mfa-secret").inner_text().replace(" ", "")
    page.get_by_label("Code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Bestätigen").click()
    expect(page.get_by_role("heading", name="Wiederherstellungscodes")).to_be_visible()
    assert page.locator(".recovery-codes li").count() == 10
    page.get_by_role("link", name="Ich habe die Codes aufbewahrt – weiter").click()
    return pyotp.TOTP(secret)


def test_state_admin_sets_up_authority_and_its_admin_invites_staff(
    page, live_server, settings
):
    settings.SIKO_MFA_REQUIRED = True
    settings.SITE_URL = live_server.url
    get_user_model().objects.create_superuser(
        "admin", "admin@polizei.nrw.example", "Geheim-Passwort-123"
    )

    login(page, live_server, "admin")
    _enrol_second_factor(page)
    expect(page.get_by_role("heading", name="Willkommen, admin")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name=re.compile("^Polizeibehörden: neue Behörde")).click()
    page.get_by_role("link", name="Polizeibehörde einrichten").click()
    check_accessibility(page)
    page.get_by_label("Name", exact=True).fill("Polizeipräsidium Neustadt")
    page.get_by_label("Kurzname").fill("Polizei Neustadt")
    page.get_by_label("Art").select_option("pp")
    page.get_by_label("Pressekürzel").fill("NS")
    page.get_by_label("Sitz").fill("Neustadt")
    page.get_by_label("Zuständigkeitsbereich").fill("Neustadt")
    page.get_by_label("Benutzername").fill("ns-admin")
    page.get_by_label("Vorname").fill("Petra")
    page.get_by_label("Nachname").fill("Admin")
    page.get_by_label("E-Mail").fill("petra.admin@polizei.nrw.example")
    page.get_by_role("button", name="Einrichten und einladen").click()
    expect(
        page.get_by_text("Polizeipräsidium Neustadt wurde eingerichtet")
    ).to_be_visible()
    page.get_by_role("button", name="admin").click()
    page.get_by_role("button", name="Abmelden").click()

    # The new Behördenadministration follows the link in her mail.
    page.goto(_link(mail.outbox[-1]))
    page.get_by_label("Neues Passwort", exact=True).fill("Petras-Passwort-2026")
    page.get_by_label("Neues Passwort bestätigen").fill("Petras-Passwort-2026")
    page.get_by_role("button", name="Passwort speichern").click()
    expect(page.get_by_role("heading", name="Passwort gespeichert")).to_be_visible()
    login(page, live_server, "ns-admin", password="Petras-Passwort-2026")
    _enrol_second_factor(page)
    page.get_by_role("link", name="Benutzer", exact=True).click()
    check_accessibility(page)
    page.get_by_role("link", name="Benutzer einladen").click()
    page.get_by_label("Benutzername").fill("ns-organisation")
    page.get_by_label("Vorname").fill("Olaf")
    page.get_by_label("Nachname").fill("Organisation")
    page.get_by_label("E-Mail").fill("olaf@polizei.nrw.example")
    page.get_by_label("Organisation").check()
    check_accessibility(page)
    page.get_by_role("button", name="Einladung senden").click()

    expect(page.get_by_role("link", name="Olaf Organisation")).to_be_visible()
    expect(page.get_by_role("cell", name="Organisation", exact=True)).to_be_visible()
    assert mail.outbox[-1].to == ["olaf@polizei.nrw.example"]
