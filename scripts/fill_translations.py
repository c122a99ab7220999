"""Fill German translations into a catalogue from a JSON file.

    python scripts/fill_translations.py konferenz/locale/de/LC_MESSAGES/django.po \
        translations.json

The JSON maps each msgid to its German text (or, for plural entries, to a
list ``[singular, plural]``). Entries not in the JSON are left alone; the
script prints the msgids that are still untranslated or fuzzy so nothing is
forgotten.
"""

import json
import sys

import polib


def main(po_path, json_path=None):
    catalogue = polib.pofile(po_path)
    given = {}
    if json_path:
        with open(json_path, encoding="utf-8") as handle:
            given = json.load(handle)
    for entry in catalogue:
        if entry.msgid in given:
            value = given[entry.msgid]
            if entry.msgid_plural:
                entry.msgstr_plural = {0: value[0], 1: value[1]}
            else:
                entry.msgstr = value
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = None
    catalogue.save(po_path)
    missing = [
        e.msgid
        for e in catalogue
        if not e.obsolete
        and ("fuzzy" in e.flags or not (e.msgstr or any(e.msgstr_plural.values())))
    ]
    for msgid in missing:
        print(json.dumps(msgid, ensure_ascii=False))
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
