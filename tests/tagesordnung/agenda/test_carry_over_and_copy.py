import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from konferenz.core.classification import Audience, Classification
from konferenz.core.models import Conference
from konferenz.press.facts import public_topics
from tagesordnung.agenda import services
from tagesordnung.agenda.models import AgendaItem, Attachment
from tagesordnung.agenda.selectors import open_actions_before
from tests.factories import AgendaItemFactory, AttachmentFactory, ConferenceFactory

pytestmark = pytest.mark.django_db


def test_open_actions_hook_is_empty_without_minutes(police_authority):
    ConferenceFactory(police_authority=police_authority, date=datetime.date(2025, 3, 1))
    conference = ConferenceFactory(police_authority=police_authority)

    assert open_actions_before(conference=conference, audience=Audience.STAFF) == []


def test_carry_over_item_is_generated_once_at_the_end(police_authority):
    conference = ConferenceFactory(police_authority=police_authority)
    AgendaItemFactory(conference=conference, position=1)

    item = services.carry_over_item_ensure(conference=conference)
    again = services.carry_over_item_ensure(conference=conference)

    assert again == item
    assert (
        item.kind,
        item.title,
        item.topic.name,
        item.position,
        item.classification,
        item.description,
    ) == (
        AgendaItem.Kind.CARRY_OVER,
        "Bericht zu offenen Maßnahmen",
        "Bericht zu offenen Maßnahmen (Wiedervorlage)",
        2,
        Classification.INTERNAL,
        "",
    )
    assert AgendaItem.objects.filter(conference=conference).count() == 2


def test_carry_over_view_adds_the_item(organiser_client, police_authority):
    conference = ConferenceFactory(police_authority=police_authority)
    url = reverse("tagesordnung:carry-over-add", args=[conference.pk])

    assert organiser_client.get(url).status_code == 405
    response = organiser_client.post(url, follow=True)

    assert "Bericht zu offenen Maßnahmen" in response.content.decode()
    assert AgendaItem.objects.get(conference=conference).kind == "carry_over"


def test_carry_over_view_other_tenant_is_404_and_reader_403(
    organiser_client, client, reader
):
    other = ConferenceFactory()
    url = reverse("tagesordnung:carry-over-add", args=[other.pk])
    assert organiser_client.post(url).status_code == 404

    client.force_login(reader)
    own = ConferenceFactory(police_authority=reader.membership.police_authority)
    response = client.post(reverse("tagesordnung:carry-over-add", args=[own.pk]))
    assert response.status_code == 403


def test_agenda_copy_keeps_order_classification_and_attachments(police_authority):
    source = ConferenceFactory(police_authority=police_authority)
    public = AgendaItemFactory(
        conference=source, position=1, title="Lage", classification="public"
    )
    secret = AgendaItemFactory(
        conference=source, position=2, title="Clan", classification="vs_nfd"
    )
    services.carry_over_item_ensure(conference=source)
    AttachmentFactory(item=secret, classification=Classification.VS_NFD)
    AttachmentFactory(item=public, classification=Classification.INTERNAL)
    target = ConferenceFactory(
        police_authority=police_authority, date=datetime.date(2028, 3, 8)
    )

    services.agenda_copy(source=source, target=target)

    copied = list(
        AgendaItem.objects.filter(conference=target)
        .order_by("position")
        .values_list("position", "title", "classification", "kind")
    )
    assert copied == [
        (1, "Lage", "public", "regular"),
        (2, "Clan", "vs_nfd", "regular"),
        (3, "Bericht zu offenen Maßnahmen", "internal", "carry_over"),
    ]
    attachments = Attachment.objects.filter(item__conference=target).order_by(
        "item__position"
    )
    assert [(a.item.title, a.classification) for a in attachments] == [
        ("Lage", "internal"),
        ("Clan", "vs_nfd"),
    ]
    originals = set(
        Attachment.objects.filter(item__conference=source).values_list(
            "file", flat=True
        )
    )
    assert not originals & {a.file.name for a in attachments}


def test_press_gets_only_public_topics(police_authority):
    conference = ConferenceFactory(police_authority=police_authority)
    AgendaItemFactory(conference=conference, position=2, title="Hauptbahnhof")
    AgendaItemFactory(
        conference=conference,
        position=1,
        title="Sicherheitslage",
        classification="public",
    )
    AgendaItemFactory(
        conference=conference, position=3, title="Clan", classification="vs_nfd"
    )
    AgendaItemFactory(
        conference=conference, position=4, title="Hafen", classification="public"
    )

    assert public_topics(conference) == ["Sicherheitslage", "Hafen"]


def test_demo_agendas_follow_the_seeds_and_load_twice(settings):
    settings.DEBUG = True
    call_command("load_demo")
    count = AgendaItem.objects.count()
    call_command("load_demo")

    assert AgendaItem.objects.count() == count
    ge = Conference.objects.get(
        police_authority__press_code="GE", date=datetime.date(2019, 4, 29)
    )
    titles = list(ge.agenda_items.order_by("position").values_list("title", flat=True))
    assert titles[1:5] == [
        "Allgemeine Sicherheitslage in Gelsenkirchen",
        "Clankriminalität",
        "Problembereich Hauptbahnhof",
        "Problembereich Hafen Graf Bismarck",
    ]
    upcoming = AgendaItem.objects.filter(
        conference__date__gte=datetime.date(2026, 1, 1)
    )
    assert upcoming.filter(classification="vs_nfd").exists()
    assert upcoming.filter(classification="internal").exists()
