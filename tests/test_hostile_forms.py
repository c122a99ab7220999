"""Property-based tests of the main forms with hostile input.

Whatever a person (or a partner through the link) types – very long text,
control characters including NUL, HTML/JS, SQL fragments, impossible dates,
huge numbers – the page never fails with a server error, and what is stored is
shown escaped. NUL bytes matter on PostgreSQL, which cannot store them: the
form must refuse them before they reach the database.
"""

import datetime
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tagesordnung.agenda.models import AgendaItem, Proposal
from teilnehmer.addressbook.models import Authority, Contact
from teilnehmer.invitations import tokens
from teilnehmer.invitations.models import Invitation
from tests.factories import AuthorityFactory, ConferenceFactory, InvitationFactory

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
HOSTILE_SAMPLES = [
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE teilnehmer_authority; --",
    "1 OR 1=1 /*",
    "Nul\x00Byte",
    "\x00",
    "\x01\x1b[31m\x7f",
    "\u202eevil\u200b",
    '=HYPERLINK("http://evil")',
    "9" * 400,
    "-1",
    "2019-02-30",
    "31.02.2027",
    "{{ settings.SECRET_KEY }}",
    "{% debug %}",
]
HOSTILE = st.one_of(
    st.sampled_from(HOSTILE_SAMPLES),
    st.text(max_size=300),
    st.text(min_size=1000, max_size=5000),
    st.builds(lambda a, b: a + SCRIPT + b, st.text(max_size=20), st.text(max_size=20)),
)
NUMBER = st.one_of(
    HOSTILE,
    st.integers().map(str),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
)
SETTINGS = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
RAW = (SCRIPT, "<img src=x onerror")


def _assert_escaped(response):
    assert response.status_code < 500
    if not response.get("Content-Type", "").startswith("text/html"):
        return
    html = response.content.decode()
    for raw in RAW:
        assert raw not in html


@pytest.fixture(autouse=True)
def _no_rate_limit(settings):
    settings.SIKO_PARTNER_RATE_LIMIT = (10_000, 300)
    cache.clear()


@pytest.fixture
def conference(police_authority):
    today = timezone.localdate()
    return ConferenceFactory(
        police_authority=police_authority,
        date=today + datetime.timedelta(days=30),
        rsvp_deadline=today + datetime.timedelta(days=20),
        proposal_deadline=today + datetime.timedelta(days=20),
    )


@pytest.fixture
def invitation(conference):
    return InvitationFactory(conference=conference)


@pytest.fixture
def partner_client(client, invitation):
    token = tokens.new_token()
    invitation.token_hash = tokens.token_hash(token)
    invitation.save(update_fields=["token_hash"])
    assert client.get(reverse("partner:open", args=[token])).status_code == 302
    return client


# Address book


@SETTINGS
@given(
    name=HOSTILE,
    kind=st.one_of(st.just("prosecution"), HOSTILE),
    city=HOSTILE,
    email=HOSTILE,
    phone=HOSTILE,
    website=HOSTILE,
    notes=HOSTILE,
)
@example(
    name=SCRIPT,
    kind="prosecution",
    city="Teststadt",
    email="",
    phone="",
    website="",
    notes=SCRIPT,
)
def test_authority_create_with_hostile_input(
    organiser_client, name, kind, city, email, phone, website, notes
):
    response = organiser_client.post(
        reverse("teilnehmer:authority-create"),
        {
            "name": name,
            "kind": kind,
            "street": name,
            "postal_code": city[:10],
            "city": city,
            "email": email,
            "phone": phone,
            "website": website,
            "notes": notes,
            "confirm_duplicate": "on",
        },
    )

    assert response.status_code in (200, 302)
    _assert_escaped(response)
    if response.status_code == 302:
        page = organiser_client.get(response["Location"])
        _assert_escaped(page)
        stored = Authority.objects.get(pk=page.context["object"].pk)
        assert "\x00" not in stored.name + stored.notes
        assert stored.name == name.strip()
    _assert_escaped(organiser_client.get(reverse("teilnehmer:authority-list")))


