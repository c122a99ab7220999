"""SiKo benchmark: seeded state-wide data, gunicorn, locust, one table.

    make bench                                   # SQLite (var/bench/)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/siko_bench make bench

Starts the app under gunicorn (2 workers, production settings, DEBUG off) on a
freshly seeded database, drives each page with locust (8 concurrent users, a
fixed duration per page, from a separate process) and prints one table:
page, requests/s, p50, p95, p99, errors, SQL queries per request.
"""

import argparse
import csv
import datetime
import json
import os
import platform
import secrets
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
VENV_BIN = Path(PY).parent
PORT = 8765


def _env(database_url):
    env = dict(os.environ)
    env.update(
        {
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "SIKO_QUERY_COUNT_HEADER": "1",
            "SIKO_VAR_DIR": str(ROOT / "var" / "bench"),
            "DATABASE_URL": database_url,
            "CONN_MAX_AGE": "600",
            # Load from one address: the partner link's per-address limit is
            # tested in the unit suite, not here.
            "SIKO_PARTNER_RATE_LIMIT": "1000000",
        }
    )
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def _fresh_database(database_url):
    url = urlsplit(database_url)
    if url.scheme.startswith("sqlite"):
        path = Path(url.path)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        return
    import psycopg2

    name = url.path.lstrip("/")
    admin = psycopg2.connect(
        host=url.hostname, port=url.port or 5432, user=url.username, dbname="postgres"
    )
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def _manage(env, *args):
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603


def _pages(env):
    """The pages to measure, as JSON from bench/pages.py inside Django."""
    out = subprocess.run(  # noqa: S603
        [
            PY,
            "-c",
            "import django; django.setup(); from bench.pages import main; main()",
        ],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "konferenz.settings"},
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)


