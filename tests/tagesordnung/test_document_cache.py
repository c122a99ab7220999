"""Issue 22: agenda and minutes documents are cached per conference change
stamp and audience; every change is shown at once, nothing is rendered twice."""

import pytest
from django.urls import reverse

from konferenz.core import changestamp
from konferenz.core.classification import Audience
from tagesordnung.agenda import exports, services
from tagesordnung.minutes import exports as minutes_exports
from tagesordnung.minutes import services as minutes_services
from tests.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    AuthorityFactory,
    ConferenceFactory,
)
from tests.helpers import pdf_pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def conference(police_authority):
    conference = ConferenceFactory(police_authority=police_authority)
    AgendaItemFactory(conference=conference, title="Lagebild", position=1)
    AgendaItemFactory(conference=conference, title="Verkehr", position=2)
    return conference


@pytest.fixture
def renders(monkeypatch):
    """How often each document was really rendered."""
    counts = {"agenda": 0, "minutes": 0}
    agenda_pdf, export = exports.agenda_pdf, minutes_exports.export

    def counting_agenda(**kwargs):
        counts["agenda"] += 1
        return agenda_pdf(**kwargs)

    def counting_export(**kwargs):
        counts["minutes"] += 1
        return export(**kwargs)

    monkeypatch.setattr(exports, "agenda_pdf", counting_agenda)
    monkeypatch.setattr(minutes_exports, "export", counting_export)
    return counts


def _agenda_pdf(client, conference, version="teilnehmende"):
    url = reverse("tagesordnung:agenda-export", args=[conference.pk, "pdf"])
    response = client.get(url, {"fassung": version})
    assert response.status_code == 200
    return "\n".join(pdf_pages(response.content))


def test_second_download_of_the_agenda_pdf_is_not_rendered_again(
    organiser_client, conference, renders
):
    first = _agenda_pdf(organiser_client, conference)
    second = _agenda_pdf(organiser_client, conference)

    assert renders["agenda"] == 1
    assert first == second
    assert "Lagebild" in second


def test_each_audience_has_its_own_cached_agenda(organiser_client, conference, renders):
    _agenda_pdf(organiser_client, conference, "teilnehmende")
    _agenda_pdf(organiser_client, conference, "intern")

    assert renders["agenda"] == 2


def test_changed_item_shows_in_the_next_download(organiser_client, conference, renders):
    _agenda_pdf(organiser_client, conference)
    item = conference.agenda_items.get(title="Lagebild")
    item.title = "Lagebild 2027"
    item.save()

    text = _agenda_pdf(organiser_client, conference)

    assert "Lagebild 2027" in text
    assert renders["agenda"] == 2


def test_reordering_by_bulk_update_shows_in_the_next_download(
    organiser_client, conference
):
    assert _agenda_pdf(organiser_client, conference).index("Lagebild") < _agenda_pdf(
        organiser_client, conference
    ).index("Verkehr")
    items = {i.title: i.pk for i in conference.agenda_items.all()}
    services.agenda_reorder(
        conference=conference, order=[items["Verkehr"], items["Lagebild"]]
    )

    text = _agenda_pdf(organiser_client, conference)

    assert text.index("Verkehr") < text.index("Lagebild")


def test_authority_rename_shows_in_the_next_download(
    organiser_client, conference, police_authority
):
    _agenda_pdf(organiser_client, conference)
    police_authority.name = "Polizeipräsidium Neustadt an der Weinstraße"
    police_authority.save()

    assert "Neustadt an der Weinstraße" in _agenda_pdf(organiser_client, conference)


def test_minutes_pdf_is_cached_and_shows_a_changed_entry(
    organiser_client, conference, renders
):
    minutes = minutes_services.minutes_ensure(conference=conference)
    url = reverse("tagesordnung:minutes-export", args=[conference.pk, "pdf"])
    organiser_client.get(url, {"fassung": "intern"})
    organiser_client.get(url, {"fassung": "intern"})
    assert renders["minutes"] == 1

    entry = minutes.entries.get(agenda_item__title="Lagebild")
    entry.text = "Die Lage ist ruhig."
    entry.save()
    response = organiser_client.get(url, {"fassung": "intern"})

    assert renders["minutes"] == 2
    assert "Die Lage ist ruhig." in "\n".join(pdf_pages(response.content))


def test_a_change_bumps_the_conference_stamp_only(conference, police_authority):
    other = ConferenceFactory(police_authority=police_authority)
    before, other_before = changestamp.stamp(conference.pk), changestamp.stamp(other.pk)

    AgendaItemFactory(conference=conference)

    assert changestamp.stamp(conference.pk) != before
    assert changestamp.stamp(other.pk) == other_before


def test_audience_is_part_of_the_key(conference, monkeypatch):
    calls = []

    def render():
        calls.append(1)
        return b"x"

    for audience in (Audience.STAFF_VS_NFD, Audience.STAFF, Audience.PARTICIPANT):
        changestamp.cached_document(
            kind="t", conference_id=conference.pk, audience=audience, render=render
        )

    assert len(calls) == 3


def test_a_login_keeps_the_stamps_a_renamed_user_renews_them(
    client, conference, organiser
):
    before = changestamp.stamp(conference.pk)

    client.force_login(organiser)  # saves last_login only
    assert changestamp.stamp(conference.pk) == before

    organiser.last_name = "Neumann"  # shown as minute-taker, approver, …
    organiser.save()
    assert changestamp.stamp(conference.pk) != before


def test_an_action_renews_the_stamp_of_its_authority_only(
    conference, police_authority, other_police_authority
):
    minutes = minutes_services.minutes_ensure(conference=conference)
    responsible = AuthorityFactory(police_authority=police_authority)
    ours = changestamp.stamp(tenant_id=police_authority.pk)
    theirs = changestamp.stamp(tenant_id=other_police_authority.pk)

    ActionItemFactory(entry=minutes.entries.first(), responsible=responsible)

    assert changestamp.stamp(tenant_id=police_authority.pk) != ours
    assert changestamp.stamp(tenant_id=other_police_authority.pk) == theirs
