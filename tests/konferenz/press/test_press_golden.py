"""Golden tests: the press draft of each seed conference (``shared/seeds``),
generated from the demo data built from the seed's facts, against the real
release — the same facts and structure, not the same sentences (issue 18)."""

import datetime
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from konferenz.core.models import Conference
from konferenz.press import services

pytestmark = pytest.mark.django_db

#: The real releases (copies of ``shared/seeds``, public ots texts), kept with
#: the tests so that a clone of the repository alone runs them.
SEEDS = Path(__file__).resolve().parent / "seeds"

#: seed file, demo conference title, facts both must carry
CASES = [
    (
        "dueren-2019.txt",
        "Erste Sicherheitskonferenz im Kreis Düren",
        {
            "prefix": "POL-DN",
            "ordinal": "Erste",
            "area": "im Kreis Düren",
            "place": "Kreis Düren (ots)",
            "date": datetime.date(2019, 10, 30),
            "host": "Möller",
        },
    ),
    (
        "gelsenkirchen-2019.txt",
        "Sicherheitskonferenz Gelsenkirchen",
        {
            "prefix": "POL-GE",
            "ordinal": "Erste",
            "area": "in Gelsenkirchen",
            "place": "Gelsenkirchen (ots)",
            "date": datetime.date(2019, 4, 29),
            "host": "Heselhaus-Schröer",
        },
    ),
    (
        "lippe-2021.txt",
        "Zweite Sicherheitskonferenz im Kreis Lippe",
        {
            "prefix": "POL-LIP",
            "ordinal": "Zweite",
            "area": "im Kreis Lippe",
            "place": "Kreis Lippe (ots)",
            "date": datetime.date(2021, 11, 16),
            "host": "Lehmann",
        },
    ),
]

MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August"]
MONTHS += ["September", "Oktober", "November", "Dezember"]


def _dates(text):
    """Every date a release names (“30.10.2019”, “16. November 2021”)."""
    found = {
        datetime.date(int(y), int(m), int(d))
        for d, m, y in re.findall(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    }
    for d, month, y in re.findall(r"(\d{1,2})\. (\w+) (\d{4})", text):
        if month in MONTHS:
            found.add(datetime.date(int(y), MONTHS.index(month) + 1, int(d)))
    return found


@pytest.fixture(scope="module")
def drafts(django_db_setup, django_db_blocker):
    # One demo load for the module, rolled back afterwards.
    with (
        override_settings(DEBUG=True),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        call_command("load_demo", verbosity=0)
        result = {}
        for _seed, title, _facts in CASES:
            conference = Conference.objects.get(title=title)
            release = services.press_release_generate(conference=conference, user=None)
            result[title] = (release, services.ots_text(release))
        yield result
        transaction.set_rollback(True)


@pytest.mark.parametrize(("seed", "title", "facts"), CASES)
def test_draft_has_the_seeds_facts_and_structure(drafts, seed, title, facts):
    real = (SEEDS / seed).read_text(encoding="utf-8")
    release, text = drafts[title]

    # Title: press code, ordinal, area – as in the real release.
    assert release.title.startswith(f"{facts['prefix']}: {facts['ordinal']} ")
    assert release.title.endswith(facts["area"])
    assert facts["prefix"] in real and facts["ordinal"].lower() in real.lower()
    # Place line, date and host.
    assert release.place_line == facts["place"]
    assert facts["date"] in _dates(real) and facts["date"] in _dates(release.body)
    assert facts["host"] in real and facts["host"] in release.body
    # ots structure: date line, title, place line, body, contact, origin.
    parts = text.split("\r\n\r\n")
    assert re.fullmatch(r"\d{2}\.\d{2}\.\d{4}", parts[0])
    assert parts[1:3] == [release.title, release.place_line]
    assert "Rückfragen bitte an:" in parts
    assert parts[-1].startswith("Original-Content von: ")


@pytest.mark.parametrize(("seed", "title", "facts"), CASES)
def test_draft_reads_right(drafts, seed, title, facts):
    release, _text = drafts[title]
    body = release.body

    for paragraph in body.split("\n\n"):
        assert paragraph.rstrip()[-1] in ".!?“", paragraph  # full stops
    assert "sowie außerdem" not in body
    assert "Begrüßung" not in body.split("Auf der Tagesordnung standen", 1)[-1]
    assert "Fazit" not in body and "Verschiedenes" not in body
    # No far-off "next conference" from the demo's later plans.
    assert "für das Jahr 2026" not in body
    assert '"' not in body  # German quotation marks only
