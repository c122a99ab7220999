"""Issue 15: the status tells the truth (observations 1, 2, 6).

Held only on or after the day, minutes approved only through the head's
approval, invited by sending, published with a press release or a reason;
every manual step is confirmed and can be undone with a reason.
"""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from konferenz.core import selectors, workflow
from konferenz.core.models import Conference, ConferenceTransition
from konferenz.press.models import PressRelease
from konferenz.statistics.selectors import state_overview
from teilnehmer.invitations import services as invitation_services
from tests.factories import (
    ConferenceFactory,
    InvitationFactory,
    MembershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

Status = Conference.Status


@pytest.fixture
def in_8_days(police_authority, today):
    return ConferenceFactory(
        police_authority=police_authority,
        date=today + datetime.timedelta(days=8),
        status=Status.INVITED,
    )


def _transition_url(conference):
    return reverse("konferenz:conference-transition", args=[conference.pk])


# --- observation 1: held before the date, minutes approved without minutes ----


def test_held_before_the_date_is_refused_with_the_date(in_8_days):
    with pytest.raises(workflow.TransitionError) as error:
        workflow.transition(in_8_days, Status.HELD, by=UserFactory())

    day = in_8_days.date.strftime("%d.%m.%Y")
    assert str(error.value) == (
        f"Die Konferenz findet am {day} statt; sie kann erst ab diesem Tag als "
        "durchgeführt vermerkt werden."
    )
    in_8_days.refresh_from_db()
    assert in_8_days.status == Status.INVITED


def test_held_button_is_not_offered_before_the_date(organiser_client, in_8_days):
    page = organiser_client.get(in_8_days.get_absolute_url()).content.decode()

    assert _transition_url(in_8_days) + "?to=held" not in page
    assert "kann erst ab diesem Tag als durchgeführt vermerkt werden" in page


def test_held_posted_before_the_date_changes_nothing(organiser_client, in_8_days):
    response = organiser_client.post(
        _transition_url(in_8_days), {"to_status": Status.HELD}
    )

    assert response.status_code == 400
    assert "erst ab diesem Tag" in response.content.decode()
    in_8_days.refresh_from_db()
    assert in_8_days.status == Status.INVITED
    assert not ConferenceTransition.objects.exists()


def test_held_on_the_day_asks_first_and_names_the_consequence(
    organiser_client, police_authority, today
):
    conference = ConferenceFactory(
        police_authority=police_authority, date=today, status=Status.INVITED
    )

    confirm = organiser_client.get(_transition_url(conference) + "?to=held")
    conference.refresh_from_db()
    assert conference.status == Status.INVITED
    assert "zählt in der Jahrespflicht und in der Landesübersicht" in (
        confirm.content.decode()
    )

    response = organiser_client.post(
        _transition_url(conference), {"to_status": Status.HELD}, follow=True
    )
    conference.refresh_from_db()
    assert conference.status == Status.HELD
    assert "Der Status ist jetzt „Durchgeführt“." in response.content.decode()


def test_minutes_approved_cannot_be_set_by_hand(organiser_client, police_authority):
    conference = ConferenceFactory(
        police_authority=police_authority,
        date=datetime.date(2025, 3, 1),
        status=Status.HELD,
    )

    page = organiser_client.get(conference.get_absolute_url()).content.decode()
    response = organiser_client.post(
        _transition_url(conference), {"to_status": Status.MINUTES_APPROVED}
    )

    assert "Protokoll als genehmigt vermerken" not in page
    assert response.status_code == 302
    conference.refresh_from_db()
    assert conference.status == Status.HELD
    with pytest.raises(workflow.TransitionError, match="Behördenleitung"):
        workflow.transition(conference, Status.MINUTES_APPROVED, by=UserFactory())


def test_duty_counts_only_conferences_that_took_place(police_authority, today):
    # Older data: marked held before its day.
    ConferenceFactory(
        police_authority=police_authority,
        date=today + datetime.timedelta(days=8),
        status=Status.HELD,
    )

    duty = selectors.yearly_duty(police_authority=police_authority, today=today)
    year = next(d for d in duty if d.year == (today + datetime.timedelta(8)).year)
    assert (year.held, year.planned, year.state) == (0, 1, "planned")

    overview = state_overview(today=today)
    cells = next(
        [*cells, upcoming]
        for authority, cells, upcoming in overview.rows
        if authority == police_authority
    )
    assert all(cell.held == 0 for cell in cells)


# --- observation 2: invited by sending ------------------------------------------


def test_sending_the_first_invitations_marks_invited(
    organiser, police_authority, today, django_capture_on_commit_callbacks
):
    conference = ConferenceFactory(
        police_authority=police_authority, date=today + datetime.timedelta(days=30)
    )
    invitation = InvitationFactory(conference=conference)

    with django_capture_on_commit_callbacks(execute=True):
        invitation_services.invitations_send(invitations=[invitation], user=organiser)

    conference.refresh_from_db()
    assert conference.status == Status.INVITED
    step = ConferenceTransition.objects.get(conference=conference)
    assert step.cause == ConferenceTransition.Cause.SENDING
    assert len(mail.outbox) == 1


def test_draft_page_offers_sending_not_marking(organiser_client, police_authority):
    conference = ConferenceFactory(police_authority=police_authority)

    page = organiser_client.get(conference.get_absolute_url()).content.decode()

    assert reverse("invitations:overview", args=[conference.pk]) in page
    assert "Eingeladene auswählen und anschreiben" in page
    assert 'btn btn-primary">Als eingeladen vermerken' not in page


def test_invited_by_hand_needs_a_reason(organiser_client, police_authority):
    conference = ConferenceFactory(police_authority=police_authority)

    empty = organiser_client.post(
        _transition_url(conference), {"to_status": Status.INVITED, "reason": ""}
    )
    conference.refresh_from_db()
    assert empty.status_code == 400
    assert conference.status == Status.DRAFT

    organiser_client.post(
        _transition_url(conference),
        {"to_status": Status.INVITED, "reason": "Einladung per Brief am 02.03."},
    )
    conference.refresh_from_db()
    assert conference.status == Status.INVITED
    assert ConferenceTransition.objects.get().note == "Einladung per Brief am 02.03."


# --- published -----------------------------------------------------------------------


@pytest.fixture
def minutes_approved(police_authority):
    return ConferenceFactory(
        police_authority=police_authority,
        date=datetime.date(2025, 3, 1),
        status=Status.MINUTES_APPROVED,
    )


def test_published_needs_press_release_or_reason(organiser_client, minutes_approved):
    url = _transition_url(minutes_approved)

    refused = organiser_client.post(url, {"to_status": Status.PUBLISHED})
    minutes_approved.refresh_from_db()
    assert minutes_approved.status == Status.MINUTES_APPROVED
    assert "Pressemitteilung freigegeben" in refused.content.decode()

    no_reason = organiser_client.post(
        url, {"to_status": Status.PUBLISHED, "without_press_release": "on"}
    )
    minutes_approved.refresh_from_db()
    assert no_reason.status_code == 400
    assert minutes_approved.status == Status.MINUTES_APPROVED

    organiser_client.post(
        url,
        {
            "to_status": Status.PUBLISHED,
            "without_press_release": "on",
            "reason": "Nur interne Konferenz",
        },
    )
    minutes_approved.refresh_from_db()
    assert minutes_approved.status == Status.PUBLISHED
    assert ConferenceTransition.objects.get().note == (
        "Ohne Pressemitteilung: Nur interne Konferenz"
    )


def test_published_with_approved_press_release(organiser, minutes_approved):
    PressRelease.objects.create(
        conference=minutes_approved,
        title="POL-T: Sicherheitskonferenz",
        place_line="Teststadt",
        body="Text",
        status=PressRelease.Status.APPROVED,
    )

    workflow.transition(minutes_approved, Status.PUBLISHED, by=organiser)

    minutes_approved.refresh_from_db()
    assert minutes_approved.status == Status.PUBLISHED


# --- undo ------------------------------------------------------------------------


def test_undo_needs_a_reason_and_is_recorded(
    organiser_client, organiser, police_authority, today
):
    conference = ConferenceFactory(
        police_authority=police_authority, date=today, status=Status.INVITED
    )
    workflow.transition(conference, Status.HELD, by=organiser)
    url = reverse("konferenz:conference-undo", args=[conference.pk])

    page = organiser_client.get(conference.get_absolute_url()).content.decode()
    assert url in page
    refused = organiser_client.post(url, {"reason": " "})
    assert refused.status_code == 400
    response = organiser_client.post(
        url, {"reason": "Versehentlich geklickt"}, follow=True
    )

    conference.refresh_from_db()
    assert conference.status == Status.INVITED
    undo = ConferenceTransition.objects.filter(conference=conference).last()
    assert (undo.from_status, undo.to_status, undo.is_undo, undo.by) == (
        Status.HELD,
        Status.INVITED,
        True,
        organiser,
    )
    page = response.content.decode()
    assert "Rückgängig: Versehentlich geklickt" in page
    # An undo cannot itself be undone (no ping-pong).
    assert url not in page


def test_undo_of_a_cancellation_clears_the_reason(organiser, police_authority):
    conference = ConferenceFactory(police_authority=police_authority)
    workflow.transition(conference, Status.CANCELLED, by=organiser, note="Unwetter")

    workflow.undo_last(conference, by=organiser, reason="Doch nicht abgesagt")

    conference.refresh_from_db()
    assert (conference.status, conference.cancel_reason) == (Status.DRAFT, "")


def test_steps_caused_by_events_cannot_be_undone(
    organiser, police_authority, django_capture_on_commit_callbacks
):
    conference = ConferenceFactory(police_authority=police_authority)
    invitation = InvitationFactory(conference=conference)
    with django_capture_on_commit_callbacks(execute=True):
        invitation_services.invitations_send(invitations=[invitation], user=organiser)

    with pytest.raises(workflow.TransitionError):
        workflow.undo_last(conference, by=organiser, reason="x")
    assert workflow.undoable_step(conference) is None


def test_undo_as_reader_is_forbidden(client, police_authority, organiser):
    conference = ConferenceFactory(police_authority=police_authority)
    workflow.transition(conference, Status.INVITED, by=organiser, note="Brief")
    client.force_login(MembershipFactory(police_authority=police_authority).user)

    response = client.post(
        reverse("konferenz:conference-undo", args=[conference.pk]), {"reason": "x"}
    )

    assert response.status_code == 403
    conference.refresh_from_db()
    assert conference.status == Status.INVITED


# --- observation 6: recorded afterwards ----------------------------------------


@pytest.fixture
def recorded(organiser_client, police_authority):
    organiser_client.post(
        reverse("konferenz:conference-create"),
        {
            "title": "Sicherheitskonferenz 2024",
            "kind": Conference.Kind.MAIN,
            "date": "2024-10-30",
            "already_held": "on",
            "start_time": "10:00",
            "end_time": "13:00",
            "mode": Conference.Mode.IN_PERSON,
            "version": "",
        },
    )
    return Conference.objects.get(police_authority=police_authority)


def test_recorded_afterwards_is_held_and_sends_nothing(
    recorded, organiser, django_capture_on_commit_callbacks
):
    invitation = InvitationFactory(conference=recorded)

    assert recorded.recorded_afterwards
    assert recorded.status == Status.HELD
    with (
        pytest.raises(invitation_services.InvitationError, match="nachträglich"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        invitation_services.invitations_send(invitations=[invitation], user=organiser)
    assert mail.outbox == []


def test_recorded_afterwards_invitation_page_explains_and_offers_no_sending(
    organiser_client, recorded
):
    InvitationFactory(conference=recorded)
    send_url = reverse("invitations:send", args=[recorded.pk])

    page = organiser_client.get(
        reverse("invitations:overview", args=[recorded.pk])
    ).content.decode()
    send_page = organiser_client.get(send_url)

    assert send_url not in page
    assert "Vorschau und Versand" not in page
    assert "nachträglich erfasst" in page
    assert send_page.status_code == 302


def test_recorded_afterwards_staff_record_answer_and_attendance(
    organiser_client, recorded
):
    invitation = InvitationFactory(conference=recorded)

    organiser_client.post(
        reverse("invitations:record-answer", args=[recorded.pk, invitation.pk]),
        {"answer": "accepted", "comment": ""},
    )
    organiser_client.post(
        reverse("invitations:checkin-toggle", args=[recorded.pk, invitation.pk]),
        {"present": "1"},
    )

    invitation.refresh_from_db()
    assert (invitation.answer, invitation.attended) == ("accepted", True)
    assert mail.outbox == []


# --- observation 3 (part): cancelled conferences get no number ------------------


def test_cancelled_conference_gets_no_sequence_number(police_authority):
    ConferenceFactory(
        police_authority=police_authority,
        date=datetime.date(2019, 5, 1),
        status=Status.HELD,
    )
    cancelled = ConferenceFactory(
        police_authority=police_authority,
        date=datetime.date(2020, 5, 1),
        status=Status.CANCELLED,
    )
    later = ConferenceFactory(
        police_authority=police_authority,
        date=datetime.date(2021, 5, 1),
        status=Status.HELD,
    )

    numbers = dict(Conference.objects.with_sequence().values_list("pk", "sequence"))
    assert numbers[cancelled.pk] == 0
    assert numbers[later.pk] == 2


# --- hostile input on the new forms -----------------------------------------------


@pytest.mark.parametrize(
    "reason",
    ["<script>alert(1)</script>", "Nul\x00Byte", "9" * 3000, "\u202eevil"],
)
def test_hostile_reasons_never_fail_and_are_escaped(
    organiser_client, police_authority, reason
):
    conference = ConferenceFactory(police_authority=police_authority)

    responses = [
        organiser_client.post(
            _transition_url(conference), {"to_status": "invited", "reason": reason}
        ),
        organiser_client.post(
            reverse("konferenz:conference-undo", args=[conference.pk]),
            {"reason": reason},
        ),
        organiser_client.get(_transition_url(conference) + "?to=" + "%00x"),
    ]

    assert all(r.status_code in (200, 302, 400) for r in responses)
    page = organiser_client.get(conference.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in page


def test_dashboard_does_not_report_a_future_conference_as_held(
    organiser_client, police_authority, today
):
    day = today + datetime.timedelta(days=8)
    ConferenceFactory(police_authority=police_authority, date=day, status=Status.HELD)

    page = organiser_client.get(reverse("konferenz:dashboard")).content.decode()

    row = page.split(f'<th scope="row">{day.year}</th>')[1].split("</tr>")[0]
    assert 'class="duty-planned"' in row
    assert "duty-held" not in row
