"""Statistics of one police authority for its staff."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from konferenz.core import stamps
from konferenz.core.models import Conference
from tagesordnung.minutes.models import ActionProgress
from teilnehmer.addressbook.models import Authority
from tests.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    AuthorityFactory,
    ConferenceFactory,
    ContactFactory,
    InvitationFactory,
    MinutesEntryFactory,
    TopicFactory,
)
from tests.helpers import read_xlsx
from tests.konferenz.statistics.helpers import formal_topic

pytestmark = pytest.mark.django_db

URL = reverse("konferenz:statistics")
SECRET_TOPIC = "Verschlusssache Lagebild"


def _conf(pa, year, status=Conference.Status.HELD):
    return ConferenceFactory(
        police_authority=pa, date=datetime.date(year, 6, 1), status=status
    )


def _invite(conference, authority, answer="accepted", attended=None, **kwargs):
    return InvitationFactory(
        conference=conference,
        contact=ContactFactory(authority=authority),
        answer=answer,
        attended=attended,
        **kwargs,
    )


def _done(action, day):
    progress = ActionProgress.objects.create(
        action=action, note="Erledigt", status="done"
    )
    ActionProgress.objects.filter(pk=progress.pk).update(
        created_at=timezone.make_aware(
            datetime.datetime.combine(day, datetime.time(12))
        )
    )
    action.status = "done"
    action.completed_on = day
    action.save()


@pytest.fixture
def data(police_authority, other_police_authority):
    pa = police_authority
    sta = AuthorityFactory(police_authority=pa, kind=Authority.Kind.PROSECUTION)
    city = AuthorityFactory(police_authority=pa, kind=Authority.Kind.CITY)
    fedpol = AuthorityFactory(police_authority=pa, kind=Authority.Kind.FEDERAL_POLICE)
    y2024, y2025 = _conf(pa, 2024), _conf(pa, 2025, Conference.Status.PUBLISHED)
    _invite(y2024, sta, attended=True)
    _invite(y2024, city, answer="declined")
    original = _invite(y2024, fedpol, answer="deputy", deputy_name="Herr Vertreter")
    _invite(y2024, fedpol, answer="accepted", attended=True, deputy_for=original)
    _invite(y2025, sta, attended=True)
    _invite(y2025, city, attended=False)
    cancelled = _conf(pa, 2025, Conference.Status.CANCELLED)
    _invite(cancelled, sta, attended=True)
    # Recorded, never held: does not count.
    _invite(_conf(pa, 2023, Conference.Status.DRAFT), city, attended=True)

    public, secret = (
        TopicFactory(police_authority=None, name="Clankriminalität"),
        (TopicFactory(police_authority=pa, name=SECRET_TOPIC)),
    )
    AgendaItemFactory(conference=y2024, topic=public, classification="public")
    AgendaItemFactory(conference=y2025, topic=public, classification="internal")
    AgendaItemFactory(conference=y2025, topic=secret, classification="vs_nfd")

    entry = MinutesEntryFactory(minutes__conference=y2024, classification="public")
    entry.agenda_item.classification = "public"
    entry.agenda_item.save()
    actions = [
        ActionItemFactory(entry=entry, responsible=sta, classification="public")
        for _ in range(5)
    ]
    for action, day in zip(actions, (11, 21), strict=False):
        _done(action, datetime.date(2024, 6, day))
    _done(actions[2], datetime.date(2024, 7, 1))
    actions[3].due_date = datetime.date(2024, 12, 31)
    actions[3].save()
    actions[4].due_date = datetime.date(2099, 1, 1)
    actions[4].save()
    ActionItemFactory(
        entry=entry,
        responsible=city,
        classification="vs_nfd",
        due_date=datetime.date(2024, 9, 30),
    )
    # Another tenant's conference and action never count.
    foreign = _conf(other_police_authority, 2024)
    _invite(foreign, AuthorityFactory(police_authority=other_police_authority))
    ActionItemFactory(
        entry=MinutesEntryFactory(minutes__conference=foreign),
        due_date=datetime.date(2024, 1, 1),
    )
    return pa


def test_participation_per_year_counts_held_conferences_only(organiser_client, data):
    response = organiser_client.get(URL)

    chart = response.context["participation_chart"]
    assert chart.table_rows == [["2024", "3", "2", "2"], ["2025", "2", "2", "1"]]
    rows = response.context["participation_rows"]
    assert (2024, "Bundespolizei", 1, 1, 1) in rows


def test_partner_coverage_names_who_stays_away(organiser_client, data):
    response = organiser_client.get(URL)

    coverage = {
        c.kind: (c.conferences, c.invited, c.total)
        for c in response.context["coverage"].rows
    }
    assert coverage["prosecution"] == (2, 2, 2)
    assert coverage["city"] == (0, 2, 2)
    assert coverage["federal_police"] == (1, 1, 2)
    rarely = [c.kind for c in response.context["coverage"].rarely]
    assert rarely == ["city"]  # 50 % is not "rarely"


def test_coverage_counts_only_kinds_ever_invited(organiser_client, data):
    response = organiser_client.get(URL)

    coverage = response.context["coverage"]
    assert {c.kind for c in coverage.rows} == {"prosecution", "city", "federal_police"}
    assert "Zoll / Hauptzollamt" in coverage.never_invited
    page = response.content.decode()
    rarely = page.split('id="coverage-rarely">')[1].split("</p>")[0]
    never = page.split('id="coverage-never">')[1].split("</p>")[0]
    assert "Stadt / Gemeinde (inkl. Ordnungsamt)" in rarely and "Zoll" not in rarely
    assert "Nie eingeladen (nicht gezählt):" in never and "Zoll" in never
    assert (
        response.context["coverage_chart"].table_rows[0][0]
        == "Stadt / Gemeinde (inkl. Ordnungsamt)"
    )
    assert "Zoll" not in [
        row[0] for row in response.context["coverage_chart"].table_rows
    ]
    assert "n = 2 durchgeführte Konferenzen; nur Partnerarten, die je eingeladen" in (
        page
    )


def test_actions_completion_median_and_overdue(organiser_client, data):
    response = organiser_client.get(URL)

    actions = response.context["actions"]
    assert (actions.total, actions.done, actions.overdue) == (6, 3, 2)
    assert actions.completion_percent == 50.0
    assert actions.median_days == 20
    names = dict(actions.overdue_by_responsible)
    assert sorted(names.values()) == [1, 1]
    page = response.content.decode()
    assert "50,0 % (3 von 6 erledigt)" in page
    assert "(n = 3 erledigte Maßnahmen mit Erledigungsdatum)" in page
    assert "(von 3 offenen Maßnahmen)" in page


def test_median_only_over_done_actions_with_a_completion_date(organiser_client, data):
    entry = data.conferences.get(date__year=2024).minutes.entries.first()
    # Recorded as done when the data was loaded: when it was done is unknown.
    ActionItemFactory(entry=entry, classification="public", status="done")
    reopened = ActionItemFactory(entry=entry, classification="public")
    _done(reopened, datetime.date(2031, 1, 1))
    reopened.status, reopened.completed_on = "open", None
    reopened.save()

    response = organiser_client.get(URL)

    actions = response.context["actions"]
    assert (actions.done, actions.median_days, actions.median_base) == (4, 20, 3)
    page = response.content.decode()
    assert re.search(r'id="actions-median">20</span>', page)
    assert "n = 3 erledigte Maßnahmen mit Erledigungsdatum" in page


def test_reader_without_clearance_counts_no_vs_nfd(client, reader, data):
    client.force_login(reader)

    response = client.get(URL)

    actions = response.context["actions"]
    assert (actions.total, actions.done, actions.overdue) == (5, 3, 1)
    topics = dict(response.context["topics"])
    assert SECRET_TOPIC not in topics
    assert topics["Clankriminalität"] == [1, 1]
    assert SECRET_TOPIC not in response.content.decode()


def test_formal_items_are_not_counted_as_topics(organiser_client, data):
    y2024 = data.conferences.get(date__year=2024)
    for name in ("Begrüßung", "Verschiedenes", "Fazit und Ausblick"):
        AgendaItemFactory(
            conference=y2024, topic=formal_topic(name), classification="public"
        )

    response = organiser_client.get(URL)

    assert set(dict(response.context["topics"])) == {"Clankriminalität", SECRET_TOPIC}
    page = response.content.decode()
    assert '<th scope="row">Begrüßung' not in page
    assert '<th scope="row">Verschiedenes' not in page
    assert "n = 3 Tagesordnungspunkte mit Katalogthema; ohne Formalien" in page


def test_organiser_with_clearance_sees_own_vs_nfd_topic(organiser_client, data):
    response = organiser_client.get(URL)

    assert dict(response.context["topics"])[SECRET_TOPIC] == [0, 1]


def test_charts_carry_their_numbers(organiser_client, data):
    page = organiser_client.get(URL).content.decode()

    svgs = page.split('<svg class="chart-svg chart-wide"')[1:]
    assert len(svgs) == 3
    overdue, participation, coverage = (s.split("</svg>")[0] for s in svgs)
    assert 'aria-labelledby="chart-participation-title chart-participation-desc"' in (
        participation
    )
    assert ">3</text>" in participation and ">2</text>" in participation
    assert ">100,0 %</text>" in coverage
    assert "Teilnahme je Jahr" in participation


def test_xlsx_has_the_numbers(organiser_client, data):
    response = organiser_client.get(reverse("konferenz:statistics-xlsx"))

    workbook = read_xlsx(response.content)
    assert workbook.sheetnames == [
        "Teilnahme",
        "Abdeckung der Partner",
        "Themen",
        "Maßnahmen",
    ]
    figures = dict(workbook["Maßnahmen"].iter_rows(min_row=2, values_only=True))
    assert figures["Erledigungsquote in %"] == 50.0
    assert figures["Median der Tage bis zur Erledigung"] == 20
    assert figures["Median: Basis"] == (
        "n = 3 erledigte Maßnahmen mit Erledigungsdatum"
    )
    coverage = list(workbook["Abdeckung der Partner"].iter_rows(values_only=True))
    assert ("Zoll / Hauptzollamt", None, 0, 2, "nie eingeladen") in coverage
    assert coverage[-1][0].startswith("n = 2 durchgeführte Konferenzen")
    topics = list(workbook["Themen"].iter_rows(values_only=True))
    assert topics[-1][0].startswith("n = 3 Tagesordnungspunkte mit Katalogthema")
    participation = list(workbook["Teilnahme"].iter_rows(values_only=True))
    assert (2024, "Bundespolizei", 1, 1, 1) in participation


def test_ministry_has_no_authority_statistics(ministry_client):
    assert ministry_client.get(URL).status_code == 403


@pytest.mark.parametrize("years", [1, 10])
def test_query_count_does_not_grow(
    organiser_client, police_authority, django_assert_num_queries, years
):
    authority = AuthorityFactory(police_authority=police_authority)
    topic = TopicFactory(police_authority=None)
    for offset in range(years):
        conference = _conf(police_authority, 2017 + offset)
        _invite(conference, authority, attended=True)
        AgendaItemFactory(conference=conference, topic=topic, classification="public")
        entry = MinutesEntryFactory(minutes__conference=conference)
        _done(ActionItemFactory(entry=entry), conference.date)
    organiser_client.get(URL)
    stamps.touch(conference.pk)  # render the cached part afresh

    with django_assert_num_queries(8):
        organiser_client.get(URL)
    with django_assert_num_queries(2):  # then it comes from the cache
        organiser_client.get(URL)


def test_a_new_action_counts_at_once(organiser_client, police_authority):
    def total():
        page = organiser_client.get(URL).content.decode()
        return re.search(r'id="actions-total">(\d+)<', page)[1]

    conference = _conf(police_authority, 2020)
    entry = MinutesEntryFactory(minutes__conference=conference)
    ActionItemFactory(entry=entry)
    assert total() == "1"

    ActionItemFactory(entry=entry)

    assert total() == "2"


def test_a_lower_audience_never_gets_the_cached_vs_nfd_topics(
    organiser_client, reader_client, police_authority
):
    conference = _conf(police_authority, 2021)
    AgendaItemFactory(
        conference=conference,
        topic=TopicFactory(police_authority=None, name="Geheimes Lagethema"),
        classification="vs_nfd",
    )
    assert "Geheimes Lagethema" in organiser_client.get(URL).content.decode()

    assert "Geheimes Lagethema" not in reader_client.get(URL).content.decode()


@pytest.mark.parametrize(
    "name",
    [
        "konferenz:statistics",
        "konferenz:statistics-xlsx",
        "konferenz:ministry-overview",
        "konferenz:ministry-topics",
    ],
)
def test_statistics_pages_refuse_post(organiser_client, name):
    assert organiser_client.post(reverse(name)).status_code == 405
