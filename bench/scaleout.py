"""Scale-out run: two SiKo app servers behind nginx, one PostgreSQL, one Redis.

    make scaleout
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/siko_scaleout \\
        .venv/bin/python bench/scaleout.py

The recommended production topology (README, "Betrieb mit mehreren
App-Servern") on loopback: nginx → 2 × gunicorn (2 sync workers each, the
product's settings, ``REDIS_URL`` set: cache (users, page parts) in
Redis) → PostgreSQL, plus one ``db_worker`` per app server for the mail tasks
(django-tasks database backend). Mails go to files, so that every sent mail
can be counted. Redis is a ``redis-server`` of the run's own on a free
loopback port (bench/faults.py), never the machine's shared one: the run
stops, pauses and restores it.

Checks, each across both servers: the session of a login on server 1 works on
server 2 and a logout on server 2 ends it on server 1; a user locked out after
failed logins on server 1 is locked out on server 2; a client address that
guesses bad partner links is limited on both servers; two staff members editing
the same conference through different servers: the second gets the conflict;
200 invitations sent by staff through the servers are mailed once each (two
workers compete for the tasks; one is killed with SIGKILL mid-batch and
replaced: every address is reached, no task or outbox row stays stuck, at
most one mail doubled – the window the README's "Postausgang" names);
200 partners open their link from the
mail and answer at the same moment through nginx, spread over both servers,
and all 200 answers are saved.

Each app server (and its worker) has a media folder of its own: stored
files are in PostgreSQL (konferenz/core/dbstorage.py, issue 29). Four
attachments (up to 3 MB) are uploaded through server 1 and downloaded
through both, byte for byte; no host writes a file to its disk. An
encrypted backup (``manage.py backup --encrypt``) is taken after the burst.

Then three Redis faults, each while staff (logged in) and partners (link
pages and answers) keep loading both servers through nginx (issue 27):
Redis stopped for a few seconds and started again (empty); Redis paused
(SIGSTOP: connections are accepted, nothing is answered) and resumed;
Redis restored from an older snapshot (SAVE, changes through the app,
SHUTDOWN NOSAVE, restart from the dump). In each phase a partner accepts,
an agenda item is raised to VS-NfD and a user logs out – during the
fault, or between the snapshot and the restore – and afterwards every
page is read again on both servers. Counted per phase: 5xx responses,
requests without any response, stale pages (a page contradicting the
database: the answers table's accepted count, a VS-NfD title shown to a
reader without clearance or to a partner, a partner's own answer, a
logged-out session cookie that still works) and lost answers (a partner
answer confirmed by the server but missing from the database); and the
slowest request while the fault lasted (under 2 s while Redis hangs).

At the end the backup is restored while both app servers run under load
(staff pages with their sessions, a partner page, on both servers): the
workers are stopped, the database dropped and created (the servers answer
with errors from here), ``manage.py restore`` run, the workers started
again. The restore window is from the drop to ``RESTORE_GRACE`` seconds
after restore ends; every request started later must be answered without
5xx. Then: the database holds the backup's state; old sessions are ended on
both servers; the answers table, the agenda of a reader without VS-NfD
clearance (items raised after the backup are internal again) and partner
pages (their answers of the backup) show the restored data on both servers,
nothing from Redis of before; the backup's attachments download byte for
byte through both, one uploaded after the backup is gone (404).
Exit code 1 on any failure.
"""

import contextlib
import datetime
import email
import email.policy
import functools
import itertools
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import faults, guard  # noqa: E402
from bench.browser import Browser  # noqa: E402
from bench.run import (  # noqa: E402
    PY,
    ensure_debian_package,
    fresh_database,
    gunicorn,
    manage,
    stop,
    wait_until_up,
)

NGINX_PORT = 8780
SERVERS = {"Server 1": 8781, "Server 2": 8782}
PARTNERS = 200
PASSWORD = "Scale-Out-Passwort-2026!"  # noqa: S105 - loopback test users only
LOCKOUT_LIMIT = 3
RATE_LIMIT = 5
TENANT = "DN"
#: The Redis fault phases: fault, name, agenda item raised to VS-NfD in it.
PHASES = (
    ("stop", "Redis gestoppt", "Lagebild Stoppphase"),
    ("hang", "Redis hängt", "Lagebild Haengephase"),
    ("restore", "Redis aus älterem Stand", "Lagebild Wiederherstellung"),
)
#: An item that stays internal: every staff member and partner sees it.
CONTROL_ITEM = "Verkehrsunfallbilanz Kreisgebiet"
FAULT_SECONDS = 5  # how long Redis is stopped or paused
HANG_LIMIT_MS = 2000  # the slowest request while Redis hangs
LOAD_TIMEOUT = 30  # a load request without response after this counts as such
LOAD_PARTNERS = 180  # partners 0..179 answer as load; later ones are changed
KILL_AFTER = 60  # a worker is killed (kill -9) once this many mails are out
#: The attachments of the run: file name and size in bytes (two larger than
#: a block of the file store, konferenz/core/dbstorage.py).
ATTACHMENTS = (
    ("lagebild.pdf", 12_000),
    ("statistik.pdf", 350_000),
    ("karte.png", 1_600_000),
    ("praesentation.pdf", 3_200_000),
)
#: After ``manage.py restore`` ends, the app servers may answer with errors
#: this long (their database connections to the dropped database are
#: renewed); every request started later must be answered without 5xx.
RESTORE_GRACE = 2.0
VS = "vs_nfd"
AFTER_RESTORE_SECONDS = 6  # load on both servers after the window

NGINX_CONF = """\
worker_processes 2;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log crit;
events {{ worker_connections 1024; }}
http {{
{masking}
  access_log {tmp}/nginx-access.log siko;
  client_body_temp_path {tmp}/body;
  proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi;
  scgi_temp_path {tmp}/scgi;
  client_max_body_size 25m;
  upstream siko {{
{servers}
  }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://siko;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_read_timeout 120s;
      add_header X-SiKo-Upstream $upstream_addr always;
    }}
  }}
}}
"""


class Checks:
    def __init__(self):
        self.results = []

    def check(self, name, ok, detail=""):
        self.results.append((name, bool(ok), detail))
        mark = "OK    " if ok else "FEHLER"
        print(f"{mark} {name}{' – ' + detail if detail else ''}", flush=True)

    @property
    def failed(self):
        return [name for name, ok, _ in self.results if not ok]


def _env(database_url, redis_url, mail_dir):
    env = dict(os.environ)
    env.update(
        {
            # The product's settings; mail to files (bench/scaleout_settings.py).
            "DJANGO_SETTINGS_MODULE": "bench.scaleout_settings",
            "DEBUG": "0",
            "SECRET_KEY": "scale-out-" + "k" * 50,
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "SIKO_VAR_DIR": str(ROOT / "var" / "scaleout"),
            "SITE_URL": f"http://127.0.0.1:{NGINX_PORT}",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "CONN_MAX_AGE": "60",
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(mail_dir),
            "AXES_FAILURE_LIMIT": str(LOCKOUT_LIMIT),
            "SIKO_PARTNER_RATE_LIMIT": str(RATE_LIMIT),
            "LOG_LEVEL": "ERROR",
        }
    )
    return env


