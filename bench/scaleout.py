"""Scale-out run: two SiKo app servers behind nginx, one PostgreSQL, one Redis.

    make scaleout
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/siko_scaleout \\
        REDIS_URL=redis://127.0.0.1:6379/13 .venv/bin/python bench/scaleout.py

The recommended production topology (README, "Betrieb mit mehreren
App-Servern") on loopback: nginx → 2 × gunicorn (2 sync workers each, the
product's settings, ``REDIS_URL`` set: cache, rate limits and cached sessions in
Redis) → PostgreSQL, plus one ``db_worker`` per app server for the mail tasks
(django-tasks database backend). Mails go to files, so that every sent mail
can be counted.

Checks, each across both servers: the session of a login on server 1 works on
server 2 and a logout on server 2 ends it on server 1; a user locked out after
failed logins on server 1 is locked out on server 2; a client address that
guesses bad partner links is limited on both servers; two staff members editing
the same conference through different servers: the second gets the conflict;
200 invitations sent by staff through the servers are mailed exactly once each
(two workers compete for the tasks); 200 partners open their link from the
mail and answer at the same moment through nginx, spread over both servers,
and all 200 answers are saved. Exit code 1 on any failure.
"""

import datetime
import email
import email.policy
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

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

NGINX_CONF = """\
worker_processes 2;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log {tmp}/nginx-access.log;
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

    from konferenz.core.models import Conference, Membership, PoliceAuthority
    from teilnehmer.addressbook.models import Authority, Contact

    pa = PoliceAuthority.objects.get(press_code=TENANT)
    User = get_user_model()
    for name in ("orga-1", "orga-2", "gesperrt"):
        user = User.objects.create_user(
            name, email=f"{name}@polizei.example", password=PASSWORD
        )
        Membership.objects.create(user=user, police_authority=pa, is_organiser=True)
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
    return conference.pk, [a.pk for a in authorities]


def _errors(html):
    """The form errors a page shows (for the report)."""
    return re.findall(
        r'class="[^"]*(?:invalid-feedback|alert-danger)[^"]*"[^>]*>\s*([^<]+)', html
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


def _start_nginx(tmp):
    conf = Path(tmp) / "nginx.conf"
    servers = "\n".join(f"    server 127.0.0.1:{port};" for port in SERVERS.values())
    conf.write_text(NGINX_CONF.format(tmp=tmp, port=NGINX_PORT, servers=servers))
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


def run(checks):  # noqa: C901 - one scenario, read top to bottom
    database_url = os.environ.get("DATABASE_URL", "")
    if not database_url.startswith("postgres"):
        database_url = "postgres://postgres@127.0.0.1:5432/siko_scaleout"
    redis_url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/13"
    ensure_debian_package("nginx", "nginx")
    tmp = tempfile.mkdtemp(prefix="siko-scaleout-")
    os.chmod(tmp, 0o755)  # noqa: S103 - nginx workers read their temp paths
    mail_dir = Path(tmp) / "mail"
    mail_dir.mkdir()
    env = _env(database_url, redis_url, mail_dir)
    os.environ.update(env)

    import redis

    redis.Redis.from_url(redis_url).flushdb()
    fresh_database(database_url)
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "collectstatic", "--no-input", "-v0")

    import django

    django.setup()
    from django.urls import reverse
    from django_tasks_db.models import DBTaskResult

    from konferenz.core.models import Conference
    from teilnehmer.invitations.models import Invitation

    conference_pk, authority_ids = _seed()

    processes = []
    try:
        for port in SERVERS.values():
            log = Path(tmp) / f"gunicorn-{port}.log"
            processes.append(gunicorn("konferenz.wsgi", port, env, log=log))
            processes.append(
                subprocess.Popen(  # noqa: S603
                    [
                        PY,
                        "manage.py",
                        "db_worker",
                        "--interval",
                        "0.2",
                        "--worker-id",
                        f"worker-{port}",
                    ],
                    cwd=ROOT,
                    env=env,
                    start_new_session=True,
                )
            )
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
        while pending.exists() and time.monotonic() < deadline:
            time.sleep(1)
        time.sleep(2)  # a duplicate run would show up now
        mails = _mails(mail_dir)
        recipients = Counter(str(m["To"]) for m in mails)
        tasks = DBTaskResult.objects.all()
        statuses = Counter(tasks.values_list("status", flat=True))
        workers = Counter(
            w for ids in tasks.values_list("worker_ids", flat=True) for w in ids
        )
        checks.check(
            "Versand über Server 2 und zwei Task-Worker: 200 Mails, jede genau einmal",
            sent.status == 302
            and len(mails) == PARTNERS
            and len(recipients) == PARTNERS
            and set(recipients.values()) == {1}
            and statuses == {"SUCCESSFUL": PARTNERS}
            and not pending.exists(),
            f"{len(mails)} Mails an {len(recipients)} Adressen, "
            f"Tasks {dict(statuses)}, Worker {dict(workers)}",
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

        # --- The burst: 200 partners through nginx at the same moment.
        # The answers table is read first on server 2, so that it is cached
        # there with no answer yet (checked after the burst on server 1).
        before = orga2.get(
            reverse("invitations:overview", args=[conference_pk]), base=s2
        )
        links = [link for link in (_link(m) for m in mails) if link]
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
        extra = DBTaskResult.objects.exclude(status="SUCCESSFUL").count()
        checks.check(
            "Keine Aufgabe fehlgeschlagen oder liegen geblieben",
            extra == 0,
            f"{extra} nicht erfolgreich",
        )
        store = redis.Redis.from_url(redis_url)
        session_keys = len(list(store.scan_iter("*django.contrib.sessions.cached_db*")))
        rate_keys = len(list(store.scan_iter("*siko-rate*")))
        checks.check(
            "Redis hält die gemeinsamen Sitzungen und Zähler",
            session_keys > 0 and rate_keys > 0,
            f"{session_keys} Sitzungen, {rate_keys} Zähler",
        )
    finally:
        for process in reversed(processes):
            stop(process)
        if checks.failed:
            print(f"Protokolle in {tmp}", flush=True)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def main():
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
