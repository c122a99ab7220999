"""What the press page reads (issue 32): the approved versions without their
texts, forms only for the reader who is shown them."""

import pytest
from django.urls import reverse

from konferenz.core.models import Conference
from tests.factories import (
    ConferenceFactory,
    PressReleaseFactory,
    PressReleaseVersionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def release(police_authority):
    conference = ConferenceFactory(
        police_authority=police_authority, status=Conference.Status.HELD
    )
    return PressReleaseFactory(conference=conference, body="Die Lage ist ruhig.")


def _page(client, release):
    url = reverse("konferenz:press-release", args=[release.conference_id])
    return client.get(url).content.decode()


def test_versions_show_number_time_and_approver(
    organiser_client, release, make_member, police_authority
):
    nameless = make_member(police_authority, is_head=True)
    nameless.first_name = nameless.last_name = ""
    nameless.save()
    first = PressReleaseVersionFactory(press_release=release, number=1)
    PressReleaseVersionFactory(press_release=release, number=2, approved_by=nameless)
    PressReleaseVersionFactory(press_release=release, number=3, approved_by=None)

    page = _page(organiser_client, release)

    assert "Fassung 1</a> – " in page
    assert f", {first.approved_by.get_full_name()}</li>" in page
    assert f", {nameless.username}</li>" in page
    assert "Fassung 3</a>" in page


def test_only_who_may_change_it_gets_the_quote_form(
    client, make_member, police_authority, release
):
    client.force_login(make_member(police_authority, is_press_office=True))
    press_page = _page(client, release)
    client.force_login(make_member(police_authority, is_minute_taker=True))
    reader_page = _page(client, release)

    assert 'name="text"' in press_page
    assert "Die Lage ist ruhig." in reader_page
    assert 'name="text"' not in reader_page
