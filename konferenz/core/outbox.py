"""The outbox: every mail SiKo sends, once (docs/architecture.md, "Mail").

A feature queues a mail in the transaction of the change that causes it::

    outbox.queue("invitations.invitation", {"invitation_id": 5, "kind": "reminder"})

The row (``OutboxMail``) is written in that transaction, so a rolled-back
change queues nothing. After the commit a task (django-tasks) hands the row
to a worker. The worker claims the row atomically (pending → sending: one
conditional UPDATE, so two workers never hold the same row), renders the
message through the renderer the feature registered for the kind
(``register`` from an app's ``ready()``: the core imports no feature), sends
it and records the outcome:

* accepted: "sent", with the mail server's answer;
* a temporary failure (no connection, timeout, a 4xx answer): back to
  "pending" with the next attempt after ``BACKOFF`` (at most
  ``SIKO_OUTBOX_MAX_ATTEMPTS`` attempts);
* a permanent failure (a 5xx answer, no recipient address): "failed".

"sent" and "failed" are reported to the feature's result hook in the same
transaction as the mark (e.g. the invitation's ``sent_at`` or
``send_error``). The row holds no link or token: the renderer makes them at
send time, so no secret ever rests in the database or the task queue.

The row is the truth, not the task: ``sweep`` (run by the worker command,
``manage.py db_worker``) takes rows again whose worker died while sending
(claimed longer than ``SIKO_OUTBOX_CLAIM_TIMEOUT`` ago) and rows no task
ever picked up. A sent row is never sent again.

The one window that cannot be closed: the mail server has accepted the
message and the worker dies before the "sent" mark is committed. The row is
then claimed but not marked, and after the timeout it is sent once more – at
most one duplicate. The mark follows the server's answer at once (one short
transaction), so the window is a few milliseconds long.
"""

import contextlib
import datetime
import logging
import smtplib
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.core.mail.message import sanitize_address
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django_tasks import task

from konferenz.core.i18n import in_document_language
from konferenz.core.models import OutboxMail

logger = logging.getLogger("siko")

Status = OutboxMail.Status

#: Seconds to wait before the 2nd, 3rd, … attempt after a temporary failure.
BACKOFF = (60, 300, 900, 1800, 3600, 7200, 14400, 28800, 28800)
#: A task may run a little before the row's next attempt (clocks of hosts).
EARLY = datetime.timedelta(seconds=5)
#: At most this many rows per sweep.
SWEEP_BATCH = 1000


@dataclass(frozen=True)
class Outcome:
    """What became of a mail, for the feature's result hook."""

    sent: bool
    answer: str
    at: datetime.datetime


@dataclass(frozen=True)
class Kind:
    render: Callable
    result: Callable | None = None


_KINDS: dict[str, Kind] = {}


def register(kind: str, *, render: Callable, result: Callable | None = None):
    """A feature's kind of mail: ``render(**args)`` returns the message to
    send (an ``EmailMessage``) or ``None`` when there is nothing to send;
    ``result(outcome, **args)`` hears "sent" and "failed"."""
    _KINDS[kind] = Kind(render=render, result=result)


def queue(kind: str, args: dict | None = None) -> OutboxMail:
    """Queue one mail in the current transaction; it is handed to a worker
    after the commit."""
    return queue_many(kind, [args or {}])[0]


def queue_many(kind: str, many: list[dict]) -> list[OutboxMail]:
    """Queue one mail of ``kind`` per entry of ``many`` (its arguments)."""
    if kind not in _KINDS:
        raise LookupError(f"No renderer registered for mail kind {kind!r}")
    if not many:
        return []
    now = timezone.now()
    rows = OutboxMail.objects.bulk_create(
        [OutboxMail(kind=kind, args=args, next_attempt_at=now) for args in many]
    )
    ids = [row.pk for row in rows]
    transaction.on_commit(lambda: hand_over(ids))
    return rows


def hand_over(ids):
    """Give the rows to the task queue. A failure here loses nothing: the
    rows stay pending and the next sweep hands them over again."""
    for pk in ids:
        try:
            deliver.enqueue(pk)
        except Exception:  # noqa: BLE001 - the sweep takes the row again
            logger.exception("Outbox mail %s not handed to the task queue", pk)


