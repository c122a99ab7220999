import pytest

from konferenz.core.classification import Classification
from tests.factories import AgendaItemFactory


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Files are stored in the database (konferenz/core/dbstorage.py); the
    old media folder points at an empty temporary one, so that a test shows
    any code that still writes to or reads from a disk."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def item(police_authority):
    """An internal agenda item of ``police_authority``'s conference."""
    return AgendaItemFactory(
        conference__police_authority=police_authority,
        classification=Classification.INTERNAL,
    )
