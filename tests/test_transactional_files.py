"""A transactional test (``django_db(transaction=True)``) empties the database
when it ends, the police authorities, shared topics and content types that
the migrations preload included. pytest-django runs such tests after the
others, but xdist's ``--dist loadfile`` does not keep that order: it hands
out files largest first (``--loadscope-reorder``, its default), so a
transactional file of three tests went before the one- and two-test files,
and those that followed it on the same worker found no preloaded authority
(flaky: which worker gets which file depends on timing).

tests/conftest.py therefore copies the database after the migrations and puts
the copy back after every transactional test, so the order does not matter.
A file still holds either transactional or ordinary database tests: the
transactional ones are slow and belong together."""

import os
import re
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent
TRANSACTIONAL = re.compile(r"django_db\(\s*transaction=True")
ORDINARY = re.compile(r"django_db(?!\(\s*transaction=True)(\b|\()|\bdb\b\s*[,)]|\(db\)")


def test_no_file_mixes_transactional_and_ordinary_database_tests():
    mixed = []
    for path in sorted(TESTS.rglob("test_*.py")):
        if "e2e" in path.parts or path == Path(__file__):
            continue
        text = path.read_text()
        if TRANSACTIONAL.search(text) and ORDINARY.search(TRANSACTIONAL.sub("", text)):
            mixed.append(str(path.relative_to(TESTS)))
    assert mixed == []


def test_ordinary_tests_after_a_transactional_file_find_the_preloaded_rows(
    tmp_path,
):
    # One worker, files handed out as in CI: the transactional file (three
    # tests) first, then the ordinary one. SQLite in memory, so the run
    # shares no database with this one.
    folder = TESTS / "transactional_order"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'order.sqlite3'}"}
    result = subprocess.run(  # noqa: S603
        [
            *(sys.executable, "-m", "pytest", "-p", "no:randomly", "-v"),
            *("-n", "1", "--dist", "loadfile"),
            str(folder / "ordinary_after.py"),
            str(folder / "transactional_first.py"),
        ],
        cwd=TESTS.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    ran = re.findall(r"(PASSED|FAILED|ERROR) \S*?(\w+)\.py::", result.stdout)
    assert ran == [
        *[("PASSED", "transactional_first")] * 3,
        ("PASSED", "ordinary_after"),
    ], result.stdout[-3000:]
    assert result.returncode == 0
