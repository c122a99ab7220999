"""Participation and partner coverage from one aggregate (issue 32), checked
against a plain count over the rows on mixed factory data."""

import datetime
import random
from collections import Counter, defaultdict

import pytest
from django.utils import timezone

from konferenz.core.models import Conference
from konferenz.core.selectors import HELD_STATUSES
from konferenz.statistics import selectors
from teilnehmer.addressbook.models import Authority
from teilnehmer.invitations.models import Invitation
from tests.factories import (
    AuthorityFactory,
    ConferenceFactory,
    ContactFactory,
    InvitationFactory,
)

pytestmark = pytest.mark.django_db

KINDS = (
    Authority.Kind.CITY,
    Authority.Kind.PROSECUTION,
    Authority.Kind.FEDERAL_POLICE,
    Authority.Kind.CUSTOMS,
)
ANSWERS = list(Invitation.Answer.values)


def _invitations(rng, conference, authorities):
    for _ in range(rng.randint(0, 7)):
        authority = rng.choice(authorities)
        answer = rng.choice(ANSWERS)
        invitation = InvitationFactory(
            conference=conference,
            contact=ContactFactory(authority=authority),
            answer=answer,
            attended=rng.choice([True, False, None]),
            walk_in=rng.random() < 0.15,
            deputy_name="Frau Vertreterin" if answer == "deputy" else "",
        )
        if answer == "deputy" and rng.random() < 0.7:
            InvitationFactory(
                conference=conference,
                contact=ContactFactory(authority=rng.choice(authorities)),
                answer=Invitation.Answer.ACCEPTED,
                attended=rng.choice([True, False, None]),
                deputy_for=invitation,
            )


@pytest.fixture
def mixed(police_authority, other_police_authority):
    rng = random.Random(32)
    today = timezone.localdate()
    own = [AuthorityFactory(police_authority=police_authority, kind=k) for k in KINDS]
    foreign = [
        AuthorityFactory(police_authority=other_police_authority, kind=k) for k in KINDS
    ]
    statuses = [*HELD_STATUSES, *Conference.Status.values]
    for year in range(today.year - 6, today.year + 1):
        for month in (3, 9):
            day = datetime.date(year, month, 12)
            conference = ConferenceFactory(
                police_authority=police_authority,
                date=day,
                status=rng.choice(statuses),
            )
            _invitations(rng, conference, own)
            # Another tenant's conferences never count.
            other = ConferenceFactory(
                police_authority=other_police_authority,
                date=day,
                status=Conference.Status.HELD,
            )
            _invitations(rng, other, foreign)
    # Marked held, but its day has not come: not held.
    ahead = ConferenceFactory(
        police_authority=police_authority,
        date=today + datetime.timedelta(days=40),
        status=Conference.Status.HELD,
    )
    _invitations(rng, ahead, own)
    return police_authority


def _plain_count(police_authority):
    """The figures by looking at each invitation: the reference."""
    today = timezone.localdate()
    held = {
        c.pk: c.date.year
        for c in Conference.objects.filter(police_authority=police_authority)
        if c.status in HELD_STATUSES and c.date <= today
    }
    deputies = {
        i.deputy_for_id: i for i in Invitation.objects.filter(deputy_for__isnull=False)
    }
    per_year = defaultdict(Counter)
    invited_to, present_at = defaultdict(set), defaultdict(set)
    for invitation in Invitation.objects.select_related("contact__authority"):
        if invitation.conference_id not in held or invitation.deputy_for_id:
            continue
        if invitation.walk_in:
            continue
        kind = invitation.contact.authority.kind
        deputy = deputies.get(invitation.pk)
        present = invitation.attended is True or (
            deputy is not None and deputy.attended is True
        )
        counts = per_year[held[invitation.conference_id], kind]
        counts["invited"] += 1
        counts["accepted"] += invitation.answer in ("accepted", "deputy")
        counts["present"] += present
        invited_to[kind].add(invitation.conference_id)
        if present:
            present_at[kind].add(invitation.conference_id)
    participation = sorted(
        (year, kind, c["invited"], c["accepted"], c["present"])
        for (year, kind), c in per_year.items()
    )
    coverage = {
        kind: (len(present_at[kind]), len(invited_to[kind]), len(held))
        for kind in invited_to
    }
    return participation, coverage, len(held)


def test_partner_numbers_match_a_plain_count(mixed):
    expected_participation, expected_coverage, held = _plain_count(mixed)
    assert held >= 4 and len(expected_coverage) >= 3  # the data is not trivial

    numbers = selectors.partner_numbers(police_authority=mixed)

    assert [
        (p.year, p.kind, p.invited, p.accepted, p.present)
        for p in numbers.participation
    ] == expected_participation
    coverage = numbers.coverage
    assert {
        row.kind: (row.conferences, row.invited, row.total) for row in coverage.rows
    } == expected_coverage
    assert coverage.total == held
    never = {str(label) for kind, label in Authority.Kind.choices} - {
        str(row.label) for row in coverage.rows
    }
    assert set(coverage.never_invited) == never


def test_a_tenant_without_held_conferences_has_no_numbers(police_authority):
    ConferenceFactory(
        police_authority=police_authority, status=Conference.Status.CANCELLED
    )

    numbers = selectors.partner_numbers(police_authority=police_authority)

    assert numbers.participation == []
    assert numbers.coverage.rows == [] and numbers.coverage.total == 0
    assert len(numbers.coverage.never_invited) == len(Authority.Kind.choices)
