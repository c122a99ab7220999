"""Golden tests: the demo's seed conferences give drafts with the facts of
the real releases (``shared/seeds``, written down in ``seed_facts``) and the
ots structure – the same facts, not the same sentences (issue 18, issue 31).
The seed conferences entered from their facts: test_press_seed_facts.py.
"""

import datetime
import re

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from konferenz.core.models import Conference
from konferenz.press import german, services
from tests.konferenz.press.seed_facts import DUEREN_2019, GELSENKIRCHEN_2019, LIPPE_2021

pytestmark = pytest.mark.django_db

#: demo conference title, the seed it is built from
CASES = [
    ("Erste Sicherheitskonferenz im Kreis Düren", DUEREN_2019),
    ("Sicherheitskonferenz Gelsenkirchen", GELSENKIRCHEN_2019),
    ("Zweite Sicherheitskonferenz im Kreis Lippe", LIPPE_2021),
]


def _dates(text):
    """Every date in “30.10.2019” form a text names."""
    return {
        datetime.date(int(y), int(m), int(d))
        for d, m, y in re.findall(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text)
    }


def _title(seed):
    ordinal = german.ordinal(seed.sequence).capitalize()
    return f"POL-{seed.press_code}: {ordinal} Sicherheitskonferenz " + (
        german.in_area(seed.area)
    )


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
        for title, _seed in CASES:
            conference = Conference.objects.get(title=title)
            release = services.press_release_generate(conference=conference, user=None)
            result[title] = (release, services.ots_text(release))
        yield result
        transaction.set_rollback(True)


@pytest.mark.parametrize(("title", "seed"), CASES)
def test_demo_draft_has_the_seeds_facts_and_structure(drafts, title, seed):
    release, text = drafts[title]

    assert release.title == _title(seed)
    assert release.place_line == f"{seed.area} (ots)"
    assert seed.date in _dates(release.body)
    assert seed.host_name.split()[-1] in release.body
    # ots structure: date line, title, place line, body, contact, origin.
    parts = text.split("\r\n\r\n")
    assert re.fullmatch(r"\d{2}\.\d{2}\.\d{4}", parts[0])
    assert parts[1:3] == [release.title, release.place_line]
    assert "Rückfragen bitte an:" in parts
    assert parts[-1].startswith("Original-Content von: ")


@pytest.mark.parametrize(("title", "seed"), CASES)
def test_draft_reads_right(drafts, title, seed):
    release, _text = drafts[title]
    body = release.body

    for paragraph in body.split("\n\n"):
        assert paragraph.rstrip()[-1] in ".!?“", paragraph  # full stops
    assert "sowie außerdem" not in body
    assert "Begrüßung" not in body.split("Auf der Tagesordnung", 1)[-1]
    assert "Fazit" not in body and "Verschiedenes" not in body
    # No far-off "next conference" from the demo's later plans.
    assert "für das Jahr 2026" not in body
    assert '"' not in body  # German quotation marks only
