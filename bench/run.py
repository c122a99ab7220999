"""SiKo benchmark in ratios to the framework ceiling.

    make bench                                   # SQLite (var/bench/)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/siko_bench make bench
    BENCH_SECONDS=5 make bench                   # short run

Seeds a fresh database (bench/seed.py), starts SiKo under gunicorn (2 sync
workers, production settings plus bench/settings.py, DEBUG off) and beside it,
with the same gunicorn settings, a bare Django view of 20 KB (bench/ceiling.py:
the **ceiling** of this machine). wrk drives the ceiling (before and after the
pages), then every page: 8 clients for requests/s, 1 client for the mean
latency. Every page is reported as a fraction of the ceiling ("× ceiling")
against its target (issue 22); the Markdown table is printed and written to
var/bench/ergebnis.md. The CPU split of the ceiling run shows that wrk is not
the bottleneck.
"""

import argparse
import datetime
import json
import os
import platform
import re
import resource
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.browser import Browser  # noqa: E402

PY = sys.executable
VENV_BIN = Path(PY).parent
PORT = 8765
CEILING_PORT = 8766
CLIENTS = 8
LUA = ROOT / "bench" / "wrk_report.lua"


def _env(database_url):
    env = dict(os.environ)
    env.update(
        {
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_COOKIES": "0",
            "SIKO_VAR_DIR": str(ROOT / "var" / "bench"),
            "DATABASE_URL": database_url,
            "CONN_MAX_AGE": "600",
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            # Load from one address: the partner link's per-address limit is
            # tested in the unit suite and in the scale-out run, not here.
            "SIKO_PARTNER_RATE_LIMIT": "1000000",
            # The logged-in 404 page must not flood the output with warnings.
            "LOG_LEVEL": "ERROR",
        }
    )
    return env


def shared_cache(env):
    """Redis as in production (README, "Mehrere App-Server"): sessions and
    the logged-in user come from it. BENCH_REDIS_URL picks the database (it
    is emptied); "0" measures without Redis."""
    url = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")
    if url == "0":
        return None
    try:
        import redis

        redis.Redis.from_url(url, socket_timeout=2).flushdb()
    except Exception as error:  # noqa: BLE001 - measured without, and said so
        print(f"Redis nicht erreichbar ({error}): Messung ohne Redis", flush=True)
        return None
    env["REDIS_URL"] = url
    return url


def fresh_database(database_url):
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
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def manage(env, *args):
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
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)


