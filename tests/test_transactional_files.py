"""A transactional test (``django_db(transaction=True)``) empties the database
when it ends, the police authorities that a migration preloads included.
pytest-django runs such tests after the others, but ``--dist loadfile``
hands out whole files: a file that also holds ordinary database tests may run
early, and every later file on that worker finds no preloaded authority.
So a transactional test lives in a file with transactional tests only."""

import re
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
