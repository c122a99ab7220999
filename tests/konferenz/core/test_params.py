"""Id lists from forms (agenda order, distribution list) with hostile values."""

import datetime

import pytest
from django.urls import reverse

from konferenz.core.classification import Classification
from konferenz.core.params import int_list, int_or_none
from tests.factories import (
    AgendaItemFactory,
    ConferenceFactory,
    MembershipFactory,
    MinutesEntryFactory,
)

HOSTILE_IDS = ["²", "١٢", "9" * 400, "-1", " 7 ", "", "abc", "\x00"]


def test_only_plain_numbers_that_fit_the_database_are_read():
    assert int_or_none(" 7 ") == 7
    assert int_list(HOSTILE_IDS + ["12", "000000000000000003"]) == [7, 12, 3]


@pytest.mark.django_db
def test_agenda_order_with_hostile_ids_keeps_the_order(client):
    member = MembershipFactory(is_organiser=True)
    conference = ConferenceFactory(police_authority=member.police_authority)
    first = AgendaItemFactory(conference=conference, position=1, title="Lage")
    second = AgendaItemFactory(conference=conference, position=2, title="Hafen")
    client.force_login(member.user)

    response = client.post(
        reverse("tagesordnung:agenda-reorder", args=[conference.pk]),
        {"item": HOSTILE_IDS},
    )

    assert response.status_code in (200, 302)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.position, second.position) == (1, 2)


@pytest.mark.django_db
def test_distribution_with_hostile_ids_answers_with_a_message(client):
    member = MembershipFactory(is_minute_taker=True)
    entry = MinutesEntryFactory(
        minutes__conference__police_authority=member.police_authority,
        minutes__conference__date=datetime.date(2026, 3, 4),
        classification=Classification.PUBLIC,
    )
    client.force_login(member.user)

    response = client.post(
        reverse("tagesordnung:minutes-distribute", args=[entry.minutes.conference_id]),
        {"invitation": HOSTILE_IDS},
        follow=True,
    )

    assert response.status_code == 200
