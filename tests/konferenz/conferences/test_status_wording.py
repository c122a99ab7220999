"""A conference's status history says something true when it is empty."""

import pytest
from django.urls import reverse
from django.utils import timezone

from konferenz.core.models import Conference
from tests.factories import ConferenceFactory

pytestmark = pytest.mark.django_db


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
