"""SiKo benchmark in ratios to the framework ceiling.

    make bench                                   # SQLite (var/bench/)
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/siko_bench make bench
    BENCH_SECONDS=5 make bench                   # short run

Seeds a fresh database (bench/seed.py), starts SiKo under gunicorn (2 sync
workers, production settings plus bench/settings.py, DEBUG off) and beside it,
with the same gunicorn settings, a bare Django view of 20 KB (bench/ceiling.py:
the **ceiling** of this machine). Cache and sessions live in the bench's own
redis-server on a free loopback port (never the machine's shared Redis). wrk
drives the ceiling (before and after the pages), then every page: 8 clients
for requests/s, 1 client for the mean latency, three times:

- **warm**: every part from the cache (issue 22);
- **cold**: wrk sends ``X-Bench-Cold: 1`` (bench/cold.py), so every
  page-cache lookup misses, as for the first reader after a change (issue 27);
- **Redis stopped**: the bench's redis-server is stopped while the app
  servers keep ``REDIS_URL`` pointing at it; every page must then come from
  the database. A page that answers errors instead is reported with its
  count of non-2xx answers and marked as failed; the run goes on.

Every page is reported as a fraction of the ceiling ("× ceiling") against
its targets; the Markdown table is printed and written to
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
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import guard  # noqa: E402
from bench.browser import Browser  # noqa: E402
from bench.cold import HEADER as COLD_HEADER  # noqa: E402
from bench.cold import VALUE as COLD_VALUE  # noqa: E402
from bench.faults import RedisServer  # noqa: E402

PY = sys.executable
VENV_BIN = Path(PY).parent
PORT = 8765
CEILING_PORT = 8766
CLIENTS = 8
LUA = ROOT / "bench" / "wrk_report.lua"
#: The three measurements of every page, in their order, with their labels.
MODES = {"warm": "warm", "cold": "kalt", "down": "Redis aus"}
#: The bench's own redis-server may fill up with the cold runs' parts: as in
#: production (README, "Redis im Betrieb") it then drops entries that expire.
REDIS_MAXMEMORY = "1gb"


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


def own_redis():
    """The bench's own redis-server (cache, as in production; README,
    "Mehrere App-Server") on a free loopback port, without persistence, in a
    temporary directory of its own (``bench/faults.RedisServer``). The
    machine's shared Redis is never stopped or emptied: the Redis-stopped run
    stops this one."""
    return RedisServer(
        tempfile.mkdtemp(prefix="siko-bench-redis-"),
        options=(
            "--maxmemory",
            REDIS_MAXMEMORY,
            "--maxmemory-policy",
            "volatile-lru",
        ),
    )


def fresh_database(database_url, prefix="siko_bench"):
    """Drop and create the database - only one named with ``prefix``
    (bench/guard.py); any other ends the run before anything is touched."""
    guard.refuse_unless_owned(database_url, prefix, "Der Benchmark")
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


def ensure_debian_library(name, package):
    """Install a Debian package when the shared library ``name`` is missing:
    the bench measures with what production should have (README, "Betrieb":
    HarfBuzz's subsetter makes PDFs about four times faster)."""
    import ctypes.util

    if ctypes.util.find_library(name) or not shutil.which("apt-get"):
        return
    subprocess.run(  # noqa: S603
        ["apt-get", "install", "-y", "-qq", package],  # noqa: S607
        check=False,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
    )


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


def wrk(url, *, clients, seconds, cookie=None, headers=()):
    """One wrk run: requests/s, mean latency (ms) and error counts
    (``status``: answers with a status of 400 or more)."""
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
    for header in headers:
        command += ["-H", header]
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


def probe(base, page, cookie, headers=None):
    """One request: its status (no redirect), the size and the SQL queries
    (X-SiKo-Queries from bench/querycount.py)."""
    browser = Browser(base, headers={"Cookie": cookie, **(headers or {})})
    response = browser.get(page["path"])
    return {
        "status": response.status,
        "location": response.location,
        "bytes": len(response.text.encode()),
        "queries": response.headers.get("X-SiKo-Queries", "–"),
    }


def measure(base, page, cookie, *, mode, seconds, single, near_seconds):
    """One page in one mode: the ceiling right before it, 8 clients, 1 client.
    A probe before, between and after must answer the page's status; wrk
    counts the answers of 400 or more. The warm run stops the bench on a
    wrong first status (the set-up is broken); the others report it."""
    headers = {COLD_HEADER: COLD_VALUE} if mode == "cold" else {}
    wrk_headers = [f"{name}: {value}" for name, value in headers.items()]
    url = base + page["path"]
    first = probe(base, page, cookie, headers)
    if mode == "warm" and first["status"] != page["status"]:
        raise RuntimeError(
            f"{page['name']}: status {first['status']} (erwartet {page['status']}) "
            f"{first['location']}"
        )
    # The ceiling right before the page: a machine shared with other work
    # gives both the same share of the CPU.
    near = wrk(
        f"http://127.0.0.1:{CEILING_PORT}/", clients=CLIENTS, seconds=near_seconds
    )
    eight = wrk(
        url, clients=CLIENTS, seconds=seconds, cookie=cookie, headers=wrk_headers
    )
    between = probe(base, page, cookie, headers)  # the 8 clients' queue drained
    one = wrk(url, clients=1, seconds=single, cookie=cookie, headers=wrk_headers)
    if one["requests"] < 5:  # slow page: long enough for 5 requests
        longer = int(5 * max(1.0, one["mean_ms"]) / 1000) + single
        one = wrk(
            url, clients=1, seconds=min(longer, 60), cookie=cookie, headers=wrk_headers
        )
    last = probe(base, page, cookie, headers)
    probes = [first, between, last]
    wrong = sum(1 for p in probes if p["status"] != page["status"])
    if page["status"] < 400:
        bad, requests = eight["status"] + one["status"] + wrong, len(probes)
        requests += eight["requests"] + one["requests"]
    else:  # the 404 page: wrk's count says nothing there, the probes do
        bad, requests = wrong, len(probes)
    errors = eight["errors"] + one["errors"]
    return {
        "rps": eight["rps"],
        "ceiling_rps": near["rps"],
        "ratio": eight["rps"] / near["rps"],
        "mean_ms": one["mean_ms"],
        "requests": requests,
        "non_2xx": bad,
        "errors": errors,
        "statuses": sorted({p["status"] for p in probes}),
        "failed": bool(bad or errors),
        "queries": first["queries"],
        "bytes": first["bytes"],
    }


def ratio_text(ratio):
    return f"{ratio:.4f}" if ratio < 0.01 else f"{ratio:.3f}"


def verdict(ratio, target, shown=None):
    """The target cell (``None`` for either: "–") and whether it was missed;
    a failed measurement (``ratio`` ``False``) misses its target. ``shown``:
    how the target reads (default: the number)."""
    if target is None or ratio is None:
        return "–", False
    missed = ratio is False or ratio < target
    state = "**verfehlt**" if missed else "erreicht"
    return f"≥ {shown or f'{target:g}'} {state}", missed


def _combined(results, mode):
    """The three pages of COMBINED in ``mode``: ``None`` if one was not
    measured, ``False`` if one failed, else (ratio, requests/s, ms)."""
    from bench.pages import COMBINED

    runs = [r["modes"].get(mode) for r in results if r["name"] in COMBINED]
    if len(runs) != len(COMBINED) or None in runs:
        return None
    if any(run["failed"] for run in runs):
        return False
    return (
        1 / sum(1 / run["ratio"] for run in runs),
        1 / sum(1 / run["rps"] for run in runs),
        sum(run["mean_ms"] for run in runs),
    )


def _cells(runs, value):
    """One column's values of the three modes, "warm / kalt / Redis aus"."""
    return " / ".join("–" if run is None else value(run) for run in runs)


def _ratio_cell(run):
    if run is None:
        return "–"
    return "**fehlgeschlagen**" if run["failed"] else ratio_text(run["ratio"])


def _ms(run):  # a failed run's figures are those of its error page
    return "–" if run["failed"] else f"{run['mean_ms']:.1f}"


def _queries(run):
    return "–" if run["failed"] else str(run["queries"])


def _non_2xx(run):
    if not run["non_2xx"] and not run["errors"]:
        return "0"
    text = f"**{run['non_2xx']} von {run['requests']}**"
    if run["errors"]:
        text += f" + {run['errors']} Verbindungsfehler"
    return text


def table(results, ceiling, header):
    """The Markdown report: per page warm, cold and Redis stopped (× ceiling
    against the targets; 1 client; non-2xx answers; SQL), then the requests/s
    behind the ratios. Returns the text and the number of missed targets."""
    from bench.pages import COMBINED_COLD_TARGET, COMBINED_TARGET

    lines = [
        header,
        "",
        "| Seite | warm × Decke | Ziel warm | kalt × Decke | Ziel kalt "
        "| Redis aus × Decke | Ziel Redis aus | 1 Client, ms (warm / kalt / Redis aus) "
        "| nicht 2xx (warm / kalt / Redis aus) | SQL (warm / kalt / Redis aus) | KB |",
        "|---|---:|---|---:|---|---:|---|---:|---:|---:|---:|",
        f"| **Decke**: Django-View, 20 KB, ohne Middleware und Datenbank | 1 | "
        f"| | | | | {ceiling['mean_ms']:.2f} | 0 | 0 | 20 |",
    ]
    details = [
        "",
        "Anfragen je Sekunde (8 Clients) und die Decke unmittelbar davor:",
        "",
        "| Seite | warm | Decke dabei | kalt | Decke dabei | Redis aus | Decke dabei |",
        "|---|---:|---:|---:|---:|---:|---:|",
        f"| **Decke** (Mittel vor/nach den Seiten) | {ceiling['rps']:.0f} | | | | | |",
    ]
    missed = 0
    for r in results:
        runs = [r["modes"].get(mode) for mode in MODES]
        warm, cold, down = runs
        # With Redis stopped a page must reach its cold figure of this run.
        stopped = cold["ratio"] if cold and not cold["failed"] else None
        cells = []
        for run, target, shown in (
            (warm, r["target"], None),
            (cold, r.get("cold_target"), None),
            (down, stopped, stopped and f"{ratio_text(stopped)} (kalt)"),
        ):
            ratio = None if run is None else (False if run["failed"] else run["ratio"])
            cell, miss = verdict(ratio, target, shown)
            missed += miss
            cells += [_ratio_cell(run), cell]
        lines.append(
            f"| {r['label']} | {' | '.join(cells)} "
            f"| {_cells(runs, _ms)} "
            f"| {_cells(runs, _non_2xx)} "
            f"| {_cells(runs, _queries)} "
            f"| {(warm or cold or down)['bytes'] / 1024:.0f} |"
        )
        details.append(
            f"| {r['label']} | "
            + " | ".join(
                "– | –"
                if run is None
                else f"{run['rps']:.0f} | {run['ceiling_rps']:.0f}"
                for run in runs
            )
            + " |"
        )
    combined = [_combined(results, mode) for mode in MODES]
    if any(c is not None for c in combined):
        warm, cold, down = combined
        stopped = cold[0] if cold else None
        cells = []
        for value, target, shown in (
            (warm, COMBINED_TARGET, None),
            (cold, COMBINED_COLD_TARGET, None),
            (down, stopped, stopped and f"{stopped:.4f} (kalt)"),
        ):
            ratio = value[0] if value else value
            cell, miss = verdict(ratio, target, shown)
            missed += miss
            cells += [
                "–"
                if value is None
                else "**fehlgeschlagen**"
                if value is False
                else f"{value[0]:.4f}",
                cell,
            ]
        ms = " / ".join(
            "–" if value is None or value is False else f"{value[2]:.1f}"
            for value in combined
        )
        lines.append(
            "| Antworten + Tagesordnung + Protokoll zusammen (1/(1/a+1/b+1/c)) "
            f"| {' | '.join(cells)} | {ms} | | | |"
        )
        details.append(
            "| Antworten + Tagesordnung + Protokoll zusammen | "
            + " | ".join(
                "– | " if not value else f"{value[1]:.1f} | " for value in combined
            )
            + " |"
        )
    return "\n".join(lines + details), missed


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
        "--modes",
        default=",".join(MODES),
        help="comma-separated: warm (cache hits), cold (every page-cache lookup "
        "misses), down (the bench's Redis stopped)",
    )
    parser.add_argument(
        "--out", default=str(ROOT / "var" / "bench" / "ergebnis.md"), help="table file"
    )
    args = parser.parse_args()
    database_url = os.environ.get(
        "DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench' / 'siko_bench.sqlite3'}"
    )
    # First of all: a database the bench does not own (e.g. production's in
    # an administrator's shell) ends the run here, before anything is touched.
    guard.refuse_unless_owned(database_url, "siko_bench", "make bench")
    modes = [mode for mode in args.modes.split(",") if mode]
    if not modes or set(modes) - set(MODES):
        parser.error(f"--modes: {', '.join(MODES)}")
    ensure_debian_package("wrk", "wrk")
    ensure_debian_package("redis-server", "redis-server")
    ensure_debian_library("harfbuzz-subset", "libharfbuzz-subset0")

    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    server = own_redis()
    server.start()
    try:
        run(args, modes, database_url, server)
    finally:
        server.stop()
        shutil.rmtree(server.dir, ignore_errors=True)


