"""Planning conferences: the form, its checks and warnings, copying, workflow
buttons, the dashboard and the list."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from konferenz.core.models import Conference, ConferenceTransition
from tagesordnung.agenda.models import AgendaItem
from teilnehmer.invitations.models import Invitation
from tests.factories import (
    AgendaItemFactory,
    ConferenceFactory,
    ContactFactory,
    InvitationFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db

Status = Conference.Status
TUESDAY = datetime.date(2030, 3, 12)


def _data(**overrides):
    data = {
        "title": "Sicherheitskonferenz Teststadt 2030",
        "kind": Conference.Kind.MAIN,
        "date": TUESDAY.isoformat(),
        "start_time": "09:30",
        "end_time": "12:30",
        "venue_name": "Kreishaus",
        "venue_address": "Felix-Fechenbach-Straße 5, 32756 Detmold",
        "venue_room": "Großer Sitzungssaal",
        "mode": Conference.Mode.IN_PERSON,
        "video_link": "",
        "host_name": "Dr. Axel Lehmann",
        "host_function": "Landrat",
        "host_represents": "",
        "rsvp_deadline": "2030-03-01",
        "proposal_deadline": "2030-02-20",
        "notes": "",
    }
    data.update(overrides)
    return data


def _create(client, **overrides):
    return client.post(reverse("konferenz:conference-create"), _data(**overrides))


def test_create_saves_a_draft_and_derives_the_sequence(
    organiser_client, police_authority
):
    ConferenceFactory(police_authority=police_authority, date=datetime.date(2029, 3, 1))

    response = _create(organiser_client)

    conference = Conference.objects.with_sequence().get(
        title="Sicherheitskonferenz Teststadt 2030"
    )
    assert response.status_code == 302
    assert response["Location"] == conference.get_absolute_url()
    assert conference.police_authority == police_authority
    assert conference.status == Status.DRAFT
    assert conference.venue_room == "Großer Sitzungssaal"
    assert conference.rsvp_deadline == datetime.date(2030, 3, 1)
    assert conference.sequence == 2
    page = organiser_client.get(conference.get_absolute_url()).content.decode()
    assert "2. Sicherheitskonferenz" in page
    assert "Dienstag, 12.03.2030" in page


@pytest.mark.parametrize(
    "overrides,field,message",
    [
        (
            {"start_time": "12:00", "end_time": "11:00"},
            "end_time",
            "Das Ende muss nach dem Beginn liegen.",
        ),
        (
            {"rsvp_deadline": "2030-03-12"},
            "rsvp_deadline",
            "Die Frist muss vor dem Datum der Konferenz liegen.",
        ),
        (
            {"proposal_deadline": "2030-04-01"},
            "proposal_deadline",
            "Die Frist muss vor dem Datum der Konferenz liegen.",
        ),
        (
            {"mode": Conference.Mode.HYBRID},
            "video_link",
            "Bitte geben Sie den Videolink für eine Video- oder Hybridkonferenz an.",
        ),
        (
            {"date": "2020-03-10", "rsvp_deadline": "", "proposal_deadline": ""},
            "date",
            "Das Datum liegt in der Vergangenheit.",
        ),
    ],
)
def test_create_refuses_bad_input_in_german_and_keeps_it(
    organiser_client, overrides, field, message
):
    response = _create(organiser_client, title="Meine Eingabe", **overrides)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert field in response.context["form"].errors
    assert 'value="Meine Eingabe"' in response.content.decode()
    assert not Conference.objects.filter(title="Meine Eingabe").exists()


def test_past_date_is_recorded_as_held_when_ticked(organiser_client, organiser):
    response = _create(
        organiser_client,
        date="2021-11-16",
        rsvp_deadline="",
        proposal_deadline="",
        already_held="on",
    )

    conference = Conference.objects.get(title="Sicherheitskonferenz Teststadt 2030")
    assert response.status_code == 302
    assert conference.status == Status.HELD
    steps = list(
        ConferenceTransition.objects.filter(conference=conference).values_list(
            "from_status", "to_status", "by"
        )
    )
    assert steps == [
        (Status.DRAFT, Status.INVITED, organiser.pk),
        (Status.INVITED, Status.HELD, organiser.pk),
    ]


def test_already_held_with_future_date_is_refused(organiser_client):
    response = _create(organiser_client, already_held="on")

    assert "kann kein Datum in der Zukunft haben" in response.content.decode()
    assert not Conference.objects.exists()


def _warnings_then_confirm(client, **overrides):
    first = _create(client, **overrides)
    assert first.status_code == 200
    assert not Conference.objects.filter(title="Sicherheitskonferenz Teststadt 2030")
    second = _create(client, confirm_warnings="on", **overrides)
    assert second.status_code == 302
    return first.content.decode()


def test_holiday_on_3_october_warns_and_saves_when_confirmed(organiser_client):
    page = _warnings_then_confirm(
        organiser_client,
        date="2030-10-03",
        rsvp_deadline="2030-09-20",
        proposal_deadline="",
    )

    assert (
        "03.10.2030 ist ein Feiertag in Nordrhein-Westfalen "
        "(Tag der Deutschen Einheit)." in page
    )
    assert "Trotzdem speichern" in page
    assert Conference.objects.get().date == datetime.date(2030, 10, 3)


def test_weekend_warns(organiser_client):
    page = _warnings_then_confirm(
        organiser_client, date="2030-10-05", rsvp_deadline="", proposal_deadline=""
    )

    assert "05.10.2030 ist ein Samstag." in page


def test_same_day_conference_warns(organiser_client, police_authority):
    ConferenceFactory(
        police_authority=police_authority, date=TUESDAY, title="Kommunale SiKo Nord"
    )
    ConferenceFactory(date=TUESDAY, title="Fremde Konferenz")  # other authority

    page = _warnings_then_confirm(organiser_client)

    assert (
        "Am selben Tag findet bereits eine Konferenz Ihrer Behörde statt: "
        "Kommunale SiKo Nord." in page
    )
    assert "Fremde Konferenz" not in page


def test_ordinary_weekday_needs_no_confirmation(organiser_client):
    response = _create(organiser_client)

    assert response.status_code == 302


def test_edit_saves_and_bumps_version(organiser_client, police_authority):
    conference = ConferenceFactory(police_authority=police_authority, date=TUESDAY)

    response = organiser_client.post(
        reverse("konferenz:conference-edit", args=[conference.pk]),
        _data(title="Neuer Titel", version=conference.version),
    )

    conference.refresh_from_db()
    assert response.status_code == 302
    assert conference.title == "Neuer Titel"
    assert conference.version == 2


def test_stale_edit_is_refused_and_input_kept(organiser_client, police_authority):
    conference = ConferenceFactory(
        police_authority=police_authority, date=TUESDAY, title="Alt"
    )
    Conference.objects.filter(pk=conference.pk).update(title="Von Kollegin", version=2)

    response = organiser_client.post(
        reverse("konferenz:conference-edit", args=[conference.pk]),
        _data(title="Meine Änderung", version=1),
    )

    page = response.content.decode()
    conference.refresh_from_db()
    assert response.status_code == 409  # one conflict answer (konferenz.core.locking)
    assert "Jemand anderes hat diese Konferenz inzwischen geändert." in page
    assert 'value="Meine Änderung"' in page
    assert conference.title == "Von Kollegin"
    assert "Von Kollegin" in page  # what the other person saved
    assert 'name="version" value="2"' in page

    again = organiser_client.post(
        reverse("konferenz:conference-edit", args=[conference.pk]),
        _data(title="Meine Änderung", version=2),
    )

    conference.refresh_from_db()
    assert again.status_code == 302
    assert conference.title == "Meine Änderung"


def test_edit_of_held_conference_keeps_its_past_date(
    organiser_client, police_authority
):
    conference = ConferenceFactory(
        police_authority=police_authority,
        date=datetime.date(2021, 11, 16),
        status=Status.HELD,
    )

    response = organiser_client.post(
        reverse("konferenz:conference-edit", args=[conference.pk]),
        _data(
            date="2021-11-16",
            rsvp_deadline="",
            proposal_deadline="",
            notes="Über 40 Teilnehmende.",
            version=1,
        ),
    )

    conference.refresh_from_db()
    assert response.status_code == 302
    assert conference.notes == "Über 40 Teilnehmende."


# --- workflow buttons ---------------------------------------------------------


def test_detail_shows_allowed_steps_and_history(organiser_client, police_authority):
    conference = ConferenceFactory(police_authority=police_authority)

    page = organiser_client.get(conference.get_absolute_url()).content.decode()

    assert "Eingeladene auswählen und anschreiben" in page
    assert "Als eingeladen vermerken (ohne Versand)" in page
    assert "Als durchgeführt vermerken" not in page
    assert "Konferenz absagen" in page
    assert "Noch keine Statusänderung." in page


def test_transition_button_moves_status_and_is_listed(
    organiser_client, organiser, police_authority
):
    conference = ConferenceFactory(police_authority=police_authority)

    response = organiser_client.post(
        reverse("konferenz:conference-transition", args=[conference.pk]),
        {"to_status": Status.INVITED, "reason": "Per Brief eingeladen"},
        follow=True,
    )

    conference.refresh_from_db()
    page = response.content.decode()
    assert conference.status == Status.INVITED
    assert "Der Status ist jetzt „Eingeladen“." in page
    assert "Entwurf → Eingeladen" in page
    assert organiser.get_full_name() in page
    assert "Per Brief eingeladen" in page


def test_forbidden_transition_changes_nothing(organiser_client, police_authority):
    conference = ConferenceFactory(police_authority=police_authority)

    response = organiser_client.post(
        reverse("konferenz:conference-transition", args=[conference.pk]),
        {"to_status": Status.PUBLISHED},
        follow=True,
    )

    conference.refresh_from_db()
    assert conference.status == Status.DRAFT
    assert "Diese Statusänderung ist nicht möglich." in response.content.decode()
    assert not ConferenceTransition.objects.exists()


def test_transition_by_get_only_asks(organiser_client, police_authority):
    conference = ConferenceFactory(police_authority=police_authority)

    response = organiser_client.get(
        reverse("konferenz:conference-transition", args=[conference.pk]) + "?to=invited"
    )

    assert response.status_code == 200
    assert "Was das bedeutet:" in response.content.decode()
    conference.refresh_from_db()
    assert conference.status == Status.DRAFT


def test_cancel_needs_a_reason(organiser_client, police_authority):
    conference = ConferenceFactory(police_authority=police_authority)
    url = reverse("konferenz:conference-cancel", args=[conference.pk])

    empty = organiser_client.post(url, {"reason": ""})
    done = organiser_client.post(url, {"reason": "Unwetterwarnung"}, follow=True)

    assert "Dieses Feld ist zwingend erforderlich." in empty.content.decode()
    conference.refresh_from_db()
    assert conference.status == Status.CANCELLED
    assert conference.cancel_reason == "Unwetterwarnung"
    assert "Die Konferenz wurde abgesagt." in done.content.decode()
    assert "Unwetterwarnung" in done.content.decode()


def test_cancel_through_transition_route_is_refused(organiser_client, police_authority):
    conference = ConferenceFactory(police_authority=police_authority)

    organiser_client.post(
        reverse("konferenz:conference-transition", args=[conference.pk]),
        {"to_status": Status.CANCELLED},
    )

    conference.refresh_from_db()
    assert conference.status == Status.DRAFT


# --- copy from an earlier conference ------------------------------------------


@pytest.fixture
def last_year(police_authority):
    source = ConferenceFactory(
        police_authority=police_authority,
        title="Sicherheitskonferenz 2029",
        date=datetime.date(2029, 11, 20),
        start_time=datetime.time(9, 30),
        end_time=datetime.time(12, 30),
        venue_name="Kreishaus Lippe",
        venue_room="Saal 1",
        rsvp_deadline=datetime.date(2029, 11, 6),
        status=Status.HELD,
    )
    contact = ContactFactory(
        authority__police_authority=police_authority, last_name="Srol"
    )
    InvitationFactory(
        conference=source,
        contact=contact,
        answer=Invitation.Answer.ACCEPTED,
        sent_at=timezone.now(),
        token_hash="a" * 64,
        comment="Komme gern",
        attended=True,
    )
    AgendaItemFactory(conference=source, title="Allgemeine Sicherheitslage")
    AgendaItemFactory(conference=source, title="Clankriminalität")
    return source


def test_copy_form_is_prefilled_one_year_later(organiser_client, last_year):
    response = organiser_client.get(
        reverse("konferenz:conference-copy", args=[last_year.pk])
    )

    form = response.context["form"]
    assert form.initial["date"] == datetime.date(2030, 11, 20)
    assert form.initial["rsvp_deadline"] == datetime.date(2030, 11, 6)
    assert form.initial["venue_name"] == "Kreishaus Lippe"
    assert form.initial["title"] == "Sicherheitskonferenz 2029"
    assert 'value="2030-11-20"' in response.content.decode()
    assert Conference.objects.count() == 1  # GET creates nothing
    assert Invitation.objects.count() == 1


def test_copy_creates_draft_with_venue_invitees_reset_and_agenda(
    organiser_client, last_year, police_authority
):
    response = organiser_client.post(
        reverse("konferenz:conference-copy", args=[last_year.pk]),
        _data(
            title="Sicherheitskonferenz 2030",
            date="2030-11-19",
            venue_name="Kreishaus Lippe",
            venue_room="Saal 1",
            rsvp_deadline="2030-11-05",
            proposal_deadline="",
        ),
    )

    new = Conference.objects.get(title="Sicherheitskonferenz 2030")
    assert response.status_code == 302
    assert new.status == Status.DRAFT
    assert new.copied_from == last_year
    assert (new.venue_name, new.venue_room) == ("Kreishaus Lippe", "Saal 1")
    invitation = Invitation.objects.get(conference=new)
    assert invitation.contact.last_name == "Srol"
    assert invitation.answer == Invitation.Answer.OPEN
    assert invitation.sent_at is None
    assert invitation.token_hash is None
    assert invitation.comment == ""
    assert invitation.attended is None
    assert list(
        AgendaItem.objects.filter(conference=new)
        .order_by("position")
        .values_list("title", flat=True)
    ) == ["Allgemeine Sicherheitslage", "Clankriminalität"]
    # The source is unchanged.
    assert Invitation.objects.get(conference=last_year).answer == "accepted"


def test_copy_with_bad_input_creates_nothing(organiser_client, last_year):
    response = organiser_client.post(
        reverse("konferenz:conference-copy", args=[last_year.pk]),
        _data(title="Kopie", start_time="12:00", end_time="10:00"),
    )

    assert response.status_code == 200
    assert not Conference.objects.filter(title="Kopie").exists()
    assert Invitation.objects.count() == 1


# --- permissions and tenancy ---------------------------------------------------


def _new_view_urls(conference):
    pk = conference.pk
    return [
        ("get", reverse("konferenz:conference-edit", args=[pk])),
        ("get", reverse("konferenz:conference-copy", args=[pk])),
        ("get", reverse("konferenz:conference-cancel", args=[pk])),
        ("post", reverse("konferenz:conference-transition", args=[pk])),
        ("get", reverse("konferenz:conference-ics", args=[pk])),
    ]


def test_other_tenant_gets_404_on_every_new_view(
    organiser_client, other_police_authority
):
    foreign = ConferenceFactory(police_authority=other_police_authority)

    for method, url in _new_view_urls(foreign):
        response = getattr(organiser_client, method)(url, {"to_status": "invited"})
        assert response.status_code == 404, url
    foreign.refresh_from_db()
    assert foreign.status == Status.DRAFT


def test_non_organiser_gets_403_on_create_edit_copy_and_transition(
    client, reader, police_authority
):
    client.force_login(reader)
    conference = ConferenceFactory(police_authority=police_authority)

    urls = [
        ("get", reverse("konferenz:conference-create")),
        ("post", reverse("konferenz:conference-create")),
    ] + [(m, u) for m, u in _new_view_urls(conference) if not u.endswith(".ics")]
    for method, url in urls:
        response = getattr(client, method)(url, {"to_status": "invited"})
        assert response.status_code == 403, url
    conference.refresh_from_db()
    assert conference.status == Status.DRAFT
    page = client.get(conference.get_absolute_url()).content.decode()
    assert "Bearbeiten" not in page
    assert "Als eingeladen vermerken" not in page


def test_ministry_user_cannot_create(client):
    ministry = MembershipFactory(police_authority=None, is_ministry=True).user
    client.force_login(ministry)

    assert client.get(reverse("konferenz:conference-create")).status_code == 403


# --- dashboard and list -------------------------------------------------------


def test_dashboard_shows_next_conference_days_left_and_answers(
    organiser_client, police_authority
):
    today = timezone.localdate()
    conference = ConferenceFactory(
        police_authority=police_authority,
        date=today + datetime.timedelta(days=12),
        title="Nächste SiKo",
    )
    InvitationFactory(conference=conference, answer=Invitation.Answer.ACCEPTED)
    InvitationFactory(conference=conference, answer=Invitation.Answer.ACCEPTED)
    InvitationFactory(conference=conference, answer=Invitation.Answer.DECLINED)
    InvitationFactory(conference=conference)

    page = organiser_client.get(reverse("konferenz:dashboard")).content.decode()

    assert "Nächste SiKo" in page
    assert "in 12 Tagen" in page
    assert (
        "4 eingeladen: 2 zugesagt, 0 schicken eine Vertretung, 1 abgesagt, 1 offen"
        in page
    )


def test_dashboard_warns_and_offers_planning_when_year_is_empty(
    organiser_client, police_authority
):
    today = timezone.localdate()
    ConferenceFactory(
        police_authority=police_authority,
        date=datetime.date(today.year - 2, 5, 5),
        status=Status.HELD,
    )

    response = organiser_client.get(reverse("konferenz:dashboard"))

    page = response.content.decode()
    duty = {row.year: row.state for row in response.context["duty"]}
    assert duty[today.year - 2] == "held"
    assert duty[today.year - 1] == "missing"
    assert duty[2019] == "missing"
    assert f"Für {today.year} ist noch keine Konferenz" in page
    assert reverse("konferenz:conference-create") in page
    assert "Konferenz planen" in page


def test_dashboard_has_no_warning_when_this_year_is_planned(
    organiser_client, police_authority
):
    today = timezone.localdate()
    ConferenceFactory(police_authority=police_authority, date=today)

    page = organiser_client.get(reverse("konferenz:dashboard")).content.decode()

    assert "ist noch keine Konferenz" not in page


def _conferences(police_authority, n):
    today = timezone.localdate()
    for i in range(n):
        conference = ConferenceFactory(
            police_authority=police_authority,
            date=today + datetime.timedelta(days=10 + i),
        )
        InvitationFactory(conference=conference)


#: Queries of a page, whether the authority has 1 or 10 conferences.
#: With the session and the change stamps (two queries on every page). The
#: list counts its rows only when they fill more than its first page
#: (konferenz/core/paginator.py).
QUERIES = {"konferenz:dashboard": 6, "konferenz:conference-list": 4}


@pytest.mark.parametrize("url_name", sorted(QUERIES))
def test_query_count_is_the_same_for_1_and_10_conferences(
    organiser_client, police_authority, django_assert_num_queries, url_name
):
    url = reverse(url_name)
    _conferences(police_authority, 1)
    organiser_client.get(url)  # session and caches warm

    with django_assert_num_queries(2):  # the page's part comes from the cache
        organiser_client.get(url)
    _conferences(police_authority, 9)  # touches the tenant: the cache is dropped
    with django_assert_num_queries(QUERIES[url_name]):
        response = organiser_client.get(url)
    with django_assert_num_queries(2):
        organiser_client.get(url)

    assert response.status_code == 200


def test_list_filters_by_year_status_and_kind(organiser_client, police_authority):
    ConferenceFactory(
        police_authority=police_authority,
        title="Haupt 2029",
        date=datetime.date(2029, 5, 5),
        status=Status.HELD,
    )
    ConferenceFactory(
        police_authority=police_authority,
        title="Kommunal 2029",
        date=datetime.date(2029, 6, 5),
        kind=Conference.Kind.MUNICIPAL,
        status=Status.CANCELLED,
    )
    ConferenceFactory(
        police_authority=police_authority,
        title="Haupt 2030",
        date=datetime.date(2030, 5, 5),
    )
    url = reverse("konferenz:conference-list")

    def titles(**params):
        response = organiser_client.get(url, params)
        return {c.title for c in response.context["conference_list"]}

    assert titles(jahr="2029") == {"Haupt 2029", "Kommunal 2029"}
    assert titles(status="cancelled") == {"Kommunal 2029"}
    assert titles(art="main") == {"Haupt 2029", "Haupt 2030"}
    assert titles(jahr="2029", art="main") == {"Haupt 2029"}
    assert titles(status="unsinn") == {"Haupt 2029", "Kommunal 2029", "Haupt 2030"}
    page = organiser_client.get(url, {"status": "cancelled"}).content.decode()
    assert "Abgesagt</span>" in page


def test_demo_conferences_show_their_dates_and_sequence(client, settings):
    settings.DEBUG = True
    call_command("load_demo")
    client.force_login(get_user_model().objects.get(username="lip-organisation"))

    listing = client.get(reverse("konferenz:conference-list")).content.decode()
    second = Conference.objects.get(
        police_authority__press_code="LIP", date=datetime.date(2021, 11, 16)
    )
    detail = client.get(second.get_absolute_url()).content.decode()

    for date in ("19.11.2019", "17.11.2020", "16.11.2021"):
        assert date in listing
    assert "2. Sicherheitskonferenz · Dienstag, 16.11.2021" in detail