def wait_until_up(url, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - loopback
                return
        except Exception:  # noqa: BLE001 - not up yet
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not come up")


def ensure_debian_package(command, package):
    """Install a Debian package when its command is missing (as .ci/run does)."""
    if shutil.which(command):
        return
    if shutil.which("apt-get"):
        subprocess.run(  # noqa: S603
            ["apt-get", "install", "-y", "-qq", package],  # noqa: S607
            check=False,
            env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
        )
    if not shutil.which(command):
        sys.exit(f"{command} fehlt: apt-get install {package}")


def gunicorn(app, port, env, workers=2, log=None, errors=None):
    """gunicorn with SiKo's production settings: ``workers`` sync workers;
    ``errors``: a file for its output (warnings such as "Not Found")."""
    output = open(errors, "ab") if errors else None  # noqa: SIM115 - lives with it
    return subprocess.Popen(  # noqa: S603
        [
            str(VENV_BIN / "gunicorn"),
            app,
            "--workers",
            str(workers),
            "--worker-class",
            "sync",
            "--preload",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            *(["--access-logfile", str(log)] if log else []),
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=output,
        stderr=output,
    )


def stop(process):
    try:
        os.killpg(process.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    process.wait(timeout=30)


def _children(pid):
    kids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            kids.append(int(stat.parent.name))
    return kids


def _cpu_seconds(pids):
    """User + system CPU seconds of these processes so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / ticks


def _machine_busy():
    """(busy, total) CPU seconds of the whole machine so far (/proc/stat)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle = values[3] + values[4]
    ticks = os.sysconf("SC_CLK_TCK")
    return (sum(values) - idle) / ticks, sum(values) / ticks


def wrk(url, *, clients, seconds, cookie=None):
    """One wrk run: requests/s, mean latency (ms) and error counts."""
    threads = min(2, clients)
    command = [
        "wrk",
        f"-t{threads}",
        f"-c{clients}",
        f"-d{seconds}s",
        "--timeout",
        "30s",
        "-s",
        str(LUA),
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(  # noqa: S603
        [*command, url], capture_output=True, text=True, check=True
    ).stdout
    data = json.loads(re.search(r"BENCH-JSON (\{.*\})", out).group(1))
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
    data["mean_ms"] = data["mean_us"] / 1000
    data["errors"] = sum(
        data[k] for k in ("connect", "read", "write", "timeout")
    )  # status errors are checked per page (the 404 page answers 404)
    return data


def measure_ceiling(server, seconds):
    """The ceiling with 8 and 1 clients, and who used the CPU meanwhile."""
    workers = _children(server.pid)
    cpu_workers = _cpu_seconds(workers)
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy_before, _ = _machine_busy()
    started = time.monotonic()
    eight = wrk(f"http://127.0.0.1:{CEILING_PORT}/", clients=CLIENTS, seconds=seconds)
    wall = time.monotonic() - started
    children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    busy_after, _ = _machine_busy()
    wrk_cpu = (children_after.ru_utime - children_before.ru_utime) + (
        children_after.ru_stime - children_before.ru_stime
    )
    gunicorn_cpu = _cpu_seconds(workers) - cpu_workers
    cores = os.cpu_count() or 1
    busy = busy_after - busy_before
    split = {
        "wall": wall,
        "wrk": wrk_cpu / wall,
        "gunicorn": gunicorn_cpu / wall,
        "other": max(0.0, busy - wrk_cpu - gunicorn_cpu) / wall,
        "cores": cores,
    }
    one = wrk(
        f"http://127.0.0.1:{CEILING_PORT}/", clients=1, seconds=max(2, seconds // 2)
    )
    return eight, one, split


def sessions(base, pages, partner_open):
    """One logged-in session per user (a TOTP code is good once per 30 s)."""
    from bench.seed import BENCH_PASSWORD, TOTP_KEY

    cookies = {}
    for user in sorted({p["user"] for p in pages}):
        browser = Browser(base)
        if user == "partner":
            response = browser.get(partner_open)
            if response.status != 302:
                raise RuntimeError(f"partner link: status {response.status}")
        else:
            browser.login(user, BENCH_PASSWORD, totp_key=TOTP_KEY)
        cookies[user] = "; ".join(f"{c.name}={c.value}" for c in browser.jar)
    return cookies


def probe(base, page, cookie):
    """One request before the load: the expected status (no redirect), the
    size and the SQL queries (X-SiKo-Queries from bench/querycount.py)."""
    browser = Browser(base, headers={"Cookie": cookie})
    response = browser.get(page["path"])
    if response.status != page["status"]:
        raise RuntimeError(
            f"{page['name']}: status {response.status} (erwartet {page['status']}) "
            f"{response.location}"
        )
    return {
        "bytes": len(response.text.encode()),
        "queries": response.headers.get("X-SiKo-Queries", "–"),
    }


def verdict(ratio, target):
    if target is None:
        return "–", "–"
    return f"≥ {target:g}", "erreicht" if ratio >= target else "**verfehlt**"


def table(results, ceiling, header):
    from bench.pages import COMBINED, COMBINED_TARGET

    lines = [
        header,
        "",
        "| Seite | × Decke (8 Clients) | Ziel | | Anfragen/s | Decke dabei "
        "| 1 Client, ms | SQL | KB |",
        "|---|---:|---:|---|---:|---:|---:|---:|---:|",
        f"| **Decke**: Django-View, 20 KB, ohne Middleware und Datenbank | 1 | | "
        f"| {ceiling['rps']:.0f} | | {ceiling['mean_ms']:.2f} | 0 | 20 |",
    ]
    missed = 0
    for r in results:
        target, state = verdict(r["ratio"], r["target"])
        missed += state.startswith("**")
        lines.append(
            f"| {r['label']} | {r['ratio']:.3f} | {target} | {state} "
            f"| {r['rps']:.0f} | {r['ceiling_rps']:.0f} | {r['mean_ms']:.1f} "
            f"| {r['queries']} "
            f"| {r['bytes'] / 1024:.0f} |"
        )
    combined = [r for r in results if r["name"] in COMBINED]
    if len(combined) == len(COMBINED):
        ratio = 1 / sum(1 / r["ratio"] for r in combined)
        target, state = verdict(ratio, COMBINED_TARGET)
        missed += state.startswith("**")
        lines.append(
            "| Antworten + Tagesordnung + Protokoll zusammen "
            f"(1/(1/a+1/b+1/c)) | {ratio:.4f} | {target} | {state} "
            f"| {1 / sum(1 / r['rps'] for r in combined):.1f} | "
            f"| {sum(r['mean_ms'] for r in combined):.1f} | | |"
        )
    return "\n".join(lines), missed


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--duration",
        type=int,
        default=int(os.environ.get("BENCH_SECONDS") or 15),
        help="seconds per page with 8 clients (BENCH_SECONDS)",
    )
    parser.add_argument("--skip-seed", action="store_true", help="reuse the database")
    parser.add_argument(
        "--partners", type=int, default=200, help="partners answering at once"
    )
    parser.add_argument(
        "--only", default="", help="comma-separated page names (bench/pages.py)"
    )
    parser.add_argument(
        "--out", default=str(ROOT / "var" / "bench" / "ergebnis.md"), help="table file"
    )
    args = parser.parse_args()
    ensure_debian_package("wrk", "wrk")

    database_url = os.environ.get(
        "DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench' / 'bench.sqlite3'}"
    )
    env = _env(database_url)
    redis_url = shared_cache(env)
    os.environ.update(env)
    import django

    django.setup()
    engine = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
    if not args.skip_seed:
        fresh_database(database_url)
        manage(env, "migrate", "--no-input", "-v0")
        started = time.monotonic()
        manage(env, "seed_bench", "--force")
        print(f"Seeding on {engine}: {time.monotonic() - started:.0f} s", flush=True)
    manage(env, "collectstatic", "--no-input", "-v0")
    resolved = _pages(env)
    pages = resolved["pages"]
    if args.only:
        chosen = set(args.only.split(","))
        pages = [page for page in pages if page["name"] in chosen]

    base = f"http://127.0.0.1:{PORT}"
    server = gunicorn(
        "konferenz.wsgi", PORT, env, errors=ROOT / "var" / "bench" / "gunicorn.log"
    )
    ceiling_server = gunicorn("bench.ceiling", CEILING_PORT, env)
    results = []
    concurrency_ok = True
    single = max(2, min(args.duration, 8))
    near_seconds = max(2, args.duration // 3)
    ceiling_url = f"http://127.0.0.1:{CEILING_PORT}/"
    try:
        wait_until_up(f"{base}/anmelden/")
        wait_until_up(f"http://127.0.0.1:{CEILING_PORT}/")
        cookies = sessions(base, pages, resolved["partner_open"])
        for page in pages:  # warm both workers (templates, connections)
            probe(base, page, cookies[page["user"]])
        wrk(f"http://127.0.0.1:{CEILING_PORT}/", clients=CLIENTS, seconds=2)
        before, before_one, split = measure_ceiling(ceiling_server, args.duration)
        print(f"  Decke: {before['rps']:.0f}/s", file=sys.stderr, flush=True)
        for page in pages:
            info = probe(base, page, cookies[page["user"]])
            url = base + page["path"]
            cookie = cookies[page["user"]]
            # The ceiling right before the page: a machine shared with other
            # work gives both the same share of the CPU.
            near = wrk(ceiling_url, clients=CLIENTS, seconds=near_seconds)
            eight = wrk(url, clients=CLIENTS, seconds=args.duration, cookie=cookie)
            probe(base, page, cookie)  # waits until the 8 clients' queue drained
            one = wrk(url, clients=1, seconds=single, cookie=cookie)
            if one["requests"] < 5:  # slow page: long enough for 5 requests
                seconds = int(5 * max(1.0, one["mean_ms"]) / 1000) + single
                one = wrk(url, clients=1, seconds=min(seconds, 60), cookie=cookie)
            wrong = eight["status"] + one["status"] if page["status"] < 400 else 0
            results.append(
                {
                    **page,
                    **info,
                    "rps": eight["rps"],
                    "ceiling_rps": near["rps"],
                    "mean_ms": one["mean_ms"],
                    "errors": eight["errors"] + one["errors"] + wrong,
                }
            )
            print(
                f"  {page['label']}: {eight['rps']:.0f}/s (Decke {near['rps']:.0f}/s),"
                f" {one['mean_ms']:.1f} ms",
                file=sys.stderr,
                flush=True,
            )
        after, after_one, _ = measure_ceiling(ceiling_server, args.duration)
        if not args.skip_seed and not args.only:
            concurrency_ok = _concurrency_test(base, args.partners)
    finally:
        stop(server)
        stop(ceiling_server)

    ceiling = {
        "rps": (before["rps"] + after["rps"]) / 2,
        "mean_ms": (before_one["mean_ms"] + after_one["mean_ms"]) / 2,
    }
    for r in results:
        r["ratio"] = r["rps"] / r["ceiling_rps"]
    header = (
        f"SiKo-Benchmark, {engine}, {datetime.date.today():%d.%m.%Y}, "
        f"{platform.machine()} {os.cpu_count()} Kerne, gunicorn 2 sync Worker, "
        f"{'Redis (Cache und Sitzungen)' if redis_url else 'ohne Redis'}, "
        f"wrk {CLIENTS} Clients je {args.duration} s, 1 Client je {single} s. "
        f"Decke vor/nach den Seiten: {before['rps']:.0f}/{after['rps']:.0f} "
        f"Anfragen/s (Mittel {ceiling['rps']:.0f}); jede Seite wird an der "
        f"Decke unmittelbar davor gemessen ({near_seconds} s). CPU während der Decke "
        f"(Kerne von {split['cores']}): gunicorn {split['gunicorn']:.2f}, "
        f"wrk {split['wrk']:.2f}, andere Prozesse {split['other']:.2f}."
    )
    text, missed = table(results, ceiling, header)
    errors = [r["label"] for r in results if r["errors"]]
    if errors:
        text += "\n\nFehler (Status oder Verbindung): " + ", ".join(errors)
    if not concurrency_ok:
        text += "\n\nGleichzeitigkeit: Antworten verloren oder doppelt."
    print()
    print(text)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text + "\n")
    print(f"\n({missed} Ziele verfehlt; Tabelle in {out})")
    if errors or not concurrency_ok:
        sys.exit(1)


def _concurrency_test(base, partners):
    """``partners`` partners answer at the same moment through their own links;
    afterwards exactly that many answers must be stored, none lost or doubled."""
    import threading

    import django

    django.setup()
    from bench.seed import CONCURRENCY_TITLE, concurrency_token
    from teilnehmer.invitations.models import Invitation

    barrier = threading.Barrier(partners, timeout=120)
    statuses = []

    def partner(n):
        browser = Browser(base)
        browser.get(f"/einladung/{concurrency_token(n)}/")
        page = browser.get("/einladung/antwort/")
        barrier.wait()
        try:
            response = browser.submit(
                page,
                has_field="answer",
                overrides={"answer": "accepted", "comment": f"Zusage {n}"},
            )
            statuses.append(response.status)
        except Exception as error:  # noqa: BLE001 - reported below
            statuses.append(repr(error))

    threads = [threading.Thread(target=partner, args=(n,)) for n in range(partners)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    qs = Invitation.objects.filter(conference__title=CONCURRENCY_TITLE)
    accepted, total = qs.filter(answer="accepted").count(), qs.count()
    history = Invitation.history.filter(
        conference__title=CONCURRENCY_TITLE, answer="accepted"
    ).count()
    ok = sum(1 for s in statuses if s == 302)
    print(
        f"Gleichzeitigkeit: {partners} Partner antworten gleichzeitig – "
        f"{ok} Antworten angenommen (302), {accepted} von {total} Einladungen "
        f"gespeichert, {history} Verlaufseinträge",
        flush=True,
    )
    return accepted == partners == ok and history == partners


if __name__ == "__main__":
    main()
