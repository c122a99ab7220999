"""The outbox with real ``db_worker`` processes (konferenz/core/outbox.py,
konferenz/core/worker.py): a worker killed with SIGKILL in the middle of a
batch leaves nothing lost, doubled or stuck once other workers run.

The workers run the product's settings with the django-tasks database backend
against a database the test shares with them (PostgreSQL: the test
database; SQLite: a file of the test's own) and send to a real SMTP server the
test starts (tests/smtp_server.py), which counts what really arrived.
"""

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import connection

from konferenz.core import worker
from tests.smtp_server import SMTPServer

ROOT = Path(__file__).resolve().parents[3]
MAILS = 40
KILL_AT = 10  # the worker dies while announcing the 10th recipient
CLAIM_TIMEOUT = 5  # seconds; far above the time one mail takes here


def _database_url(tmp_path, env):
    if connection.vendor == "postgresql":
        s = connection.settings_dict
        auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
        host = f"{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}"
        return f"postgres://{auth}@{host}/{s['NAME']}"
    url = f"sqlite:///{tmp_path / 'worker.sqlite3'}"
    _run(["manage.py", "migrate", "--no-input", "-v0"], {**env, "DATABASE_URL": url})
    return url


def _env(tmp_path, smtp):
    unwanted = {"DJANGO_SETTINGS_MODULE", "DEBUG", "DATABASE_URL", "REDIS_URL"}
    env = {k: v for k, v in os.environ.items() if k not in unwanted}
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "konferenz.settings",
            "DEBUG": "0",
            "SECRET_KEY": "outbox-worker-test-" + "k" * 50,
            "SIKO_VAR_DIR": str(tmp_path),
            "SIKO_SHARED_CACHE": "0",
            "CONN_MAX_AGE": "0",
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(smtp.port),
            "SIKO_OUTBOX_CLAIM_TIMEOUT": str(CLAIM_TIMEOUT),
            "SIKO_TASK_TIMEOUT": str(CLAIM_TIMEOUT),
            "SIKO_WORKER_SWEEP_INTERVAL": "0.5",
        }
    )
    return env


def _run(args, env):
    result = subprocess.run(  # noqa: S603 - our own scripts, fixed arguments
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def _report(env):
    out = _run(["-m", "tests.konferenz.core.outbox_worker_script", "report"], env)
    return json.loads(out.strip().splitlines()[-1])


def _worker(env, name, log_dir):
    log = open(log_dir / f"{name}.log", "w")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(  # noqa: S603 - our own command, fixed arguments
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--interval",
            "0.1",
            "--no-startup-delay",
            "--no-reload",
            "--worker-id",
            name,
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def _stop(process):
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_batch_loses_doubles_and_leaves_nothing(tmp_path):
    smtp = SMTPServer().start()
    env = _env(tmp_path, smtp)
    env["DATABASE_URL"] = _database_url(tmp_path, env)
    _run(["-m", "tests.konferenz.core.outbox_worker_script", "seed", str(MAILS)], env)
    assert _report(env)["outbox"] == {"pending": MAILS}

    announced = []
    killed = threading.Event()
    first = None

    def kill_at_recipient(address):
        # SIGKILL while the worker announces the recipient: the mail is
        # claimed ("sending"), its task "RUNNING", nothing has arrived.
        announced.append(address)
        if len(announced) == KILL_AT and not killed.is_set():
            os.kill(first.pid, signal.SIGKILL)
            killed.set()
            return "421 4.3.0 closing"
        return None

    smtp.handler.on_recipient = kill_at_recipient
    processes = []
    try:
        first = _worker(env, "worker-killed", tmp_path)
        processes.append(first)
        assert killed.wait(timeout=120), "the first worker never reached the kill"
        first.wait(timeout=10)
        assert first.returncode == -signal.SIGKILL
        arrived_before = len(smtp.messages)
        assert arrived_before == KILL_AT - 1
        stuck = _report(env)
        assert stuck["outbox"].get("sending") == 1
        assert stuck["tasks"].get("RUNNING") == 1

        # Two new workers side by side finish the batch and recover the mail
        # the dead one held (after the claim timeout).
        processes += [_worker(env, f"worker-{n}", tmp_path) for n in (2, 3)]
        deadline = time.monotonic() + 120
        report = None
        while time.monotonic() < deadline:
            if len(smtp.messages) >= MAILS:
                report = _report(env)
                settled = not (
                    set(report["tasks"]) & {"RUNNING", "READY"}
                    or set(report["outbox"]) - {"sent"}
                )
                if settled:
                    break
            time.sleep(0.5)
        time.sleep(1)  # a duplicate would arrive now
    finally:
        for process in processes:
            _stop(process)
        smtp.stop()

    logs = "\n".join(p.read_text() for p in sorted(tmp_path.glob("worker-*.log")))
    recipients = smtp.recipients()
    assert len(recipients) == MAILS, logs[-3000:]
    assert set(recipients.values()) == {1}, "a mail arrived twice"
    report = _report(env)
    assert report["outbox"] == {"sent": MAILS}
    assert report["attempts"] == {"1": MAILS - 1, "2": 1}
    assert "RUNNING" not in report["tasks"] and "READY" not in report["tasks"]
    assert report["tasks"]["FAILED"] == 1
    assert report["lost"] == [worker.WORKER_LOST]
    assert report["workers"].get("worker-2", 0) + report["workers"].get("worker-3", 0)
