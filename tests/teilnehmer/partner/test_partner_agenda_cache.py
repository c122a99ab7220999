"""Issue 22: the partner page's agenda is kept per conference change stamp
(participant audience). A change shows at once, VS-NfD never reaches it, and
an action closed in an earlier conference leaves the carry-over item at once."""

import datetime

import pytest
from django.urls import reverse

from konferenz.core.classification import Classification
from tagesordnung.agenda.services import carry_over_item_ensure
from tagesordnung.minutes.models import ActionItem
from tests.factories import ActionItemFactory, AgendaItemFactory, ConferenceFactory
from tests.helpers import sent_token

pytestmark = pytest.mark.django_db

ANSWER_URL = "/einladung/antwort/"


@pytest.fixture
def partner(client, invitation, organiser, django_capture_on_commit_callbacks):
    token = sent_token(invitation, organiser, django_capture_on_commit_callbacks)
    client.logout()
    client.get(reverse("partner:open", args=[token]))
    return client


def _page(partner):
    return partner.get(ANSWER_URL).content.decode()


def test_new_agenda_item_shows_at_once(partner, conference):
    AgendaItemFactory(conference=conference, title="Lagebild", position=1)
    assert "Lagebild" in _page(partner)

    AgendaItemFactory(conference=conference, title="Radverkehr", position=2)

    assert "Radverkehr" in _page(partner)


def test_vs_nfd_never_reaches_the_cached_partner_agenda(
    partner, conference, organiser_client
):
    AgendaItemFactory(
        conference=conference,
        title="Lagebild",
        position=1,
        classification=Classification.PUBLIC,
    )
    AgendaItemFactory(
        conference=conference,
        title="Kanarienvogel4711",
        position=2,
        classification=Classification.VS_NFD,
    )
    staff = organiser_client.get(
        reverse("tagesordnung:agenda", kwargs={"pk": conference.pk})
    ).content.decode()
    assert "Kanarienvogel4711" in staff  # the organiser may read it

    first = _page(partner)
    again = _page(partner)

    assert "Lagebild" in first and "Lagebild" in again
    assert "Kanarienvogel4711" not in first
    assert "Kanarienvogel4711" not in again


def test_action_closed_in_an_earlier_conference_leaves_the_carry_over_at_once(
    partner, conference
):
    earlier = ConferenceFactory(
        police_authority=conference.police_authority,
        date=conference.date - datetime.timedelta(days=200),
    )
    action = ActionItemFactory(
        entry__minutes__conference=earlier, description="Radwege prüfen"
    )
    carry_over_item_ensure(conference=conference)
    assert "Radwege prüfen" in _page(partner)

    action.status = ActionItem.Status.DONE
    action.save()

    assert "Radwege prüfen" not in _page(partner)
