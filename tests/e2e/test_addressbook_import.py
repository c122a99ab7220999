import pytest
from playwright.sync_api import expect

from teilnehmer.addressbook.models import Contact
from tests.e2e.conftest import check_accessibility, login
from tests.factories import AuthorityFactory, MembershipFactory

pytestmark = pytest.mark.django_db(transaction=True)

CSV = (
    "Behörde;Art;Straße;PLZ;Ort;E-Mail Behörde;Telefon Behörde;Website;"
    "Anrede;Titel;Vorname;Nachname;Funktion;E-Mail;Telefon;Leitung\n"
    "Stadt Düren;Stadt / Gemeinde (inkl. Ordnungsamt);Kaiserplatz 2-4;52349;Düren;"
    ";;;Herr;;Frank;Peters;Bürgermeister;f.peters@dueren.example;02421 25-0;ja\n"
    "Amtsgericht Jülich;Amtsgerichtsbarkeit;;;;;;;Frau;;Iris;Roth;Direktorin;;;ja\n"
)


def test_organiser_imports_address_book_from_csv(page, live_server, tmp_path):
    member = MembershipFactory(user__username="olga", is_organiser=True)
    AuthorityFactory(police_authority=member.police_authority, name="Finanzamt Düren")
    upload = tmp_path / "adressen.csv"
    upload.write_text(CSV, encoding="cp1252")
    login(page, live_server, "olga")

    page.get_by_role("link", name="Adressbuch").click()
    expect(page.get_by_role("heading", name="Adressbuch")).to_be_visible()
    check_accessibility(page)
    page.get_by_role("link", name="Finanzamt Düren").click()
    expect(page.get_by_role("heading", name="Finanzamt Düren")).to_be_visible()
    check_accessibility(page)

    page.get_by_role("link", name="Adressbuch").first.click()
    page.get_by_role("link", name="Import").click()
    page.get_by_label("Datei").set_input_files(str(upload))
    page.get_by_role("button", name="Vorschau anzeigen").click()

    expect(
        page.get_by_role("heading", name="Import-Vorschau: adressen.csv")
    ).to_be_visible()
    expect(
        page.get_by_text("Zeile 3: Unbekannte Art „Amtsgerichtsbarkeit“")
    ).to_be_visible()
    check_accessibility(page)
    assert Contact.objects.count() == 0

    page.get_by_role("button", name="1 Zeile importieren").click()

    expect(page.get_by_text("Import abgeschlossen: 1 Behörden")).to_be_visible()
    page.get_by_role("link", name="Stadt Düren").click()
    expect(page.get_by_role("link", name="Herr Frank Peters")).to_be_visible()
    expect(page.get_by_text("02421 250")).to_be_visible()
