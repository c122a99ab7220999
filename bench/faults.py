"""Redis faults of the scale-out run (bench/scaleout.py, issue 27).

A Redis server of the run's own (never the machine's shared one): started on a
free loopback port with its own directory, so that it can be stopped, paused
and restored from an older snapshot while the app servers use it. Beside it
the tally of one fault phase and the oracles that tell a page contradicting
the database ("stale"); the oracles only read HTML and values, so they are
tested without servers (tests/bench/test_scaleout.py).
"""

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bench.browser import forms


def free_port():
    """A TCP port on loopback that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """One ``redis-server`` of the run: loopback, a free port, its own
    ``--dir`` (the dump ``SAVE`` writes and a restart reads), no automatic
    snapshots and no append-only file, so that only ``save()`` writes a dump."""

    def __init__(self, directory, port=None, options=()):
        self.dir = Path(directory)
        self.dir.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        #: further ``redis-server`` arguments (e.g. ``--maxmemory``)
        self.options = tuple(options)
        self.process = None
        self.paused = False

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def client(self, timeout=2):
        """A client of the run (not of the app): no retries, so that a
        SHUTDOWN or a probe is not repeated for seconds."""
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        return redis.Redis(
            host="127.0.0.1",
            port=self.port,
            socket_timeout=timeout,
            socket_connect_timeout=timeout,
            retry=Retry(NoBackoff(), 0),
        )

    def start(self, timeout=10):
        """Start (again): a dump in ``dir`` is loaded, as after a restore."""
        command = shutil.which("redis-server")
        if command is None:
            raise RuntimeError("redis-server fehlt: apt-get install redis-server")
        self.process = subprocess.Popen(  # noqa: S603
            [
                command,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--dir",
                str(self.dir),
                "--dbfilename",
                "dump.rdb",
                "--save",
                "",
                "--appendonly",
                "no",
                "--logfile",
                str(self.dir / "redis.log"),
                *self.options,
            ],
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.answers():
                return self
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise RuntimeError(f"redis-server auf Port {self.port} startet nicht")

    def answers(self):
        """Whether the server answers a PING now."""
        try:
            return bool(self.client(timeout=0.5).ping())
        except Exception:  # noqa: BLE001 - not up, loading, stopped or paused
            return False

    def kill(self):
        """Stopped at once (SIGKILL), as in a crash: nothing is saved."""
        self.process.kill()
        self.process.wait(timeout=10)

    def pause(self):
        """Paused (SIGSTOP): the kernel still accepts connections, nothing is
        answered."""
        os.kill(self.process.pid, signal.SIGSTOP)
        self.paused = True

    def resume(self):
        os.kill(self.process.pid, signal.SIGCONT)
        self.paused = False

    def save(self):
        """A snapshot (``dump.rdb`` in ``dir``) of what Redis holds now."""
        self.client().save()

    def shutdown_nosave(self):
        """Stopped without saving: a restart loads the last ``save()``."""
        import redis

        # The server closes the connection as it goes.
        with contextlib.suppress(redis.exceptions.ConnectionError):
            self.client().shutdown(nosave=True)
        self.process.wait(timeout=10)

    def stop(self):
        """The end of the run (also after a failure in any state)."""
        if self.process is None or self.process.poll() is not None:
            return
        if self.paused:
            self.resume()
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


# The oracles: what a page shows, compared with the database.

ACCEPTED = re.compile(r"Zugesagt: (\d+)<")


def accepted_shown(html):
    """The count of accepted invitations the answers table shows (its badge),
    ``None`` when the page has no such badge."""
    found = ACCEPTED.search(html)
    return int(found.group(1)) if found else None


def comment_shown(html):
    """The comment the partner's answer form shows (its current answer),
    ``None`` when the page has no answer form."""
    for form in forms(html):
        if "answer" in form["names"]:
            return dict(form["fields"]).get("comment", "")
    return None


def contradicts(shown, before, after):
    """Whether a page showing ``shown`` contradicts the database, which held
    ``before`` just before the request and ``after`` just after it. A value
    that changed during the request cannot be judged: not counted."""
    if before != after:
        return False
    return shown != before


def visible_titles(levels, hidden_level="vs_nfd"):
    """``{title: whether a reader without VS-NfD clearance sees it}`` for
    ``levels`` (``{title: classification}`` read from the database)."""
    return {title: level != hidden_level for title, level in levels.items()}


def wrong_titles(html, before, after):
    """The titles whose presence on the page contradicts the database:
    ``before``/``after`` as from ``visible_titles`` just before and after the
    request. A VS-NfD title shown to a low reader is one; so is a title of an
    item the reader may see that the page leaves out."""
    return [
        title
        for title in before
        if contradicts(title in html, before[title], after.get(title))
    ]


def logged_out(status, location):
    """Whether an old session cookie was refused: redirected to the login."""
    return status == 302 and "/anmelden/" in location


@dataclass
class Tally:
    """What one fault phase counted: every request (status ``None``: no
    response at all, e.g. a client time-out), 5xx, stale pages, lost answers,
    and the time window of the fault for the slowest request in it."""

    name: str
    requests: int = 0
    server_errors: int = 0
    no_response: int = 0
    stale: int = 0
    lost: int = 0
    fault: tuple = (None, None)
    samples: list = field(default_factory=list)
    notes: list = field(default_factory=list)  # stale pages, lost answers
    other_notes: list = field(default_factory=list)
    stale_kinds: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def record(self, started, ended, status):
        with self.lock:
            self.requests += 1
            if status is None:
                self.no_response += 1
            elif status >= 500:
                self.server_errors += 1
            self.samples.append((started, ended, status))

    def stale_page(self, kind, detail):
        """A page contradicting the database; ``kind``: which oracle saw it."""
        with self.lock:
            self.stale += 1
            self.stale_kinds[kind] += 1
            self._note(f"veraltet: {detail}")

    def lost_answer(self, detail):
        with self.lock:
            self.lost += 1
            self._note(f"verloren: {detail}")

    def note(self, text):
        """Anything else worth reading (5xx, no response): the first few."""
        with self.lock:
            if len(self.other_notes) < 4:
                self.other_notes.append(text)

    def _note(self, text, limit=8):
        if len(self.notes) < limit:
            self.notes.append(text)

    @property
    def slowest_ms(self):
        """The slowest request that ran while the fault lasted (ms)."""
        return slowest_ms(self.samples, *self.fault)

    def summary(self):
        """The counts in one German line (stale pages by oracle)."""
        stale = f"{self.stale} veraltet"
        if self.stale_kinds:
            kinds = sorted(self.stale_kinds.items())
            stale += " (" + ", ".join(f"{kind} {n}" for kind, n in kinds) + ")"
        return (
            f"{self.requests} Anfragen, {self.server_errors} × 5xx, "
            f"{self.no_response} ohne Antwort, {stale}, {self.lost} verloren, "
            f"langsamste {self.slowest_ms} ms"
        )

    @property
    def clean(self):
        return not (self.server_errors or self.no_response or self.stale or self.lost)


def slowest_ms(samples, start, end):
    """The longest of the ``(started, ended, status)`` samples that overlap
    the window ``start``–``end`` (all of them without a window), in ms."""
    durations = [
        ended - started
        for started, ended, _status in samples
        if start is None or end is None or (started <= end and ended >= start)
    ]
    return round(max(durations) * 1000) if durations else 0


def report(tallies):
    """The German report table of the fault phases (Markdown)."""
    lines = [
        "| Phase | Anfragen | 5xx | ohne Antwort | veraltet | verloren "
        "| langsamste (ms) |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for tally in tallies:
        lines.append(
            f"| {tally.name} | {tally.requests} | {tally.server_errors} "
            f"| {tally.no_response} | {tally.stale} | {tally.lost} "
            f"| {tally.slowest_ms} |"
        )
    return "\n".join(lines)
