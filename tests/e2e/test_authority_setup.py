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


def _enrol_second_factor(page, password):
    expect(page.get_by_role("heading", name="Zweiter Faktor")).to_be_visible()
    check_accessibility(page)
    secret = page.locator("code.mfa-secret").inner_text().replace(" ", "")
    # Enrolment asks for the password again (issue 30).
    page.get_by_label("Ihr Passwort").fill(password)
    page.locator("#id_token").fill(pyotp.TOTP(secret).now())
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
    _enrol_second_factor(page, "Geheim-Passwort-123")
    expect(page.get_by_role("heading", name="Willkommen, admin")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name=re.compile("^Polizeibehörden: neue Behörde")).click()
    page.get_by_role("link", name="Polizeibehörde einrichten").click()
    check_accessibility(page)
    page.locator("#id_name").fill("Polizeipräsidium Neustadt")
    page.locator("#id_short_name").fill("Polizei Neustadt")
    page.locator("#id_kind").select_option("pp")
    page.locator("#id_press_code").fill("NS")
    page.locator("#id_seat").fill("Neustadt")
    page.locator("#id_area").fill("Neustadt")
    page.locator("#id_admin_username").fill("ns-admin")
    page.locator("#id_admin_first_name").fill("Petra")
    page.locator("#id_admin_last_name").fill("Admin")
    page.locator("#id_admin_email").fill("petra.admin@polizei.nrw.example")
    page.get_by_role("button", name="Einrichten und einladen").click()
    expect(
        page.get_by_text("Polizeipräsidium Neustadt wurde eingerichtet")
    ).to_be_visible()
    page.get_by_role("button", name="admin").click()
    page.get_by_role("button", name="Abmelden").click()

    # The new Behördenadministration follows the link in her mail.
    page.goto(_link(mail.outbox[-1]))
    page.locator("#id_new_password1").fill("Petras-Passwort-2026")
    page.locator("#id_new_password2").fill("Petras-Passwort-2026")
    page.get_by_role("button", name="Passwort speichern").click()
    expect(page.get_by_role("heading", name="Passwort gespeichert")).to_be_visible()
    login(page, live_server, "ns-admin", password="Petras-Passwort-2026")
    _enrol_second_factor(page, "Petras-Passwort-2026")
    page.get_by_role("link", name="Benutzer", exact=True).click()
    check_accessibility(page)
    page.get_by_role("link", name="Benutzer einladen").click()
    page.locator("#id_username").fill("ns-organisation")
    page.locator("#id_first_name").fill("Olaf")
    page.locator("#id_last_name").fill("Organisation")
    page.locator("#id_email").fill("olaf@polizei.nrw.example")
    page.get_by_label("Organisation", exact=True).check()
    check_accessibility(page)
    page.get_by_role("button", name="Einladung senden").click()

    expect(page.get_by_role("link", name="Olaf Organisation")).to_be_visible()
    expect(page.get_by_role("cell", name="Organisation", exact=True)).to_be_visible()
    assert mail.outbox[-1].to == ["olaf@polizei.nrw.example"]
