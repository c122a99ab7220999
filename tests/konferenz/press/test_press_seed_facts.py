"""Golden tests of the press release against the four real releases
(``shared/seeds``): each seed conference, entered from the facts written down
in ``seed_facts`` (hosts, guests, dates, places, topics), gives a release
that states them, with the agenda topics as a proper German list – articles
or „…“-quoted titles, no raw colons or semicolons (issue 31)."""

import datetime
import re

import pytest

from konferenz.core.models import Conference, PoliceAuthority
from konferenz.press import generator, german
from teilnehmer.invitations.models import Invitation
from tests.factories import (
    AgendaItemFactory,
    AuthorityFactory,
    ConferenceFactory,
    ContactFactory,
    InvitationFactory,
)
from tests.konferenz.press.seed_facts import SEEDS

pytestmark = pytest.mark.django_db


def _title(seed):
    ordinal = german.ordinal(seed.sequence).capitalize()
    return f"POL-{seed.press_code}: {ordinal} Sicherheitskonferenz " + (
        german.in_area(seed.area)
    )


def _seed_conference(seed):
    """The conference of ``seed`` as an organiser would have entered it."""
    police_authority = PoliceAuthority.objects.get(press_code=seed.press_code)
    conference = ConferenceFactory(
        police_authority=police_authority,
        title=f"Sicherheitskonferenz {seed.date.year}",
        date=seed.date,
        venue_name=seed.venue,
        host_name=seed.host_name,
        host_function=seed.host_function,
        host_represents=seed.host_represents,
        status=Conference.Status.HELD,
    )
    titles = [seed.formal_items[0], *seed.topics, *seed.formal_items[1:]]
    for position, title in enumerate(titles, start=1):
        AgendaItemFactory(
            conference=conference,
            position=position,
            title=title,
            classification="public",
        )
    guests = {authority: (function, name) for function, name, authority in seed.guests}
    for name, kind, _article in seed.attending:
        authority = AuthorityFactory(
            police_authority=police_authority, name=name, kind=kind
        )
        function, person = guests.get(name, ("", "Erika Muster"))
        first, _, last = person.rpartition(" ")
        InvitationFactory(
            conference=conference,
            contact=ContactFactory(
                authority=authority,
                salutation="",
                title="",
                first_name=first,
                last_name=last,
                function=function,
            ),
            answer=Invitation.Answer.ACCEPTED,
            attended=True,
        )
    if seed.next_year:
        ConferenceFactory(
            police_authority=police_authority,
            date=datetime.date(seed.next_year, 11, 2),
        )
    conference.sequence = seed.sequence
    return conference


def _outside_quotes(text):
    return re.sub(r"„[^“]*“", "„…“", text)


@pytest.mark.parametrize("seed", SEEDS, ids=lambda seed: seed.key)
def test_release_names_the_seeds_facts_and_lists_its_topics_in_german(seed):
    facts = generator.collect_facts(_seed_conference(seed), with_guests=True)

    body = generator.body(facts)

    assert generator.title(facts) == _title(seed)
    assert generator.place_line(facts) == f"{seed.area} (ots)"
    assert f"am {seed.weekday}, den {seed.date:%d.%m.%Y}," in body
    assert german.at_venue(seed.venue) in body
    assert seed.host_name in body and seed.host_function in body
    if seed.host_represents:
        assert body.startswith(f"In Vertretung {seed.host_represents} begrüßte")
    for name, _kind, article in seed.attending:
        assert f"{article} {name}" in body
    for function, name, authority in seed.guests:
        assert f"{function} {name} ({authority})" in body
    topics = german.join(list(seed.topic_phrases), last="sowie")
    assert f"Auf der Tagesordnung standen {topics}." in body
    sentence = _outside_quotes(body.split("Auf der Tagesordnung", 1)[1])
    sentence = sentence.split(".", 1)[0]
    assert ":" not in sentence and ";" not in sentence
    assert '"' not in body
    for formal in seed.formal_items:
        assert formal not in sentence
    if seed.next_year:
        assert f"für das Jahr {seed.next_year} vorgesehen" in body


@pytest.mark.parametrize(
    ("titles", "sentence"),
    [
        (["Clankriminalität"], "Auf der Tagesordnung stand die Clankriminalität."),
        (
            ["Clankriminalität: Sicherheitskooperation Ruhr", "Hauptbahnhof"],
            "Auf der Tagesordnung standen die Clankriminalität mit dem Schwerpunkt"
            " „Sicherheitskooperation Ruhr“ sowie der Hauptbahnhof.",
        ),
        (
            ["Lage 2026.", "Räumliche Brennpunkte", "„Sicher im Viertel“"],
            "Auf der Tagesordnung standen die Lage 2026, das Thema „Räumliche"
            " Brennpunkte“ sowie das Thema „Sicher im Viertel“.",
        ),
        ([], ""),
    ],
)
def test_topic_sentence_reads_as_german(titles, sentence):
    assert german.topics_sentence(titles) == sentence
