"""The yearly contact check in the browser (issue 34): the organiser asks the
contacts of a partner authority; one confirms, one corrects (accepted), one
names a successor (accepted), and one who does not answer stays marked as
unconfirmed in the address book and before invitations are sent."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from teilnehmer.addressbook.models import Contact
from tests.e2e.conftest import CONTEXT, check_accessibility, login
from tests.factories import (
    AuthorityFactory,
    ConferenceFactory,
    ContactFactory,
    InvitationFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

CHECK_LINK = re.compile(r"https?://\S+/einladung/kontakt/[A-Za-z0-9_-]{43}/")
NOTE = "Kanarienvogel interner Vermerk 34"

PEOPLE = [
    ("Anna", "Amt", "Leiterin Ordnungsamt", "amt@stadt.example"),
    ("Bernd", "Bau", "Dezernent", "bau@stadt.example"),
    ("Carla", "Chef", "Bürgermeisterin", "chef@stadt.example"),
    ("Dirk", "Dauer", "Sachbearbeiter", "dauer@stadt.example"),
]


def _link_to(address):
    message = [m for m in mail.outbox if m.to == [address]][-1]
    return CHECK_LINK.search(message.body).group(0)


def test_contact_check_of_a_partner_authority(page, browser, live_server, settings):
    settings.SITE_URL = live_server.url
    organiser = MembershipFactory(
        user__username="olga", is_organiser=True, police_authority__name="PP Test"
    )
    pa = organiser.police_authority
    city = AuthorityFactory(police_authority=pa, name="Stadt Teststadt", notes=NOTE)
    long_ago = timezone.now() - datetime.timedelta(days=500)
    for first, last, function, email in PEOPLE:
        contact = ContactFactory(
            authority=city,
            first_name=first,
            last_name=last,
            function=function,
            email=email,
            phone="",
        )
        Contact.objects.filter(pk=contact.pk).update(created_at=long_ago)
    conference = ConferenceFactory(
        police_authority=pa, date=timezone.localdate() + datetime.timedelta(days=40)
    )
    for contact in Contact.objects.all():
        InvitationFactory(conference=conference, contact=contact)
    contexts = []

    def partner(address):
        context = browser.new_context(**CONTEXT)
        contexts.append(context)
        own = context.new_page()
        own.goto(_link_to(address))
        expect(own.get_by_role("heading", name="Ihre Kontaktdaten")).to_be_visible()
        return own

    try:
        # 1. All four are unconfirmed; the organiser asks the authority.
        login(page, live_server, "olga")
        page.goto(f"{live_server.url}{city.get_absolute_url()}")
        expect(page.locator(".unconfirmed")).to_have_count(4)
        page.get_by_role(
            "button", name="Ansprechpersonen um Prüfung ihrer Daten bitten"
        ).click()
        expect(page.get_by_text("4 Ansprechperson(en) wurden gebeten")).to_be_visible()
        check_accessibility(page)

        # 2. Anna confirms.
        anna = partner("amt@stadt.example")
        own_data = anna.locator("#own-data")
        expect(own_data).to_contain_text("Leiterin Ordnungsamt")
        assert "Bernd" not in anna.content()
        assert NOTE not in anna.content()
        check_accessibility(anna)
        anna.get_by_role("button", name="Meine Angaben stimmen").click()
        expect(anna.get_by_text("Sie haben Ihre Angaben bestätigt")).to_be_visible()

        # 3. Bernd corrects his function and email.
        bernd = partner("bau@stadt.example")
        correction = bernd.locator(
            "form", has=bernd.get_by_role("button", name="Korrektur senden")
        )
        correction.get_by_label("Funktion").fill("Beigeordneter")
        correction.get_by_label("E-Mail").fill("beigeordneter@stadt.example")
        bernd.get_by_role("button", name="Korrektur senden").click()
        expect(bernd.get_by_text("die Organisation übernimmt")).to_be_visible()

        # 4. Carla is no longer responsible and names her successor.
        carla = partner("chef@stadt.example")
        successor = carla.locator(
            "form", has=carla.get_by_role("button", name="Nachfolge melden")
        )
        successor.get_by_label("Vorname").fill("Clara")
        successor.get_by_label("Nachname").fill("Neu")
        successor.get_by_label("Funktion").fill("Bürgermeisterin")
        successor.get_by_label("E-Mail").fill("neu@stadt.example")
        carla.get_by_role("button", name="Nachfolge melden").click()
        expect(carla.get_by_text("wendet sich an Ihre Nachfolge")).to_be_visible()

        # 5. The organiser accepts both proposals; Dirk stays unconfirmed.
        page.goto(f"{live_server.url}/adressbuch/kontaktpruefung/")
        check_accessibility(page)
        expect(page.locator(".proposal")).to_have_count(2)
        page.locator(".proposal", has_text="Bernd Bau").get_by_role(
            "button", name="Korrektur übernehmen"
        ).click()
        expect(page.get_by_text("ins Adressbuch übernommen")).to_be_visible()
        page.locator(".proposal", has_text="Carla Chef").get_by_role(
            "button", name="Nachfolge übernehmen"
        ).click()
        expect(page.get_by_text("ins Adressbuch übernommen")).to_be_visible()
        expect(page.locator(".proposal")).to_have_count(0)
        unconfirmed = page.locator("#unconfirmed-list")
        expect(unconfirmed).to_contain_text("Dirk Dauer")
        expect(unconfirmed).not_to_contain_text("Anna Amt")
        expect(unconfirmed).not_to_contain_text("Bernd Bau")

        # 6. The address book shows the result and the history.
        page.goto(f"{live_server.url}{city.get_absolute_url()}")
        expect(page.locator(".unconfirmed")).to_have_count(1)
        dirk = page.get_by_role("row", name=re.compile("Dirk Dauer")).first
        expect(dirk).to_contain_text("Daten nicht bestätigt")
        expect(
            page.get_by_role("cell", name="beigeordneter@stadt.example", exact=True)
        ).to_be_visible()
        expect(page.get_by_role("link", name="Clara Neu")).to_be_visible()
        checks = page.locator("#contact-checks")
        expect(checks).to_contain_text("Korrektur vorgeschlagen")
        expect(checks).to_contain_text("Nachfolge benannt")
        expect(checks).to_contain_text("bestätigt")

        # 7. Before the invitations go out, Dirk is marked.
        page.goto(
            f"{live_server.url}/konferenzen/{conference.pk}/einladungen/versenden/"
        )
        expect(page.locator("#unconfirmed-warning")).to_contain_text(
            "1 eingeladene Person"
        )
        check_accessibility(page)
    finally:
        for context in contexts:
            context.close()

    carla_row = Contact.all_objects.get(email="chef@stadt.example")
    assert not carla_row.active
    assert Contact.objects.get(email="beigeordneter@stadt.example").function == (
        "Beigeordneter"
    )
