"""The partner page's calendar file, directions and the authority's legal
links; their settings for staff (conference form) and the authority admin."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from konferenz.core.models import Conference, PoliceAuthority
from konferenz.documents import ics
from tests.helpers import sent_token

pytestmark = pytest.mark.django_db

CALENDAR_URL = "/einladung/termin.ics"


@pytest.fixture
def token(invitation, organiser, django_capture_on_commit_callbacks):
    return sent_token(invitation, organiser, django_capture_on_commit_callbacks)


def _page(client, token):
    return client.get(f"/einladung/{token}/", follow=True).content.decode()


def test_partner_downloads_the_conference_as_ics(client, conference, token):
    page = _page(client, token)
    assert 'href="/einladung/termin.ics"' in page
    assert "In Ihren Kalender übernehmen (.ics)" in page

    response = client.get(CALENDAR_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["method"]) == "PUBLISH"
    (event,) = calendar.walk("VEVENT")
    assert str(event["uid"]) == ics.conference_uid(conference)
    start = event.decoded("dtstart")
    assert start.date() == conference.date
    assert (start.hour, start.minute) == (14, 0)
    assert str(start.tzinfo) == "Europe/Berlin"
    assert event.decoded("dtend").hour == 17
    assert "VTIMEZONE" in response.content.decode()


def test_calendar_uid_stays_when_the_conference_changes(client, conference, token):
    _page(client, token)
    first = Calendar.from_ical(client.get(CALENDAR_URL).content)
    Conference.objects.filter(pk=conference.pk).update(
        start_time=datetime.time(15), version=conference.version + 1
    )

    second = Calendar.from_ical(client.get(CALENDAR_URL).content)

    (a,) = first.walk("VEVENT")
    (b,) = second.walk("VEVENT")
    assert a["uid"] == b["uid"]
    assert b.decoded("dtstart").hour == 15
    assert b["sequence"] > a["sequence"]


def test_cancelled_conference_offers_no_calendar_file(client, conference, token):
    Conference.objects.filter(pk=conference.pk).update(
        status=Conference.Status.CANCELLED, cancel_reason="Unwetter"
    )

    page = _page(client, token)

    assert "termin.ics" not in page
    assert client.get(CALENDAR_URL).status_code == 404


def test_calendar_file_needs_the_partner_link(client, token):
    assert client.get(CALENDAR_URL).status_code == 404


def test_directions_on_the_partner_page_in_the_mail_and_the_ics(
    client, conference, invitation, organiser, django_capture_on_commit_callbacks
):
    from django.core import mail

    conference.directions = "Parken im Hof, Eingang B.\nBitte Ausweis mitbringen."
    conference.save()
    token = sent_token(invitation, organiser, django_capture_on_commit_callbacks)

    page = _page(client, token)
    assert "Anfahrt / Hinweise" in page
    assert "Parken im Hof, Eingang B.<br>Bitte Ausweis mitbringen." in page
    message = mail.outbox[-1]
    assert "Anfahrt / Hinweise:\nParken im Hof, Eingang B." in message.body
    html = message.alternatives[0][0]
    assert "Parken im Hof, Eingang B.<br>Bitte Ausweis mitbringen." in html
    (event,) = Calendar.from_ical(client.get(CALENDAR_URL).content).walk("VEVENT")
    assert "Parken im Hof" in str(event["description"])


def test_partner_page_without_directions_shows_no_heading(client, token):
    assert "Anfahrt / Hinweise" not in _page(client, token)


def test_organiser_enters_directions_in_the_conference_form(
    organiser_client, conference
):
    url = reverse("konferenz:conference-edit", args=[conference.pk])
    form = organiser_client.get(url).context["form"]
    assert "directions" in form.fields
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name != "notify_invitees"
    }
    data.update(
        date=conference.date.isoformat(),
        start_time="14:00",
        end_time="17:00",
        rsvp_deadline=conference.rsvp_deadline.isoformat(),
        proposal_deadline="",
        confirm_warnings="on",
        directions="Parkhaus am Markt.",
        version=conference.version,
    )

    response = organiser_client.post(url, data)

    assert response.status_code == 302, response.context["form"].errors
    conference.refresh_from_db()
    assert conference.directions == "Parkhaus am Markt."
    detail = organiser_client.get(conference.get_absolute_url()).content.decode()
    assert "Parkhaus am Markt." in detail


def test_partner_page_footer_links_the_authoritys_legal_pages(
    client, conference, token
):
    pa = conference.police_authority
    pa.privacy_url = "https://polizei.nrw.example/datenschutz"
    pa.imprint_url = "https://polizei.nrw.example/impressum"
    pa.save()

    page = _page(client, token)

    assert 'href="https://polizei.nrw.example/datenschutz"' in page
    assert ">Datenschutzhinweise</a>" in page
    assert 'href="https://polizei.nrw.example/impressum"' in page
    assert ">Impressum</a>" in page


def test_partner_page_without_legal_addresses_has_no_empty_links(
    client, conference, token
):
    pa = conference.police_authority
    pa.privacy_url = ""
    pa.imprint_url = "https://polizei.nrw.example/impressum"
    pa.save()

    page = _page(client, token)

    assert "Datenschutzhinweise" not in page
    assert 'href=""' not in page
    assert ">Impressum</a>" in page
    pa.imprint_url = ""
    pa.save()
    page = _page(client, token)
    assert "Impressum" not in page
    assert 'href=""' not in page
    assert ">Erklärung zur Barrierefreiheit</a>" in page


@pytest.fixture
def admin_client(client, make_member, police_authority):
    client.force_login(make_member(police_authority, is_authority_admin=True))
    return client


def _settings_post(client, **data):
    return client.post(reverse("konferenz:authority-settings"), data)


def test_authority_admin_sets_the_legal_addresses(admin_client, police_authority):
    page = admin_client.get(reverse("konferenz:authority-settings"))
    assert page.status_code == 200
    assert "Datenschutzhinweise (Adresse)" in page.content.decode()

    response = _settings_post(
        admin_client,
        version=police_authority.version,
        privacy_url="https://polizei.nrw.example/datenschutz",
        imprint_url="https://polizei.nrw.example/impressum",
    )

    assert response.status_code == 302
    police_authority.refresh_from_db()
    assert police_authority.privacy_url == "https://polizei.nrw.example/datenschutz"
    assert police_authority.imprint_url == "https://polizei.nrw.example/impressum"
    assert police_authority.version == 2


@pytest.mark.parametrize(
    "address", ["javascript:alert(1)", "ftp://polizei.nrw.example/x", "kein Link"]
)
def test_legal_addresses_must_be_web_addresses(admin_client, police_authority, address):
    response = _settings_post(
        admin_client, version=police_authority.version, privacy_url=address
    )

    assert response.status_code == 400
    police_authority.refresh_from_db()
    assert police_authority.privacy_url == ""


def test_second_admin_does_not_overwrite_the_first_silently(
    admin_client, police_authority
):
    opened = police_authority.version
    _settings_post(
        admin_client, version=opened, imprint_url="https://a.example/impressum"
    )

    response = _settings_post(
        admin_client, version=opened, imprint_url="https://b.example/impressum"
    )

    assert response.status_code == 409
    assert "inzwischen geändert" in response.content.decode()
    assert "https://a.example/impressum" in response.content.decode()
    assert PoliceAuthority.objects.get(pk=police_authority.pk).imprint_url == (
        "https://a.example/impressum"
    )


def test_admin_settings_change_only_the_own_authority(
    admin_client, police_authority, other_police_authority
):
    _settings_post(
        admin_client,
        version=police_authority.version,
        imprint_url="https://a.example/impressum",
    )

    other_police_authority.refresh_from_db()
    assert other_police_authority.imprint_url == ""


def test_organiser_may_not_edit_the_authority_settings(organiser_client):
    response = organiser_client.get(reverse("konferenz:authority-settings"))

    assert response.status_code == 403


def test_partner_page_footer_leads_to_the_authoritys_accessibility_statement(
    client, conference, token
):
    pa = conference.police_authority
    page = _page(client, token)
    match = re.search(
        r'<footer.*?<a href="([^"]+)">Erklärung zur Barrierefreiheit</a>', page, re.S
    )
    assert match, "Kein Link zur Erklärung zur Barrierefreiheit im Fuß"

    anonymous = Client()
    response = anonymous.get(match.group(1))

    assert response.status_code == 200
    html = response.content.decode()
    assert pa.name in html
    assert "Durchsetzungsverfahren" in html
