"""Issue 15, observations 3 and 4: cancellation and change notices reach the
invitees' calendars (iCalendar CANCEL / REQUEST, same UID, higher SEQUENCE),
checked with two independent parsers; the invitation mail's MIME structure."""

import datetime

import pytest
import vobject
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from konferenz.core.models import Conference
from teilnehmer.invitations.models import Invitation
from tests.factories import InvitationFactory
from tests.helpers import send, sent_token

pytestmark = pytest.mark.django_db


def _calendar_part(message):
    """The inline text/calendar alternative of the sent MIME message."""
    parts = [
        part
        for part in message.message().walk()
        if part.get_content_type() == "text/calendar"
        and part.get("Content-Disposition") is None
    ]
    assert len(parts) == 1
    return parts[0]


def _both_parsers(message):
    part = _calendar_part(message)
    text = part.get_payload(decode=True).decode(part.get_content_charset())
    ical = Calendar.from_ical(text)
    vcal = vobject.readOne(text)
    return part, ical.walk("VEVENT")[0], ical["METHOD"], vcal


@pytest.fixture
def invited(conference, invitation, organiser, django_capture_on_commit_callbacks):
    """Three invitees who got the mail: one open, one accepted, one declined."""
    accepted = InvitationFactory(
        conference=conference,
        answer=Invitation.Answer.ACCEPTED,
        contact__email="zoll@hza.example",
    )
    declined = InvitationFactory(
        conference=conference,
        answer=Invitation.Answer.DECLINED,
        contact__email="absage@stadt.example",
    )
    everyone = [invitation, accepted, declined]
    send(everyone, organiser, django_capture_on_commit_callbacks)
    first = {m.to[0]: _both_parsers(m) for m in mail.outbox}
    mail.outbox.clear()
    return {"open": invitation, "accepted": accepted, "declined": declined}, first


def test_invitation_mail_has_inline_request_with_one_charset(
    invitation, organiser, django_capture_on_commit_callbacks
):
    send([invitation], organiser, django_capture_on_commit_callbacks)

    message = mail.outbox[0]
    root = message.message()
    assert root.get_content_type() == "multipart/mixed"
    alternative = root.get_payload()[0]
    assert alternative.get_content_type() == "multipart/alternative"
    types = [p.get_content_type() for p in alternative.get_payload()]
    assert types == ["text/plain", "text/html", "text/calendar"]
    part, event, method, vcal = _both_parsers(message)
    header = part["Content-Type"]
    assert header.count("charset") == 1
    assert part.get_param("method") == "REQUEST"
    assert method == "REQUEST"
    assert vcal.method.value == "REQUEST"
    # The same file also as an attachment for other mail programs.
    attachment = message.attachments[0]
    assert attachment[0] == "einladung.ics"


def test_cancel_page_defaults_to_everyone_who_has_not_declined(
    organiser_client, conference, invited
):
    invitations, _first = invited

    page = organiser_client.get(
        reverse("konferenz:conference-cancel", args=[conference.pk])
    ).content.decode()

    for key in ("open", "accepted"):
        assert f'value="{invitations[key].pk}" ' in page or (
            f'value="{invitations[key].pk}"' in page
        )
    assert "checked" in page
    declined_box = page.split(f'value="{invitations["declined"].pk}"')[1][:40]
    assert "checked" not in declined_box


def test_cancel_mails_calendar_cancel_with_same_uid_and_higher_sequence(
    organiser_client, conference, invited, django_capture_on_commit_callbacks
):
    invitations, first = invited
    url = reverse("konferenz:conference-cancel", args=[conference.pk])

    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            url,
            {
                "reason": "Unwetterwarnung",
                "notify": [invitations["open"].pk, invitations["accepted"].pk],
            },
            follow=True,
        )

    conference.refresh_from_db()
    assert conference.status == Conference.Status.CANCELLED
    assert "2 Eingeladene werden informiert" in response.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "petra.beispiel@sta.example",
        "zoll@hza.example",
    ]
    message = next(m for m in mail.outbox if m.to[0] == "petra.beispiel@sta.example")
    assert message.subject == (
        f"Abgesagt: Sicherheitskonferenz Teststadt am {conference.date:%d.%m.%Y}"
    )
    assert "leider müssen wir die folgende Konferenz absagen" in message.body
    assert "Grund: Unwetterwarnung" in message.body
    part, event, method, vcal = _both_parsers(message)
    _p, old_event, _m, old_vcal = first["petra.beispiel@sta.example"]
    assert part.get_param("method") == "CANCEL"
    assert method == "CANCEL"
    assert str(event["UID"]) == str(old_event["UID"])
    assert int(event["SEQUENCE"]) > int(old_event["SEQUENCE"])
    assert str(event["STATUS"]) == "CANCELLED"
    # The independent parser reads the same.
    assert vcal.method.value == "CANCEL"
    assert vcal.vevent.uid.value == old_vcal.vevent.uid.value
    assert int(vcal.vevent.sequence.value) > int(old_vcal.vevent.sequence.value)


