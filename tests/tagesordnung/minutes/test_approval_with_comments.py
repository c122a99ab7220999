"""Issue 15, observation 7: the head sees the partners' comments before
approving; comments have a state the partner sees; approving with open
comments needs an explicit acknowledgement. Issue 31: so does approving while
the participants' comment period still runs; comments name their TOP."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from konferenz.core.models import Conference
from tagesordnung.minutes import services
from tagesordnung.minutes.models import Minutes, MinutesComment
from teilnehmer.invitations import tokens
from tests.factories import AgendaItemFactory, ConferenceFactory, InvitationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_review(police_authority, organiser):
    conference = ConferenceFactory(
        police_authority=police_authority,
        # Recently held: the partner link is still valid.
        date=timezone.localdate() - datetime.timedelta(days=2),
        status=Conference.Status.HELD,
    )
    AgendaItemFactory(conference=conference, title="Lagebild", position=1)
    minutes = services.minutes_ensure(conference=conference)
    services.minutes_submit(
        minutes=minutes, comments_until=datetime.date(2099, 1, 1), user=organiser
    )
    invitation = InvitationFactory(
        conference=conference,
        attended=True,
        contact__last_name="Kommentarius",
        contact__authority__name="Stadt Teststadt",
    )
    comment = services.comment_add(
        invitation=invitation,
        entry_pk=minutes.entries.get().pk,
        text="Bitte Ordnungsamt ergänzen",
    )
    return minutes, comment


@pytest.fixture
def head_client(client, make_member, police_authority):
    client.force_login(make_member(police_authority, is_head=True))
    return client


def _minutes_url(minutes):
    return reverse("tagesordnung:minutes", args=[minutes.conference_id])


def test_head_sees_comments_on_the_approval_page(head_client, in_review):
    minutes, _comment = in_review

    page = head_client.get(_minutes_url(minutes)).content.decode()

    assert "Bitte Ordnungsamt ergänzen" in page
    assert "Kommentarius" in page
    assert "Ich habe den offenen Kommentar gelesen und genehmige" in page
    assert "den 1 offenen" not in page


def test_approval_with_open_comments_needs_acknowledgement(head_client, in_review):
    minutes, _comment = in_review
    url = reverse("tagesordnung:minutes-transition", args=[minutes.conference_id])

    refused = head_client.post(url, {"step": "approve"}, follow=True)
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.IN_REVIEW
    assert "Kommentare von Teilnehmenden sind noch offen" in refused.content.decode()

    head_client.post(url, {"step": "approve", "acknowledge": "on", "period_ok": "on"})
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.APPROVED
    minutes.conference.refresh_from_db()
    assert minutes.conference.status == Conference.Status.MINUTES_APPROVED


def test_decided_comments_need_no_acknowledgement(organiser, in_review):
    minutes, comment = in_review
    services.comment_reply(
        comment=comment,
        text="Nicht Gegenstand der Konferenz",
        state=MinutesComment.State.NOT_ADOPTED,
        user=organiser,
    )

    services.minutes_approve(minutes=minutes, user=organiser, period_ok=True)

    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.APPROVED


def test_approval_during_the_comment_period_names_its_end_and_who_is_silent(
    head_client, in_review
):
    minutes, comment = in_review
    InvitationFactory(conference=minutes.conference, attended=True)
    InvitationFactory(conference=minutes.conference, attended=True)
    url = reverse("tagesordnung:minutes-transition", args=[minutes.conference_id])

    page = head_client.get(_minutes_url(minutes)).content.decode()
    refused = head_client.post(
        url, {"step": "approve", "acknowledge": "on"}, follow=True
    ).content.decode()

    expected = "bis zum 01.01.2099 kommentieren; 2 von 3 Anwesenden haben noch nicht"
    assert expected in page
    assert 'name="period_ok"' in page
    assert expected in refused
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.IN_REVIEW
    head_client.post(url, {"step": "approve", "acknowledge": "on", "period_ok": "on"})
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.APPROVED


def test_approval_confirmation_is_singular_for_one_silent_participant(
    head_client, in_review
):
    minutes, _comment = in_review
    InvitationFactory(conference=minutes.conference, attended=True)

    page = head_client.get(_minutes_url(minutes)).content.decode()

    assert "1 von 2 Anwesenden hat noch nicht kommentiert" in page


def test_approval_after_the_comment_period_needs_no_confirmation(organiser, in_review):
    minutes, comment = in_review
    services.comment_reply(
        comment=comment, text="Ergänzt", state="adopted", user=organiser
    )

    services.minutes_approve(
        minutes=minutes, user=organiser, today=datetime.date(2099, 1, 2)
    )

    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.APPROVED


def test_comments_on_the_approval_page_name_their_item(head_client, in_review):
    minutes, comment = in_review

    page = head_client.get(_minutes_url(minutes)).content.decode()

    item = comment.entry.agenda_item
    assert (
        f'href="#top-{item.pk}" data-testid="comment-item">TOP 1: Lagebild</a>' in page
    )


def test_reply_sets_the_state_the_partner_sees(organiser_client, in_review):
    minutes, comment = in_review

    organiser_client.post(
        reverse("tagesordnung:comment-reply", args=[comment.pk]),
        {"state": "adopted", "reply": "Ergänzt in TOP 1"},
    )

    comment.refresh_from_db()
    assert (comment.state, comment.reply) == ("adopted", "Ergänzt in TOP 1")
    page = organiser_client.get(_minutes_url(minutes)).content.decode()
    assert "übernommen" in page


def test_partner_sees_the_state_and_note_of_their_comment(client, organiser, in_review):
    _minutes, comment = in_review
    services.comment_reply(
        comment=comment,
        text="Wird in TOP 1 ergänzt",
        state=MinutesComment.State.ADOPTED,
        user=organiser,
    )
    token = tokens.new_token()
    invitation = comment.invitation
    invitation.token_hash = tokens.token_hash(token)
    invitation.save()

    client.get(reverse("partner:open", args=[token]))
    page = client.get(reverse("partner:answer")).content.decode()

    assert "Übernommen" in page
    assert "Wird in TOP 1 ergänzt" in page