@SETTINGS
@given(
    first_name=HOSTILE,
    last_name=HOSTILE,
    function=HOSTILE,
    email=HOSTILE,
    phone=HOSTILE,
    salutation=st.one_of(st.just("ms"), HOSTILE),
)
@example(
    first_name=SCRIPT,
    last_name="Beispiel",
    function=SCRIPT,
    email="",
    phone="",
    salutation="ms",
)
def test_contact_create_with_hostile_input(
    organiser_client,
    police_authority,
    first_name,
    last_name,
    function,
    email,
    phone,
    salutation,
):
    authority = AuthorityFactory(police_authority=police_authority)

    response = organiser_client.post(
        reverse("teilnehmer:contact-create", args=[authority.pk]),
        {
            "salutation": salutation,
            "title": first_name[:50],
            "first_name": first_name,
            "last_name": last_name,
            "function": function,
            "email": email,
            "phone": phone,
            "confirm_duplicate": "on",
        },
    )

    assert response.status_code in (200, 302)
    _assert_escaped(response)
    if response.status_code == 302:
        contact = Contact.objects.filter(authority=authority).get()
        assert contact.last_name == last_name.strip()
        _assert_escaped(organiser_client.get(response["Location"]))
        _assert_escaped(
            organiser_client.get(
                reverse("teilnehmer:contact-detail", args=[contact.pk])
            )
        )


# Agenda


@SETTINGS
@given(
    title=HOSTILE,
    description=HOSTILE,
    presenter=HOSTILE,
    duration=NUMBER,
    classification=st.one_of(st.just("public"), HOSTILE),
)
@example(
    title=SCRIPT,
    description=SCRIPT,
    presenter=SCRIPT,
    duration="15",
    classification="public",
)
def test_agenda_item_create_with_hostile_input(
    organiser_client,
    conference,
    title,
    description,
    presenter,
    duration,
    classification,
):
    response = organiser_client.post(
        reverse("tagesordnung:item-create", args=[conference.pk]),
        {
            "title": title,
            "description": description,
            "presenter_name": presenter,
            "presenter_authority": presenter,
            "duration_minutes": duration,
            "classification": classification,
        },
    )

    assert response.status_code in (200, 302)
    _assert_escaped(response)
    if response.status_code == 302:
        item = AgendaItem.objects.filter(conference=conference).latest("pk")
        assert item.title == title.strip()
        assert 1 <= item.duration_minutes <= 600
    _assert_escaped(
        organiser_client.get(reverse("tagesordnung:agenda", args=[conference.pk]))
    )


# The partner link


@SETTINGS
@given(title=HOSTILE, description=HOSTILE, presenter=HOSTILE)
@example(title=SCRIPT, description=SCRIPT, presenter=SCRIPT)
def test_partner_proposal_with_hostile_input(
    partner_client, organiser, conference, title, description, presenter
):
    response = partner_client.post(
        reverse("partner:proposal"),
        {"title": title, "description": description, "presenter": presenter},
    )

    assert response.status_code in (302, 400)
    _assert_escaped(response)
    if response.status_code == 302:
        assert Proposal.objects.filter(conference=conference).latest("pk").title == (
            title.strip()
        )
    _assert_escaped(partner_client.get(reverse("partner:answer")))
    staff = Client()
    staff.force_login(organiser)
    _assert_escaped(staff.get(reverse("tagesordnung:agenda", args=[conference.pk])))


ANSWER_DATA = st.fixed_dictionaries(
    {
        "answer": st.one_of(
            st.sampled_from(["accepted", "declined", "deputy"]), HOSTILE
        ),
        "deputy_name": HOSTILE,
        "deputy_function": HOSTILE,
        "deputy_email": st.one_of(HOSTILE, st.emails()),
        "comment": HOSTILE,
    }
)
SCRIPT_ANSWER = {
    "answer": "deputy",
    "deputy_name": SCRIPT,
    "deputy_function": SCRIPT,
    "deputy_email": "vertretung@sta.example",
    "comment": SCRIPT,
}


@SETTINGS
@given(data=ANSWER_DATA)
@example(data=SCRIPT_ANSWER)
def test_partner_answer_with_hostile_input(partner_client, invitation, data):
    response = partner_client.post(reverse("partner:answer"), data)

    assert response.status_code in (302, 400)
    _assert_escaped(response)
    invitation.refresh_from_db()
    if response.status_code == 302:
        assert invitation.answer == data["answer"]
        assert invitation.comment == data["comment"].strip()
    assert "\x00" not in invitation.comment + invitation.deputy_name
    _assert_escaped(partner_client.get(reverse("partner:answer")))


@SETTINGS
@given(data=ANSWER_DATA)
@example(data=SCRIPT_ANSWER)
def test_record_answer_with_hostile_input(
    organiser_client, conference, invitation, data
):
    response = organiser_client.post(
        reverse("invitations:record-answer", args=[conference.pk, invitation.pk]),
        data,
    )

    assert response.status_code in (302, 400)
    _assert_escaped(response)
    invitation.refresh_from_db()
    if response.status_code == 302:
        assert invitation.answer == data["answer"]
        assert invitation.answer_recorded_by_staff
    assert invitation.answer in Invitation.Answer.values
    _assert_escaped(
        organiser_client.get(reverse("invitations:overview", args=[conference.pk]))
    )
    _assert_escaped(
        organiser_client.get(
            reverse("invitations:history", args=[conference.pk, invitation.pk])
        )
    )


