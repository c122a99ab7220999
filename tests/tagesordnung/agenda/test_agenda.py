import datetime
import re

import pytest
from django.urls import reverse

from konferenz.core import locking, stamps
from konferenz.core.classification import Audience, Classification
from tagesordnung.agenda import services
from tagesordnung.agenda.models import AgendaItem
from tagesordnung.agenda.selectors import agenda
from tests.factories import (
    AgendaItemFactory,
    ConferenceFactory,
    ContactFactory,
    TopicFactory,
)


def _agenda_list(response):
    """The agenda list of a page, without its CSRF token (each response has
    its own)."""
    html = response.content.decode()
    html = html[html.index('<div id="agenda-list">') : html.index("</ol>")]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


pytestmark = pytest.mark.django_db


@pytest.fixture
def conference(police_authority):
    return ConferenceFactory(
        police_authority=police_authority,
        start_time=datetime.time(9, 0),
        end_time=datetime.time(10, 0),
    )


def _items(conference, *durations, **kwargs):
    return [
        AgendaItemFactory(
            conference=conference,
            position=i,
            title=f"Punkt {i}",
            duration_minutes=minutes,
            **kwargs,
        )
        for i, minutes in enumerate(durations, start=1)
    ]


def _plan(conference, audience=Audience.STAFF_VS_NFD):
    return agenda(conference=conference, audience=audience)


def _summary(plan):
    return [
        (r.number, r.item.title if r.item else None, f"{r.start:%H:%M}")
        for r in plan.rows
    ]


def test_schedule_computes_start_times_from_durations(conference):
    _items(conference, 15, 30, 20)

    plan = _plan(conference)

    assert _summary(plan) == [
        (1, "Punkt 1", "09:00"),
        (2, "Punkt 2", "09:15"),
        (3, "Punkt 3", "09:45"),
    ]
    assert f"{plan.end:%H:%M}" == "10:05"
    assert plan.over_end is True
    assert plan.overrun_minutes == 5


def test_reorder_keeps_numbering_consistent_and_times_exact(conference):
    first, second, third = _items(conference, 30, 15, 20)

    services.agenda_reorder(
        conference=conference, order=[second.pk, third.pk, first.pk]
    )

    assert _summary(_plan(conference)) == [
        (1, "Punkt 2", "09:00"),
        (2, "Punkt 3", "09:15"),
        (3, "Punkt 1", "09:35"),
    ]
    positions = list(
        AgendaItem.objects.filter(conference=conference)
        .order_by("position")
        .values_list("position", flat=True)
    )
    assert positions == [1, 2, 3]


def test_move_down_then_up_and_beyond_the_ends(conference):
    first, second, third = _items(conference, 15, 30, 20)

    services.item_move(item=first, offset=1, audience=Audience.STAFF_VS_NFD)
    assert [r.item.pk for r in _plan(conference).rows] == [
        second.pk,
        first.pk,
        third.pk,
    ]
    services.item_move(item=second, offset=-1, audience=Audience.STAFF_VS_NFD)
    services.item_move(item=third, offset=1, audience=Audience.STAFF_VS_NFD)

    assert _summary(_plan(conference)) == [
        (1, "Punkt 2", "09:00"),
        (2, "Punkt 1", "09:30"),
        (3, "Punkt 3", "09:45"),
    ]


def test_participant_version_keeps_the_number_and_time_of_a_hidden_item(conference):
    AgendaItemFactory(conference=conference, position=1, title="A", duration_minutes=15)
    AgendaItemFactory(
        conference=conference,
        position=2,
        title="Geheim",
        duration_minutes=30,
        classification=Classification.VS_NFD,
    )
    AgendaItemFactory(conference=conference, position=3, title="C", duration_minutes=10)

    assert _summary(_plan(conference, Audience.PARTICIPANT)) == [
        (1, "A", "09:00"),
        (2, None, "09:15"),
        (3, "C", "09:45"),
    ]


