"""The page "Eingeladene auswählen": search, grouped by kind of authority,
who is already invited."""

import re

import pytest
from django.urls import reverse

from tests.factories import AuthorityFactory, ContactFactory, InvitationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def book(conference):
    tenant = conference.police_authority
    court = AuthorityFactory(
        police_authority=tenant, name="Landgericht Teststadt", kind="regional_court"
    )
    city = AuthorityFactory(
        police_authority=tenant, name="Stadt Teststadt", kind="city"
    )
    youth = AuthorityFactory(
        police_authority=tenant, name="Jugendamt Teststadt", kind="youth_welfare"
    )
    return {
        "judge": ContactFactory(
            authority=court,
            first_name="Greta",
            last_name="Richter",
            function="Präsidentin",
        ),
        "mayor": ContactFactory(
            authority=city,
            first_name="Bernd",
            last_name="Meier",
            function="Bürgermeister",
        ),
        "clerk": ContactFactory(
            authority=city,
            first_name="Olaf",
            last_name="Ordnung",
            function="Leiter Ordnungsamt",
        ),
        "youth": ContactFactory(
            authority=youth, first_name="Jana", last_name="Jung", function="Leiterin"
        ),
    }


def _page(client, conference, **params):
    return client.get(
        reverse("invitations:invitees-add", kwargs={"pk": conference.pk}), params
    )


def _checkbox(content, contact):
    return re.search(rf'<input[^>]*name="contacts" value="{contact.pk}"[^>]*>', content)


def _groups(content):
    """The kind headings in the order shown."""
    return re.findall(r'<legend class="invitee-kind[^"]*">([^<]+)</legend>', content)


def test_selection_groups_contacts_by_kind_of_authority(
    organiser_client, conference, book
):
    content = _page(organiser_client, conference).content.decode()

    # In the order of the kinds in the address book, city first.
    assert _groups(content) == [
        "Stadt / Gemeinde (inkl. Ordnungsamt)",
        "Jugendamt",
        "Landgericht",
    ]
    start = content.index(">Stadt / Gemeinde")
    city = content[start : content.index("</fieldset>", start)]
    assert "Bernd Meier" in city and "Olaf Ordnung" in city
    assert "Greta Richter" not in city


def test_selection_marks_those_already_invited(organiser_client, conference, book):
    InvitationFactory(conference=conference, contact=book["mayor"])

    content = _page(organiser_client, conference).content.decode()

    mayor = _checkbox(content, book["mayor"]).group(0)
    assert "disabled" in mayor
    row = content[content.index(mayor) : content.index("</li>", content.index(mayor))]
    assert "bereits eingeladen" in row
    clerk = _checkbox(content, book["clerk"]).group(0)
    assert "disabled" not in clerk
    assert "1 von 4 Personen bereits eingeladen" in content


def test_selection_search_by_person_authority_or_function(
    organiser_client, conference, book
):
    content = _page(organiser_client, conference, q="ordnung").content.decode()

    assert "Olaf Ordnung" in content
    assert "Bernd Meier" not in content
    assert "Greta Richter" not in content
    assert _groups(content) == ["Stadt / Gemeinde (inkl. Ordnungsamt)"]

    content = _page(organiser_client, conference, q="landgericht").content.decode()
    assert "Greta Richter" in content and "Olaf Ordnung" not in content


def test_selection_search_finds_nobody(organiser_client, conference, book):
    content = _page(organiser_client, conference, q="xyz\x00").content.decode()

    assert "Niemand im Adressbuch passt zur Suche." in content


def test_selection_still_adds_chosen_contacts(organiser_client, conference, book):
    response = organiser_client.post(
        reverse("invitations:invitees-add", kwargs={"pk": conference.pk}),
        {"contacts": [book["clerk"].pk], "authorities": []},
    )

    assert response.status_code == 302
    assert list(conference.invitations.values_list("contact_id", flat=True)) == [
        book["clerk"].pk
    ]


def test_selection_keeps_the_ticks_after_an_error(organiser_client, conference, book):
    response = organiser_client.post(
        reverse("invitations:invitees-add", kwargs={"pk": conference.pk}),
        {"contacts": [book["clerk"].pk, 999999]},
    )

    content = response.content.decode()
    assert response.status_code == 400
    clerk = _checkbox(content, book["clerk"]).group(0)
    assert "checked" in clerk


@pytest.mark.parametrize("n", [3, 30])
def test_selection_query_count_is_constant(
    organiser_client, conference, django_assert_num_queries, n
):
    for i in range(n):
        contact = ContactFactory(
            authority__police_authority=conference.police_authority
        )
        if i % 2:
            InvitationFactory(conference=conference, contact=contact)
    _page(organiser_client, conference)

    with django_assert_num_queries(6):
        _page(organiser_client, conference)