def _seed():
    """Two organisers and a locked-out candidate of one police authority,
    200 partner authorities with a leadership contact each, one conference."""
    from django.contrib.auth import get_user_model

    from konferenz.core.classification import Classification
    from konferenz.core.models import Conference, Membership, PoliceAuthority
    from tagesordnung.agenda.models import AgendaItem
    from teilnehmer.addressbook.models import Authority, Contact

    pa = PoliceAuthority.objects.get(press_code=TENANT)
    User = get_user_model()
    for name in ("orga-1", "orga-2", "gesperrt"):
        user = User.objects.create_user(
            name, email=f"{name}@polizei.example", password=PASSWORD
        )
        Membership.objects.create(user=user, police_authority=pa, is_organiser=True)
    # Read-only staff without VS-NfD clearance: the reader of the fault
    # phases, and the one who logs out in each of them.
    for name in ("leser", "abmelder"):
        user = User.objects.create_user(
            name, email=f"{name}@polizei.example", password=PASSWORD
        )
        Membership.objects.create(user=user, police_authority=pa)
    authorities = Authority.objects.bulk_create(
        Authority(
            police_authority=pa,
            name=f"Partnerbehörde {n:03d}",
            kind=Authority.Kind.choices[n % len(Authority.Kind.choices)][0],
            city=pa.seat,
        )
        for n in range(PARTNERS)
    )
    Contact.objects.bulk_create(
        Contact(
            authority=authority,
            salutation="Frau",
            first_name="Partnerin",
            last_name=f"Nummer {n:03d}",
            email=f"partner{n:03d}@partner.example",
            is_leadership=True,
        )
        for n, authority in enumerate(authorities)
    )
    today = datetime.date.today()
    conference = Conference.objects.create(
        police_authority=pa,
        title="Sicherheitskonferenz Skalierungstest",
        date=today + datetime.timedelta(days=60),
        start_time=datetime.time(9, 0),
        end_time=datetime.time(12, 0),
        venue_name="Polizeipräsidium",
        venue_address="Hauptstraße 1",
        rsvp_deadline=today + datetime.timedelta(days=40),
    )
    for position, title in enumerate([CONTROL_ITEM, *(t for *_, t in PHASES)]):
        AgendaItem.objects.create(
            conference=conference,
            position=position + 1,
            title=title,
            classification=Classification.INTERNAL,
        )
    return conference.pk, [a.pk for a in authorities]


def _errors(html):
    """The form errors a page shows (for the report)."""
    return re.findall(
        r'class="[^"]*(?:invalid-feedback|alert-danger)[^"]*"[^>]*>\s*([^<]+)', html
    )


def _worker(env, worker_id):
    """One ``db_worker`` with short recovery times, so that the run sees a
    dead worker's mail sent again within seconds."""
    return subprocess.Popen(  # noqa: S603
        [
            PY,
            "manage.py",
            "db_worker",
            "--interval",
            "0.2",
            "--sweep-interval",
            "1",
            "--worker-id",
            worker_id,
        ],
        cwd=ROOT,
        env={**env, "SIKO_OUTBOX_CLAIM_TIMEOUT": "5", "SIKO_TASK_TIMEOUT": "5"},
        start_new_session=True,
    )


def _mails(mail_dir):
    """Every mail the file backend wrote (one file per connection)."""
    messages = []
    for path in sorted(Path(mail_dir).glob("*.log")):
        raw = path.read_bytes()
        for part in raw.split(b"-" * 79 + b"\n"):
            if part.strip():
                messages.append(
                    email.message_from_bytes(part, policy=email.policy.default)
                )
    return messages


def _link(message):
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            found = re.search(
                r"https?://\S+/einladung/([A-Za-z0-9_-]{20,})/", part.get_content()
            )
            if found:
                return f"/einladung/{found.group(1)}/"
    return None


def _masked_log_format():
    """The masking of secret paths from the sample configuration
    (docs/deploy/nginx.conf): the scale-out run logs as production would."""
    text = (ROOT / "docs" / "deploy" / "nginx.conf").read_text()
    start = text.index("map $request_uri")
    end = text.index(";", text.index("log_format siko")) + 1
    return text[start:end]


def _tokens_in_logs(tmp, links):
    """How many of the partner links' tokens stand in any log of the run."""
    tokens = {link.rstrip("/").rsplit("/", 1)[-1] for link in links}
    logs = "".join(
        path.read_text(errors="replace")
        for path in Path(tmp).rglob("*.log")
        # The mails themselves (EMAIL_FILE_PATH) carry the links, as they must.
        if path.is_file() and "mail" not in path.relative_to(tmp).parts
    )
    return sum(1 for token in tokens if token in logs)


def _start_nginx(tmp):
    conf = Path(tmp) / "nginx.conf"
    servers = "\n".join(f"    server 127.0.0.1:{port};" for port in SERVERS.values())
    conf.write_text(
        NGINX_CONF.format(
            tmp=tmp, port=NGINX_PORT, servers=servers, masking=_masked_log_format()
        )
    )
    return subprocess.Popen(  # noqa: S603
        [
            shutil.which("nginx"),
            "-p",
            str(tmp),
            "-e",
            f"{tmp}/nginx-error.log",
            "-c",
            str(conf),
            "-g",
            "daemon off;" + (" user root;" if os.geteuid() == 0 else ""),
        ],
        start_new_session=True,
    )


SCALEOUT_PREFIX = "siko_scaleout"


def _refuse_foreign_database(database_url):
    """The run drops and recreates its database: only one named
    ``siko_scaleout`` or ``siko_scaleout_…`` (bench/guard.py); any other
    ends it with exit code 2 before anything is touched."""
    guard.refuse_unless_owned(database_url, SCALEOUT_PREFIX, "make scaleout")


