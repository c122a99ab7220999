"""Issue 22: the press release page and its frozen versions are kept per
conference change stamp, audience and press permissions
(konferenz/core/changestamp.py): an edit, a new quote or an approval shows at
once, each version page keeps its own text, and every reader's forms carry
their own CSRF token."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from konferenz.core.models import Conference
from konferenz.press import services
from tests.factories import ConferenceFactory, PressReleaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def release(police_authority):
    conference = ConferenceFactory(
        police_authority=police_authority, status=Conference.Status.HELD
    )
    return PressReleaseFactory(conference=conference, body="Die Lage ist ruhig.")


@pytest.fixture
def press_office(make_member, police_authority):
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_member(police_authority, is_press_office=True))
    return client


@pytest.fixture
def head(make_member, police_authority):
    return make_member(police_authority, is_head=True)


def _page(client, release):
    url = reverse("konferenz:press-release", args=[release.conference_id])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _version(client, release, number):
    url = reverse(
        "konferenz:press-release-version", args=[release.conference_id, number]
    )
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_edited_text_shows_at_once(organiser_client, release):
    assert "Die Lage ist ruhig." in _page(organiser_client, release)

    services.press_release_update(
        release=release,
        version=release.version,
        user=release.author,
        body="Die Lage hat sich beruhigt.",
    )

    html = _page(organiser_client, release)
    assert "Die Lage hat sich beruhigt." in html
    assert "Die Lage ist ruhig." not in html


def test_new_quote_shows_at_once(organiser_client, release):
    _page(organiser_client, release)

    services.press_quote_add(
        release=release,
        person="Dr. Erika Muster",
        function="Polizeipräsidentin",
        text="Sicherheit ist eine Gemeinschaftsaufgabe.",
        placement="end",
    )

    assert "Dr. Erika Muster" in _page(organiser_client, release)


def test_each_frozen_version_keeps_its_own_text(organiser_client, release, head):
    services.press_release_approve(release=release, user=head)
    assert "Die Lage ist ruhig." in _version(organiser_client, release, 1)
    assert "Fassung 1" in _page(organiser_client, release)

    release.refresh_from_db()
    services.press_release_update(
        release=release,
        version=release.version,
        user=release.author,
        body="Zweite Fassung.",
    )
    services.press_release_approve(release=release, user=head)

    first, second = (_version(organiser_client, release, n) for n in (1, 2))
    assert "Die Lage ist ruhig." in first
    assert "Zweite Fassung." not in first
    assert "Zweite Fassung." in second
    assert "Fassung 2" in _page(organiser_client, release)


def test_press_office_forms_carry_their_own_csrf_token(
    press_office, make_member, police_authority, release
):
    colleague = Client()
    colleague.force_login(make_member(police_authority, is_press_office=True))
    _page(colleague, release)

    html = _page(press_office, release)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]
    response = press_office.post(
        reverse("konferenz:press-quote-add", args=[release.conference_id]),
        {
            "person": "Max Beispiel",
            "function": "Landrat",
            "text": "Gemeinsam sicher.",
            "placement": "end",
            "csrfmiddlewaretoken": token,
        },
    )

    assert "placeholder" not in token
    assert response.status_code == 302
    assert "Max Beispiel" in _page(press_office, release)


def test_reader_without_press_rights_sees_no_edit_forms_cached_for_the_office(
    press_office, reader_client, release
):
    assert "Zitat hinzufügen" in _page(press_office, release)

    assert "Zitat hinzufügen" not in _page(reader_client, release)
