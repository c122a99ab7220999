"""Static URLs come from the manifest, looked up once per process."""

import json

import pytest

from konferenz.core.staticfiles import StaticFilesStorage


@pytest.fixture
def storage(tmp_path, settings):
    settings.DEBUG = False
    manifest = {"paths": {"css/siko.css": "css/siko.4f2a.css"}, "version": "1.1"}
    (tmp_path / "staticfiles.json").write_text(json.dumps(manifest))
    return StaticFilesStorage(location=str(tmp_path), base_url="/static/")


def test_hashed_url_from_the_manifest(storage):
    assert storage.url("css/siko.css") == "/static/css/siko.4f2a.css"


def test_url_is_looked_up_once(storage):
    storage.url("css/siko.css")
    storage.hashed_files["css/siko.css"] = "css/siko.9999.css"  # not re-read
    assert storage.url("css/siko.css") == "/static/css/siko.4f2a.css"


def test_missing_file_raises_every_time(storage):
    for _ in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("js/fehlt.js")
