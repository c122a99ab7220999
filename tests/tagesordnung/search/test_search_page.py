"""The search page (reached from the main menu): every role that sees the
menu item can search, the field has a label, and each result names what it
is, where it stands and links to that very item of the minutes."""

import pytest
from django.urls import reverse

from konferenz.core.models import Conference
from tests.factories import (
    ConferenceFactory,
    DecisionFactory,
    MinutesEntryFactory,
    MinutesFactory,
)

pytestmark = pytest.mark.django_db

ROLES = {
    "organiser": {"is_organiser": True},
    "minute_taker": {"is_minute_taker": True},
    "head": {"is_head": True},
    "press": {"is_press_office": True},
    "reader": {},
    "authority_admin": {"is_authority_admin": True},
}


@pytest.fixture
def entry(police_authority):
    conference = ConferenceFactory(
        police_authority=police_authority,
        status=Conference.Status.HELD,
        title="Sicherheitskonferenz Teststadt 2026",
    )
    minutes = MinutesFactory(conference=conference)
    entry = MinutesEntryFactory(
        minutes=minutes,
        agenda_item__title="Kinderschutz",
        agenda_item__classification="public",
        classification="public",
        text="Das Jugendamt stellte das Netzwerk Kinderschutz vor.",
    )
    DecisionFactory(
        entry=entry,
        text="Das Netzwerk Kinderschutz trifft sich halbjährlich.",
        classification="public",
    )
    return entry


@pytest.mark.parametrize("role", ROLES)
def test_every_role_with_the_menu_item_can_search(
    client, make_member, police_authority, entry, role
):
    user = make_member(police_authority, **ROLES[role])
    client.force_login(user)
    # The main menu shows the search to whoever may see conferences.
    if not user.has_perm("konferenz.view_conference"):
        pytest.skip(f"{role} sees no conferences and no search")

    response = client.get(reverse("tagesordnung:minutes-search"), {"q": "Netzwerk"})

    assert response.status_code == 200
    html = response.content.decode()
    assert '<label class="form-label" for="id_q">Suchbegriff</label>' in html
    assert 'role="search" aria-label="Protokolle durchsuchen"' in html
    assert "2 Treffer" in html
    target = (
        reverse("tagesordnung:minutes", args=[entry.minutes.conference_id])
        + f"#eintrag-{entry.pk}"
    )
    assert html.count(f'<a href="{target}">Kinderschutz</a>') == 2
    assert ">Protokoll</span>" in html
    assert ">Beschluss</span>" in html
    assert "Sicherheitskonferenz Teststadt 2026" in html


def test_result_links_to_an_item_the_minutes_page_has(organiser_client, entry):
    page = organiser_client.get(
        reverse("tagesordnung:minutes", args=[entry.minutes.conference_id])
    )

    assert f'id="eintrag-{entry.pk}"' in page.content.decode()
