"""Calendar: one conference as .ics, and the private feed of all conferences."""

import datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from konferenz.core.models import CalendarFeed, Conference
from tests.factories import ConferenceFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _event(content):
    calendar = Calendar.from_ical(content)
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return calendar, events[0]


def test_ics_download_parses_with_berlin_time(organiser_client, police_authority):
    conference = ConferenceFactory(
        police_authority=police_authority,
        title="Sicherheitskonferenz Lippe",
        date=datetime.date(2030, 11, 19),
        start_time=datetime.time(9, 30),
        end_time=datetime.time(12, 30),
        venue_name="Kreishaus Lippe",
        venue_address="Felix-Fechenbach-Straße 5, 32756 Detmold",
    )

    response = organiser_client.get(
        reverse("konferenz:conference-ics", args=[conference.pk])
    )

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "Sicherheitskonferenz-2030-11-19.ics" in response["Content-Disposition"]
    calendar, event = _event(response.content)
    assert b"DTSTART;TZID=Europe/Berlin:20301119T093000" in response.content
    assert event.decoded("dtstart") == datetime.datetime(
        2030, 11, 19, 9, 30, tzinfo=event.decoded("dtstart").tzinfo
    )
    assert str(event.decoded("dtstart").tzinfo) == "Europe/Berlin"
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Berlin"
    assert str(event["summary"]) == "Sicherheitskonferenz Lippe"
    assert "Kreishaus Lippe" in str(event["location"])
    assert police_authority.name in str(event["description"])
    assert (
        str(event["uid"])
        == f"siko-conference-{conference.pk}@" + str(event["uid"]).split("@")[1]
    )


def test_ics_uid_is_stable_across_edits(organiser_client, police_authority):
    conference = ConferenceFactory(police_authority=police_authority)
    url = reverse("konferenz:conference-ics", args=[conference.pk])
    first = _event(organiser_client.get(url).content)[1]["uid"]
    Conference.objects.filter(pk=conference.pk).update(title="Neu", version=5)
    # update() sends no signal; the database's trigger renews the stamp.

    second = _event(organiser_client.get(url).content)[1]

    assert second["uid"] == first
    assert second["sequence"] == 5


def _issue(client):
    response = client.post(
        reverse("konferenz:calendar-subscription"), {"action": "issue"}
    )
    return response.context["feed_url"]


def test_feed_lists_own_authority_metadata_only(
    client, organiser_client, organiser, police_authority, other_police_authority
):
    ConferenceFactory(
        police_authority=police_authority,
        title="Eigene SiKo",
        notes="VS-NfD: Ermittlungsstand Clan X",
        host_name="Dr. Hanna Gastgeberin",
    )
    ConferenceFactory(police_authority=other_police_authority, title="Fremde SiKo")
    url = _issue(organiser_client)
    organiser_client.logout()

    response = client.get(url)  # a calendar program: no login

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert [str(e["summary"]) for e in events] == ["Eigene SiKo"]
    assert "Status: Entwurf" in str(events[0]["description"])
    assert b"Ermittlungsstand" not in response.content
    assert b"Gastgeberin" not in response.content
    assert b"TZID=Europe/Berlin" in response.content


def test_feed_token_is_stored_hashed_and_shown_once(organiser_client, organiser):
    url = _issue(organiser_client)
    token = url.rsplit("/", 1)[1].removesuffix(".ics")

    feed = CalendarFeed.objects.get(user=organiser)
    assert len(token) == 43
    assert token not in feed.token_hash
    page = organiser_client.get(reverse("konferenz:calendar-subscription"))
    assert token not in page.content.decode()
    assert "Sie haben eine aktive Kalenderadresse" in page.content.decode()


def test_revoked_feed_answers_404(client, organiser_client):
    url = _issue(organiser_client)

    response = organiser_client.post(
        reverse("konferenz:calendar-subscription"), {"action": "revoke"}, follow=True
    )

    assert "Die Kalenderadresse wurde widerrufen" in response.content.decode()
    assert not CalendarFeed.objects.exists()
    assert client.get(url).status_code == 404


def test_renewed_feed_kills_the_old_address(client, organiser_client):
    old = _issue(organiser_client)
    new = _issue(organiser_client)

    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


@pytest.mark.parametrize("token", ["x", "A" * 43, "../../etc/passwd"])
def test_unknown_feed_token_answers_404(client, token):
    response = client.get(f"/kalender-feed/{token}.ics")

    assert response.status_code == 404


def test_feed_of_deactivated_user_answers_404(client, organiser_client, organiser):
    url = _issue(organiser_client)
    organiser.is_active = False
    organiser.save()

    assert client.get(url).status_code == 404


def test_feed_subscription_needs_login_and_a_tenant(client):
    ministry = MembershipFactory(police_authority=None, is_ministry=True).user
    url = reverse("konferenz:calendar-subscription")

    assert client.get(url).status_code == 302
    client.force_login(ministry)
    assert client.get(url).status_code == 403


def test_ics_of_other_tenant_is_404(organiser_client, other_police_authority):
    foreign = ConferenceFactory(police_authority=other_police_authority)

    response = organiser_client.get(
        reverse("konferenz:conference-ics", args=[foreign.pk])
    )

    assert response.status_code == 404