def test_reorder_without_vs_nfd_right_keeps_the_hidden_item_in_place(conference):
    first, hidden, third, fourth = _items(conference, 10, 20, 30, 40)
    hidden.classification = Classification.VS_NFD
    hidden.save()

    # The user sees 1, 3, 4 and drags 4 to the top.
    services.agenda_reorder(
        conference=conference, order=[fourth.pk, first.pk, third.pk]
    )

    assert [r.item.title for r in _plan(conference).rows] == [
        "Punkt 4",
        "Punkt 2",
        "Punkt 1",
        "Punkt 3",
    ]


def test_move_skips_an_item_the_user_cannot_see(conference):
    first, hidden, third = _items(conference, 10, 20, 30)
    hidden.classification = Classification.VS_NFD
    hidden.save()

    services.item_move(item=first, offset=1, audience=Audience.STAFF)

    assert [r.item.title for r in _plan(conference).rows] == [
        "Punkt 3",
        "Punkt 2",
        "Punkt 1",
    ]


def test_delete_closes_the_gap(conference):
    first, second, third = _items(conference, 15, 30, 20)

    services.item_delete(item=second)

    assert list(
        AgendaItem.objects.filter(conference=conference)
        .order_by("position")
        .values_list("title", "position")
    ) == [("Punkt 1", 1), ("Punkt 3", 2)]


def test_item_update_with_old_version_is_refused(conference):
    (item,) = _items(conference, 15)
    services.item_update(item=item, version=1, title="Erste Fassung")

    with pytest.raises(locking.StaleEdit):
        services.item_update(item=item, version=1, title="Zweite Fassung")

    item.refresh_from_db()
    assert item.title == "Erste Fassung"
    assert item.version == 2


# Views


