"""Issue 22: the actions list is served from a cached fragment keyed by the
tenant stamp, audience, permission, day and query string. Its progress forms
carry each reader's own CSRF token (put in after the cache)."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from konferenz.core import changestamp
from konferenz.core.classification import Classification
from tagesordnung.minutes.models import ActionProgress
from tests.factories import ActionItemFactory, ConferenceFactory

pytestmark = pytest.mark.django_db

URL = "tagesordnung:action-list"


@pytest.fixture
def action(police_authority):
    conference = ConferenceFactory(
        police_authority=police_authority,
        date=timezone.localdate() - datetime.timedelta(days=30),
    )
    return ActionItemFactory(
        entry__minutes__conference=conference,
        description="Streife Innenstadt",
        classification=Classification.INTERNAL,
    )


def _client(user, **kwargs):
    client = Client(**kwargs)
    client.force_login(user)
    return client


def test_a_second_organiser_posts_progress_with_their_own_token(
    make_member, police_authority, action
):
    first = _client(make_member(police_authority, is_organiser=True))
    first.get(reverse(URL))  # cached now
    second_user = make_member(police_authority, is_organiser=True)
    second = _client(second_user, enforce_csrf_checks=True)

    page = second.get(reverse(URL)).content.decode()
    form = page[page.index(reverse("tagesordnung:action-progress", args=[action.pk])) :]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]
    response = second.post(
        reverse("tagesordnung:action-progress", args=[action.pk]),
        {"csrfmiddlewaretoken": token, "status": "in_progress", "note": "Begonnen"},
    )

    assert changestamp.CSRF_MARK not in page
    assert response.status_code == 302
    assert ActionProgress.objects.filter(action=action, note="Begonnen").exists()


def test_progress_shows_at_once(organiser_client, action):
    organiser_client.get(reverse(URL))
    action.description = "Streife Bahnhof"
    action.save()

    assert "Streife Bahnhof" in organiser_client.get(reverse(URL)).content.decode()


def test_a_reader_never_gets_the_organisers_progress_forms(
    organiser_client, reader_client, action
):
    progress = reverse("tagesordnung:action-progress", args=[action.pk])
    assert progress in organiser_client.get(reverse(URL)).content.decode()

    page = reader_client.get(reverse(URL)).content.decode()

    assert "Streife Innenstadt" in page
    assert progress not in page


def test_a_lower_audience_never_gets_the_vs_nfd_action(
    organiser_client, reader_client, action
):
    ActionItemFactory(
        entry=action.entry,
        description="Verdeckte Maßnahme",
        classification=Classification.VS_NFD,
    )
    assert "Verdeckte Maßnahme" in organiser_client.get(reverse(URL)).content.decode()

    assert "Verdeckte Maßnahme" not in reader_client.get(reverse(URL)).content.decode()


def test_another_tenant_never_gets_the_cached_list(
    organiser_client, make_member, other_police_authority, action
):
    assert "Streife Innenstadt" in organiser_client.get(reverse(URL)).content.decode()
    stranger = _client(make_member(other_police_authority, is_organiser=True))

    assert "Streife Innenstadt" not in stranger.get(reverse(URL)).content.decode()