def run(checks):  # noqa: C901 - one scenario, read top to bottom
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        database_url = "postgres://postgres@127.0.0.1:5432/siko_scaleout"
    _refuse_foreign_database(database_url)
    ensure_debian_package("nginx", "nginx")
    ensure_debian_package("redis-server", "redis-server")
    tmp = tempfile.mkdtemp(prefix="siko-scaleout-")
    os.chmod(tmp, 0o755)  # noqa: S103 - nginx workers read their temp paths
    mail_dir = Path(tmp) / "mail"
    mail_dir.mkdir()
    # Redis of the run's own: the fault phases stop, pause and restore it.
    redis_server = faults.RedisServer(Path(tmp) / "redis")
    redis_server.start()
    redis_url = redis_server.url
    env = _env(database_url, redis_url, mail_dir)
    # This process (seeding, oracles, backup and restore) is a host of its
    # own too.
    env["MEDIA_ROOT"] = str(Path(tmp) / "media-lauf")
    env["SIKO_BACKUP_KEY"] = _backup_key()
    os.environ.update(env)

    import redis

    fresh_database(database_url, prefix=SCALEOUT_PREFIX)
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "collectstatic", "--no-input", "-v0")

    import django

    django.setup()
    from django.urls import reverse
    from django_tasks_db.models import DBTaskResult

    from konferenz.core.models import Conference, OutboxMail
    from konferenz.core.worker import WORKER_LOST
    from teilnehmer.invitations.models import Invitation

    conference_pk, authority_ids = _seed()

    processes = []
    workers = {}
    host_env = {}
    try:
        for port in SERVERS.values():
            log = Path(tmp) / f"gunicorn-{port}.log"
            errors = Path(tmp) / f"gunicorn-{port}-fehler.log"
            # Each host its own media folder: they share nothing but the
            # database (and Redis).
            host_env[port] = {**env, "MEDIA_ROOT": str(Path(tmp) / f"media-{port}")}
            processes.append(
                gunicorn("konferenz.wsgi", port, host_env[port], log=log, errors=errors)
            )
            workers[port] = _worker(host_env[port], f"worker-{port}")
            processes.append(workers[port])
        processes.append(_start_nginx(tmp))
        for port in [*SERVERS.values(), NGINX_PORT]:
            wait_until_up(f"http://127.0.0.1:{port}/anmelden/")
        s1, s2 = (f"http://127.0.0.1:{port}" for port in SERVERS.values())
        lb = f"http://127.0.0.1:{NGINX_PORT}"

        # --- Sessions: login on server 1, pages on server 2, logout on 2.
        orga1 = Browser(s1, headers={"X-Forwarded-For": "192.0.2.10"})
        orga1.login("orga-1", PASSWORD)
        dashboard = reverse("konferenz:dashboard")
        on_2 = orga1.get(dashboard, base=s2)
        checks.check(
            "Sitzung: Anmeldung auf Server 1 gilt auf Server 2",
            on_2.status == 200,
            f"Status {on_2.status}",
        )
        other = Browser(s2, headers={"X-Forwarded-For": "192.0.2.11"})
        other.login("orga-2", PASSWORD)
        page = other.get(dashboard, base=s2)
        other.submit(page, action="abmelden", base=s2)
        after = other.get(dashboard, base=s1)
        checks.check(
            "Sitzung: Abmeldung auf Server 2 beendet sie auf Server 1",
            after.status == 302 and "anmelden" in after.location,
            f"Status {after.status}",
        )

        # --- Login lockout across servers.
        attacker = {"X-Forwarded-For": "203.0.113.7"}
        statuses = []
        for n in range(LOCKOUT_LIMIT):
            browser = Browser(s1, headers=attacker)
            login = browser.get("/anmelden/")
            statuses.append(
                browser.submit(
                    login,
                    has_field="password",
                    overrides={"username": "gesperrt", "password": f"falsch-{n}"},
                ).status
            )
        victim = Browser(s2, headers=attacker)
        login = victim.get("/anmelden/")
        right = victim.submit(
            login,
            has_field="password",
            overrides={"username": "gesperrt", "password": PASSWORD},
        )
        checks.check(
            f"Sperre: nach {LOCKOUT_LIMIT} Fehlversuchen auf Server 1 ist das "
            "richtige Passwort auf Server 2 gesperrt",
            right.status == 429 and victim.get(dashboard).status == 302,
            f"Fehlversuche {statuses}, dann Status {right.status}",
        )

        # --- Partner rate limit across servers.
        guesser = {"X-Forwarded-For": "198.51.100.9"}
        guesses = []
        for n in range(RATE_LIMIT):
            base = s1 if n % 2 == 0 else s2
            browser = Browser(base, headers=guesser)
            guesses.append(browser.get(f"/einladung/{'g' * 30}{n:013d}/").status)
        limited = [
            Browser(base, headers=guesser).get(f"/einladung/{'h' * 43}/").status
            for base in (s1, s2)
        ]
        checks.check(
            f"Ratenbegrenzung: {RATE_LIMIT} falsche Partnerlinks abwechselnd auf "
            "beiden Servern, danach auf beiden 429",
            guesses == [404] * RATE_LIMIT and limited == [429, 429],
            f"{guesses} → {limited}",
        )

        # --- Staff journey: add invitees on server 1, send on server 2.
        add_url = reverse("invitations:invitees-add", args=[conference_pk])
        form = orga1.get(add_url)
        added = orga1.submit(
            form,
            action="",
            overrides={"authorities": [str(pk) for pk in authority_ids]},
        )
        invited = Invitation.objects.filter(conference_id=conference_pk).count()
        checks.check(
            "Einladungsliste auf Server 1: 200 Personen",
            invited == PARTNERS,
            f"Status {added.status}, {invited} Einladungen",
        )
        send_url = reverse("invitations:send", args=[conference_pk])
        form = orga1.get(send_url, base=s2)
        sent = orga1.submit(
            form, has_field="scope", overrides={"scope": "all"}, base=s2
        )
        deadline = time.monotonic() + 240
        pending = Invitation.objects.filter(
            conference_id=conference_pk, sent_at__isnull=True
        )
        # One worker dies (kill -9) in the middle of the batch; a new one
        # takes its place and recovers what it held (README, "Postausgang").
        while len(_mails(mail_dir)) < KILL_AFTER and time.monotonic() < deadline:
            time.sleep(0.05)
        killed_port = next(iter(SERVERS.values()))
        os.killpg(workers[killed_port].pid, signal.SIGKILL)
        workers[killed_port].wait(timeout=30)
        at_kill = len(_mails(mail_dir))
        workers[killed_port] = _worker(
            host_env[killed_port], f"worker-{killed_port}-neu"
        )
        processes.append(workers[killed_port])
        while pending.exists() and time.monotonic() < deadline:
            time.sleep(1)
        time.sleep(2)  # a duplicate run would show up now
        mails = _mails(mail_dir)
        recipients = Counter(str(m["To"]) for m in mails)
        doubled = sum(n - 1 for n in recipients.values())
        tasks = DBTaskResult.objects.all()
        statuses = Counter(tasks.values_list("status", flat=True))
        lost = Counter(
            tasks.filter(status="FAILED").values_list("exception_class_path", flat=True)
        )
        task_workers = Counter(
            w for ids in tasks.values_list("worker_ids", flat=True) for w in ids
        )
        outbox = Counter(OutboxMail.objects.values_list("status", flat=True))
        checks.check(
            "Versand über Server 2 und zwei Task-Worker, einer mitten im Stapel "
            "mit kill -9 beendet und ersetzt: 200 Mails, jede Adresse erreicht, "
            "keine Aufgabe hängt, höchstens eine Doppelung (README, Postausgang)",
            sent.status == 302
            and len(recipients) == PARTNERS
            and doubled <= 1
            and outbox == {"sent": PARTNERS}
            and not statuses.keys() & {"RUNNING", "READY"}
            and set(lost) <= {WORKER_LOST}
            and sum(lost.values()) <= 1
            and not pending.exists(),
            f"{len(mails)} Mails an {len(recipients)} Adressen ({doubled} doppelt), "
            f"beim Abbruch {at_kill} zugestellt, Postausgang {dict(outbox)}, "
            f"Tasks {dict(statuses)}, Worker {dict(task_workers)}",
        )

        # --- Stale edit: two staff members, two servers, one conference.
        orga2 = Browser(s2, headers={"X-Forwarded-For": "192.0.2.12"})
        orga2.login("orga-2", PASSWORD)
        edit_url = reverse("konferenz:conference-edit", args=[conference_pk])
        # Confirm the date hints; no change notice to the 200 invitees.
        edit = {"confirm_warnings": "on", "notify_invitees": None}
        first = orga1.get(edit_url, base=s1)
        second = orga2.get(edit_url, base=s2)
        saved = orga1.submit(
            first,
            has_field="version",
            overrides={**edit, "venue_name": "Saal A"},
            base=s1,
        )
        conflict = orga2.submit(
            second,
            has_field="version",
            overrides={**edit, "venue_name": "Saal B"},
            base=s2,
        )
        venue = Conference.objects.get(pk=conference_pk).venue_name
        checks.check(
            "Bearbeitungskonflikt: zweite Speicherung über den anderen Server "
            "wird abgewiesen",
            saved.status == 302
            and conflict.status != 302
            and "inzwischen geändert" in conflict.text
            and venue == "Saal A",
            f"Status {saved.status} / {conflict.status}, Ort jetzt {venue!r} "
            + " ".join(_errors(saved.text) + _errors(conflict.text)),
        )

        # --- Attachments: uploaded through server 1, read through both.
        files = _attachments_through_both(checks, orga1, (s1, s2), conference_pk, tmp)

        # --- The burst: 200 partners through nginx at the same moment.
        # The answers table is read first on server 2, so that it is cached
        # there with no answer yet (checked after the burst on server 1).
        before = orga2.get(
            reverse("invitations:overview", args=[conference_pk]), base=s2
        )
        # One link per invitation: a doubled mail (the one duplicate the
        # worker kill may cause) carries the same link again.
        links = list(dict.fromkeys(link for link in map(_link, mails) if link))
        barrier = threading.Barrier(len(links), timeout=180)
        outcome = []
        upstreams = Counter()
        lock = threading.Lock()

        def partner(n, link):
            browser = Browser(lb)
            try:
                opened = browser.get(link)
                page = browser.get(opened.location or "/einladung/antwort/")
                with lock:
                    upstreams[opened.headers.get("X-SiKo-Upstream")] += 1
                    upstreams[page.headers.get("X-SiKo-Upstream")] += 1
                barrier.wait()
                answer = browser.submit(
                    page,
                    has_field="answer",
                    overrides={"answer": "accepted", "comment": f"Zusage {n}"},
                )
                with lock:
                    upstreams[answer.headers.get("X-SiKo-Upstream")] += 1
                outcome.append(answer.status)
            except Exception as error:  # noqa: BLE001 - reported below
                outcome.append(repr(error)[:200])
                barrier.abort()

        started = time.monotonic()
        threads = [
            threading.Thread(target=partner, args=(n, link))
            for n, link in enumerate(links)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        burst = time.monotonic() - started
        answers = Invitation.objects.filter(
            conference_id=conference_pk, answer="accepted"
        ).count()
        history = Invitation.history.filter(
            conference_id=conference_pk, answer="accepted"
        ).count()
        both = all(f"127.0.0.1:{port}" in upstreams for port in SERVERS.values())
        checks.check(
            "Ansturm: 200 Partner antworten gleichzeitig über nginx, auf beide "
            "Server verteilt, alle 200 Antworten gespeichert",
            len(links) == PARTNERS
            and Counter(outcome) == {302: PARTNERS}
            and answers == PARTNERS
            and history == PARTNERS
            and both,
            f"{len(links)} Links, Antworten {dict(Counter(outcome))}, "
            f"{answers} gespeichert, {history} Verlaufseinträge, "
            f"Server {dict(upstreams)}, {burst:.1f} s",
        )
        overview = orga2.get(
            reverse("invitations:overview", args=[conference_pk]), base=s1
        )
        accepted = f"Zugesagt: {PARTNERS}<"
        checks.check(
            "Antwortübersicht auf Server 1 (angemeldet auf Server 2): die auf "
            "Server 2 vor dem Ansturm zwischengespeicherte Tabelle zeigt alle "
            "Zusagen sofort",
            before.status == 200
            and "Zugesagt: 0<" in before.text
            and overview.status == 200
            and "Nummer 199" in overview.text
            and accepted in overview.text,
            f"Status {before.status} / {overview.status}, "
            f"{'alle Zusagen' if accepted in overview.text else 'Zusagen fehlen'}",
        )
        time.sleep(2)
        # Only the task the killed worker held may have failed, as lost.
        extra = (
            DBTaskResult.objects.exclude(status="SUCCESSFUL")
            .exclude(status="FAILED", exception_class_path=WORKER_LOST)
            .count()
        )
        checks.check(
            "Keine Aufgabe fehlgeschlagen oder liegen geblieben (außer der des "
            "beendeten Workers, als verloren vermerkt)",
            extra == 0,
            f"{extra} nicht erfolgreich",
        )
        # Sessions and rate-limit counters are in the database (the truth);
        # Redis holds only what is rebuilt from it: users and page parts.
        from django.contrib.sessions.models import Session

        from konferenz.core.models import RateCount

        store = redis.Redis.from_url(redis_url)
        cached = len(list(store.scan_iter("*siko:part:*"))) + len(
            list(store.scan_iter("*siko:user:*"))
        )
        sessions = Session.objects.count()
        counters = RateCount.objects.count()
        checks.check(
            "Sitzungen und Zähler in der Datenbank, Seitenteile und Benutzer in Redis",
            sessions > 0 and counters > 0 and cached > 0,
            f"{sessions} Sitzungen, {counters} Zähler, {cached} Redis-Einträge",
        )

        # --- A backup (encrypted), restored at the end while the servers run.
        backup = _take_backup(env, tmp, conference_pk, links)

        # --- Redis faults under load (issue 27).
        _fault_phases(
            checks,
            redis_server,
            servers=(s1, s2),
            lb=lb,
            conference_pk=conference_pk,
            links=links,
        )

        # --- The backup restored while both servers run (issue 29).
        def restart_workers(start):
            """The README's restore: workers stopped before, started after."""
            for port in SERVERS.values():
                if start:
                    workers[port] = _worker(host_env[port], f"worker-{port}-danach")
                    processes.append(workers[port])
                else:
                    stop(workers[port])
            return list(workers.values())

        _restore_phase(
            checks,
            restart_workers=restart_workers,
            env=env,
            database_url=database_url,
            backup=backup,
            files=files,
            servers=(s1, s2),
            lb=lb,
            conference_pk=conference_pk,
            tmp=tmp,
        )

        # --- No partner link's token in any log (issue 29).
        leaked = _tokens_in_logs(tmp, links)
        checks.check(
            "Kein Partnerlink-Token in den Protokollen von nginx, gunicorn und "
            "den Workern",
            leaked == 0 and len(links) > 0,
            f"{len(links)} Links geprüft, {leaked} in Protokollen gefunden",
        )
    finally:
        for process in reversed(processes):
            stop(process)
        redis_server.stop()
        if checks.failed:
            print(f"Protokolle in {tmp}", flush=True)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


# Stored files, backup and restore (issue 29).


def _backup_key():
    from konferenz.core.backupcrypt import new_key

    return new_key()


def _attachment_bytes(name, size):
    head = b"%PDF-1.4\n" if name.endswith(".pdf") else b"\x89PNG\r\n\x1a\n"
    return head + os.urandom(size - len(head))


def _media_files(tmp):
    """Files any host wrote into its media folder (there should be none)."""
    return [
        path
        for folder in Path(tmp).glob("media-*")
        for path in folder.rglob("*")
        if path.is_file()
    ]


def _upload(browser, item_pk, name, content, base):
    from django.urls import reverse

    page = browser.get(reverse("tagesordnung:item-edit", args=[item_pk]), base=base)
    return browser.submit(
        page,
        has_field="file",
        overrides={"classification": "internal"},
        files={"file": (name, content, "application/octet-stream")},
        base=base,
    )


def _downloads(browser, files, bases):
    """{(server, file name): whether the bytes are the uploaded ones}."""
    from django.urls import reverse

    result = {}
    for pk, (name, content) in files.items():
        for base in bases:
            got = browser.get(
                reverse("tagesordnung:attachment-download", args=[pk]), base=base
            )
            result[(base, name)] = got.status == 200 and got.body == content
    return result


def _attachments_through_both(checks, browser, bases, conference_pk, tmp):
    """Upload every attachment through the first server, download each
    through both and compare the bytes; {pk: (name, bytes)}."""
    from tagesordnung.agenda.models import AgendaItem, Attachment

    item = AgendaItem.objects.get(conference_id=conference_pk, title=CONTROL_ITEM)
    statuses = []
    sent = {}
    for name, size in ATTACHMENTS:
        sent[name] = _attachment_bytes(name, size)
        statuses.append(_upload(browser, item.pk, name, sent[name], bases[0]).status)
    files = {
        pk: (name, sent[name])
        for pk, name in Attachment.objects.filter(item=item).values_list(
            "pk", "original_name"
        )
    }
    same = _downloads(browser, files, bases)
    on_disk = _media_files(tmp)
    checks.check(
        f"Anhänge: {len(ATTACHMENTS)} Dateien über Server 1 hochgeladen, jede über "
        "beide Server (je eigener Medienordner) byte-gleich heruntergeladen; keine "
        "Datei auf einer Platte",
        statuses == [302] * len(ATTACHMENTS)
        and len(files) == len(ATTACHMENTS)
        and len(same) == 2 * len(ATTACHMENTS)
        and all(same.values())
        and not on_disk,
        f"Hochladen {statuses}, {sum(same.values())}/{len(same)} Downloads gleich, "
        f"{len(on_disk)} Dateien in Medienordnern",
    )
    return files


def _state(conference_pk):
    """What the restore must bring back, read from the database."""
    from tagesordnung.agenda.models import AgendaItem
    from teilnehmer.invitations.models import Invitation

    invitations = Invitation.objects.filter(conference_id=conference_pk)
    return {
        "accepted": invitations.filter(answer="accepted").count(),
        "levels": dict(
            AgendaItem.objects.filter(conference_id=conference_pk).values_list(
                "title", "classification"
            )
        ),
        "comments": dict(invitations.values_list("pk", "comment")),
    }


def _take_backup(env, tmp, conference_pk, links):
    """``manage.py backup --encrypt`` now; the archive, the state it holds
    and a few partners (with the comment they had)."""
    from teilnehmer.invitations import tokens

    target = Path(tmp) / "sicherungen"
    manage(env, "backup", "--encrypt", "--output-dir", str(target), "-v0")
    (archive,) = target.glob("siko-backup-*.tar.enc")
    partners = {
        link: tokens.find_invitation(link.strip("/").split("/")[-1]).pk
        for link in links[LOAD_PARTNERS - 3 : LOAD_PARTNERS]
        + links[LOAD_PARTNERS : LOAD_PARTNERS + len(PHASES)]
    }
    return {"archive": archive, "state": _state(conference_pk), "partners": partners}


class _RestoreLoad:
    """Staff (logged in before the restore) and partner pages on both servers
    while the database is dropped, restored and after: (start, end, status,
    where) of every request."""

    def __init__(self, servers, conference_pk, links):
        from django.urls import reverse

        self.servers = servers
        self.pages = [
            reverse("invitations:overview", args=[conference_pk]),
            reverse("tagesordnung:agenda", args=[conference_pk]),
            reverse("konferenz:dashboard"),
        ]
        self.links = links
        self.samples = []
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.browsers = []

    def run(self, browser, paths):
        for n in itertools.count():
            if self.stop.is_set():
                return
            base = self.servers[n % len(self.servers)]
            path = paths[n % len(paths)]
            started = time.monotonic()
            try:
                status = browser.get(path, base=base, timeout=LOAD_TIMEOUT).status
            except Exception:  # noqa: BLE001 - counted: no response
                status = None
            with self.lock:
                self.samples.append((started, time.monotonic(), status, base + path))
            self.stop.wait(0.05)

    def start(self, staff, partner):
        self.threads = [
            threading.Thread(target=self.run, args=(browser, self.pages))
            for browser in staff
        ] + [threading.Thread(target=self.run, args=(partner, ["/einladung/antwort/"]))]
        for thread in self.threads:
            thread.start()

    def finish(self):
        self.stop.set()
        for thread in self.threads:
            thread.join()


def _restore_phase(  # noqa: PLR0913 - one scenario's parts
    checks,
    *,
    restart_workers,
    env,
    database_url,
    backup,
    files,
    servers,
    lb,
    conference_pk,
    tmp,
):
    """The backup restored into the emptied database while both servers run
    under load; then every page read again and judged against the backup."""
    from django.db import connections
    from django.urls import reverse

    from tagesordnung.agenda.models import AgendaItem, Attachment

    # A change after the backup that the restore must undo: an attachment.
    orga = Browser(servers[1], headers={"X-Forwarded-For": "192.0.2.40"})
    orga.login("orga-1", PASSWORD)
    item = AgendaItem.objects.get(conference_id=conference_pk, title=CONTROL_ITEM)
    late = _upload(
        orga, item.pk, "nachtrag.pdf", _attachment_bytes("x.pdf", 5000), servers[1]
    )
    late_pk = (
        Attachment.objects.filter(original_name="nachtrag.pdf")
        .values_list("pk", flat=True)
        .first()
    )
    reader = Browser(lb, headers={"X-Forwarded-For": "192.0.2.41"})
    reader.login("leser", PASSWORD)
    partner_link = next(iter(backup["partners"]))
    partner = Browser(lb, headers={"X-Forwarded-For": "203.0.113.240"})
    partner.get(partner_link)
    old_sessions = [orga, reader]

    load = _RestoreLoad(servers, conference_pk, list(backup["partners"]))
    load.start([orga, reader], partner)
    time.sleep(1.5)
    connections.close_all()
    restart_workers(start=False)
    started = time.monotonic()
    fresh_database(database_url, prefix=SCALEOUT_PREFIX)  # dropdb, createdb
    restore = subprocess.run(  # noqa: S603
        [PY, "manage.py", "restore", str(backup["archive"])],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    restored = time.monotonic()
    running = restart_workers(start=True)
    window_end = restored + RESTORE_GRACE
    time.sleep(RESTORE_GRACE + AFTER_RESTORE_SECONDS)
    load.finish()
    connections.close_all()

    within = [s for s in load.samples if started <= s[0] <= window_end]
    after = [s for s in load.samples if s[0] > window_end]
    errors_after = [s for s in after if s[2] is None or s[2] >= 500]
    errors_within = [s for s in within if s[2] is None or s[2] >= 500]
    alive = sum(process.poll() is None for process in running)
    checks.check(
        "Wiederherstellung: manage.py restore der verschlüsselten Sicherung in die "
        "geleerte Datenbank, während beide Server unter Last laufen (Worker davor "
        "angehalten, danach gestartet und laufend)",
        restore.returncode == 0 and alive == len(running),
        f"{restored - started:.1f} s (Datenbank gelöscht bis restore fertig), "
        f"{alive}/{len(running)} Worker laufen "
        + (restore.stderr.strip()[-300:] if restore.returncode else ""),
    )
    checks.check(
        f"Nach der Wiederherstellung (Fenster: Löschen der Datenbank bis "
        f"{RESTORE_GRACE:.0f} s nach dem Ende von restore) keine 5xx auf beiden "
        "Servern",
        len(after) > 10 and not errors_after,
        f"im Fenster {restored - started + RESTORE_GRACE:.1f} s: {len(within)} "
        f"Anfragen, {len(errors_within)} × 5xx/ohne Antwort; danach "
        f"{len(after)} Anfragen, {len(errors_after)} × 5xx/ohne Antwort "
        + " ".join(f"{s[2]} {s[3]}" for s in errors_after[:3]),
    )

    # The database holds the backup's state again.
    state = _state(conference_pk)
    expected = backup["state"]
    checks.check(
        "Datenbank nach der Wiederherstellung im Stand der Sicherung",
        state == expected,
        f"{state['accepted']} Zusagen (Sicherung {expected['accepted']}), "
        f"VS-NfD jetzt {sorted(t for t, c in state['levels'].items() if c == VS)}",
    )

    # Old sessions ended, on both servers.
    dashboard = reverse("konferenz:dashboard")
    ended = [
        faults.logged_out(r.status, r.location)
        for browser in old_sessions
        for r in (browser.get(dashboard, base=base) for base in servers)
    ]
    checks.check(
        "Alte Sitzungen nach der Wiederherstellung beendet (beide Server)",
        all(ended),
        f"{sum(ended)}/{len(ended)} abgewiesen",
    )

    # Every page shows the restored data: nothing from the cache of before.
    stale = []
    orga_new = Browser(lb, headers={"X-Forwarded-For": "192.0.2.42"})
    orga_new.login("orga-1", PASSWORD)
    reader_new = Browser(lb, headers={"X-Forwarded-For": "192.0.2.43"})
    reader_new.login("leser", PASSWORD)
    titles = faults.visible_titles(expected["levels"])
    overview_url = reverse("invitations:overview", args=[conference_pk])
    agenda_url = reverse("tagesordnung:agenda", args=[conference_pk])
    for base in servers:
        shown = faults.accepted_shown(orga_new.get(overview_url, base=base).text)
        if shown != expected["accepted"]:
            stale.append(f"Antworttabelle {base}: {shown} Zusagen")
        page = reader_new.get(agenda_url, base=base)
        wrong = faults.wrong_titles(page.text, titles, titles)
        if page.status != 200 or wrong:
            stale.append(f"Tagesordnung {base}: {page.status} {wrong}")
        for n, (link, pk) in enumerate(backup["partners"].items()):
            visitor = Browser(base, headers={"X-Forwarded-For": f"203.0.113.{200 + n}"})
            visitor.get(link)
            comment = faults.comment_shown(visitor.get("/einladung/antwort/").text)
            if comment != expected["comments"][pk]:
                stale.append(f"Partnerseite {base}: {comment!r}")
    checks.check(
        "Seiten zeigen die wiederhergestellten Daten (Antworttabelle, "
        "Tagesordnung ohne VS-NfD-Anhebungen von danach, Partnerantworten) auf "
        "beiden Servern – kein veralteter Cache",
        not stale,
        "; ".join(stale[:4]) or f"{len(backup['partners'])} Partnerseiten je Server",
    )

    # The files: those of the backup byte-identical through both servers,
    # the one added after the backup gone.
    same = _downloads(orga_new, files, servers)
    gone = [
        orga_new.get(
            reverse("tagesordnung:attachment-download", args=[late_pk]), base=base
        ).status
        for base in servers
    ]
    on_disk = _media_files(tmp)
    checks.check(
        "Anhänge nach der Wiederherstellung: die der Sicherung byte-gleich über "
        "beide Server, der spätere nicht mehr da; keine Datei auf einer Platte",
        late.status == 302
        and all(same.values())
        and gone == [404, 404]
        and not on_disk,
        f"{sum(same.values())}/{len(same)} gleich, später hochgeladener: {gone}, "
        f"{len(on_disk)} Dateien in Medienordnern",
    )


# The Redis faults (issue 27).


def _where(response):
    """Which server answered: nginx names it, a direct request has its port."""
    upstream = response.headers.get("X-SiKo-Upstream")
    return upstream or f"127.0.0.1:{urlsplit(response.url).port}"


class _Partner:
    """One partner behind nginx: invitation, link from the mail, browser."""

    def __init__(self, n, invitation_pk, link, lb):
        self.n = n
        self.pk = invitation_pk
        self.link = link
        self.opened = False
        # Each partner its own address: a lost link session must not make
        # the address limit block every partner.
        self.browser = Browser(lb, headers={"X-Forwarded-For": f"203.0.113.{20 + n}"})


class _FaultRun:
    """The three fault phases: load, changes, faults, the pages read again
    and judged against the database (bench/faults.py)."""

    def __init__(self, redis_server, *, servers, lb, conference_pk, links):
        from django.urls import reverse

        from tagesordnung.agenda.models import AgendaItem
        from teilnehmer.invitations import tokens

        self.redis = redis_server
        self.servers = servers
        self.lb = lb
        self.conference_pk = conference_pk
        self.reverse = reverse
        self.overview_url = reverse("invitations:overview", args=[conference_pk])
        self.agenda_url = reverse("tagesordnung:agenda", args=[conference_pk])
        self.dashboard_url = reverse("konferenz:dashboard")
        self.items = dict(
            AgendaItem.objects.filter(conference_id=conference_pk).values_list(
                "title", "pk"
            )
        )
        self.partners = [
            _Partner(
                n, tokens.find_invitation(link.strip("/").split("/")[-1]).pk, link, lb
            )
            for n, link in enumerate(links)
        ]
        half = LOAD_PARTNERS // 2
        self.load_partners = [
            itertools.cycle(self.partners[:half]),
            itertools.cycle(self.partners[half:LOAD_PARTNERS]),
        ]
        self.orga = Browser(lb, headers={"X-Forwarded-For": "192.0.2.20"})
        self.orga.login("orga-1", PASSWORD)
        self.reader = Browser(lb, headers={"X-Forwarded-For": "192.0.2.21"})
        self.reader.login("leser", PASSWORD)
        self.zombies = []  # copies of sessions that were logged out
        self.saved = []  # (tally, invitation, comment) the server confirmed
        self.tally = None
        # A partner answer holds one permit; the snapshot takes them all, so
        # that it is taken between answers (as on a quiet night), with the
        # pages read and cached for the stamps it holds.
        self.answering = threading.Semaphore(len(self.load_partners))
        self.snapshot_partners = []

    # The database, read as the oracles need it.

    def accepted(self):
        from teilnehmer.invitations.models import Invitation

        return Invitation.objects.filter(
            conference_id=self.conference_pk, answer="accepted"
        ).count()

    def titles(self):
        from tagesordnung.agenda.models import AgendaItem

        levels = AgendaItem.objects.filter(conference_id=self.conference_pk)
        return faults.visible_titles(
            dict(levels.values_list("title", "classification"))
        )

    def comment(self, partner):
        from teilnehmer.invitations.models import Invitation

        return Invitation.objects.values_list("comment", flat=True).get(pk=partner.pk)

    # Requests, counted in the phase's tally, and the pages judged.

    def timed(self, call):
        tally = self.tally
        started = time.monotonic()
        try:
            response = call()
        except Exception as error:  # noqa: BLE001 - counted: no response
            tally.record(started, time.monotonic(), None)
            tally.note(f"ohne Antwort: {error!r}"[:200])
            return None
        tally.record(started, time.monotonic(), response.status)
        if response.status >= 500:
            path = urlsplit(response.url).path
            tally.note(f"{response.status} {path} ({_where(response)})")
        return response

    def overview(self, browser, who, base=None):
        before = self.accepted()
        response = self.timed(
            lambda: browser.get(self.overview_url, base=base, timeout=LOAD_TIMEOUT)
        )
        after = self.accepted()
        if response is not None and response.status == 200:
            shown = faults.accepted_shown(response.text)
            if faults.contradicts(shown, before, after):
                self.tally.stale_page(
                    "Antworttabelle",
                    f"Antworttabelle für {who} ({_where(response)}) zeigt "
                    f"{shown} Zusagen, in der Datenbank {before}",
                )
        return response

    def agenda(self, browser, who, base=None):
        before = self.titles()
        response = self.timed(
            lambda: browser.get(self.agenda_url, base=base, timeout=LOAD_TIMEOUT)
        )
        after = self.titles()
        if response is not None and response.status == 200:
            wrong = faults.wrong_titles(response.text, before, after)
            if wrong:
                self.tally.stale_page(
                    "Tagesordnung",
                    f"Tagesordnung für {who} ({_where(response)}): "
                    + ", ".join(
                        f"{t} ({'fehlt' if before[t] else 'VS-NfD'})" for t in wrong
                    ),
                )
        return response

    def partner_page(self, partner, base=None):
        before = (self.comment(partner), self.titles())
        response = self.timed(
            lambda: partner.browser.get(
                "/einladung/antwort/", base=base, timeout=LOAD_TIMEOUT
            )
        )
        after = (self.comment(partner), self.titles())
        if response is None:
            return None
        if response.status == 404:
            partner.opened = False  # the link session is gone: open it again
            self.tally.note(f"Partner {partner.n}: Linksitzung verloren")
        if response.status == 200:
            problems = []
            shown = faults.comment_shown(response.text)
            if faults.contradicts(shown, before[0], after[0]):
                problems.append(f"Antwort {shown!r} statt {before[0]!r}")
            wrong = faults.wrong_titles(response.text, before[1], after[1])
            if wrong:
                problems.append("Tagesordnung " + ", ".join(wrong))
            if problems:
                self.tally.stale_page(
                    "Partnerseite",
                    f"Partnerseite {partner.n} ({_where(response)}): "
                    + "; ".join(problems),
                )
        return response

    def answer(self, partner, answer, comment):
        """The partner opens the link (once), reads the page and answers;
        whether the server confirmed the answer."""
        if not partner.opened:
            opened = self.timed(
                lambda: partner.browser.get(partner.link, timeout=LOAD_TIMEOUT)
            )
            if opened is None or opened.status != 302:
                return False
            partner.opened = True
        page = self.partner_page(partner)
        if (
            page is None
            or page.status != 200
            or faults.comment_shown(page.text) is None
        ):
            return False
        response = self.timed(
            lambda: partner.browser.submit(
                page,
                has_field="answer",
                overrides={"answer": answer, "comment": comment},
                timeout=LOAD_TIMEOUT,
            )
        )
        if response is not None and response.status == 302:
            self.saved.append((self.tally, partner.pk, comment))
            return True
        if response is not None and response.status < 500:
            self.tally.note(
                f"Antwort von Partner {partner.n}: Status {response.status}"
            )
        return False

    def raise_item(self, title):
        """The organiser raises an agenda item to VS-NfD; whether it was saved."""
        url = self.reverse("tagesordnung:item-edit", args=[self.items[title]])
        page = self.timed(lambda: self.orga.get(url, timeout=LOAD_TIMEOUT))
        if page is None or page.status != 200:
            return False
        response = self.timed(
            lambda: self.orga.submit(
                page,
                has_field="duration_minutes",
                overrides={"classification": "vs_nfd"},
                timeout=LOAD_TIMEOUT,
            )
        )
        return response is not None and response.status == 302

    def log_out(self, browser):
        """A user logs out; the old session cookie is kept to try it later."""
        zombie = Browser(self.lb, headers=browser.headers)
        for cookie in browser.jar:
            zombie.jar.set_cookie(cookie)
        page = self.timed(lambda: browser.get(self.dashboard_url, timeout=LOAD_TIMEOUT))
        if page is None or page.status != 200:
            return False
        response = self.timed(
            lambda: browser.submit(page, action="abmelden", timeout=LOAD_TIMEOUT)
        )
        if response is not None and faults.logged_out(
            response.status, response.location
        ):
            self.zombies.append(zombie)
            return True
        return False

    def zombie(self, browser, base=None):
        response = self.timed(
            lambda: browser.get(self.dashboard_url, base=base, timeout=LOAD_TIMEOUT)
        )
        if (
            response is not None
            and response.status < 500
            and not faults.logged_out(response.status, response.location)
        ):
            self.tally.stale_page(
                "abgemeldete Sitzung",
                f"abgemeldete Sitzung gilt wieder ({_where(response)}, "
                f"Status {response.status})",
            )

    # Load, the pages read again, lost answers.

    def staff_load(self, browser, who, stop):
        while not stop.is_set():
            self.overview(browser, who)
            self.agenda(browser, who)
            self.timed(lambda: browser.get(self.dashboard_url, timeout=LOAD_TIMEOUT))
            stop.wait(0.1)

    def partner_load(self, partners, label, stop):
        count = 0
        while not stop.is_set():
            count += 1
            with self.answering:
                self.answer(next(partners), "accepted", f"Last {label} Nr. {count}")
            stop.wait(0.1)

    def read_all(self, base, partners=()):
        """Every page of the oracles once on ``base``."""
        self.overview(self.orga, "die Organisatorin", base)
        self.overview(self.reader, "die Leserin", base)
        self.agenda(self.orga, "die Organisatorin", base)
        self.agenda(self.reader, "die Leserin", base)
        for partner in partners:
            self.partner_page(partner, base)
        for zombie in self.zombies:
            self.zombie(zombie, base)

    @contextlib.contextmanager
    def quiet(self):
        """No partner answers meanwhile (the staff keep reading)."""
        for _ in self.load_partners:
            self.answering.acquire()
        try:
            yield
        finally:
            for _ in self.load_partners:
                self.answering.release()

    def answered(self, limit=6):
        """Partners who answered in this phase (a few)."""
        answered = {pk for tally, pk, _ in self.saved if tally is self.tally}
        return [p for p in self.partners if p.pk in answered][:limit]

    def check_pages(self, number):
        """Every page on each server, judged against the database."""
        changed = self.partners[LOAD_PARTNERS : LOAD_PARTNERS + number + 1]
        sample = self.answered()
        sample += [p for p in self.snapshot_partners if p not in sample]
        for base in self.servers:
            self.read_all(base, [*changed, *sample])

    def count_lost(self):
        from teilnehmer.invitations.models import Invitation

        for tally, pk, comment in self.saved:
            if (
                tally is self.tally
                and not Invitation.history.filter(id=pk, comment=comment).exists()
            ):
                tally.lost_answer(f"Einladung {pk}: {comment!r}")

    # The faults: ``changes`` runs while Redis is down or hangs, or between
    # the snapshot and the restore; ``check`` reads every page again as soon
    # as Redis answers, before another partner answer could renew a stamp (a
    # stale page would stay until the next change).

    def stop_fault(self, changes, check):
        started = time.monotonic()
        self.redis.kill()
        changer = threading.Thread(target=changes)
        changer.start()
        time.sleep(FAULT_SECONDS)
        self.redis.start()
        self.tally.fault = (started, time.monotonic())
        changer.join()
        with self.quiet():
            check()

    def hang_fault(self, changes, check):
        started = time.monotonic()
        self.redis.pause()
        changer = threading.Thread(target=changes)
        changer.start()
        time.sleep(FAULT_SECONDS)
        self.redis.resume()
        self.tally.fault = (started, time.monotonic())
        changer.join()
        with self.quiet():
            check()

    def restore_fault(self, changes, check):
        with self.quiet():
            # Every page read (and so cached) for the stamps of the snapshot.
            self.snapshot_partners = self.answered()
            self.read_all(self.lb, self.snapshot_partners)
            self.redis.client().set("siko-scaleout:snapshot", "1")
            self.redis.save()
        changes()
        time.sleep(1.5)  # the load reads (and caches) the changed pages
        with self.quiet():
            started = time.monotonic()
            self.redis.shutdown_nosave()
            self.redis.start()
            self.tally.fault = (started, time.monotonic())
            loaded = bool(self.redis.client().get("siko-scaleout:snapshot"))
            check()
        # Without the older state the phase would prove nothing.
        return {"alter Stand geladen": loaded}

    def phase(self, number, fault, name, title):
        from django.db import connections

        tally = self.tally = faults.Tally(name)
        changed = self.partners[LOAD_PARTNERS + number]
        # Before: the partner declines, a user logs in, every page is read
        # (and so cached).
        self.answer(changed, "declined", f"Absage vor Phase {number + 1}")
        leaving = Browser(
            self.lb, headers={"X-Forwarded-For": f"192.0.2.{30 + number}"}
        )
        leaving.login("abmelder", PASSWORD)
        self.timed(lambda: leaving.get(self.dashboard_url, timeout=LOAD_TIMEOUT))
        self.read_all(self.lb, [changed])

        stop_load = threading.Event()

        def worker(target, *args):
            try:
                target(*args, stop_load)
            finally:
                connections.close_all()

        threads = [
            threading.Thread(
                target=worker, args=(self.staff_load, self.orga, "die Organisatorin")
            ),
            threading.Thread(
                target=worker, args=(self.staff_load, self.reader, "die Leserin")
            ),
            *(
                threading.Thread(
                    target=worker,
                    args=(self.partner_load, partners, f"{number + 1}.{slot + 1}"),
                )
                for slot, partners in enumerate(self.load_partners)
            ),
        ]
        for thread in threads:
            thread.start()
        done = {}

        def changes():
            try:
                done["Zusage"] = self.answer(
                    changed, "accepted", f"Zusage in Phase {number + 1}"
                )
                done["VS-NfD"] = self.raise_item(title)
                done["Abmeldung"] = self.log_out(leaving)
            finally:
                connections.close_all()

        try:
            time.sleep(1.5)
            check = functools.partial(self.check_pages, number)
            done.update(getattr(self, f"{fault}_fault")(changes, check) or {})
            time.sleep(2)
        finally:
            stop_load.set()
            for thread in threads:
                thread.join()
        # And once more after the load.
        self.check_pages(number)
        self.count_lost()
        return tally, done


def _fault_phases(checks, redis_server, *, servers, lb, conference_pk, links):
    if len(links) < LOAD_PARTNERS + len(PHASES):
        checks.check("Redis-Fehler", False, f"nur {len(links)} Partnerlinks")
        return
    run = _FaultRun(
        redis_server, servers=servers, lb=lb, conference_pk=conference_pk, links=links
    )
    tallies = []
    for number, (fault, name, title) in enumerate(PHASES):
        tally, done = run.phase(number, fault, name, title)
        tallies.append(tally)
        slow = fault == "hang" and tally.slowest_ms >= HANG_LIMIT_MS
        changes = ", ".join(f"{k} {'ja' if v else 'NEIN'}" for k, v in done.items())
        checks.check(
            f"Redis-Fehler „{name}“ unter Last auf beiden Servern: keine 5xx, "
            "keine veralteten Seiten, keine verlorenen Antworten"
            + (f", keine Anfrage über {HANG_LIMIT_MS} ms" if fault == "hang" else ""),
            tally.clean and not slow and len(done) >= 3 and all(done.values()),
            f"{tally.summary()}; Änderungen gespeichert: {changes}",
        )
        for note in tally.notes + tally.other_notes:
            print(f"       {note}", flush=True)
    print()
    print("Redis-Fehler unter Last (je Phase):")
    print(faults.report(tallies), flush=True)
    print()


def main():
    # First of all, before any check is counted: a database the run does not
    # own (e.g. production's in an administrator's shell) ends it here.
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        _refuse_foreign_database(os.environ["DATABASE_URL"])
    checks = Checks()
    try:
        run(checks)
    except Exception as error:  # noqa: BLE001 - a crash is a failed run
        checks.check("Ablauf", False, repr(error))
        raise
    finally:
        print()
        if checks.failed:
            print(f"Skalierungstest FEHLGESCHLAGEN: {', '.join(checks.failed)}")
        else:
            print(f"Skalierungstest bestanden: {len(checks.results)} Prüfungen.")
    sys.exit(1 if checks.failed else 0)


if __name__ == "__main__":
    main()