# Search and filter parameters of list pages


@SETTINGS
@given(value=HOSTILE)
@example(value="\x00")
@example(value="9" * 400)
@example(value="²")
def test_search_and_filter_parameters_never_fail(
    organiser_client, conference, invitation, value
):
    pages = [
        (reverse("konferenz:conference-list"), {"jahr": value}),
        (reverse("teilnehmer:authority-list"), {"q": value, "art": value}),
        (reverse("teilnehmer:export"), {"q": value, "status": value}),
        (reverse("invitations:checkin", args=[conference.pk]), {"q": value}),
        (
            reverse("tagesordnung:agenda-export", args=[conference.pk, "docx"]),
            {"fassung": value},
        ),
    ]

    for url, params in pages:
        response = organiser_client.get(url, params)

        assert response.status_code in (200, 404), url
        _assert_escaped(response)


# Conference planning and minutes (issues 4 and 7)

DATE = st.one_of(
    HOSTILE,
    st.dates().map(lambda d: d.isoformat()),
    st.just((timezone.localdate() + datetime.timedelta(days=60)).isoformat()),
)
TIME = st.one_of(HOSTILE, st.sampled_from(["09:00", "25:61", "12:00", "-1:00"]))


@SETTINGS
@given(
    title=HOSTILE,
    date=DATE,
    start=TIME,
    end=TIME,
    venue=HOSTILE,
    mode=st.one_of(st.just("video"), HOSTILE),
    video=HOSTILE,
    notes=HOSTILE,
    deadline=DATE,
)
@example(
    title=SCRIPT,
    date=(timezone.localdate() + datetime.timedelta(days=60)).isoformat(),
    start="09:00",
    end="12:00",
    venue=SCRIPT,
    mode="in_person",
    video="",
    notes=SCRIPT,
    deadline="",
)
def test_conference_create_with_hostile_input(
    organiser_client, title, date, start, end, venue, mode, video, notes, deadline
):
    response = organiser_client.post(
        reverse("konferenz:conference-create"),
        {
            "title": title,
            "kind": "main",
            "date": date,
            "start_time": start,
            "end_time": end,
            "venue_name": venue,
            "venue_address": venue,
            "venue_room": venue[:50],
            "mode": mode,
            "video_link": video,
            "host_name": title,
            "host_function": venue,
            "host_represents": "",
            "rsvp_deadline": deadline,
            "proposal_deadline": deadline,
            "notes": notes,
            "confirm_warnings": "on",
        },
    )

    assert response.status_code in (200, 302, 400)
    _assert_escaped(response)
    if response.status_code == 302:
        page = organiser_client.get(response["Location"])
        _assert_escaped(page)
        _assert_escaped(organiser_client.get(reverse("konferenz:conference-list")))
        _assert_escaped(organiser_client.get(reverse("konferenz:dashboard")))


@pytest.fixture
def minutes_entry(police_authority):
    from tests.factories import MinutesEntryFactory

    return MinutesEntryFactory(
        minutes__conference__police_authority=police_authority,
        minutes__conference__date=timezone.localdate() - datetime.timedelta(days=3),
    )


@SETTINGS
@given(text=HOSTILE, classification=st.one_of(st.just("internal"), HOSTILE))
@example(text=SCRIPT + "\n\n[x](javascript:alert(1))", classification="public")
def test_minutes_entry_with_hostile_input(
    organiser_client, minutes_entry, text, classification
):
    minutes_entry.refresh_from_db()
    response = organiser_client.post(
        reverse("tagesordnung:entry-edit", args=[minutes_entry.pk]),
        {
            "text": text,
            "classification": classification,
            "version": minutes_entry.version,
        },
    )

    assert response.status_code in (200, 302, 400, 409)
    _assert_escaped(response)
    page = organiser_client.get(
        reverse("tagesordnung:minutes", args=[minutes_entry.minutes.conference_id])
    )
    _assert_escaped(page)
    assert 'href="javascript:' not in page.content.decode()


@SETTINGS
@given(description=HOSTILE, due=DATE, responsible=HOSTILE)
def test_action_add_with_hostile_input(
    organiser_client, minutes_entry, description, due, responsible
):
    response = organiser_client.post(
        reverse("tagesordnung:action-add", args=[minutes_entry.pk]),
        {
            "description": description,
            "responsible": responsible,
            "due_date": due,
            "classification": "internal",
        },
    )

    assert response.status_code in (200, 302, 400)
    _assert_escaped(response)
    _assert_escaped(organiser_client.get(reverse("tagesordnung:action-list")))


