"""Issue 22: the agenda list (and the editors' proposals) is kept per
conference change stamp, the authority's stamp, audience and permission
(konferenz/core/changestamp.py). Changes show at once – also a changed open
action of an earlier conference on the carry-over item – and a lower
audience never gets the list rendered for a higher one."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from konferenz.core.classification import Classification
from tagesordnung.agenda import selectors, services
from tagesordnung.minutes import services as minutes_services
from tagesordnung.minutes.models import ActionItem
from tests.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    ConferenceFactory,
    InvitationFactory,
    ProposalFactory,
)
from tests.helpers import pdf_pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def conference(police_authority):
    conference = ConferenceFactory(police_authority=police_authority)
    AgendaItemFactory(conference=conference, title="Lagebild", position=1)
    AgendaItemFactory(
        conference=conference,
        title="Verdeckte Ermittlungen",
        position=2,
        classification=Classification.VS_NFD,
    )
    return conference


@pytest.fixture
def plans(monkeypatch):
    """How often the agenda was really read for a page."""
    calls = []
    agenda = selectors.agenda

    def counting(**kwargs):
        calls.append(kwargs["audience"])
        return agenda(**kwargs)

    monkeypatch.setattr(selectors, "agenda", counting)
    return calls


def _page(client, conference, **headers):
    response = client.get(
        reverse("tagesordnung:agenda", args=[conference.pk]), headers=headers
    )
    assert response.status_code == 200
    return response.content.decode()


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def test_second_view_comes_from_the_cache(organiser_client, conference, plans):
    _page(organiser_client, conference)
    html = _page(organiser_client, conference)

    assert len(plans) == 1
    assert "Lagebild" in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "placeholder" not in html


def test_changed_item_shows_at_once(organiser_client, conference):
    _page(organiser_client, conference)
    item = conference.agenda_items.get(title="Lagebild")

    item.title = "Lagebild 2027"
    item.save()

    assert "Lagebild 2027" in _page(organiser_client, conference)


def test_reordering_shows_at_once_also_in_the_htmx_list(organiser_client, conference):
    items = {i.title: i.pk for i in conference.agenda_items.all()}
    _page(organiser_client, conference, **{"HX-Request": "true"})

    services.agenda_reorder(
        conference=conference,
        order=[items["Verdeckte Ermittlungen"], items["Lagebild"]],
    )

    html = _page(organiser_client, conference, **{"HX-Request": "true"})
    assert html.strip().startswith('<div id="agenda-list">')
    assert html.index("Verdeckte Ermittlungen") < html.index("Lagebild")


def test_new_proposal_shows_at_once_to_the_organiser(organiser_client, conference):
    invitation = InvitationFactory(conference=conference)
    _page(organiser_client, conference)

    ProposalFactory(invitation=invitation, title="Drohnenabwehr")

    assert "Drohnenabwehr" in _page(organiser_client, conference)


def test_staff_without_vs_nfd_never_get_the_list_cached_for_vs_nfd_staff(
    make_member, police_authority, conference
):
    # The same permissions but the VS-NfD right; both logged in before
    # anything is cached (a new account renews every stamp).
    vs_nfd = _client(make_member(police_authority, may_read_vs_nfd=True))
    staff = _client(make_member(police_authority))
    assert "Verdeckte Ermittlungen" in _page(vs_nfd, conference)

    html = _page(staff, conference)

    assert "Verdeckte Ermittlungen" not in html
    assert "nicht enthalten" in html


def test_lowered_item_shows_at_once_to_staff_without_vs_nfd(reader_client, conference):
    assert "Verdeckte Ermittlungen" not in _page(reader_client, conference)
    item = conference.agenda_items.get(title="Verdeckte Ermittlungen")

    item.classification = Classification.INTERNAL
    item.save()

    assert "Verdeckte Ermittlungen" in _page(reader_client, conference)


@pytest.fixture
def carry_over(police_authority):
    """A later conference whose carry-over item shows an open action of an
    earlier one."""
    earlier = ConferenceFactory(
        police_authority=police_authority, date=datetime.date(2026, 3, 1)
    )
    item = AgendaItemFactory(
        conference=earlier, title="Fahrraddiebstahl", classification="public"
    )
    minutes = minutes_services.minutes_ensure(conference=earlier)
    entry = minutes.entries.get(agenda_item=item)
    entry.classification = Classification.PUBLIC
    entry.save()
    action = ActionItemFactory(
        entry=entry,
        description="Zählstellen einrichten",
        classification=Classification.PUBLIC,
    )
    later = ConferenceFactory(
        police_authority=police_authority, date=datetime.date(2026, 9, 1)
    )
    services.carry_over_item_ensure(conference=later)
    return later, action


def test_changed_action_of_an_earlier_conference_shows_at_once(
    organiser_client, carry_over
):
    later, action = carry_over
    assert "Zählstellen einrichten" in _page(organiser_client, later)

    action.description = "Zählstellen an allen Brücken einrichten"
    action.save()
    assert "Zählstellen an allen Brücken einrichten" in _page(organiser_client, later)

    action.status = ActionItem.Status.DONE
    action.save()
    assert "Zählstellen an allen Brücken" not in _page(organiser_client, later)


def test_changed_action_of_an_earlier_conference_shows_in_the_next_download(
    organiser_client, carry_over
):
    later, action = carry_over
    url = reverse("tagesordnung:agenda-export", args=[later.pk, "pdf"])

    def text():
        response = organiser_client.get(url, {"fassung": "intern"})
        return " ".join(" ".join(pdf_pages(response.content)).split())

    assert "Zählstellen einrichten" in text()

    action.description = "Zählstellen an allen Brücken einrichten"
    action.save()

    assert "Zählstellen an allen Brücken einrichten" in text()
