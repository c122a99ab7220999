"""Where a benchmark page spends its time: cProfile over repeated requests.

    DATABASE_URL=postgres://…/siko_bench .venv/bin/python bench/profile_page.py answers

Runs inside Django (bench/settings.py, the seeded benchmark database) with the
test client, after one warm-up request; prints the SQL query count, the mean
time per request and the functions with the most cumulative and own time.
"""

import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    name = sys.argv[1]
    repeat = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    os.environ.setdefault("SECRET_KEY", "bench-profile-" + "x" * 40)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
    os.environ.setdefault("SIKO_VAR_DIR", str(ROOT / "var" / "bench"))
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from bench.pages import pages
    from bench.seed import PARTNER_TOKEN

    page = next(p for p in pages() if p["name"] == name)
    client = Client()
    if page["user"] == "partner":
        client.get(f"/einladung/{PARTNER_TOKEN}/")
    else:
        user = get_user_model().objects.get(username=page["user"])
        client.force_login(user)
        session = client.session
        session["otp_device_id"] = user.totpdevice_set.get().persistent_id
        session.save()
    response = client.get(page["path"])
    assert response.status_code == page["status"], response.status_code
    queries = client.get(page["path"]).get("X-SiKo-Queries", "?")
    profiler = cProfile.Profile()
    started = time.perf_counter()
    profiler.enable()
    for _ in range(repeat):
        client.get(page["path"])
    profiler.disable()
    mean = (time.perf_counter() - started) / repeat * 1000
    print(f"{page['label']}: {mean:.1f} ms je Anfrage, {queries} SQL")
    for key in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(key).print_stats(25)
        print(out.getvalue())


if __name__ == "__main__":
    main()
