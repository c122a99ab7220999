"""Invitation mails through the outbox against a real SMTP server that the
test starts itself (tests/smtp_server.py): arrival, retry after a temporary
failure, a permanent refusal on the invitations page, and nothing queued by a
rolled-back transaction (konferenz/core/outbox.py)."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from konferenz.core import outbox
from konferenz.core.models import OutboxMail
from teilnehmer.invitations import mail, services
from tests.helpers import LINK, send
from tests.smtp_server import SMTPServer

pytestmark = pytest.mark.django_db

ADDRESS = "petra.beispiel@sta.example"


@pytest.fixture
def smtp(settings):
    server = SMTPServer()
    server.settings(settings)
    yield server
    server.stop()


def _row():
    (row,) = OutboxMail.objects.all()
    return row


def _come_due():
    """Time passes: the row's next attempt is long overdue."""
    OutboxMail.objects.update(
        next_attempt_at=timezone.now() - datetime.timedelta(days=1)
    )


def test_a_queued_invitation_arrives_once_with_the_right_recipient(
    smtp, invitation, organiser, django_capture_on_commit_callbacks
):
    smtp.start()

    send([invitation], organiser, django_capture_on_commit_callbacks)

    ((recipients, message),) = smtp.messages
    assert recipients == [ADDRESS]
    assert message["Subject"].startswith("Einladung: Sicherheitskonferenz Teststadt")
    assert LINK.search(message.get_body(("plain",)).get_content())
    row = _row()
    assert row.status == OutboxMail.Status.SENT
    assert row.attempts == 1
    assert row.recipients == ADDRESS
    assert row.subject == message["Subject"]
    assert row.answer.startswith("250 2.0.0 Ok: queued as TEST")
    assert row.sent_at is not None
    # The row holds no link: the secret lives only in the mail.
    assert not LINK.search(str(row.args)) and "einladung" not in str(row.args)
    invitation.refresh_from_db()
    assert invitation.sent_at == row.sent_at
    assert invitation.send_error == ""

    # A sent row is never sent again, whoever asks.
    assert outbox.send(row.pk) is None
    _come_due()
    outbox.sweep()
    assert len(smtp.messages) == 1


@pytest.mark.parametrize("fault", ["server down", "451 answer"])
def test_a_temporary_failure_is_retried_and_arrives_once(
    fault, smtp, invitation, organiser, django_capture_on_commit_callbacks
):
    if fault == "451 answer":
        smtp.start()
        smtp.handler.refuse[ADDRESS] = "451 4.3.0 Please try again later"

    send([invitation], organiser, django_capture_on_commit_callbacks)

    row = _row()
    assert row.status == OutboxMail.Status.PENDING
    assert row.attempts == 1
    assert row.next_attempt_at > timezone.now() + datetime.timedelta(seconds=50)
    if fault == "server down":
        assert "ConnectionRefusedError" in row.answer
    else:
        assert row.answer == "451 4.3.0 Please try again later"
    invitation.refresh_from_db()
    assert invitation.sent_at is None and invitation.send_error == ""
    # Not due yet: a task that comes too early does nothing.
    assert outbox.send(row.pk) is None

    if fault == "server down":
        smtp.start()
    else:
        smtp.handler.refuse.clear()
    _come_due()
    with django_capture_on_commit_callbacks(execute=True):
        counts = outbox.sweep()

    assert counts["handed_over"] == 1
    assert smtp.recipients() == {ADDRESS: 1}
    row.refresh_from_db()
    assert row.status == OutboxMail.Status.SENT
    assert row.attempts == 2
    invitation.refresh_from_db()
    assert invitation.sent_at is not None and invitation.send_error == ""


def test_back_off_grows_and_gives_up_after_the_last_attempt(
    smtp, invitation, organiser, django_capture_on_commit_callbacks, settings
):
    settings.SIKO_OUTBOX_MAX_ATTEMPTS = 3
    send([invitation], organiser, django_capture_on_commit_callbacks)  # server down
    pauses = []
    for _attempt in range(2):
        row = _row()
        pauses.append((row.next_attempt_at - timezone.now()).total_seconds())
        _come_due()
        outbox.sweep()
    row = _row()
    assert pauses[0] < pauses[1]
    assert row.status == OutboxMail.Status.FAILED
    assert row.attempts == 3
    invitation.refresh_from_db()
    assert "ConnectionRefusedError" in invitation.send_error


def test_a_permanent_refusal_is_marked_failed_and_shown_on_the_invitations_page(
    smtp, invitation, organiser, organiser_client, django_capture_on_commit_callbacks
):
    smtp.start()
    smtp.handler.refuse[ADDRESS] = "550 5.1.1 Mailbox unknown"

    send([invitation], organiser, django_capture_on_commit_callbacks)

    assert smtp.messages == []
    row = _row()
    assert row.status == OutboxMail.Status.FAILED
    assert row.attempts == 1
    assert row.answer == "550 5.1.1 Mailbox unknown"
    invitation.refresh_from_db()
    assert invitation.sent_at is None
    assert invitation.send_error == "550 5.1.1 Mailbox unknown"
    page = organiser_client.get(
        reverse("invitations:overview", args=[invitation.conference_id])
    ).content.decode()
    assert "Zustellung fehlgeschlagen: Empfänger unbekannt" in page
    assert "550 5.1.1 Mailbox unknown" in page
    # Never tried again.
    _come_due()
    outbox.sweep()
    assert smtp.messages == []


def test_a_rolled_back_transaction_queues_nothing(
    smtp, invitation, organiser, django_capture_on_commit_callbacks
):
    smtp.start()

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.invitations_send(invitations=[invitation], user=organiser)
        assert OutboxMail.objects.count() == 1
        raise RuntimeError("the change fails after the mail was queued")

    assert OutboxMail.objects.count() == 0
    _come_due()
    outbox.sweep()
    assert smtp.messages == []
    invitation.refresh_from_db()
    assert invitation.sent_by is None


def test_a_contact_without_address_is_a_permanent_failure(
    smtp, invitation, django_capture_on_commit_callbacks
):
    smtp.start()
    invitation.contact.email = ""
    invitation.contact.save()

    with django_capture_on_commit_callbacks(execute=True):
        outbox.queue(
            mail.OUTBOX_INVITATION,
            {"invitation_id": invitation.pk, "kind": mail.MailKind.INVITATION},
        )

    row = _row()
    assert row.status == OutboxMail.Status.FAILED
    assert "No recipient address" in row.answer
    assert smtp.messages == []


def test_a_row_claimed_by_one_worker_is_not_sent_by_another(
    smtp, invitation, django_capture_on_commit_callbacks
):
    smtp.start()
    row = outbox.queue(
        mail.OUTBOX_INVITATION,
        {"invitation_id": invitation.pk, "kind": mail.MailKind.INVITATION},
    )
    # Another worker has claimed the row (and is still sending).
    OutboxMail.objects.filter(pk=row.pk).update(
        status=OutboxMail.Status.SENDING, claimed_at=timezone.now(), attempts=1
    )

    assert outbox.send(row.pk) is None
    outbox.sweep()  # claimed just now: not stale
    assert smtp.messages == []

    # The other worker died: after the claim timeout the row is taken back.
    OutboxMail.objects.filter(pk=row.pk).update(
        claimed_at=timezone.now() - datetime.timedelta(hours=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        counts = outbox.sweep()
    assert counts == {"taken_back": 1, "handed_over": 1}
    assert smtp.recipients() == {ADDRESS: 1}
    row.refresh_from_db()
    assert row.status == OutboxMail.Status.SENT and row.attempts == 2