def run(args, modes, database_url, own_redis):
    env = _env(database_url)
    env["REDIS_URL"] = own_redis.url
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
    timing = {"seconds": args.duration, "single": single, "near_seconds": near_seconds}

    def one_page(result, mode):
        measured = measure(base, result, cookies[result["user"]], mode=mode, **timing)
        result["modes"][mode] = measured
        failed = (
            f", FEHLGESCHLAGEN: {measured['non_2xx']} nicht 2xx von "
            f"{measured['requests']}, {measured['errors']} Verbindungsfehler, "
            f"Status der Proben {measured['statuses']}"
            if measured["failed"]
            else ""
        )
        print(
            f"  {result['label']} [{MODES[mode]}]: {measured['rps']:.0f}/s "
            f"(Decke {measured['ceiling_rps']:.0f}/s), "
            f"{measured['mean_ms']:.1f} ms{failed}",
            file=sys.stderr,
            flush=True,
        )

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
            result = {**page, "modes": {}}
            results.append(result)
            for mode in ("warm", "cold"):
                if mode in modes:
                    one_page(result, mode)
        after, after_one, _ = measure_ceiling(ceiling_server, args.duration)
        if not args.skip_seed and not args.only:
            concurrency_ok = _concurrency_test(base, args.partners)
        if "down" in modes:
            own_redis.stop()
            if own_redis.answers():
                raise RuntimeError("der redis-server des Benchmarks läuft noch")
            print("  Redis des Benchmarks beendet", file=sys.stderr, flush=True)
            for result in results:
                one_page(result, "down")
    finally:
        stop(server)
        stop(ceiling_server)

    ceiling = {
        "rps": (before["rps"] + after["rps"]) / 2,
        "mean_ms": (before_one["mean_ms"] + after_one["mean_ms"]) / 2,
    }
    header = (
        f"SiKo-Benchmark, {engine}, {datetime.date.today():%d.%m.%Y}, "
        f"{platform.machine()} {os.cpu_count()} Kerne, gunicorn 2 sync Worker, "
        f"eigener redis-server des Benchmarks (Cache und Sitzungen), "
        f"wrk {CLIENTS} Clients je {args.duration} s, 1 Client je {single} s. "
        f"Decke vor/nach den Seiten: {before['rps']:.0f}/{after['rps']:.0f} "
        f"Anfragen/s (Mittel {ceiling['rps']:.0f}); jede Messung wird an der "
        f"Decke unmittelbar davor gemessen ({near_seconds} s). CPU während der Decke "
        f"(Kerne von {split['cores']}): gunicorn {split['gunicorn']:.2f}, "
        f"wrk {split['wrk']:.2f}, andere Prozesse {split['other']:.2f}. "
        "*warm*: Teilstücke aus dem Cache; *kalt*: Kopf "
        f"`{COLD_HEADER}: {COLD_VALUE}`, jede Abfrage des Seiten-Caches verfehlt "
        "(wie für den ersten Leser nach einer Änderung); *Redis aus*: der "
        "redis-server des Benchmarks ist beendet, `REDIS_URL` der App-Server "
        "zeigt weiter auf ihn. *nicht 2xx*: Antworten mit Status ab 400 (wrk) "
        "und Proben vor, zwischen und nach den Läufen mit anderem als dem "
        "erwarteten Status (bei der 404-Seite nur die Proben)."
    )
    text, missed = table(results, ceiling, header)
    failed = {
        label: [r["label"] for r in results if r["modes"].get(mode, {}).get("failed")]
        for mode, label in MODES.items()
    }
    if any(failed.values()):
        text += "\n\nFehlgeschlagen (Status oder Verbindung): " + "; ".join(
            f"{label}: {', '.join(names)}" for label, names in failed.items() if names
        )
    if not concurrency_ok:
        text += "\n\nGleichzeitigkeit: Antworten verloren oder doppelt."
    print()
    print(text)
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text + "\n")
    print(f"\n({missed} Ziele verfehlt; Tabelle in {out})")
    if any(failed.values()) or not concurrency_ok:
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
