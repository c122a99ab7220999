"""Words that say something true to whoever reads them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db


@pytest.fixture
def past_deadline(invitation):
    conference = invitation.conference
    conference.rsvp_deadline = timezone.localdate() - datetime.timedelta(days=1)
    conference.save()
    return conference


def _overview(client, conference):
    return client.get(
        reverse("invitations:overview", kwargs={"pk": conference.pk})
    ).content.decode()


def test_deadline_passed_organiser_is_told_they_can_still_record(
    organiser_client, past_deadline
):
    content = _overview(organiser_client, past_deadline)

    assert "Sie können Antworten weiterhin erfassen." in content


def test_deadline_passed_reader_is_not_told_they_can_record(
    client, reader, past_deadline
):
    client.force_login(reader)

    content = _overview(client, past_deadline)

    assert "Partner können ihre Antwort nicht mehr ändern." in content
    assert "weiterhin erfassen" not in content


def test_staff_record_answer_speaks_in_the_third_person(organiser_client, invitation):
    url = reverse(
        "invitations:record-answer",
        kwargs={"pk": invitation.conference_id, "invitation_pk": invitation.pk},
    )

    content = organiser_client.get(url).content.decode()

    assert "Antwort der eingeladenen Person" in content
    assert "Nimmt teil (Zusage)" in content
    assert "Nimmt nicht teil (Absage)" in content
    assert "Entsendet eine Vertretung" in content
    assert "Ihre Antwort" not in content
    assert "Ich nehme teil" not in content


def test_staff_record_answer_errors_in_the_third_person(organiser_client, invitation):
    url = reverse(
        "invitations:record-answer",
        kwargs={"pk": invitation.conference_id, "invitation_pk": invitation.pk},
    )

    content = organiser_client.post(url, {"answer": "deputy"}).content.decode()

    assert "Bitte nennen Sie die Vertretung." in content
    assert "Ihrer Vertretung" not in content
