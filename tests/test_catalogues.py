"""Django merges the apps' German catalogues into one: a msgid translated
differently in two of them shows only one translation everywhere (the first
app's), so one page silently reads the other's word. A msgid therefore means
one thing in all catalogues; where a word needs two German forms, its
``pgettext`` context tells them apart."""

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = sorted(ROOT.glob("*/locale/de/LC_MESSAGES/django.po")) + [
    ROOT / "locale/de/LC_MESSAGES/django.po"
]


def test_no_msgid_has_two_translations_across_the_catalogues():
    seen = {}
    for path in CATALOGUES:
        for entry in polib.pofile(str(path)):
            if entry.obsolete or not entry.msgstr:
                continue
            key = (entry.msgctxt, entry.msgid)
            seen.setdefault(key, {})[path.parent.parent.parent.parent.name] = (
                entry.msgstr
            )
    clashes = {
        key: found for key, found in seen.items() if len(set(found.values())) > 1
    }
    assert clashes == {}


def test_the_catalogues_are_found():
    assert {path.parent.parent.parent.parent.name for path in CATALOGUES} >= {
        "konferenz",
        "teilnehmer",
        "tagesordnung",
    }
