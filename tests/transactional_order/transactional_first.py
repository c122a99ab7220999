"""Run only by tests/test_transactional_files.py: three transactional tests,
so xdist's ``--dist loadfile`` (largest file first) hands this file out
before ``ordinary_after.py``."""

import pytest

from konferenz.core.models import PoliceAuthority


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("press_code", ["DN", "GE", "K"])
def test_transactional(press_code):
    assert PoliceAuthority.objects.filter(press_code=press_code).exists()