@SETTINGS
@given(value=HOSTILE)
@example(value="\x00")
@example(value="9" * 400)
@example(value="²")
def test_planning_and_minutes_parameters_never_fail(organiser_client, value):
    pages = [
        (
            reverse("konferenz:conference-list"),
            {"jahr": value, "status": value, "art": value},
        ),
        (
            reverse("tagesordnung:action-list"),
            {
                "status": value,
                "responsible": value,
                "conference": value,
                "overdue": value,
                "page": value,
            },
        ),
        (reverse("tagesordnung:minutes-search"), {"q": value}),
        ("/kalender-feed/" + quote(value[:60], safe="") + ".ics", {}),
    ]

    for url, params in pages:
        response = organiser_client.get(url, params)

        assert response.status_code in (200, 404), url
        _assert_escaped(response)


# Single-line fields (issue 16): a line break or control character inside a
# title, place, name or function is refused on every form, staff and partner.

BREAKS = st.sampled_from(["\r\n", "\n", "\r", "\x0b", "\x0c", "\x1b", "\x85", "\u2028"])
WORD = st.text(
    alphabet=st.characters(whitelist_categories=("L", "N")), min_size=1, max_size=20
)
BROKEN_LINE = st.builds(lambda a, br, b: a + br + b, WORD, BREAKS, WORD)
ONE_LINE_MESSAGE = "Bitte schreiben Sie dies in eine Zeile"


def _single_line_cases(conference, authority):
    date = (timezone.localdate() + datetime.timedelta(days=60)).isoformat()
    return [
        (
            reverse("konferenz:conference-create"),
            {
                "kind": "main",
                "date": date,
                "start_time": "09:00",
                "end_time": "12:00",
                "venue_name": "Präsidium",
                "venue_address": "Straße 1",
                "mode": "in_person",
                "host_name": "Dr. Muster",
                "confirm_warnings": "on",
            },
            ["title", "venue_name", "host_name", "host_function"],
        ),
        (
            reverse("teilnehmer:authority-create"),
            {"name": "Stadt", "kind": "city", "confirm_duplicate": "on"},
            ["name", "street", "city"],
        ),
        (
            reverse("teilnehmer:contact-create", args=[authority.pk]),
            {"last_name": "Muster", "confirm_duplicate": "on"},
            ["first_name", "last_name", "function", "title"],
        ),
        (
            reverse("tagesordnung:item-create", args=[conference.pk]),
            {"title": "Lage", "duration_minutes": "15", "classification": "public"},
            ["title", "presenter_name", "presenter_authority"],
        ),
    ]


@SETTINGS
@given(value=BROKEN_LINE, which=st.integers(min_value=0, max_value=3))
@example(value="Titel\r\nATTENDEE:mailto:x@example.com", which=0)
def test_single_line_fields_refuse_line_breaks_on_staff_forms(
    organiser_client, conference, value, which
):
    authority = AuthorityFactory(police_authority=conference.police_authority)
    url, data, fields = _single_line_cases(conference, authority)[which]
    before = (
        AgendaItem.objects.count(),
        Authority.objects.count(),
        Contact.objects.count(),
    )

    for field in fields:
        response = organiser_client.post(url, {**data, field: value})

        assert response.status_code in (200, 400), (url, field)
        assert ONE_LINE_MESSAGE in response.content.decode(), (url, field)
    assert (
        AgendaItem.objects.count(),
        Authority.objects.count(),
        Contact.objects.count(),
    ) == before


@SETTINGS
@given(value=BROKEN_LINE)
def test_single_line_fields_refuse_line_breaks_on_partner_forms(
    partner_client, invitation, conference, value
):
    for field in ("deputy_name", "deputy_function"):
        data = {
            "answer": "deputy",
            "deputy_name": "Dr. Vertretung",
            "deputy_function": "Leitung",
            "deputy_email": "vertretung@sta.example",
            field: value,
        }
        response = partner_client.post(reverse("partner:answer"), data)
        assert response.status_code == 400, field
        assert ONE_LINE_MESSAGE in response.content.decode(), field
    for field in ("title", "presenter"):
        data = {"title": "Thema", "description": "", "presenter": "", field: value}
        response = partner_client.post(reverse("partner:proposal"), data)
        assert response.status_code == 400, field
        assert ONE_LINE_MESSAGE in response.content.decode(), field

    invitation.refresh_from_db()
    assert invitation.answer == Invitation.Answer.OPEN
    assert not Proposal.objects.filter(conference=conference).exists()
