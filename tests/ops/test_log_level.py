"""LOG_LEVEL applies to Django's own loggers too (issue 32): with
``LOG_LEVEL=ERROR`` a 404 ("Not Found", a warning of ``django.request``)
writes no log line; with the default (WARNING) it does."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent

SCRIPT = """
import logging
import django
django.setup()
logging.getLogger("django.request").warning("Not Found: /gibt-es-nicht/")
logging.getLogger("django.request").error("Internal Server Error: /kaputt/")
"""


def _log(level):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "konferenz.settings",
        "SECRET_KEY": "log-level-test-" + "x" * 40,
        "DEBUG": "0",
        "ALLOWED_HOSTS": "localhost",
    }
    env.pop("LOG_LEVEL", None)
    if level:
        env["LOG_LEVEL"] = level
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return done.stderr


def test_log_level_error_silences_not_found():
    log = _log("ERROR")
    assert "Not Found" not in log
    assert "Internal Server Error: /kaputt/" in log


def test_default_log_level_writes_not_found():
    assert "Not Found: /gibt-es-nicht/" in _log(None)