@task()
def deliver(mail_id: int):
    """The task: send one outbox row (if it is still pending and due)."""
    return send(mail_id)


def send(mail_id: int, *, now=None) -> str | None:
    """Claim, render, send and record one row; returns its new status, or
    ``None`` when the row was not ours to send (sent, failed, taken by
    another worker, or not yet due)."""
    now = now or timezone.now()
    claimed = OutboxMail.objects.filter(
        pk=mail_id, status=Status.PENDING, next_attempt_at__lte=now + EARLY
    ).update(status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return None
    row = OutboxMail.objects.get(pk=mail_id)
    kind = _KINDS.get(row.kind)
    if kind is None:
        return _failed(row, kind, f"No renderer for the mail kind {row.kind!r}")
    try:
        message = in_document_language(kind.render)(**row.args)
    except Exception as error:  # noqa: BLE001 - recorded and retried
        logger.exception("Outbox mail %s (%s) not rendered", row.pk, row.kind)
        return _retry_or_fail(row, kind, f"{error.__class__.__name__}: {error}")
    if message is None or not message.recipients():
        return _failed(row, kind, "No recipient address: nothing was sent")
    # The state check before sending: the row must still be ours (a sweep
    # may have taken it back from a worker that was too slow).
    still_ours = _mine(row).update(
        recipients=", ".join(message.recipients())[:2000],
        subject=str(message.subject)[:300],
    )
    if not still_ours:
        logger.warning("Outbox mail %s was taken back before sending", row.pk)
        return None
    try:
        answer = transmit(message)
    except Exception as error:  # noqa: BLE001 - every delivery problem is recorded
        permanent, text = classify(error)
        logger.warning("Outbox mail %s (%s) not delivered: %s", row.pk, row.kind, text)
        if permanent:
            return _failed(row, kind, text)
        return _retry_or_fail(row, kind, text)
    return _sent(row, kind, answer)


def _mine(row):
    return OutboxMail.objects.filter(
        pk=row.pk, status=Status.SENDING, claimed_at=row.claimed_at
    )


def _sent(row, kind, answer):
    now = timezone.now()
    with transaction.atomic():
        # Whoever holds the row now: it was sent. A worker that took it back
        # meanwhile finds it no longer "sending" and does not send it again.
        marked = (
            OutboxMail.objects.filter(pk=row.pk)
            .exclude(status=Status.SENT)
            .update(status=Status.SENT, sent_at=now, answer=answer[:2000])
        )
        if marked:
            _report(row, kind, Outcome(sent=True, answer=answer, at=now))
    return Status.SENT


def _failed(row, kind, text):
    now = timezone.now()
    with transaction.atomic():
        if _mine(row).update(status=Status.FAILED, answer=text[:2000]):
            _report(row, kind, Outcome(sent=False, answer=text, at=now))
    return Status.FAILED


def _retry_or_fail(row, kind, text):
    if row.attempts >= settings.SIKO_OUTBOX_MAX_ATTEMPTS:
        return _failed(row, kind, text)
    delay = BACKOFF[min(row.attempts, len(BACKOFF)) - 1]
    due = timezone.now() + datetime.timedelta(seconds=delay)
    if not _mine(row).update(
        status=Status.PENDING, next_attempt_at=due, answer=text[:2000]
    ):
        return None
    if deliver.get_backend().supports_defer:
        try:
            deliver.using(run_after=due).enqueue(row.pk)
        except Exception:  # noqa: BLE001 - the sweep takes the row again
            logger.exception("Retry of outbox mail %s not queued", row.pk)
    return Status.PENDING


def _report(row, kind, outcome):
    """The feature's bookkeeping, in the transaction of the mark; its failure
    must not undo the mark (the mail would go out again)."""
    if kind is None or kind.result is None:
        return
    try:
        with transaction.atomic():
            kind.result(outcome, **row.args)
    except Exception:  # noqa: BLE001 - the mark stands; the error is logged
        logger.exception("Result hook of outbox mail %s (%s) failed", row.pk, row.kind)


# --- the mail server ---------------------------------------------------------


def transmit(message) -> str:
    """Send ``message`` through the configured backend; returns the mail
    server's answer (SMTP), or the backend's name for the others (console,
    file, locmem in the tests)."""
    backend = get_connection(fail_silently=False)
    if not isinstance(backend, SMTPBackend):
        backend.send_messages([message])
        return f"accepted by {type(backend).__module__}"
    return _smtp_send(backend, message)


def _smtp_send(backend, message) -> str:
    encoding = message.encoding or settings.DEFAULT_CHARSET
    sender = sanitize_address(message.from_email, encoding)
    recipients = [sanitize_address(a, encoding) for a in message.recipients()]
    data = message.message().as_bytes(linesep="\r\n")
    backend.open()
    try:
        server = backend.connection
        replies = []
        data_command = server.data

        def data_recorded(msg):
            reply = data_command(msg)
            replies.append(reply)
            return reply

        server.data = data_recorded
        refused = server.sendmail(sender, recipients, data)
    except BaseException:
        _close_quietly(backend)
        raise
    # Accepted: nothing after this point may look like a failure, or the
    # mail would be sent again.
    _close_quietly(backend)
    code, text = replies[-1] if replies else (250, b"")
    answer = f"{code} {text.decode(errors='replace')}".strip()
    if refused:
        answer += "; refused: " + "; ".join(
            f"{address}: {c} {m.decode(errors='replace')}"
            for address, (c, m) in refused.items()
        )
    return answer


def _close_quietly(backend):
    # The outcome is already known: a failing QUIT changes nothing.
    with contextlib.suppress(Exception):
        backend.close()


def classify(error) -> tuple[bool, str]:
    """(permanent, text) of a delivery error: 5xx answers are permanent;
    4xx answers, refused or broken connections and timeouts are temporary
    (so is a failed login: a configuration to fix, not the mail's fault).
    Anything else is a message that cannot be sent: permanent."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _text in error.recipients.values()]
        text = "; ".join(
            f"{code} {reply.decode(errors='replace')}"
            for code, reply in error.recipients.values()
        )
        return bool(codes) and all(code >= 500 for code in codes), text
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return False, _response_text(error)
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500, _response_text(error)
    if isinstance(error, OSError):
        return False, f"{error.__class__.__name__}: {error}"
    return True, f"{error.__class__.__name__}: {error}"


def _response_text(error):
    reply = error.smtp_error
    if isinstance(reply, bytes):
        reply = reply.decode(errors="replace")
    return f"{error.smtp_code} {reply}"


# --- the sweep ---------------------------------------------------------------


def sweep(*, now=None, queued=frozenset()) -> dict:
    """Take rows again whose worker died while sending (claimed longer than
    the timeout), and hand over rows that no task picked up (due longer than
    the timeout) – except those in ``queued``, whose task still waits in the
    queue (a long batch). Returns the counts."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.SIKO_OUTBOX_CLAIM_TIMEOUT)
    with transaction.atomic():
        stale = OutboxMail.objects.filter(status=Status.SENDING, claimed_at__lt=cutoff)
        if connection.features.has_select_for_update_skip_locked:
            stale = stale.select_for_update(skip_locked=True)
        stale_ids = list(stale.values_list("pk", flat=True)[:SWEEP_BATCH])
        taken = OutboxMail.objects.filter(
            pk__in=stale_ids, status=Status.SENDING, claimed_at__lt=cutoff
        ).update(status=Status.PENDING, next_attempt_at=now)
    for pk in stale_ids:
        logger.warning("Outbox mail %s: its worker died while sending", pk)
    overdue = list(
        OutboxMail.objects.filter(status=Status.PENDING, next_attempt_at__lt=cutoff)
        .exclude(pk__in=list(queued))
        .values_list("pk", flat=True)[:SWEEP_BATCH]
    )
    ids = sorted(set(stale_ids) | set(overdue))
    hand_over(ids)
    return {"taken_back": taken, "handed_over": len(ids)}