def test_partner_page_shows_the_cancellation_at_the_top_and_takes_no_answer(
    client,
    conference,
    invitation,
    organiser,
    django_capture_on_commit_callbacks,
):
    token = sent_token(invitation, organiser, django_capture_on_commit_callbacks)
    from konferenz.conferences.services import conference_cancel

    conference_cancel(conference=conference, user=organiser, reason="Unwetter")

    client.get(reverse("partner:open", kwargs={"token": token}))
    page = client.get(reverse("partner:answer")).content.decode()
    assert page.index("Diese Konferenz wurde abgesagt.") < page.index("<h1")
    assert "Grund: Unwetter" in page
    response = client.post(reverse("partner:answer"), {"answer": "accepted"})
    invitation.refresh_from_db()
    assert invitation.answer == Invitation.Answer.OPEN
    assert response.status_code == 302


def test_changing_time_offers_and_sends_an_update(
    organiser_client, conference, invited, django_capture_on_commit_callbacks
):
    invitations, first = invited
    url = reverse("konferenz:conference-edit", args=[conference.pk])
    form_page = organiser_client.get(url).content.decode()
    assert "Eingeladene über eine Änderung von Datum, Uhrzeit oder Ort" in form_page

    data = {
        "title": conference.title,
        "kind": conference.kind,
        "date": conference.date.isoformat(),
        "start_time": "15:00",
        "end_time": "18:00",
        "venue_name": conference.venue_name,
        "venue_address": conference.venue_address,
        "mode": conference.mode,
        "rsvp_deadline": conference.rsvp_deadline.isoformat(),
        "version": conference.version,
        "notify_invitees": "on",
        "confirm_warnings": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(url, data, follow=True)

    assert "2 Eingeladene werden über die Änderung informiert." in (
        response.content.decode()
    )
    assert sorted(m.to[0] for m in mail.outbox) == [
        "petra.beispiel@sta.example",
        "zoll@hza.example",
    ]
    message = next(m for m in mail.outbox if m.to[0] == "zoll@hza.example")
    assert message.subject.startswith("Geändert: Sicherheitskonferenz Teststadt")
    assert "15:00 bis 18:00 Uhr" in message.body
    part, event, method, vcal = _both_parsers(message)
    _p, old_event, _m, old_vcal = first["zoll@hza.example"]
    assert method == "REQUEST"
    assert str(event["UID"]) == str(old_event["UID"])
    assert int(event["SEQUENCE"]) > int(old_event["SEQUENCE"])
    assert event["DTSTART"].dt.time() == datetime.time(15, 0)
    assert vcal.method.value == "REQUEST"
    assert vcal.vevent.uid.value == old_vcal.vevent.uid.value
    assert int(vcal.vevent.sequence.value) > int(old_vcal.vevent.sequence.value)


def test_editing_the_notes_sends_nothing(
    organiser_client, conference, invited, django_capture_on_commit_callbacks
):
    url = reverse("konferenz:conference-edit", args=[conference.pk])
    data = {
        "title": conference.title,
        "kind": conference.kind,
        "date": conference.date.isoformat(),
        "start_time": "14:00",
        "end_time": "17:00",
        "venue_name": conference.venue_name,
        "venue_address": conference.venue_address,
        "mode": conference.mode,
        "rsvp_deadline": conference.rsvp_deadline.isoformat(),
        "notes": "Catering bestellt",
        "version": conference.version,
        "notify_invitees": "on",
        "confirm_warnings": "on",
    }
    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(url, data)

    conference.refresh_from_db()
    assert conference.notes == "Catering bestellt"
    assert mail.outbox == []
