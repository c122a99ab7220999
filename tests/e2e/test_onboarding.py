"""Issue 30: a preloaded police authority without any user is onboarded in
the browser, without the Django admin: the state administration invites its
first Behördenadministration from the list, the invitee sets a password and
a second factor through the mailed link and sees her authority."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from playwright.sync_api import expect

from konferenz.core.models import PoliceAuthority
from tests.e2e.conftest import check_accessibility, enrol_second_factor, login
from tests.factories import MembershipFactory, PoliceAuthorityFactory

pytestmark = pytest.mark.django_db(transaction=True)

ADMIN_PASSWORD = "Geheim-Passwort-123"
NEW_PASSWORD = "Hannas-Passwort-2026"


def _preloaded_hoexter():
    """Höxter as migration 0002 preloads it (an earlier transactional test on
    this worker may have emptied the table)."""
    return PoliceAuthority.objects.filter(
        press_code="HX"
    ).first() or PoliceAuthorityFactory(
        name="Kreispolizeibehörde Höxter",
        short_name="Polizei Höxter",
        kind=PoliceAuthority.Kind.DISTRICT,
        press_code="HX",
        seat="Höxter",
        area="Kreis Höxter",
    )


def test_state_admin_onboards_a_preloaded_authority_without_users(
    page, live_server, settings
):
    settings.SIKO_MFA_REQUIRED = True
    settings.SITE_URL = live_server.url
    hoexter = _preloaded_hoexter()
    assert not hoexter.memberships.exists()
    get_user_model().objects.create_superuser(
        "admin", "admin@polizei.nrw.example", ADMIN_PASSWORD
    )

    login(page, live_server, "admin")
    enrol_second_factor(page, ADMIN_PASSWORD)
    page.get_by_role("link", name="Polizeibehörden", exact=True).click()
    row = page.get_by_role("row").filter(has_text="Kreispolizeibehörde Höxter")
    expect(row.get_by_role("cell").nth(3)).to_have_text("0")
    expect(row.get_by_role("cell").nth(4)).to_have_text("0")
    check_accessibility(page)
    row.get_by_role(
        "link",
        name="Erste Behördenadministration von Kreispolizeibehörde Höxter einladen",
    ).click()
    expect(page.locator("#id_username")).to_have_value("hx-admin")
    page.locator("#id_first_name").fill("Hanna")
    page.locator("#id_last_name").fill("Hoexter")
    page.locator("#id_email").fill("hanna.hoexter@polizei.nrw.example")
    check_accessibility(page)
    page.get_by_role("button", name="Einladung senden").click()
    expect(
        page.get_by_text(
            "Hanna Hoexter wurde als Behördenadministration von "
            "Kreispolizeibehörde Höxter eingeladen"
        )
    ).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Kreispolizeibehörde Höxter")
    expect(row.get_by_role("cell").nth(4)).to_have_text("1")
    expect(row.get_by_role("link", name=re.compile("^Weitere"))).to_be_visible()
    page.get_by_role("button", name="admin").click()
    page.get_by_role("button", name="Abmelden").click()

    # The invitee follows the link in her mail (from the outbox).
    invitation = mail.outbox[-1]
    assert invitation.to == ["hanna.hoexter@polizei.nrw.example"]
    link = re.search(r"https?://\S+/passwort/neu/\S+/", invitation.body).group(0)
    page.goto(link)
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Passwort speichern").click()
    expect(page.get_by_role("heading", name="Passwort gespeichert")).to_be_visible()
    login(page, live_server, "hx-admin", password=NEW_PASSWORD)
    enrol_second_factor(page, NEW_PASSWORD)
    page.get_by_role("link", name="Benutzer", exact=True).click()

    expect(
        page.get_by_role(
            "heading", name="Benutzer der Behörde Kreispolizeibehörde Höxter"
        )
    ).to_be_visible()
    expect(page.get_by_role("link", name="Hanna Hoexter")).to_be_visible()
    check_accessibility(page)
    expect(page.get_by_text("Eingeladen: Behördenadministration")).to_be_visible()
    # the link was used: opening it again gives the German page
    page.goto(link)
    expect(page.get_by_text("Dieser Link ist ungültig, abgelaufen")).to_be_visible()


def test_state_admin_invites_administrations_from_a_file(
    page, live_server, settings, tmp_path
):
    settings.SITE_URL = live_server.url
    hoexter = _preloaded_hoexter()
    staffed = PoliceAuthorityFactory(name="Polizeipräsidium Besetzt", press_code="BES")
    MembershipFactory(police_authority=staffed, is_authority_admin=True)
    get_user_model().objects.create_superuser(
        "admin", "admin@polizei.nrw.example", ADMIN_PASSWORD
    )
    listing = tmp_path / "administrationen.csv"
    listing.write_text(
        "Behördenkürzel;Name;E-Mail\n"
        "POL-HX;Hanna Hoexter;hanna.hoexter@polizei.nrw.example\n"
        "BES;Doris Doppelt;doris@polizei.nrw.example\n"
        "XY;Xaver Unbekannt;xaver@polizei.nrw.example\n",
        encoding="cp1252",
    )

    login(page, live_server, "admin")
    page.goto(f"{live_server.url}/behoerden/")
    page.get_by_role("link", name="Behördenadministrationen aus Datei einladen").click()
    check_accessibility(page)
    page.get_by_label("Datei").set_input_files(str(listing))
    page.get_by_role("button", name="Vorschau anzeigen").click()
    expect(page.get_by_text("1 Einladung bereit")).to_be_visible()
    expect(
        page.get_by_text(
            "Polizeipräsidium Besetzt hat bereits eine Behördenadministration."
        )
    ).to_be_visible()
    expect(page.get_by_text("Unbekanntes Behördenkürzel „XY“.")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("button", name="Einladungen versenden").click()

    expect(page.get_by_text("1 Einladung wurde versendet")).to_be_visible()
    assert [m.to for m in mail.outbox] == [["hanna.hoexter@polizei.nrw.example"]]
    admin = get_user_model().objects.get(email="hanna.hoexter@polizei.nrw.example")
    assert admin.membership.police_authority == hoexter
    assert admin.membership.is_authority_admin
