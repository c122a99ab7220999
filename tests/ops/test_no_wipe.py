"""No command can wipe production (issue 29): the benchmark and the scale-out
run drop only databases named with their own prefix and refuse any other at
once – before Django is even imported, with exit code 2 – so nothing is
touched. (Checked by what ran, not by a stopwatch.)"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench import guard

ROOT = Path(__file__).resolve().parent.parent.parent

FOREIGN = [
    "postgres://siko:geheim@db.example/siko",
    "postgres://postgres@127.0.0.1:5432/siko_benchmark",
    "postgres://postgres@127.0.0.1:5432/production_siko_bench",
    "postgres://postgres@127.0.0.1:5432/",
    "sqlite:///var/siko.sqlite3",
]


@pytest.mark.parametrize(
    ("url", "prefix", "expected"),
    [
        ("postgres://postgres@127.0.0.1:5432/siko_bench", "siko_bench", True),
        ("postgres://postgres@127.0.0.1:5432/siko_bench_2", "siko_bench", True),
        ("sqlite:////tmp/x/siko_bench.sqlite3", "siko_bench", True),
        ("postgres://postgres@127.0.0.1:5432/siko_scaleout", "siko_scaleout", True),
        ("postgres://postgres@127.0.0.1:5432/siko_scaleout", "siko_bench", False),
        *[(url, "siko_bench", False) for url in FOREIGN],
        *[(url, "siko_scaleout", False) for url in FOREIGN],
    ],
)
def test_only_names_with_the_prefix_are_owned(url, prefix, expected):
    assert guard.owned(url, prefix) is expected


#: What a refused run prints if it got as far as importing Django.
TOO_FAR = "Django geladen: der Lauf kam zu weit"


def _run(script, database_url, tmp_path, *, command=None):
    """``script`` with ``database_url``; Django on its path is a stand-in that
    ends the run with ``TOO_FAR`` when imported."""
    stand_in = tmp_path / "stand-in" / "django"
    stand_in.mkdir(parents=True)
    (stand_in / "__init__.py").write_text(f"raise SystemExit({TOO_FAR!r})\n")
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["DATABASE_URL"] = database_url
    env["PYTHONPATH"] = str(stand_in.parent)
    # A Redis URL of the shell must not matter either.
    env["REDIS_URL"] = "redis://127.0.0.1:1/0"
    return subprocess.run(  # noqa: S603
        command or [sys.executable, str(ROOT / "bench" / script)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )


@pytest.mark.parametrize(
    ("script", "command"), [("run.py", "make bench"), ("scaleout.py", "make scaleout")]
)
@pytest.mark.parametrize("database_url", [FOREIGN[0], FOREIGN[1]])
def test_a_foreign_database_is_refused_at_once(script, command, database_url, tmp_path):
    result = _run(script, database_url, tmp_path)
    assert TOO_FAR not in result.stderr
    assert result.returncode == 2, result.stderr
    assert f"{command} verweigert" in result.stderr
    assert "Nichts wurde verändert" in result.stderr
    # Nothing ran: no seeding, no server, no check counted.
    assert result.stdout == ""
    # Neither the password nor the host of the URL is echoed.
    assert "geheim" not in result.stderr


def test_the_bench_refuses_the_sites_sqlite_file(tmp_path):
    result = _run("run.py", f"sqlite:///{ROOT / 'var' / 'siko.sqlite3'}", tmp_path)
    assert TOO_FAR not in result.stderr
    assert result.returncode == 2
    assert "„siko“" in result.stderr


def test_the_stand_in_would_tell(tmp_path):
    """The check above can fail: whatever imports Django there says so."""
    command = [sys.executable, "-c", "import django"]
    result = _run(None, FOREIGN[0], tmp_path, command=command)
    assert TOO_FAR in result.stderr


def test_fresh_database_refuses_by_itself(tmp_path):
    """The dropping function checks again, whoever calls it."""
    from bench.run import fresh_database

    victim = tmp_path / "siko.sqlite3"
    victim.write_text("data")
    with pytest.raises(SystemExit) as exit_info:
        fresh_database(f"sqlite:///{victim}")
    assert exit_info.value.code == 2
    assert victim.read_text() == "data"
    own = tmp_path / "siko_bench.sqlite3"
    own.write_text("old")
    fresh_database(f"sqlite:///{own}")
    assert not own.exists()


@pytest.mark.django_db
def test_purge_names_the_database_before_it_touches_it():
    import io

    from django.core.management import call_command
    from django.db import connection

    out = io.StringIO()
    call_command("purge", "--dry-run", stdout=out)
    first = out.getvalue().splitlines()[0]
    assert first.startswith("Datenbank: ")
    assert str(connection.settings_dict["NAME"]) in first
    password = connection.settings_dict.get("PASSWORD")
    assert not password or password not in out.getvalue()


@pytest.mark.django_db
def test_load_demo_names_the_database_when_it_refuses(settings):
    from django.core.management import CommandError, call_command
    from django.db import connection

    settings.DEBUG = False
    with pytest.raises(CommandError) as error:
        call_command("load_demo")
    assert "--force" in str(error.value)
    assert str(connection.settings_dict["NAME"]) in str(error.value)


@pytest.mark.parametrize(
    ("target", "command"), [("bench", "make bench"), ("scaleout", "make scaleout")]
)
def test_make_refuses_before_it_installs_anything(tmp_path, target, command):
    """`make bench` in a production shell refuses before `make install` (which
    alone takes seconds): with a virtual environment that does not exist yet,
    none is created."""
    venv = tmp_path / "venv"
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["DATABASE_URL"] = FOREIGN[0]
    # make from PATH, as the README runs it
    result = subprocess.run(  # noqa: S603
        [  # noqa: S607
            "make",
            "--no-print-directory",
            f"VENV={venv}",
            f"PYTHON={sys.executable}",
            target,
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2, result.stderr
    assert f"{command} verweigert" in result.stderr
    assert not venv.exists()
