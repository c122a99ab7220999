"""Issue 15, observation 5: sending after the RSVP deadline warns and offers
a new deadline; a late invitee can answer until their own deadline."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from teilnehmer.invitations.models import Invitation
from tests.helpers import token_from

pytestmark = pytest.mark.django_db


@pytest.fixture
def late(conference, invitation, today):
    conference.rsvp_deadline = today - datetime.timedelta(days=2)
    conference.save()
    return invitation


def _send_url(conference):
    return reverse("invitations:send", args=[conference.pk])


def test_send_page_warns_after_the_deadline(organiser_client, conference, late):
    page = organiser_client.get(_send_url(conference)).content.decode()

    day = conference.rsvp_deadline.strftime("%d.%m.%Y")
    assert f"Die Antwortfrist endete am {day}." in page
    assert "eigene Antwortfrist" in page


def test_sending_late_without_new_deadline_is_refused(
    organiser_client, conference, late, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            _send_url(conference),
            {"scope": "selected", "invitations": [late.pk], "send": "1"},
        )

    assert response.status_code == 400
    assert "bitte geben Sie eine neue Frist an" in response.content.decode()
    assert mail.outbox == []


def test_late_invitee_gets_own_deadline_and_can_answer(
    organiser_client,
    client,
    conference,
    late,
    today,
    django_capture_on_commit_callbacks,
):
    own = today + datetime.timedelta(days=5)
    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(
            _send_url(conference),
            {
                "scope": "selected",
                "invitations": [late.pk],
                "send": "1",
                "extend": "invitations",
                "new_deadline": own.isoformat(),
            },
        )

    late.refresh_from_db()
    conference.refresh_from_db()
    assert late.rsvp_deadline == own
    assert conference.rsvp_deadline == today - datetime.timedelta(days=2)
    message = mail.outbox[0]
    assert f"bis zum {own:%d.%m.%Y}" in message.body

    client.get(reverse("partner:open", kwargs={"token": token_from(message)}))
    page = client.get(reverse("partner:answer")).content.decode()
    assert "nicht mehr geändert werden" not in page
    client.post(reverse("partner:answer"), {"answer": "accepted"})
    late.refresh_from_db()
    assert late.answer == Invitation.Answer.ACCEPTED


def test_late_sending_can_extend_the_conference_deadline(
    organiser_client, conference, late, today, django_capture_on_commit_callbacks
):
    new = today + datetime.timedelta(days=3)
    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(
            _send_url(conference),
            {
                "scope": "selected",
                "invitations": [late.pk],
                "send": "1",
                "extend": "conference",
                "new_deadline": new.isoformat(),
            },
        )

    conference.refresh_from_db()
    late.refresh_from_db()
    assert conference.rsvp_deadline == new
    assert late.rsvp_deadline is None
    assert len(mail.outbox) == 1


def test_new_deadline_after_the_conference_is_refused(
    organiser_client, conference, late
):
    response = organiser_client.post(
        _send_url(conference),
        {
            "scope": "selected",
            "invitations": [late.pk],
            "send": "1",
            "extend": "invitations",
            "new_deadline": (conference.date + datetime.timedelta(1)).isoformat(),
        },
    )

    assert response.status_code == 400
    assert "zwischen heute und der Konferenz" in response.content.decode()
