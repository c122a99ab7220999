"""The worker's sweep (konferenz/core/worker.py): tasks of a dead worker
are marked lost, rows whose task still waits are left to it. The kill test
with real workers is tests/konferenz/core/test_outbox_worker.py (a
transactional test, in a file of its own so that it runs after the others)."""

import datetime

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from konferenz.core import worker
from konferenz.core.models import OutboxMail
from tests.factories import OutboxMailFactory


@pytest.mark.django_db
def test_the_sweep_marks_a_task_running_without_a_worker_as_failed(settings):
    settings.SIKO_TASK_TIMEOUT = 60
    now = timezone.now()

    def task_result(started):
        return DBTaskResult.objects.create(
            status="RUNNING",
            started_at=now - datetime.timedelta(seconds=started),
            args_kwargs={"args": [1], "kwargs": {}},
            task_path="konferenz.core.outbox.deliver",
            backend_name="default",
            run_after=now,
            worker_ids=["dead"],
        )

    lost, busy = task_result(started=120), task_result(started=10)

    assert worker.sweep(now=now)["lost_tasks"] == 1

    lost.refresh_from_db()
    busy.refresh_from_db()
    assert lost.status == "FAILED" and busy.status == "RUNNING"
    assert lost.exception_class_path == worker.WORKER_LOST
    assert "worker died" in lost.traceback
    assert lost.finished_at == now


@pytest.mark.django_db
def test_the_sweep_leaves_a_row_whose_task_still_waits_in_the_queue(settings):
    """A long batch: rows overdue but with their task still queued are not
    handed over again (no pile of idle tasks)."""
    settings.SIKO_OUTBOX_CLAIM_TIMEOUT = 60
    long_ago = timezone.now() - datetime.timedelta(hours=1)
    waiting, forgotten = OutboxMailFactory.create_batch(2, next_attempt_at=long_ago)
    DBTaskResult.objects.create(
        status="READY",
        args_kwargs={"args": [waiting.pk], "kwargs": {}},
        task_path="konferenz.core.outbox.deliver",
        backend_name="default",
        run_after=long_ago,
    )

    assert worker.queued_mails() == {waiting.pk}
    assert worker.sweep()["handed_over"] == 1
    # The forgotten row went to the (immediate) task backend and was tried;
    # the waiting one is left to its task.
    assert OutboxMail.objects.get(pk=waiting.pk).attempts == 0
    assert OutboxMail.objects.get(pk=forgotten.pk).attempts == 1
