"""The partner page with the keyboard only (Tab, Space, Enter, typing): a
forgotten answer is pointed out accessibly, then corrected; a topic is
proposed. BITV 2.0 / WCAG 2.1.1 (keyboard) and 3.3.1 (error identification)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tagesordnung.agenda.models import Proposal
from teilnehmer.invitations import tokens
from teilnehmer.invitations.models import Invitation
from tests.e2e.conftest import check_accessibility
from tests.factories import ConferenceFactory, InvitationFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def link(live_server):
    today = timezone.localdate()
    conference = ConferenceFactory(
        title="Sicherheitskonferenz Teststadt 2027",
        date=today + datetime.timedelta(days=30),
        rsvp_deadline=today + datetime.timedelta(days=14),
        proposal_deadline=today + datetime.timedelta(days=14),
    )
    invitation = InvitationFactory(
        conference=conference,
        contact__first_name="Petra",
        contact__last_name="Beispiel",
    )
    token = tokens.new_token()
    invitation.token_hash = tokens.token_hash(token)
    invitation.save(update_fields=["token_hash"])
    return f"{live_server.url}/einladung/{token}/", invitation


def _tab_to(page, condition, presses=60):
    """Press Tab until ``condition`` (JS on ``el``, the focused element) holds."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => Boolean({condition}))(document.activeElement)"):
            return
    raise AssertionError(f"Mit Tab nicht erreichbar: {condition}")


ANSWER_BUTTON = "el.type === 'submit' && el.closest('.partner-answer-form')"


def test_partner_corrects_a_missing_answer_and_proposes_by_keyboard(page, link):
    url, invitation = link
    page.goto(url)

    # Sent without choosing: the error is shown, announced and accessible.
    _tab_to(page, ANSWER_BUTTON)
    page.keyboard.press("Enter")
    error = page.locator("#answer-errors")
    expect(error).to_be_visible()
    expect(page.locator("fieldset[aria-describedby='answer-errors']")).to_have_count(1)
    check_accessibility(page)

    # Corrected: first choice with Space, a comment, sent with Enter.
    _tab_to(page, "el.name === 'answer'")
    page.keyboard.press("Space")
    _tab_to(page, "el.name === 'comment'")
    page.keyboard.type("Ich komme gern.")
    _tab_to(page, ANSWER_BUTTON)
    page.keyboard.press("Enter")
    expect(
        page.get_by_text("Vielen Dank, Ihre Antwort wurde gespeichert.")
    ).to_be_visible()

    # A topic proposal, still without the mouse.
    _tab_to(page, "el.name === 'title'")
    page.keyboard.type("Sicherheit am Bahnhof")
    _tab_to(page, "el.name === 'description'")
    page.keyboard.type("Lagebild und gemeinsame Streifen")
    _tab_to(page, "el.type === 'submit' && el.textContent.includes('Vorschlag')")
    page.keyboard.press("Enter")
    expect(
        page.get_by_text("Vielen Dank, die Organisation prüft Ihren Vorschlag.")
    ).to_be_visible()
    check_accessibility(page)

    invitation.refresh_from_db()
    assert (invitation.answer, invitation.comment) == (
        Invitation.Answer.ACCEPTED,
        "Ich komme gern.",
    )
    assert Proposal.objects.get(invitation=invitation).title == (
        "Sicherheit am Bahnhof"
    )
