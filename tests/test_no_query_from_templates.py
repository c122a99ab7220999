"""Issue 22: list pages read everything in the view or selector; no query
runs while their templates render (pinned with tests.helpers.page_queries)."""

import pytest
from django.urls import reverse

from konferenz.core.models import Conference
from tagesordnung.minutes import services as minutes_services
from tests.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    ConferenceFactory,
    ContactFactory,
    InvitationFactory,
)
from tests.helpers import page_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(police_authority):
    conference = ConferenceFactory(
        police_authority=police_authority, status=Conference.Status.HELD
    )
    for position in (1, 2, 3):
        AgendaItemFactory(conference=conference, position=position)
    minutes = minutes_services.minutes_ensure(conference=conference)
    for entry in minutes.entries.all():
        ActionItemFactory(entry=entry)
    InvitationFactory.create_batch(3, conference=conference, attended=True)
    ContactFactory.create_batch(3, authority__police_authority=police_authority)
    return conference


PAGES = {
    "dashboard": lambda c: reverse("konferenz:dashboard"),
    "conference list": lambda c: reverse("konferenz:conference-list"),
    "address book": lambda c: reverse("teilnehmer:authority-list"),
    "actions": lambda c: reverse("tagesordnung:action-list"),
    "minutes": lambda c: reverse("tagesordnung:minutes", args=[c.pk]),
    "agenda": lambda c: reverse("tagesordnung:agenda", args=[c.pk]),
}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_no_query_runs_while_the_template_renders(organiser_client, held, page):
    url = PAGES[page](held)
    organiser_client.get(url)

    pinned = page_queries(organiser_client, url)

    assert pinned.response.status_code == 200
    assert pinned.in_templates == []
