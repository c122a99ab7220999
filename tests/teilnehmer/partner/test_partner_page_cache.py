"""Issue 22: the partner page is kept per invitation and change stamp
(teilnehmer/partner/views.py). Each partner gets their own page, an answer
shows at once, and a refused form keeps what was typed without being kept."""

import pytest
from django.test import Client
from django.urls import reverse

from konferenz.core import changestamp
from tests.factories import InvitationFactory
from tests.helpers import sent_token

pytestmark = pytest.mark.django_db

ANSWER_URL = "/einladung/antwort/"


def _partner(invitation, organiser, callbacks):
    token = sent_token(invitation, organiser, callbacks)
    client = Client()
    client.get(reverse("partner:open", args=[token]))
    return client


def test_each_partner_gets_their_own_cached_page(
    invitation, conference, organiser, django_capture_on_commit_callbacks
):
    other = InvitationFactory(
        conference=conference,
        contact__first_name="Otto",
        contact__last_name="Anders",
        contact__authority__name="Zollamt Teststadt",
    )
    petra = _partner(invitation, organiser, django_capture_on_commit_callbacks)
    otto = _partner(other, organiser, django_capture_on_commit_callbacks)
    assert "Petra Beispiel" in petra.get(ANSWER_URL).content.decode()  # cached

    page = otto.get(ANSWER_URL).content.decode()

    assert "Otto Anders" in page
    assert "Petra Beispiel" not in page


def test_an_answer_shows_at_once_on_the_cached_page(
    invitation, organiser, django_capture_on_commit_callbacks
):
    partner = _partner(invitation, organiser, django_capture_on_commit_callbacks)
    assert "Kommentar aus dem Test" not in partner.get(ANSWER_URL).content.decode()

    response = partner.post(
        ANSWER_URL, {"answer": "accepted", "comment": "Kommentar aus dem Test"}
    )
    assert response.status_code == 302

    assert "Kommentar aus dem Test" in partner.get(ANSWER_URL).content.decode()


def test_a_refused_answer_keeps_the_input_and_is_kept_nowhere(
    invitation, organiser, django_capture_on_commit_callbacks
):
    partner = _partner(invitation, organiser, django_capture_on_commit_callbacks)
    partner.get(ANSWER_URL)  # cached

    refused = partner.post(
        ANSWER_URL, {"answer": "deputy", "deputy_name": "", "comment": "Bitte so"}
    )
    assert refused.status_code == 400
    assert "Bitte so" in refused.content.decode()

    again = partner.get(ANSWER_URL).content.decode()
    assert "Bitte so" not in again
    assert changestamp.CSRF_MARK not in again
