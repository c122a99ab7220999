"""Fixtures of the invitation tests."""

import datetime

import pytest

from tests.factories import ConferenceFactory, InvitationFactory


@pytest.fixture
def conference(police_authority, today):
    return ConferenceFactory(
        police_authority=police_authority,
        title="Sicherheitskonferenz Teststadt",
        date=today + datetime.timedelta(days=20),
        start_time=datetime.time(14, 0),
        end_time=datetime.time(17, 0),
        rsvp_deadline=today + datetime.timedelta(days=10),
    )


@pytest.fixture
def invitation(conference):
    return InvitationFactory(
        conference=conference,
        contact__first_name="Petra",
        contact__last_name="Beispiel",
        contact__email="petra.beispiel@sta.example",
        contact__authority__name="Staatsanwaltschaft Teststadt",
    )
