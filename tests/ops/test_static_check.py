"""Forgotten collectstatic (issue 29): without DEBUG and without the static
manifest, `manage.py check` and the WSGI (gunicorn) and ASGI applications
refuse to start with a German message naming collectstatic - `collectstatic`
itself still runs."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from konferenz.checks import STATIC_TAG, siko_collected_static_check

ROOT = Path(__file__).resolve().parent.parent.parent


def _production_static(tmp_path, settings):
    storages = {**settings.STORAGES}
    storages["staticfiles"] = {
        "BACKEND": "konferenz.core.staticfiles.StaticFilesStorage"
    }
    return override_settings(DEBUG=False, STATIC_ROOT=str(tmp_path), STORAGES=storages)


def test_missing_manifest_is_an_error_naming_collectstatic(tmp_path, settings):
    with _production_static(tmp_path, settings):
        errors = siko_collected_static_check(None)
    assert [error.id for error in errors] == ["siko.E017"]
    assert "collectstatic" in errors[0].msg
    assert "Die statischen Dateien sind nicht gesammelt" in errors[0].msg


def test_with_the_manifest_all_is_well(tmp_path, settings):
    (tmp_path / "staticfiles.json").write_text('{"paths": {}, "version": "1.1"}')
    with _production_static(tmp_path, settings):
        assert siko_collected_static_check(None) == []


def test_debug_and_plain_storage_need_no_manifest(tmp_path, settings):
    with _production_static(tmp_path, settings), override_settings(DEBUG=True):
        assert siko_collected_static_check(None) == []
    # The test settings' plain storage has no manifest at all.
    settings.DEBUG = False
    assert siko_collected_static_check(None) == []


def test_collectstatic_is_not_stopped_by_the_check():
    from django.contrib.staticfiles.management.commands.collectstatic import Command

    assert STATIC_TAG not in Command.requires_system_checks


def _env(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DJANGO_SETTINGS_MODULE="konferenz.settings",
        SECRET_KEY="static-check-" + "x" * 50,
        SIKO_VAR_DIR=str(tmp_path / "var"),
        STATIC_ROOT=str(tmp_path / "static"),
        ALLOWED_HOSTS="siko.example",
        DEBUG="",
    )
    env.pop("REDIS_URL", None)
    return env


@pytest.mark.parametrize("module", ["konferenz.wsgi", "konferenz.asgi"])
def test_the_application_refuses_then_starts_after_collectstatic(tmp_path, module):
    env = _env(tmp_path)
    load = [sys.executable, "-c", f"import {module}"]
    refused = subprocess.run(  # noqa: S603
        load, cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert refused.returncode != 0
    assert "collectstatic" in refused.stderr
    assert "Die statischen Dateien sind nicht gesammelt" in refused.stderr
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    started = subprocess.run(  # noqa: S603
        load, cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert started.returncode == 0, started.stderr


@pytest.mark.parametrize("code", ["502", "503", "504"])
def test_the_nginx_sample_serves_each_german_page(code):
    conf = (ROOT / "docs" / "deploy" / "nginx.conf").read_text()
    assert f"error_page {code} /_siko_fehler/{code}.html;" in conf
    assert (ROOT / "docs" / "deploy" / "errors" / f"{code}.html").exists()


def test_migrate_runs_before_collectstatic_as_the_readme_orders(tmp_path):
    """The check is a deployment check: ``migrate`` comes first and must not
    be refused for files ``collectstatic`` collects only afterwards."""
    env = _env(tmp_path)
    env.pop("DATABASE_URL", None)  # a SQLite file of its own in SIKO_VAR_DIR
    migrated = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "migrate", "--no-input", "-v0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert migrated.returncode == 0, migrated.stderr