def _wait_until_up(url, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - loopback
                return
        except Exception:  # noqa: BLE001 - not up yet
            time.sleep(0.5)
    raise RuntimeError("gunicorn did not come up")


def _run_page(env, page, users, duration, workdir):
    prefix = workdir / page["name"]
    queries_file = workdir / f"{page['name']}.queries.json"
    locust_env = {
        **env,
        "BENCH_PATH": page["path"],
        "BENCH_OPEN": page.get("open", ""),
        "BENCH_USER": page.get("user", ""),
        "BENCH_PASSWORD": page.get("password", ""),
        "BENCH_QUERIES_FILE": str(queries_file),
    }
    subprocess.run(  # noqa: S603
        [
            str(VENV_BIN / "locust"),
            "-f",
            str(ROOT / "bench" / "locustfile.py"),
            "--headless",
            "--only-summary",
            "-u",
            str(users),
            "-r",
            str(users),
            "-t",
            f"{duration}s",
            "--host",
            f"http://127.0.0.1:{PORT}",
            "--csv",
            str(prefix),
            "--loglevel",
            "ERROR",
        ],
        cwd=ROOT,
        env=locust_env,
        check=False,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    with open(f"{prefix}_stats.csv") as f:
        row = next((r for r in csv.DictReader(f) if r["Name"] == "page"), None)
    if row is None:  # not a single request of the page completed
        row = {
            "Requests/s": "0",
            "50%": "–",
            "95%": "–",
            "99%": "–",
            "Failure Count": "1",
            "Request Count": "0",
        }
    queries = json.loads(queries_file.read_text()) if queries_file.exists() else []
    return {
        "page": page["label"],
        "rps": float(row["Requests/s"]),
        "p50": row["50%"],
        "p95": row["95%"],
        "p99": row["99%"],
        "errors": int(row["Failure Count"]),
        "requests": int(row["Request Count"]),
        "queries": "/".join(str(q) for q in queries) or "–",
    }


def _concurrency_test(env, partners):
    """``partners`` partners answer at the same moment through their own links;
    afterwards exactly that many answers must be stored, none lost or doubled."""
    import http.cookiejar
    import re
    import threading
    import urllib.parse

    sys.path.insert(0, str(ROOT))
    os.environ.update({**env, "DJANGO_SETTINGS_MODULE": "konferenz.settings"})
    import django

    django.setup()
    from konferenz.management.commands.seed_bench import concurrency_token

    base = f"http://127.0.0.1:{PORT}"
    barrier = threading.Barrier(partners, timeout=120)
    statuses = []

    def partner(n):
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = opener.open(f"{base}/einladung/{concurrency_token(n)}/", timeout=60)
        html = page.read().decode()
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        data = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": csrf,
                "answer": "accepted",
                "comment": f"Zusage {n}",
            }
        ).encode()
        request = urllib.request.Request(  # noqa: S310 - loopback http only
            f"{base}/einladung/antwort/",
            data=data,
            headers={"Referer": f"{base}/einladung/antwort/"},
        )
        barrier.wait()
        try:
            with opener.open(request, timeout=120) as response:
                statuses.append(response.status)
        except Exception as error:  # noqa: BLE001 - reported below
            statuses.append(repr(error))

    threads = [threading.Thread(target=partner, args=(n,)) for n in range(partners)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    check = subprocess.run(  # noqa: S603
        [
            PY,
            "-c",
            "import django; django.setup()\n"
            "from konferenz.management.commands.seed_bench import CONCURRENCY_TITLE\n"
            "from teilnehmer.models import Invitation\n"
            "qs = Invitation.objects.filter(conference__title=CONCURRENCY_TITLE)\n"
            "history = Invitation.history.filter(conference__title=CONCURRENCY_TITLE,"
            " answer='accepted')\n"
            "print(qs.filter(answer='accepted').count(), qs.count(), history.count())",
        ],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "konferenz.settings"},
        check=True,
        capture_output=True,
        text=True,
    )
    accepted, total, history = (int(x) for x in check.stdout.split())
    ok = sum(1 for s in statuses if s == 200)
    print(
        f"Gleichzeitigkeit: {partners} Partner antworten gleichzeitig – "
        f"{ok} Antworten mit Status 200, {accepted} von {total} Einladungen "
        f"gespeichert, {history} Verlaufseinträge"
    )
    return accepted == partners == ok and history == partners


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=int, default=15, help="seconds per page")
    parser.add_argument("--users", type=int, default=8, help="concurrent clients")
    parser.add_argument("--skip-seed", action="store_true", help="reuse the database")
    parser.add_argument(
        "--partners", type=int, default=200, help="partners answering at once"
    )
    parser.add_argument(
        "--only", default="", help="comma-separated page names (bench/pages.py)"
    )
    args = parser.parse_args()

    database_url = os.environ.get(
        "DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench' / 'bench.sqlite3'}"
    )
    env = _env(database_url)
    engine = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    if not args.skip_seed:
        _fresh_database(database_url)
        _manage(env, "migrate", "--no-input", "-v0")
        started = time.monotonic()
        _manage(env, "seed_bench", "--force")
        print(f"Seeding on {engine}: {time.monotonic() - started:.0f} s", flush=True)
    _manage(env, "collectstatic", "--no-input", "-v0")
    pages = _pages(env)
    if args.only:
        chosen = set(args.only.split(","))
        pages = [page for page in pages if page["name"] in chosen]

    server = subprocess.Popen(  # noqa: S603
        [
            str(VENV_BIN / "gunicorn"),
            "konferenz.wsgi",
            "--workers",
            "2",
            "--preload",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    results = []
    concurrency_ok = True
    try:
        _wait_until_up(f"http://127.0.0.1:{PORT}/anmelden/")
        for _ in range(20):  # warm both workers (templates, connections)
            _wait_until_up(f"http://127.0.0.1:{PORT}/anmelden/")
        with tempfile.TemporaryDirectory() as tmp:
            for page in pages:
                results.append(
                    _run_page(env, page, args.users, args.duration, Path(tmp))
                )
                print(f"  measured {page['label']}", file=sys.stderr, flush=True)
        if not args.skip_seed and not args.only:
            concurrency_ok = _concurrency_test(env, args.partners)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    print()
    print(
        f"SiKo benchmark, {engine}, {datetime.date.today():%d.%m.%Y}, "
        f"{platform.machine()} {os.cpu_count()} cores, gunicorn 2 workers, "
        f"{args.users} clients, {args.duration} s per page"
    )
    print()
    print("| Seite | Anfragen/s | p50 ms | p95 ms | p99 ms | Fehler | SQL je Anfrage |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for r in results:
        print(
            f"| {r['page']} | {r['rps']:.0f} | {r['p50']} | {r['p95']} | {r['p99']} "
            f"| {r['errors']} | {r['queries']} |"
        )
    if any(r["errors"] for r in results) or not concurrency_ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
