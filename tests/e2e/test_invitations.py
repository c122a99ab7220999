"""Browser journeys of the invitations: mail link → answer → deputy → staff."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from teilnehmer.invitations.models import Invitation
from tests.e2e.conftest import CONTEXT, check_accessibility, login
from tests.factories import ConferenceFactory, InvitationFactory, MembershipFactory
from tests.helpers import link_from_last_mail

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def setup(settings, live_server):
    settings.SITE_URL = live_server.url
    member = MembershipFactory(
        user__username="olga",
        user__first_name="Olga",
        user__last_name="Organisation",
        is_organiser=True,
        police_authority__name="Kreispolizeibehörde Teststadt",
    )
    today = timezone.localdate()
    conference = ConferenceFactory(
        police_authority=member.police_authority,
        title="Sicherheitskonferenz Teststadt 2027",
        date=today + datetime.timedelta(days=30),
        rsvp_deadline=today + datetime.timedelta(days=14),
    )
    invitation = InvitationFactory(
        conference=conference,
        contact__first_name="Petra",
        contact__last_name="Beispiel",
        contact__email="petra.beispiel@sta.example",
        contact__authority__name="Staatsanwaltschaft Teststadt",
    )
    return conference, invitation


def _staff_sends(page, live_server, conference):
    login(page, live_server, "olga")
    page.goto(f"{live_server.url}/konferenzen/{conference.pk}/einladungen/")
    page.get_by_role("link", name="Vorschau und Versand").click()
    page.get_by_label("Persönlicher Text (optional)").fill("Wir freuen uns auf Sie.")
    page.get_by_role("button", name="Jetzt senden").click()
    expect(page.get_by_text("1 Einladung wird versandt.")).to_be_visible()


def test_partner_sends_a_deputy_who_accepts_from_an_own_link(
    page, browser, live_server, setup
):
    conference, invitation = setup
    _staff_sends(page, live_server, conference)
    link = link_from_last_mail("petra.beispiel@sta.example")

    partner = browser.new_context(**CONTEXT).new_page()
    partner.goto(link)
    expect(partner).to_have_url(f"{live_server.url}/einladung/antwort/")
    expect(
        partner.get_by_role("heading", name="Sicherheitskonferenz Teststadt 2027")
    ).to_be_visible()
    check_accessibility(partner)
    partner.get_by_label("Ich entsende eine Vertretung").check()
    partner.get_by_label("Name der Vertretung").fill("Klaus Vertreter")
    partner.get_by_label("Funktion der Vertretung").fill("Oberstaatsanwalt")
    partner.get_by_label("E-Mail-Adresse der Vertretung").fill(
        "klaus.vertreter@sta.example"
    )
    partner.get_by_role("button", name="Antwort senden").click()
    expect(
        partner.get_by_text("Vielen Dank, Ihre Antwort wurde gespeichert.")
    ).to_be_visible()
    expect(
        partner.get_by_text("Sie entsenden Klaus Vertreter als Ihre Vertretung")
    ).to_be_visible()

    deputy_link = link_from_last_mail("klaus.vertreter@sta.example")
    assert deputy_link != link
    deputy = browser.new_context(**CONTEXT).new_page()
    deputy.goto(deputy_link)
    expect(deputy.get_by_text("in Vertretung für Petra Beispiel")).to_be_visible()
    expect(deputy.get_by_label("Ich entsende eine Vertretung")).to_have_count(0)
    deputy.get_by_label("Ich nehme teil (Zusage)").check()
    deputy.get_by_role("button", name="Antwort senden").click()
    expect(deputy.get_by_text("Ihre aktuelle Antwort: Zugesagt")).to_be_visible()

    partner.reload()
    expect(partner.get_by_text("ihre Antwort: Zugesagt")).to_be_visible()
    page.goto(f"{live_server.url}/konferenzen/{conference.pk}/einladungen/")
    expect(page.get_by_text("Vertretung für Petra Beispiel")).to_be_visible()
    expect(page.get_by_text("Zugesagt: 1")).to_be_visible()
    expect(page.get_by_text("Vertretung: 1")).to_be_visible()
    check_accessibility(page)


def test_partner_answers_with_the_keyboard_only(page, live_server, setup):
    conference, invitation = setup
    _staff_sends(page, live_server, conference)
    link = link_from_last_mail("petra.beispiel@sta.example")
    page.context.clear_cookies()

    page.goto(link)
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "answer":
            break
    assert page.evaluate("document.activeElement.name") == "answer"
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "comment"
    page.keyboard.type("Ich komme gern.")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    expect(
        page.get_by_text("Vielen Dank, Ihre Antwort wurde gespeichert.")
    ).to_be_visible()
    invitation.refresh_from_db()
    assert invitation.answer == Invitation.Answer.ACCEPTED
    assert invitation.comment == "Ich komme gern."
    check_accessibility(page)


def test_staff_overview_and_check_in_are_accessible(page, live_server, setup):
    conference, invitation = setup
    InvitationFactory(
        conference=conference,
        answer="declined",
        comment="Verhindert.",
        contact__first_name="Hans",
        contact__last_name="Zimmermann",
    )
    login(page, live_server, "olga")

    page.goto(f"{live_server.url}/konferenzen/{conference.pk}/einladungen/")
    expect(page.get_by_text("Verhindert.")).to_be_visible()
    check_accessibility(page)

    page.get_by_role("link", name="Einlass").click()
    page.get_by_label("Suche nach Name, Funktion oder Behörde").fill("Beispiel")
    expect(page.locator(".checkin-row")).to_have_count(1)
    page.get_by_role("button", name="Anwesend – Petra Beispiel").click()
    expect(page.get_by_text("anwesend", exact=True)).to_be_visible()
    check_accessibility(page)
    invitation.refresh_from_db()
    assert invitation.attended is True
