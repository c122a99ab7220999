"""Issue 28: one link per invitation for the whole year.

Every mail about a conference carries the same link; it lives until the
follow-up period after the last mail; it dies only by an explicit, recorded
act. Links made before (random, only their hash stored) and links of a
rotated key keep working."""

import datetime

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from konferenz.conferences import services as conferences
from konferenz.core.models import Conference
from tagesordnung.minutes import services as minutes_services
from teilnehmer.invitations import services, tokens
from teilnehmer.invitations.models import Invitation
from tests.factories import (
    ConferenceFactory,
    InvitationFactory,
    MembershipFactory,
    MinutesFactory,
)
from tests.helpers import sent_token, token_from

pytestmark = pytest.mark.django_db

ANSWER_URL = "/einladung/antwort/"


def _opens(token):
    """The partner page behind ``token``, or ``None`` for a dead link."""
    client = Client()
    response = client.get(reverse("partner:open", args=[token]))
    if response.status_code != 302:
        return None
    return client.get(ANSWER_URL).content.decode()


def _links(outbox):
    return [token_from(m) for m in outbox if "/einladung/" in m.body]


def test_invite_remind_twice_change_and_cancel_keep_the_first_link(
    conference, invitation, organiser, django_capture_on_commit_callbacks
):
    first = sent_token(invitation, organiser, django_capture_on_commit_callbacks)
    assert "Sicherheitskonferenz Teststadt" in _opens(first)

    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            services.invitations_remind(invitations=[invitation])
        assert _opens(first) is not None
    reminders = _links(mail.outbox)
    assert reminders == [first, first, first]

    conference.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        conferences.conference_update(
            conference=conference,
            version=conference.version,
            user=organiser,
            notify_invitees=True,
            date=conference.date + datetime.timedelta(days=7),
        )
    assert _opens(first) is not None
    with django_capture_on_commit_callbacks(execute=True):
        conferences.conference_cancel(
            conference=Conference.objects.get(pk=conference.pk),
            user=organiser,
            reason="Terminkollision",
            notify=[invitation],
        )

    page = _opens(first)
    assert page is not None
    assert "abgesagt" in page.lower()
    assert all(token == first for token in _links(mail.outbox))


def test_a_resend_after_a_failed_delivery_carries_the_same_link(
    invitation, organiser, django_capture_on_commit_callbacks
):
    first = sent_token(invitation, organiser, django_capture_on_commit_callbacks)
    again = sent_token(invitation, organiser, django_capture_on_commit_callbacks)
    assert again == first


def test_a_new_link_is_an_explicit_recorded_act(
    conference,
    invitation,
    organiser,
    organiser_client,
    django_capture_on_commit_callbacks,
):
    first = sent_token(invitation, organiser, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            reverse("invitations:reissue", args=[conference.pk, invitation.pk])
        )
    assert response.status_code == 302

    new = token_from(mail.outbox[-1])
    assert new != first
    assert _opens(first) is None
    assert _opens(new) is not None
    reasons = list(invitation.history.values_list("history_change_reason", flat=True))
    assert any(organiser.username in (r or "") and "Link" in r for r in reasons)


def test_a_revoked_link_is_dead_and_the_next_mail_brings_a_new_one(
    invitation, organiser, django_capture_on_commit_callbacks
):
    first = sent_token(invitation, organiser, django_capture_on_commit_callbacks)
    services.invitation_revoke_link(
        invitation=Invitation.objects.get(pk=invitation.pk), user=organiser
    )
    assert _opens(first) is None
    reason = invitation.history.first().history_change_reason
    assert organiser.username in reason

    again = sent_token(invitation, organiser, django_capture_on_commit_callbacks)
    assert again != first
    assert _opens(again) is not None
    assert _opens(first) is None


def test_a_link_from_before_the_change_keeps_working(
    invitation, organiser, django_capture_on_commit_callbacks
):
    """Existing invitations: a random link, only its hash stored."""
    old = tokens.new_token()
    Invitation.objects.filter(pk=invitation.pk).update(
        token_hash=tokens.token_hash(old), link_mailed_at=timezone.now()
    )
    assert _opens(old) is not None

    new = sent_token(invitation, organiser, django_capture_on_commit_callbacks)

    assert new != old
    assert _opens(old) is not None  # the one already in the partner's inbox
    assert _opens(new) is not None
    assert sent_token(invitation, organiser, django_capture_on_commit_callbacks) == new


def test_a_rotated_link_key_keeps_the_mailed_link(
    invitation, organiser, settings, django_capture_on_commit_callbacks
):
    settings.SIKO_LINK_KEY = "erster-schluessel-" + "a" * 40
    before = sent_token(invitation, organiser, django_capture_on_commit_callbacks)
    settings.SIKO_LINK_KEY = "zweiter-schluessel-" + "b" * 40

    after = sent_token(invitation, organiser, django_capture_on_commit_callbacks)

    assert after != before
    assert _opens(before) is not None
    assert _opens(after) is not None


