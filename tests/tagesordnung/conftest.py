import pytest

from konferenz.core.classification import Classification
from tests.factories import AgendaItemFactory


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files of a test land in its own temporary folder."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def item(police_authority):
    """An internal agenda item of ``police_authority``'s conference."""
    return AgendaItemFactory(
        conference__police_authority=police_authority,
        classification=Classification.INTERNAL,
    )
