import datetime

import pytest
from django.urls import reverse

from konferenz.core.classification import Classification
from tests.factories import ActionItemFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _action(member, description, due, **extra):
    return ActionItemFactory(
        entry__minutes__conference__police_authority=member.police_authority,
        entry__minutes__conference__date=datetime.date(2025, 11, 5),
        description=description,
        due_date=due,
        **extra,
    )


def test_dashboard_lists_overdue_actions_the_user_may_see(client):
    member = MembershipFactory(is_organiser=True)
    _action(member, "Videoschutz am Bahnhof prüfen", datetime.date(2026, 1, 31))
    _action(
        member,
        "Geheime Observation abstimmen",
        datetime.date(2026, 1, 31),
        classification=Classification.VS_NFD,
    )
    _action(member, "Noch nicht fällig", datetime.date(2099, 1, 31))
    _action(member, "Schon erledigt", datetime.date(2026, 1, 31), status="done")
    other = MembershipFactory()
    _action(other, "Fremde Maßnahme", datetime.date(2026, 1, 31))
    client.force_login(member.user)

    page = client.get(reverse("konferenz:dashboard")).content.decode()

    assert "Überfällige Maßnahmen" in page
    assert "Videoschutz am Bahnhof prüfen" in page
    assert "31.01.2026" in page
    for hidden in (
        "Geheime Observation",  # VS-NfD without the right to read it
        "Noch nicht fällig",
        "Schon erledigt",
        "Fremde Maßnahme",
    ):
        assert hidden not in page


def test_dashboard_without_overdue_actions_says_so(client):
    member = MembershipFactory(is_organiser=True)
    client.force_login(member.user)

    page = client.get(reverse("konferenz:dashboard")).content.decode()

    assert "Keine Maßnahme ist überfällig." in page
