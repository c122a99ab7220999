"""The ministry's state overview: compliance per year and district, cell facts."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from konferenz.conferences import services
from konferenz.core.classification import Classification
from konferenz.core.models import Conference, PoliceAuthority
from tests.factories import (
    AgendaItemFactory,
    ConferenceFactory,
    InvitationFactory,
    MembershipFactory,
    TopicFactory,
)
from tests.helpers import read_xlsx
from tests.konferenz.statistics.helpers import formal_topic

pytestmark = pytest.mark.django_db

URL = reverse("konferenz:ministry-overview")


def _pa(code):
    return PoliceAuthority.objects.get(press_code=code)


def _held(code, date, **kwargs):
    return ConferenceFactory(
        police_authority=_pa(code), date=date, status=Conference.Status.HELD, **kwargs
    )


@pytest.fixture
def state():
    """2019: Düren and Köln held (district Köln), Lippe cancelled (Detmold);
    2020: Düren recorded afterwards, Lippe left a draft in the past."""
    dueren = _held("DN", datetime.date(2019, 10, 30))
    _held("K", datetime.date(2019, 5, 2))
    ConferenceFactory(
        police_authority=_pa("LIP"),
        date=datetime.date(2019, 11, 5),
        status=Conference.Status.CANCELLED,
    )
    ConferenceFactory(
        police_authority=_pa("LIP"),
        date=datetime.date(2020, 3, 5),
        status=Conference.Status.DRAFT,
    )
    organiser = MembershipFactory(police_authority=_pa("DN"), is_organiser=True).user
    services.conference_create(
        police_authority=_pa("DN"),
        user=organiser,
        already_held=True,
        title="Nachgetragen",
        date=datetime.date(2020, 9, 1),
        start_time=datetime.time(9),
        end_time=datetime.time(12),
    )
    return dueren


def _rates(response):
    return {year: (r.held, r.total) for year, r in response.context["overview"].rates}


def test_compliance_counts_only_held_conferences(ministry_client, state):
    response = ministry_client.get(URL)

    rates = _rates(response)
    assert rates[2019] == (2, 47)
    assert rates[2020] == (1, 47)
    regions = dict(response.context["overview"].region_rates)
    assert [(r.held, r.total) for r in regions["Köln"][:2]] == [(2, 10), (1, 10)]
    assert [(r.held, r.total) for r in regions["Detmold"][:2]] == [(0, 7), (0, 7)]
    page = response.content.decode()
    assert "2/10 (20,0 %)" in page
    assert "2/47 (4,3 %)" in page


def test_every_authority_has_its_district():
    counts = {
        region: PoliceAuthority.objects.filter(region=region).count()
        for region in PoliceAuthority.Region.values
    }

    assert counts == {
        "arnsberg": 11,
        "detmold": 7,
        "duesseldorf": 12,
        "koeln": 10,
        "muenster": 7,
    }
    assert PoliceAuthority.objects.filter(region="").count() == 0


def test_filter_by_district_and_kind(ministry_client, state):
    response = ministry_client.get(URL, {"bezirk": "koeln", "art": "landrat"})

    names = [pa.name for pa, _cells, _next in response.context["overview"].rows]
    assert len(names) == 7
    assert "Kreispolizeibehörde Düren" in names
    assert "Polizeipräsidium Köln" not in names
    assert _rates(response)[2019] == (1, 7)
    assert 'href="/landesuebersicht/export.xlsx?bezirk=koeln&amp;art=landrat"' in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    "query",
    [{"bezirk": "mars"}, {"art": "x" * 500}, {"bezirk": "\x00"}, {"art": ["a", "b"]}],
)
def test_bad_filters_show_everything(ministry_client, query):
    response = ministry_client.get(URL, query)

    assert response.status_code == 200
    assert len(response.context["overview"].rows) == 47


def test_grid_cell_is_short_and_the_name_opens_the_details(ministry_client, state):
    _held("DN", datetime.date(2019, 12, 1))

    response = ministry_client.get(URL)

    page = response.content.decode()
    rows = {pa.press_code: cells for pa, cells, _n in response.context["overview"].rows}
    assert rows["DN"][0].short == "✓ 30.10. +1"
    assert rows["LIP"][0].short == "abgesagt"
    assert rows["LIP"][1].short == "○ 05.03."  # a draft: planned, never held
    assert rows["LIP"][2].short == "fehlt"
    assert '<td class="dh" data-y="2019">✓ 30.10. +1</td>' in page
    detail = reverse("konferenz:ministry-authority", args=[_pa("DN").pk])
    assert f'<a href="{detail}">Kreispolizeibehörde Düren</a>' in page


def test_authority_page_shows_public_facts_only(ministry_client, state):
    public = TopicFactory(police_authority=None, name="Clankriminalität")
    internal = TopicFactory(police_authority=None, name="Geheimthema Intern")
    formal = formal_topic("Begrüßung")
    for topic, level in (
        (public, Classification.PUBLIC),
        (internal, Classification.INTERNAL),
        (formal, Classification.PUBLIC),
    ):
        AgendaItemFactory(
            conference=state, topic=topic, title=f"TOP {topic}", classification=level
        )
    answers = (("accepted", True), ("accepted", True), ("declined", None))
    for answer, attended in answers:
        InvitationFactory(conference=state, answer=answer, attended=attended)

    response = ministry_client.get(
        reverse("konferenz:ministry-authority", args=[_pa("DN").pk])
    )

    page = response.content.decode()
    year = next(y for y in response.context["years"] if y.year == 2019)
    assert [(f.date, f.partners) for f in year.facts] == [
        (datetime.date(2019, 10, 30), 2)
    ]
    assert year.topics == ["Clankriminalität"]
    assert "30.10.2019 · 2 Partnerbehörden anwesend" in page
    assert "Clankriminalität" in page
    assert "Geheimthema Intern" not in page
    assert "<li>Begrüßung</li>" not in page  # a formal item is no topic
    assert state.title not in page
    assert state.host_name not in page


def test_authority_page_is_ministry_only(organiser_client):
    url = reverse("konferenz:ministry-authority", args=[_pa("DN").pk])

    assert organiser_client.get(url).status_code == 403


def test_authority_page_of_no_authority_is_not_found(ministry_client):
    missing = reverse("konferenz:ministry-authority", args=[999999])

    assert ministry_client.get(missing).status_code == 404


def test_next_year_column_shows_planned_dates(ministry_client):
    next_year = timezone.localdate().year + 1
    ConferenceFactory(
        police_authority=_pa("GE"),
        date=datetime.date(next_year, 4, 29),
        status=Conference.Status.INVITED,
    )

    response = ministry_client.get(URL)

    overview = response.context["overview"]
    assert overview.next_year == next_year
    assert response.context["next_year_planned"] == 1
    page = response.content.decode()
    assert f'<th scope="col">geplant {next_year}</th>' in page
    assert f'data-y="geplant {next_year}">○ 29.04.</td>' in page
    assert f'data-y="geplant {next_year}">nicht geplant</td>' in page


def test_chart_svg_carries_title_and_the_table_values(ministry_client, state):
    response = ministry_client.get(URL)

    page = response.content.decode()
    svg = page[page.index('<svg class="chart-svg chart-wide"') : page.index("</svg>")]
    assert 'role="img"' in svg
    assert '<title id="chart-rate-title">Erfüllungsquote je Jahr</title>' in svg
    assert "4,3 %" in svg  # 2019: 2 of 47
    table = page[page.index('<details class="chart-data">') :]
    assert '<th scope="row">2019</th><td>4,3 %</td>' in table


def test_xlsx_has_rates_per_district(ministry_client, state):
    response = ministry_client.get(reverse("konferenz:ministry-overview-xlsx"))

    workbook = read_xlsx(response.content)
    rates = list(workbook["Erfüllungsquote"].iter_rows(values_only=True))[3:]
    assert rates[0][:3] == ("Erfüllungsquote in %", 2019, 2020)
    by_name = {row[0]: row[1:3] for row in rates[1:]}
    assert by_name["Köln"] == (20.0, 10.0)
    assert by_name["Alle gezeigten Behörden"] == (4.3, 2.1)


@pytest.mark.parametrize("years", [1, 8])
def test_query_count_does_not_grow(ministry_client, django_assert_num_queries, years):
    topic = TopicFactory(police_authority=None)
    for code in ("DN", "K", "GE", "LIP")[: 1 + years // 3]:
        for offset in range(years):
            conference = _held(code, datetime.date(2019 + offset, 6, 1))
            AgendaItemFactory(
                conference=conference, topic=topic, classification="public"
            )
            InvitationFactory(conference=conference, attended=True)
    ministry_client.get(URL)  # session and user are cached after the first

    # The session, the authorities and one aggregate per authority and year.
    with django_assert_num_queries(3):
        response = ministry_client.get(URL)

    assert response.status_code == 200


@pytest.fixture
def every_year_twice():
    """All 47 authorities, every year two held conferences, next year planned."""
    today = timezone.localdate()
    conferences = []
    for pa in PoliceAuthority.objects.all():
        for year in range(2019, today.year + 1):
            conferences += [
                ConferenceFactory.build(
                    police_authority=pa,
                    date=datetime.date(year, month, 28),
                    status=Conference.Status.PUBLISHED,
                )
                for month in (3, 9 if year < today.year else today.month - 1)
            ]
        conferences.append(
            ConferenceFactory.build(
                police_authority=pa,
                date=datetime.date(today.year + 1, 11, 30),
                status=Conference.Status.INVITED,
            )
        )
    Conference.objects.bulk_create(conferences)


def test_grid_of_47_authorities_stays_small(ministry_client, every_year_twice):
    response = ministry_client.get(URL)

    page = response.content.decode()
    years = response.context["overview"].years
    assert len(response.context["overview"].rows) == 47
    assert page.count("✓ 28.03. +1</td>") == 47 * len(years)
    assert page.count("○ 30.11.</td>") == 47
    assert len(response.content) < 50_000, len(response.content)


def test_grid_escapes_the_authority_name(ministry_client):
    PoliceAuthority.objects.filter(press_code="DN").update(name="Düren <b>&</b>")

    page = ministry_client.get(URL).content.decode()

    assert ">Düren &lt;b&gt;&amp;&lt;/b&gt;</a></th>" in page
    assert "<b>&</b>" not in page
