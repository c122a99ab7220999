"""The scale-out run (bench/scaleout.py, `make scaleout`) as a test.

It takes about 2.5 minutes (two app servers, nginx, two task workers, 200
partners), so it is not part of `make test`: it runs only with
SIKO_SCALEOUT_TEST=1 and when nginx, PostgreSQL and Redis are there:

    SIKO_SCALEOUT_TEST=1 .venv/bin/python -m pytest -m scaleout tests/bench
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent

pytestmark = [
    pytest.mark.scaleout,
    pytest.mark.skipif(
        os.environ.get("SIKO_SCALEOUT_TEST") != "1",
        reason="takes minutes: SIKO_SCALEOUT_TEST=1 runs it",
    ),
    pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is missing"),
]


def test_two_app_servers_behind_nginx_lose_nothing():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "bench" / "scaleout.py")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )

    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert "Skalierungstest bestanden" in result.stdout
    assert "FEHLER" not in result.stdout
