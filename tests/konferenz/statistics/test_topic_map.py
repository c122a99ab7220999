"""The ministry's topic map: public catalogue topics of held conferences only."""

import datetime

import pytest
from django.urls import reverse

from konferenz.core.classification import Classification
from konferenz.core.models import Conference, PoliceAuthority
from tagesordnung.agenda.models import Topic
from tests.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    ConferenceFactory,
    MinutesEntryFactory,
    TopicFactory,
)
from tests.helpers import read_xlsx
from tests.konferenz.statistics.helpers import formal_topic

pytestmark = pytest.mark.django_db

URL = reverse("konferenz:ministry-topics")
CANARY = "Kanarienthema VS-NfD Clanlage"
INTERNAL = "Kanarienthema Intern"


def _conference(code, year, status=Conference.Status.HELD):
    return ConferenceFactory(
        police_authority=PoliceAuthority.objects.get(press_code=code),
        date=datetime.date(year, 6, 1),
        status=status,
    )


@pytest.fixture
def topics():
    clan = TopicFactory(police_authority=None, name="Clankriminalität")
    secret = TopicFactory(police_authority=None, name=CANARY)
    internal = TopicFactory(police_authority=None, name=INTERNAL)
    for code in ("DN", "GE", "K"):
        conference = _conference(code, 2025)
        AgendaItemFactory(conference=conference, topic=clan, classification="public")
        AgendaItemFactory(
            conference=conference, topic=secret, classification=Classification.VS_NFD
        )
        AgendaItemFactory(
            conference=conference, topic=internal, classification="internal"
        )
    # Twice in one authority counts once; cancelled and planned never.
    AgendaItemFactory(
        conference=_conference("DN", 2025), topic=clan, classification="public"
    )
    cancelled = _conference("BO", 2025, Conference.Status.CANCELLED)
    AgendaItemFactory(conference=cancelled, topic=clan, classification="public")
    planned = _conference("E", 2025, Conference.Status.INVITED)
    AgendaItemFactory(conference=planned, topic=clan, classification="public")
    # A public action under an internal item does not make the item public.
    entry = MinutesEntryFactory(
        minutes__conference=_conference("MS", 2024),
        agenda_item__topic=internal,
        agenda_item__classification="internal",
        classification="internal",
    )
    ActionItemFactory(entry=entry, classification="internal")
    return clan


def test_counts_authorities_per_topic_and_year(ministry_client, topics):
    response = ministry_client.get(URL, {"jahr": "2025"})

    rows = {row.name: row.counts for row in response.context["rows"]}
    assert rows == {"Clankriminalität": {2025: 3}}
    assert "3 von 47" in response.content.decode()


def test_formal_items_are_no_topics(ministry_client, topics):
    for code in ("DN", "GE", "K", "BO"):
        conference = _conference(code, 2025)
        for name in ("Begrüßung", "Verschiedenes", "Fazit und Ausblick"):
            AgendaItemFactory(
                conference=conference, topic=formal_topic(name), classification="public"
            )

    response = ministry_client.get(URL, {"jahr": "2025"})

    assert [row.name for row in response.context["rows"]] == ["Clankriminalität"]
    assert response.context["chart"].table_rows == [["Clankriminalität", "3"]]
    page = response.content.decode()
    assert '<th scope="row">Begrüßung' not in page
    assert ">Begrüßung</text>" not in page
    assert "n = 47 Polizeibehörden; Katalogthemen öffentlicher" in page
    workbook = read_xlsx(
        ministry_client.get(reverse("konferenz:ministry-topics-xlsx")).content
    )
    names = [row[0] for row in workbook["Themen"].iter_rows(values_only=True)]
    assert "Clankriminalität" in names and "Begrüßung" not in names
    basis = list(workbook["Grundlage"].iter_rows(values_only=True))
    assert basis[1][1].startswith("n = 47 Polizeibehörden")


def test_canary_never_reaches_the_topic_map(ministry_client, topics):
    pages = [
        ministry_client.get(URL, {"jahr": year}).content.decode()
        for year in ("2024", "2025")
    ]
    pages.append(ministry_client.get(reverse("konferenz:ministry-overview")).content)
    workbook = read_xlsx(
        ministry_client.get(reverse("konferenz:ministry-topics-xlsx")).content
    )
    cells = repr(
        [list(sheet.iter_rows(values_only=True)) for sheet in workbook.worksheets]
    )

    for text in (CANARY, INTERNAL):
        assert all(text not in str(page) for page in pages)
        assert text not in cells
    assert "Clankriminalität" in cells


def test_drill_down_lists_the_authorities(ministry_client, topics):
    response = ministry_client.get(URL, {"jahr": "2025", "thema": topics.pk})

    assert response.context["drill"] == {
        "topic": "Clankriminalität",
        "authorities": [
            "Kreispolizeibehörde Düren",
            "Polizeipräsidium Gelsenkirchen",
            "Polizeipräsidium Köln",
        ],
    }
    assert "Behörden, die „Clankriminalität“ 2025 besprochen haben" in (
        response.content.decode()
    )


def test_drill_down_into_an_internal_topic_lists_nobody(ministry_client, topics):
    topic = Topic.objects.get(name=CANARY)
    response = ministry_client.get(URL, {"jahr": "2025", "thema": topic.pk})

    assert response.context["drill"] == {"topic": None, "authorities": []}
    assert CANARY not in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"jahr": "abc"},
        {"jahr": "99999999999999999999"},
        {"thema": "-1"},
        {"thema": "1" * 40},
        {"jahr": "1800", "thema": "x"},
    ],
)
def test_bad_parameters_are_ignored(ministry_client, topics, query):
    response = ministry_client.get(URL, query)

    assert response.status_code == 200


def test_chart_shows_the_counts(ministry_client, topics):
    response = ministry_client.get(URL, {"jahr": "2025"})

    chart = response.context["chart"]
    assert chart.title == "Besprochene Themen 2025"
    assert chart.table_rows == [["Clankriminalität", "3"]]
    svg = (
        response.content.decode()
        .split('<svg class="chart-svg chart-wide"')[1]
        .split("</svg>")[0]
    )
    assert ">Clankriminalität</text>" in svg
    assert ">3</text>" in svg


@pytest.mark.parametrize("years", [1, 10])
def test_query_count_does_not_grow(ministry_client, django_assert_num_queries, years):
    topic = TopicFactory(police_authority=None)
    for code in ("DN", "K", "GE"):
        for offset in range(years):
            AgendaItemFactory(
                conference=_conference(code, 2026 - offset),
                topic=topic,
                classification="public",
            )
    ministry_client.get(URL)

    with django_assert_num_queries(4):
        response = ministry_client.get(URL, {"thema": topic.pk, "jahr": "2026"})

    assert len(response.context["drill"]["authorities"]) == 3


def test_xlsx_neutralises_formula_like_topic_names(ministry_client):
    topic = TopicFactory(police_authority=None, name='=HYPERLINK("http://x")')
    AgendaItemFactory(
        conference=_conference("DN", 2024), topic=topic, classification="public"
    )

    response = ministry_client.get(reverse("konferenz:ministry-topics-xlsx"))

    sheet = read_xlsx(response.content).worksheets[0]
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ['=HYPERLINK("http://x")']
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
