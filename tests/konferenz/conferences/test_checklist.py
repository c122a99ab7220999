"""Issue 15, observation 8: the conference overview tells a first-time
organiser what is done, what is due and where to go next."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from konferenz.conferences.checklist import conference_checklist
from konferenz.core.models import Conference
from tests.factories import AgendaItemFactory, ConferenceFactory, InvitationFactory

pytestmark = pytest.mark.django_db


def _states(conference, today):
    return [
        (s.key, s.done, s.is_next)
        for s in conference_checklist(conference, today=today)
    ]


def test_new_conference_shows_invitations_as_next_step(
    organiser_client, police_authority, today
):
    conference = ConferenceFactory(
        police_authority=police_authority, date=today + datetime.timedelta(days=40)
    )

    page = organiser_client.get(conference.get_absolute_url()).content.decode()

    assert "Nächste Schritte" in page
    assert "Eingeladene auswählen und anschreiben" in page
    assert _states(conference, today) == [
        ("invitations", False, True),
        ("agenda", False, False),
        ("checkin", False, False),
        ("minutes", False, False),
        ("press", False, False),
    ]


def test_after_sending_and_planning_the_checkin_waits_for_the_day(
    police_authority, today
):
    conference = ConferenceFactory(
        police_authority=police_authority,
        date=today + datetime.timedelta(days=40),
        status=Conference.Status.INVITED,
    )
    InvitationFactory(conference=conference, sent_at=timezone.now())
    AgendaItemFactory(conference=conference)

    assert _states(conference, today) == [
        ("invitations", True, False),
        ("agenda", True, False),
        ("checkin", False, False),
        ("minutes", False, False),
        ("press", False, False),
    ]
    assert _states(conference, conference.date)[2] == ("checkin", False, True)


def test_cancelled_conference_has_no_checklist(police_authority, today):
    conference = ConferenceFactory(
        police_authority=police_authority, status=Conference.Status.CANCELLED
    )

    assert conference_checklist(conference, today=today) == []


def test_overview_query_count_does_not_grow_with_invitations(
    organiser_client, police_authority, django_assert_num_queries
):
    conference = ConferenceFactory(police_authority=police_authority)
    InvitationFactory(conference=conference)
    url = reverse("konferenz:conference-detail", args=[conference.pk])
    organiser_client.get(url)

    with django_assert_num_queries(2):  # conference and overview from the cache
        organiser_client.get(url)
    for _ in range(5):
        InvitationFactory(conference=conference, attended=True)
    AgendaItemFactory(conference=conference)
    with django_assert_num_queries(5):  # the changes drop the cached overview
        organiser_client.get(url)
    with django_assert_num_queries(2):
        organiser_client.get(url)


def test_checklist_is_for_organisers_only(client, make_member, police_authority):
    conference = ConferenceFactory(police_authority=police_authority)
    client.force_login(make_member(police_authority, is_press_office=True))

    page = client.get(conference.get_absolute_url()).content.decode()

    assert "Nächste Schritte" not in page
