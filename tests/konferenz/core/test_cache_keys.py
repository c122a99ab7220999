"""Issue 27: one key builder. The CSRF mark cannot be forged by user text,
unknown query parameters never reach a key, and a free-text search is kept
nowhere."""

import datetime

import pytest
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from konferenz.core import changestamp
from konferenz.core.classification import Classification
from tests.factories import ActionItemFactory, ConferenceFactory, ContactFactory

pytestmark = pytest.mark.django_db

OLD_MARK = "siko-csrf-token-of-the-reader"


def _part_keys():
    return [key for key in cache._cache if ":part:" in key]


def test_the_csrf_mark_comes_from_the_secret_key():
    assert changestamp.CSRF_MARK != OLD_MARK
    with override_settings(SECRET_KEY="ein-anderer-geheimer-schluessel-" + "x" * 30):
        assert changestamp._csrf_mark() != changestamp.CSRF_MARK


def test_user_text_that_looks_like_a_mark_stays_as_typed(
    organiser_client, police_authority
):
    conference = ConferenceFactory(
        police_authority=police_authority,
        date=timezone.localdate() - datetime.timedelta(days=30),
    )
    ActionItemFactory(
        entry__minutes__conference=conference,
        description=f"Bitte {OLD_MARK} prüfen",
        classification=Classification.INTERNAL,
    )
    url = reverse("tagesordnung:action-list")
    organiser_client.get(url)  # cached

    page = organiser_client.get(url).content.decode()

    assert f"Bitte {OLD_MARK} prüfen" in page


def test_unknown_query_parameters_add_no_cache_entry(
    organiser_client, police_authority
):
    ConferenceFactory(police_authority=police_authority)
    url = reverse("konferenz:conference-list")
    organiser_client.get(url)
    entries = len(_part_keys())

    for n in range(50):
        assert organiser_client.get(url, {"utm": n, "x": "y" * n}).status_code == 200

    assert len(_part_keys()) == entries


def test_known_parameters_are_kept_apart_and_cut(organiser_client, police_authority):
    ConferenceFactory(police_authority=police_authority, title="Konferenz im Jahr")
    url = reverse("konferenz:conference-list")
    organiser_client.get(url)
    entries = len(_part_keys())

    organiser_client.get(url, {"status": "draft"})
    organiser_client.get(url, {"status": "draft", "unbekannt": "1"})

    assert len(_part_keys()) == entries + 1


def test_a_free_text_search_is_kept_nowhere(organiser_client, police_authority):
    ContactFactory(authority__police_authority=police_authority, last_name="Suchbar")
    url = reverse("teilnehmer:authority-list")
    organiser_client.get(url)
    entries = len(_part_keys())

    for n in range(10):
        organiser_client.get(url, {"q": f"Such{n}"})

    assert len(_part_keys()) == entries
