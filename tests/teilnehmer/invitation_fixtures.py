"""Shared fixtures and helpers of the invitation tests (imported by them)."""

import datetime
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from teilnehmer import invitations as services
from tests.factories import ConferenceFactory, InvitationFactory

LINK = re.compile(r"/einladung/([A-Za-z0-9_-]{43})/")


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    cache.clear()


@pytest.fixture
def today():
    return timezone.localdate()


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


def send(invitations, user, django_capture_on_commit_callbacks, personal_text=""):
    with django_capture_on_commit_callbacks(execute=True):
        services.invitations_send(
            invitations=invitations, user=user, personal_text=personal_text
        )


def token_from(message):
    return LINK.search(message.body).group(1)


def sent_token(invitation, user, django_capture_on_commit_callbacks):
    """Send the invitation and return the token from the mail."""
    mail.outbox.clear()
    send([invitation], user, django_capture_on_commit_callbacks)
    return token_from(mail.outbox[-1])