def test_agenda_page_shows_numbers_times_and_overrun_warning(
    organiser_client, conference
):
    _items(conference, 15, 30, 20)

    response = organiser_client.get(
        reverse("tagesordnung:agenda", args=[conference.pk])
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "TOP 3" in content
    assert "09:45–10:05" in content
    assert "um 10:05 Uhr und damit 5 Minuten nach dem geplanten Ende" in content
    assert "TOP 1 nach unten verschieben" in content
    assert 'aria-current="page" href="/tagesordnung/konferenzen/' in content


def test_agenda_page_hides_vs_nfd_from_staff_without_the_right(
    client, reader, conference
):
    AgendaItemFactory(conference=conference, title="Offener Punkt")
    AgendaItemFactory(
        conference=conference,
        title="Kanarienvogel-VS",
        classification=Classification.VS_NFD,
    )
    client.force_login(reader)

    content = client.get(
        reverse("tagesordnung:agenda", args=[conference.pk])
    ).content.decode()

    assert "Offener Punkt" in content
    assert "Kanarienvogel-VS" not in content
    assert "nach unten verschieben" not in content  # read-only


def test_agenda_page_of_other_tenant_is_404(organiser_client):
    other = ConferenceFactory()

    response = organiser_client.get(reverse("tagesordnung:agenda", args=[other.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("count", [2, 20])
def test_agenda_page_query_count_does_not_grow(
    organiser_client, conference, count, django_assert_num_queries
):
    contact = ContactFactory(authority__police_authority=conference.police_authority)
    topic = TopicFactory(police_authority=conference.police_authority)
    for i in range(count):
        AgendaItemFactory(
            conference=conference,
            position=i + 1,
            topic=topic,
            presenter_contact=contact if i % 2 else None,
            presenter_name="" if i % 2 else "Frau Beispiel",
        )
    url = reverse("tagesordnung:agenda", args=[conference.pk])
    organiser_client.get(url)  # warm up session and permissions caches

    # The list comes from the cache (konferenz/core/changestamp.py): the
    # conference only.
    with django_assert_num_queries(2):
        cached = organiser_client.get(url)
    stamps.touch(conference.pk)  # what the first reader after a change pays
    with django_assert_num_queries(6):
        response = organiser_client.get(url)

    assert _agenda_list(cached) == _agenda_list(response)

    assert (
        response.content.decode().count('class="list-group-item agenda-item"') == count
    )


def test_item_create_appends_at_the_end(organiser_client, conference):
    _items(conference, 15)
    contact = ContactFactory(authority__police_authority=conference.police_authority)

    response = organiser_client.post(
        reverse("tagesordnung:item-create", args=[conference.pk]),
        {
            "title": "Clankriminalität",
            "presenter_contact": contact.pk,
            "duration_minutes": "30",
            "classification": "internal",
        },
    )

    assert response.status_code == 302
    item = AgendaItem.objects.get(title="Clankriminalität")
    assert (item.position, item.duration_minutes, item.presenter_contact) == (
        2,
        30,
        contact,
    )


def test_item_create_with_bad_input_keeps_what_was_typed(organiser_client, conference):
    response = organiser_client.post(
        reverse("tagesordnung:item-create", args=[conference.pk]),
        {
            "title": "Hafen Graf Bismarck",
            "presenter_contact": ContactFactory(
                authority__police_authority=conference.police_authority
            ).pk,
            "presenter_name": "Herr Doppelt",
            "duration_minutes": "0",
            "classification": "internal",
        },
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "Hafen Graf Bismarck" in content
    assert "nicht beides" in content
    assert not AgendaItem.objects.exists()


def test_item_create_as_reader_is_403(client, reader, conference):
    client.force_login(reader)

    response = client.post(
        reverse("tagesordnung:item-create", args=[conference.pk]),
        {"title": "X", "duration_minutes": "15", "classification": "public"},
    )

    assert response.status_code == 403
    assert not AgendaItem.objects.exists()


def test_item_create_for_other_tenant_is_404(organiser_client):
    other = ConferenceFactory()

    response = organiser_client.post(
        reverse("tagesordnung:item-create", args=[other.pk]),
        {"title": "X", "duration_minutes": "15", "classification": "public"},
    )

    assert response.status_code == 404


def test_item_edit_second_save_is_refused_and_keeps_the_text(
    organiser_client, conference
):
    (item,) = _items(conference, 15)
    url = reverse("tagesordnung:item-edit", args=[item.pk])
    data = {"duration_minutes": "15", "classification": "internal", "version": "1"}
    organiser_client.post(url, {**data, "title": "Fassung A"})

    response = organiser_client.post(url, {**data, "title": "Fassung B"})

    content = response.content.decode()
    assert response.status_code == 409  # one conflict answer (konferenz.core.locking)
    assert "in der Zwischenzeit gespeichert" in content
    assert 'value="Fassung B"' in content
    assert "Fassung A" in content
    item.refresh_from_db()
    assert item.title == "Fassung A"


def test_item_edit_of_other_tenant_is_404(organiser_client):
    item = AgendaItemFactory()

    response = organiser_client.get(reverse("tagesordnung:item-edit", args=[item.pk]))

    assert response.status_code == 404


def test_item_move_by_post_and_refused_by_get(organiser_client, conference):
    first, second = _items(conference, 15, 30)
    url = reverse("tagesordnung:item-move", args=[first.pk])

    assert organiser_client.get(url).status_code == 405
    response = organiser_client.post(url, {"direction": "down"})

    assert response.status_code == 302
    assert response["Location"].endswith(f"/#top-{first.pk}-down")
    assert [r.item.pk for r in _plan(conference).rows] == [second.pk, first.pk]


def test_item_move_as_reader_is_403(client, reader, conference):
    first, _second = _items(conference, 15, 30)
    client.force_login(reader)

    response = client.post(
        reverse("tagesordnung:item-move", args=[first.pk]), {"direction": "down"}
    )

    assert response.status_code == 403


def test_reorder_by_htmx_answers_the_renumbered_list(organiser_client, conference):
    first, second, third = _items(conference, 15, 30, 20)

    response = organiser_client.post(
        reverse("tagesordnung:agenda-reorder", args=[conference.pk]),
        {"item": [third.pk, first.pk, second.pk]},
        headers={"HX-Request": "true"},
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert content.strip().startswith('<div id="agenda-list">')
    assert (
        content.index("Punkt 3") < content.index("Punkt 1") < content.index("Punkt 2")
    )
    assert "09:20–09:35" in content  # Punkt 1 is now TOP 2


def test_reorder_of_other_tenant_is_404(organiser_client):
    item = AgendaItemFactory()

    response = organiser_client.post(
        reverse("tagesordnung:agenda-reorder", args=[item.conference_id]),
        {"item": [item.pk]},
    )

    assert response.status_code == 404


def test_item_delete_by_post(organiser_client, conference):
    (item,) = _items(conference, 15)
    url = reverse("tagesordnung:item-delete", args=[item.pk])

    assert organiser_client.get(url).status_code == 405
    response = organiser_client.post(url)

    assert response.status_code == 302
    assert not AgendaItem.objects.exists()


def test_item_delete_of_other_tenant_is_404_and_reader_403(
    organiser_client, client, reader, conference
):
    foreign = AgendaItemFactory()
    (own,) = _items(conference, 15)

    assert (
        organiser_client.post(
            reverse("tagesordnung:item-delete", args=[foreign.pk])
        ).status_code
        == 404
    )
    client.force_login(reader)
    assert (
        client.post(reverse("tagesordnung:item-delete", args=[own.pk])).status_code
        == 403
    )
    assert AgendaItem.objects.count() == 2


def test_vs_nfd_item_edit_without_the_right_is_404(client, make_member, conference):
    (item,) = _items(conference, 15, classification=Classification.VS_NFD)
    client.force_login(make_member(conference.police_authority, is_organiser=True))

    response = client.get(reverse("tagesordnung:item-edit", args=[item.pk]))

    assert response.status_code == 404


def test_partner_agenda_shows_no_vs_nfd_text(conference, rf):
    from django.template.loader import render_to_string

    from teilnehmer.partner.content import agenda_for_partner, agenda_rows
    from tests.factories import AttachmentFactory, InvitationFactory

    public = AgendaItemFactory(
        conference=conference, position=1, title="Lage", classification="public"
    )
    AgendaItemFactory(
        conference=conference,
        position=2,
        title="Kanarienvogel4711",
        duration_minutes=30,
        classification="vs_nfd",
    )
    AgendaItemFactory(conference=conference, position=3, title="Hafen")
    AttachmentFactory(item=public, original_name="karte.pdf")
    AttachmentFactory(
        item=public,
        original_name="geheim-Kanarienvogel4711.pdf",
        classification="vs_nfd",
    )
    invitation = InvitationFactory(conference=conference)

    plan = agenda_for_partner(invitation.conference)
    html = render_to_string(
        "tagesordnung/partner/agenda.html",
        {"rows": agenda_rows(plan)},
        request=rf.get("/"),
    )

    assert _summary(plan) == [
        (1, "Lage", "09:00"),
        (2, None, "09:15"),
        (3, "Hafen", "09:45"),
    ]
    assert "Kanarienvogel4711" not in html
    assert "karte.pdf" in html
    assert "TOP 2" in html
    assert "in dieser Fassung nicht enthalten" in html
    assert "TOP 3" in html


def test_press_office_sees_only_public_items(client, make_member, conference):
    AgendaItemFactory(conference=conference, title="Lage", classification="public")
    AgendaItemFactory(conference=conference, title="Hafen intern")
    client.force_login(make_member(conference.police_authority, is_press_office=True))

    content = client.get(
        reverse("tagesordnung:agenda", args=[conference.pk])
    ).content.decode()

    assert "Lage" in content
    assert "Hafen intern" not in content
    assert "Export" not in content
