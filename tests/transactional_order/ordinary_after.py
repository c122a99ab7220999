"""Run only by tests/test_transactional_files.py, after
``transactional_first.py`` on the same worker."""

import pytest

from konferenz.core.models import PoliceAuthority
from tagesordnung.agenda.models import Topic

pytestmark = pytest.mark.django_db


def test_preloaded_rows_are_there():
    codes = set(PoliceAuthority.objects.values_list("press_code", flat=True))
    assert PoliceAuthority.objects.count() == 47
    assert {"DN", "GE"} <= codes
    assert Topic.objects.exists()
