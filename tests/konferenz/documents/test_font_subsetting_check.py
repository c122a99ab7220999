"""The deployment note on WeasyPrint's font subsetter (issue 32)."""

from types import SimpleNamespace

from weasyprint.text import ffi

from konferenz.checks import siko_font_subsetting_check


def test_without_harfbuzz_subset_the_check_names_the_package(monkeypatch):
    monkeypatch.setattr(ffi, "harfbuzz_subset", None)

    (note,) = siko_font_subsetting_check(None)

    assert note.id == "siko.I001"
    assert not note.is_serious()  # a note: the deployment check still passes
    assert "apt-get install libharfbuzz-subset0" in note.msg


def test_with_harfbuzz_subset_there_is_nothing_to_say(monkeypatch):
    monkeypatch.setattr(ffi, "harfbuzz_subset", object())
    harfbuzz = SimpleNamespace(hb_version_atleast=lambda *version: True)
    monkeypatch.setattr(ffi, "harfbuzz", harfbuzz)

    assert siko_font_subsetting_check(None) == []
