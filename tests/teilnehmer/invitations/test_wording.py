"""Words that say something true to whoever reads them."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from konferenz.core.models import Conference
from tests.factories import ConferenceFactory
from tests.teilnehmer.invitations.helpers import sent_token

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


def test_conference_without_status_change_says_when_it_was_created(
    organiser_client, police_authority
):
    conference = ConferenceFactory(
        police_authority=police_authority, status=Conference.Status.INVITED
    )
    url = reverse("konferenz:conference-detail", kwargs={"pk": conference.pk})

    content = organiser_client.get(url).content.decode()

    created = timezone.localtime(conference.created_at).strftime("%d.%m.%Y")
    assert "Noch keine Statusänderung" not in content
    assert (
        f"Am {created} mit dem Status „Eingeladen“ angelegt; seitdem ist kein "
        "Statuswechsel erfasst."
    ) in content


def test_partner_answer_form_keeps_the_first_person(
    client, organiser, invitation, django_capture_on_commit_callbacks
):
    token = sent_token(invitation, organiser, django_capture_on_commit_callbacks)

    content = client.get(f"/einladung/{token}/", follow=True).content.decode()

    assert "Ihre Antwort" in content
    assert "Ich nehme teil (Zusage)" in content
    assert "Nimmt teil" not in content