def test_the_link_lives_after_the_last_mail_not_after_the_conference(
    invitation, organiser, settings, django_capture_on_commit_callbacks
):
    settings.SIKO_FOLLOW_UP_DAYS = 180
    token = sent_token(invitation, organiser, django_capture_on_commit_callbacks)
    Conference.objects.filter(pk=invitation.conference_id).update(
        date=timezone.localdate() - datetime.timedelta(days=400), rsvp_deadline=None
    )
    assert _opens(token) is not None  # mailed today: 180 days from today

    Invitation.objects.filter(pk=invitation.pk).update(
        link_mailed_at=timezone.now() - datetime.timedelta(days=181)
    )
    assert _opens(token) is None


def test_the_link_is_never_stored_and_not_in_the_history(
    invitation, organiser, django_capture_on_commit_callbacks
):
    token = sent_token(invitation, organiser, django_capture_on_commit_callbacks)
    row = Invitation.objects.values().get(pk=invitation.pk)
    assert token not in str(row)
    assert row["token_hash"] == tokens.token_hash(token)
    history = list(invitation.history.values())
    assert all("link_secret" not in entry for entry in history)
    assert token not in str(history)


# A conference recorded afterwards (held 2021) ---------------------------------


@pytest.fixture
def held_2021(police_authority):
    conference = ConferenceFactory(
        police_authority=police_authority,
        title="Sicherheitskonferenz 2021",
        date=datetime.date(2021, 11, 16),
        rsvp_deadline=None,
        status=Conference.Status.HELD,
        recorded_afterwards=True,
    )
    present = InvitationFactory(
        conference=conference,
        attended=True,
        answer=Invitation.Answer.ACCEPTED,
        contact__last_name="Anwesend",
        contact__email="anwesend@stadt.example",
    )
    minutes = MinutesFactory(conference=conference)
    return conference, present, minutes


def test_minutes_of_a_conference_held_long_ago_reach_partners_with_live_links(
    held_2021, organiser, django_capture_on_commit_callbacks
):
    conference, present, minutes = held_2021
    head = MembershipFactory(
        police_authority=conference.police_authority, is_head=True
    ).user
    with django_capture_on_commit_callbacks(execute=True):
        minutes_services.minutes_submit(
            minutes=minutes,
            comments_until=timezone.localdate() + datetime.timedelta(days=14),
            user=organiser,
        )
    review = mail.outbox[-1]
    assert review.to == ["anwesend@stadt.example"]
    assert "anbei" not in review.body
    token = token_from(review)
    page = _opens(token)
    assert page is not None
    assert "Sicherheitskonferenz 2021" in page

    client = Client()
    client.get(reverse("partner:open", args=[token]))
    pdf = client.get(reverse("partner:minutes-pdf"))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")

    minutes_services.minutes_approve(minutes=minutes, user=head, period_ok=True)
    with django_capture_on_commit_callbacks(execute=True):
        minutes_services.minutes_distribute(
            minutes=minutes, invitation_ids=[present.pk], user=organiser
        )
    assert token_from(mail.outbox[-1]) == token  # the same link again


def test_a_short_comment_period_must_be_confirmed(held_2021, organiser):
    _conference, _present, minutes = held_2021
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(minutes_services.MinutesError, match="Tag|day"):
        minutes_services.minutes_submit(
            minutes=minutes, comments_until=tomorrow, user=organiser
        )
    minutes_services.minutes_submit(
        minutes=minutes, comments_until=tomorrow, user=organiser, short_ok=True
    )


def test_the_overview_says_which_mails_go_out_and_rows_say_backfilled(
    held_2021, organiser_client
):
    conference, _present, _minutes = held_2021
    overview = organiser_client.get(
        reverse("konferenz:conference-detail", args=[conference.pk])
    ).content.decode()
    assert "keine E-Mails" not in overview
    assert "Protokoll" in overview
    answers = organiser_client.get(
        reverse("invitations:overview", args=[conference.pk])
    ).content.decode()
    assert "nachträglich erfasst – keine Einladung versandt" in answers
    assert "noch nicht versandt" not in answers


# The partner's page ------------------------------------------------------------


def test_a_staff_note_is_labelled_as_the_polices(
    invitation, organiser, django_capture_on_commit_callbacks
):
    token = sent_token(invitation, organiser, django_capture_on_commit_callbacks)
    services.invitation_answer(
        invitation=Invitation.objects.get(pk=invitation.pk),
        answer=Invitation.Answer.ACCEPTED,
        comment="Telefonisch zugesagt.",
        by_staff=True,
        user=organiser,
    )
    page = _opens(token)
    today = timezone.localdate().strftime("%d.%m.%Y")
    assert f"Vermerk der Polizei vom {today}: Telefonisch zugesagt." in page
    assert "Ihre Anmerkung" not in page


def test_the_change_notice_box_is_unticked(conference, invitation, organiser_client):
    InvitationFactory(conference=conference, sent_at=timezone.now())
    Invitation.objects.filter(pk=invitation.pk).update(sent_at=timezone.now())
    page = organiser_client.get(
        reverse("konferenz:conference-edit", args=[conference.pk])
    ).content.decode()
    box = page[page.index('name="notify_invitees"') - 200 :][:400]
    assert "checked" not in box
    assert "data-tick-on" in box
