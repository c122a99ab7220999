import datetime
import math

import pytest
from django.core import mail
from django.test import override_settings
from icalendar import Calendar

from teilnehmer.invitations import services, tokens
from teilnehmer.invitations.models import Invitation
from tests.factories import InvitationFactory
from tests.helpers import send, sent_token, token_from

pytestmark = pytest.mark.django_db

SITE = "https://siko.polizei.nrw.example"


def _ics(message):
    name, content, mimetype = message.attachments[0]
    assert name == "einladung.ics"
    assert mimetype.startswith("text/calendar")
    return Calendar.from_ical(content)


@override_settings(SITE_URL=SITE)
def test_invitation_mail_has_recipient_subject_link_and_calendar(
    invitation, organiser, django_capture_on_commit_callbacks
):
    send([invitation], organiser, django_capture_on_commit_callbacks, "Wir freuen uns.")

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    conference = invitation.conference
    assert message.to == ["petra.beispiel@sta.example"]
    assert message.subject == (
        f"Einladung: Sicherheitskonferenz Teststadt am {conference.date:%d.%m.%Y}"
    )
    assert message.body.startswith("Sehr geehrte Frau Beispiel,")
    assert "Wir freuen uns." in message.body
    token = token_from(message)
    assert f"{SITE}/einladung/{token}/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="{SITE}/einladung/{token}/"' in html
    calendar = _ics(message)
    assert calendar["METHOD"] == "REQUEST"
    event = calendar.walk("VEVENT")[0]
    assert event["DTSTART"].params["TZID"] == "Europe/Berlin"
    assert event["DTSTART"].dt.replace(tzinfo=None) == datetime.datetime.combine(
        conference.date, datetime.time(14, 0)
    )
    assert str(event["ATTENDEE"]) == "mailto:petra.beispiel@sta.example"
    invitation.refresh_from_db()
    assert invitation.sent_at is not None
    assert invitation.sent_by == organiser
    assert invitation.send_error == ""


def test_ics_uid_is_stable_across_resends(
    invitation, organiser, django_capture_on_commit_callbacks
):
    send([invitation], organiser, django_capture_on_commit_callbacks)
    send([invitation], organiser, django_capture_on_commit_callbacks)

    first, second = (_ics(m).walk("VEVENT")[0] for m in mail.outbox)
    assert str(first["UID"]) == str(second["UID"])
    assert (
        str(first["UID"])
        == f"siko-conference-{invitation.conference.pk}@siko.polizei.nrw.de"
    )
    assert token_from(mail.outbox[0]) == token_from(mail.outbox[1])  # one link


def test_token_has_at_least_128_bits_and_only_its_hash_is_stored(
    invitation, organiser, django_capture_on_commit_callbacks
):
    token = sent_token(invitation, organiser, django_capture_on_commit_callbacks)

    # 43 characters of base64url carry 6 bits each: 258 ≥ 256 random bits.
    assert len(token) == 43
    assert math.floor(len(token) * 6) >= 256
    invitation.refresh_from_db()
    assert invitation.token_hash == tokens.token_hash(token)
    assert token not in invitation.token_hash
    stored = [
        str(v)
        for v in Invitation.objects.filter(pk=invitation.pk).values().first().values()
    ]
    assert token not in " ".join(stored)
    history = invitation.history.values_list("token_hash", flat=True)
    assert all(token != h for h in history)


def test_tokens_differ_every_time():
    assert len({tokens.new_token() for _ in range(200)}) == 200


def test_delivery_error_is_recorded_and_resend_succeeds(
    invitation, organiser, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = "tests.teilnehmer.invitations.failing_mail.Backend"
    send([invitation], organiser, django_capture_on_commit_callbacks)
    invitation.refresh_from_db()
    assert invitation.sent_at is None
    assert invitation.send_error == "550 Postfach nicht gefunden"

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    send([invitation], organiser, django_capture_on_commit_callbacks)

    invitation.refresh_from_db()
    assert invitation.sent_at is not None
    assert invitation.send_error == ""
    assert mail.outbox[-1].to == ["petra.beispiel@sta.example"]


def test_reminder_has_antwort_erbeten_in_subject_and_keeps_reminded_at(
    invitation, organiser, django_capture_on_commit_callbacks
):
    send([invitation], organiser, django_capture_on_commit_callbacks)
    answered = InvitationFactory(
        conference=invitation.conference, answer=Invitation.Answer.ACCEPTED
    )
    send([answered], organiser, django_capture_on_commit_callbacks)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        n = services.invitations_remind(invitations=[invitation, answered])

    assert n == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("[Antwort erbeten] Einladung: ")
    assert mail.outbox[0].to == ["petra.beispiel@sta.example"]
    invitation.refresh_from_db()
    assert invitation.reminded_at is not None
    answered.refresh_from_db()
    assert answered.reminded_at is None


def test_invitations_create_adds_each_contact_once(conference, organiser):
    invitation = InvitationFactory(conference=conference)

    created = services.invitations_create(
        conference=conference,
        contacts=[invitation.contact, invitation.contact],
        user=organiser,
    )

    assert created == 0
    assert Invitation.objects.filter(conference=conference).count() == 1


def test_database_refuses_a_second_invitation_of_the_same_contact(invitation):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        Invitation.objects.create(
            conference=invitation.conference, contact=invitation.contact
        )
