"""What the task worker does besides running tasks: the sweep.

django-tasks-db marks a task "RUNNING" when a worker takes it and never
looks at it again: a worker killed in the middle (kill -9, a lost host)
leaves the task "running" for ever. The sweep, run by every worker
(``manage.py db_worker``, konferenz/management/commands/db_worker.py) when it
starts and then every ``SIKO_WORKER_SWEEP_INTERVAL`` seconds, therefore

* marks tasks "RUNNING" for longer than ``SIKO_TASK_TIMEOUT`` as failed,
  with the reason in their traceback field (``WorkerLost``), and
* sweeps the outbox (``outbox.sweep``): rows whose worker died while sending
  go back to "pending" and are handed over again, as are rows no task ever
  picked up. The outbox row, not the task, is the truth about a mail.
"""

import datetime
import logging
import threading

from django.conf import settings
from django.db import close_old_connections
from django.db.utils import DatabaseError
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from konferenz.core import outbox

logger = logging.getLogger("siko")


class WorkerLost(Exception):
    """The worker running a task died (recorded by the sweep)."""


WORKER_LOST = f"{WorkerLost.__module__}.{WorkerLost.__qualname__}"


def fail_lost_tasks(*, now=None) -> int:
    """Mark tasks "RUNNING" longer than the timeout as failed."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=settings.SIKO_TASK_TIMEOUT)
    reason = (
        f"{WORKER_LOST}: the worker died while running the task; found "
        f"running longer than {settings.SIKO_TASK_TIMEOUT:g} s by the "
        f"worker's sweep at {now.isoformat()}"
    )
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=cutoff
    ).update(
        status=TaskResultStatus.FAILED,
        finished_at=now,
        exception_class_path=WORKER_LOST,
        traceback=reason,
        return_value=None,
    )


def queued_mails() -> set[int]:
    """The outbox rows whose task still waits in the queue."""
    waiting = DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=outbox.deliver.module_path
    ).values_list("args_kwargs", flat=True)
    return {entry["args"][0] for entry in waiting if entry.get("args")}


def sweep(*, now=None) -> dict:
    """One sweep: lost tasks, then the outbox. Returns the counts."""
    lost = fail_lost_tasks(now=now)
    if lost:
        logger.warning("%d task(s) lost their worker and are marked failed", lost)
    counts = outbox.sweep(now=now, queued=queued_mails())
    if counts["taken_back"]:
        logger.warning(
            "%d outbox mail(s) taken back from a dead worker", counts["taken_back"]
        )
    return {"lost_tasks": lost, **counts}


class Sweeper(threading.Thread):
    """Sweeps every ``interval`` seconds beside the worker's loop (a thread
    of its own with its own database connection; it dies with the worker)."""

    def __init__(self, interval):
        super().__init__(name="siko-sweeper", daemon=True)
        self.interval = interval
        self.stopped = threading.Event()

    def run(self):
        while not self.stopped.wait(self.interval):
            sweep_safely()

    def stop(self):
        self.stopped.set()


def sweep_safely():
    """A sweep that never stops the worker: a busy or lost database is
    simply tried again at the next sweep."""
    close_old_connections()
    try:
        return sweep()
    except DatabaseError:
        logger.exception("Worker sweep failed; trying again at the next one")
        return None
    finally:
        close_old_connections()
