"""Where a benchmark page spends its time: cProfile over repeated requests.

    DATABASE_URL=postgres://…/siko_bench .venv/bin/python bench/profile_page.py answers
    … bench/profile_page.py answers,agenda,minutes 40 --cold --time

Runs inside Django (bench/settings.py, the seeded benchmark database) with the
test client, after one warm-up request; prints the SQL query count, the mean
time per request and the functions with the most cumulative and own time.
``--cold``: every request misses the page cache (bench/cold.py, as the
benchmark's cold column). The cache counts as shared, as the benchmark's
Redis (``SIKO_SHARED_CACHE``; local memory when there is no ``REDIS_URL``).
``--redis-down``: the cache is a Redis that is not there (``REDIS_URL`` at a
closed port), as the benchmark's run with its Redis stopped: every cache
call fails and the breaker skips Redis (konferenz/core/rediscache.py).
``--time``: no profile, the median of five rounds per page instead, wall
clock and this process's CPU time (which a machine shared with other work
disturbs far less: compare before and after a change by it).
"""

import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ROUNDS = 5
#: A port nothing listens on (tcpmux, privileged): Redis refuses at once.
REDIS_DOWN_URL = "redis://127.0.0.1:1/0"


def _client(page):
    from django.contrib.auth import get_user_model
    from django.test import Client

    from bench.seed import PARTNER_TOKEN

    client = Client()
    if page["user"] == "partner":
        client.get(f"/einladung/{PARTNER_TOKEN}/")
    else:
        user = get_user_model().objects.get(username=page["user"])
        client.force_login(user)
        session = client.session
        session["otp_device_id"] = user.totpdevice_set.get().persistent_id
        session.save()
    return client


def main():
    args = [arg for arg in sys.argv[1:] if not arg.startswith("--")]
    cold = "--cold" in sys.argv
    only_time = "--time" in sys.argv
    redis_down = "--redis-down" in sys.argv
    names = args[0].split(",")
    repeat = int(args[1]) if len(args) > 1 else 20
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ.setdefault("SECRET_KEY", "bench-profile-" + "x" * 40)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("SIKO_VAR_DIR", str(ROOT / "var" / "bench"))
    # As in the benchmark (Redis): the cached user and parts are kept.
    os.environ.setdefault("SIKO_SHARED_CACHE", "1")
    if redis_down:
        os.environ["REDIS_URL"] = REDIS_DOWN_URL
        os.environ.setdefault("LOG_LEVEL", "ERROR")  # no warning per pause
    import django

    django.setup()

    from bench.cold import HEADER, VALUE
    from bench.pages import pages

    headers = {"headers": {HEADER: VALUE}} if cold else {}
    known = {p["name"]: p for p in pages()}
    for name in names:
        page = known[name]
        client = _client(page)
        response = client.get(page["path"], **headers)
        assert response.status_code == page["status"], response.status_code
        queries = client.get(page["path"], **headers).get("X-SiKo-Queries", "?")
        mode = "kalt" if cold else "warm"
        if redis_down:
            mode = "ohne Redis" if not cold else "kalt, ohne Redis"
        if only_time:
            rounds, cpu = [], []
            for _ in range(ROUNDS):
                started, started_cpu = time.perf_counter(), time.process_time()
                for _ in range(repeat):
                    client.get(page["path"], **headers)
                rounds.append((time.perf_counter() - started) / repeat * 1000)
                cpu.append((time.process_time() - started_cpu) / repeat * 1000)
            print(
                f"{page['name']:<16} {mode}: {statistics.median(rounds):7.2f} ms "
                f"(min {min(rounds):.2f}), CPU {statistics.median(cpu):7.2f} ms "
                f"(min {min(cpu):.2f}), {queries} SQL",
                flush=True,
            )
            continue
        profiler = cProfile.Profile()
        started = time.perf_counter()
        profiler.enable()
        for _ in range(repeat):
            client.get(page["path"], **headers)
        profiler.disable()
        mean = (time.perf_counter() - started) / repeat * 1000
        print(f"{page['label']} [{mode}]: {mean:.1f} ms je Anfrage, {queries} SQL")
        for key in ("cumulative", "tottime"):
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(key).print_stats(25)
            print(out.getvalue())


if __name__ == "__main__":
    main()
