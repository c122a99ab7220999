import pytest
from django.test import Client
from django.urls import reverse

from teilnehmer.addressbook.models import Authority, Contact
from tests.factories import (
    AuthorityFactory,
    ConferenceFactory,
    ContactFactory,
    InvitationFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def press_client(make_member, police_authority):
    client = Client()
    client.force_login(make_member(police_authority, is_press_office=True))
    return client


@pytest.fixture
def authority(police_authority):
    return AuthorityFactory(
        police_authority=police_authority,
        name="Staatsanwaltschaft Aachen",
        city="Aachen",
    )


@pytest.fixture
def foreign_authority(other_police_authority):
    return AuthorityFactory(police_authority=other_police_authority, name="Fremd")


AUTHORITY_POST = {
    "name": "Amtsgericht Düren",
    "kind": "local_court",
    "street": "August-Klotz-Straße 14",
    "postal_code": "52349",
    "city": "Düren",
    "email": "poststelle@ag-dueren.example",
    "phone": "02421/494-0",
    "website": "",
    "notes": "",
}


# List -----------------------------------------------------------------------


def test_authority_list_shows_own_authorities_only(
    reader_client, authority, foreign_authority
):
    response = reader_client.get(reverse("teilnehmer:authority-list"))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Staatsanwaltschaft Aachen" in content
    assert "Fremd" not in content
    assert "Neue Behörde" not in content  # read-only role sees no change buttons


def test_authority_list_searches_contact_name(reader_client, police_authority):
    found = AuthorityFactory(police_authority=police_authority, name="Stadt Jülich")
    ContactFactory(authority=found, last_name="Krämer")
    AuthorityFactory(police_authority=police_authority, name="Stadt Linnich")

    response = reader_client.get(reverse("teilnehmer:authority-list"), {"q": "krämer"})

    assert [a.name for a in response.context["authority_list"]] == ["Stadt Jülich"]


def test_authority_list_searches_place_and_filters_kind_and_status(
    reader_client, police_authority
):
    AuthorityFactory(
        police_authority=police_authority, name="Stadt Düren", kind="city", city="Düren"
    )
    AuthorityFactory(
        police_authority=police_authority,
        name="Amtsgericht Düren",
        kind="local_court",
        city="Düren",
    )
    AuthorityFactory(
        police_authority=police_authority,
        name="Alte Stadt Düren",
        kind="city",
        city="Düren",
        active=False,
    )
    url = reverse("teilnehmer:authority-list")

    by_place = reader_client.get(url, {"q": "Düren"}).context["authority_list"]
    by_kind = reader_client.get(url, {"q": "Düren", "art": "city"}).context[
        "authority_list"
    ]
    inactive = reader_client.get(url, {"status": "inactive"}).context["authority_list"]

    assert [a.name for a in by_place] == ["Amtsgericht Düren", "Stadt Düren"]
    assert [a.name for a in by_kind] == ["Stadt Düren"]
    assert [a.name for a in inactive] == ["Alte Stadt Düren"]


def test_authority_list_forbidden_for_press_office(press_client):
    assert press_client.get(reverse("teilnehmer:authority-list")).status_code == 403


def test_authority_list_forbidden_for_ministry(client, make_member):
    client.force_login(MembershipFactory(police_authority=None, is_ministry=True).user)

    assert client.get(reverse("teilnehmer:authority-list")).status_code == 403


#: A list that fits on its first page needs no COUNT (core/paginator.py);
#: beyond it the count is one more query, however many pages follow.
@pytest.mark.parametrize(("rows", "queries"), [(1, 3), (50, 4)])
def test_authority_list_query_count_does_not_grow(
    reader_client, police_authority, django_assert_num_queries, rows, queries
):
    for _ in range(rows):
        ContactFactory(authority__police_authority=police_authority)
    reader_client.get(reverse("teilnehmer:authority-list"))  # warm the session
    ContactFactory(authority__police_authority=police_authority, last_name="Neu")

    with django_assert_num_queries(queries):  # the change drops the cached list
        response = reader_client.get(reverse("teilnehmer:authority-list"))
    with django_assert_num_queries(2):  # then it is served from the cache
        again = reader_client.get(reverse("teilnehmer:authority-list"))

    assert response.status_code == 200
    assert again.status_code == 200


# Detail ---------------------------------------------------------------------


def test_authority_detail_shows_contacts_invitations_and_history(
    reader_client, organiser_client, authority
):
    contact = ContactFactory(authority=authority, last_name="Muster")
    conference = ConferenceFactory(
        police_authority=authority.police_authority, title="SiKo 2027"
    )
    InvitationFactory(conference=conference, contact=contact, attended=True)
    organiser_client.post(
        reverse("teilnehmer:authority-edit", args=[authority.pk]),
        {**AUTHORITY_POST, "name": authority.name, "kind": "prosecution", "version": 1},
    )

    response = reader_client.get(authority.get_absolute_url())

    content = response.content.decode()
    assert response.status_code == 200
    assert "Petra Muster" in content
    assert "SiKo 2027" in content
    assert "Änderungsverlauf" in content
    assert "Ort: Aachen → Düren" in content


def test_authority_detail_query_count_does_not_grow(
    reader_client, authority, django_assert_num_queries
):
    def count_for(contacts):
        for _ in range(contacts):
            contact = ContactFactory(authority=authority)
            InvitationFactory(
                conference__police_authority=authority.police_authority,
                contact=contact,
            )
        reader_client.get(authority.get_absolute_url())
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            reader_client.get(authority.get_absolute_url())
        return len(ctx.captured_queries)

    assert count_for(1) == count_for(10)


def test_contact_detail_query_count_does_not_grow(
    reader_client, authority, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    contact = ContactFactory(authority=authority)

    def count_for(invitations):
        for _ in range(invitations):
            InvitationFactory(
                conference__police_authority=authority.police_authority,
                contact=contact,
            )
        reader_client.get(contact.get_absolute_url())
        with CaptureQueriesContext(connection) as ctx:
            reader_client.get(contact.get_absolute_url())
        return len(ctx.captured_queries)

    assert count_for(1) == count_for(10)


def test_authority_detail_of_other_tenant_is_404(reader_client, foreign_authority):
    assert reader_client.get(foreign_authority.get_absolute_url()).status_code == 404


def test_authority_detail_forbidden_for_press_office(press_client, authority):
    assert press_client.get(authority.get_absolute_url()).status_code == 403


# Create / edit / deactivate authority -----------------------------------------


def test_authority_create_saves_with_normalised_phone_and_history_user(
    organiser_client, organiser, police_authority
):
    response = organiser_client.post(
        reverse("teilnehmer:authority-create"), AUTHORITY_POST
    )

    authority = Authority.objects.get(name="Amtsgericht Düren")
    assert response.status_code == 302
    assert response["Location"] == authority.get_absolute_url()
    assert authority.police_authority == police_authority
    assert authority.phone == "02421 4940"
    assert authority.history.get().history_user == organiser


def test_authority_create_bad_phone_and_email_keeps_input_with_german_messages(
    organiser_client,
):
    response = organiser_client.post(
        reverse("teilnehmer:authority-create"),
        {**AUTHORITY_POST, "phone": "12", "email": "kein-at-zeichen"},
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "Bitte geben Sie eine gültige Telefonnummer ein" in content
    assert "gültige E-Mail-Adresse" in content
    assert 'value="kein-at-zeichen"' in content
    assert 'value="August-Klotz-Straße 14"' in content
    assert not Authority.objects.filter(name="Amtsgericht Düren").exists()


def test_authority_create_warns_about_near_identical_name(
    organiser_client, police_authority
):
    AuthorityFactory(police_authority=police_authority, name="Amtsgericht Dueren")
    url = reverse("teilnehmer:authority-create")

    warned = organiser_client.post(url, AUTHORITY_POST)
    confirmed = organiser_client.post(
        url, {**AUTHORITY_POST, "confirm_duplicate": "on"}
    )

    assert warned.status_code == 200
    assert "Mögliche Dublette" in warned.content.decode()
    assert "Amtsgericht Dueren" in warned.content.decode()
    assert confirmed.status_code == 302
    assert Authority.objects.filter(police_authority=police_authority).count() == 2


def test_authority_create_same_name_is_refused(organiser_client, authority):
    response = organiser_client.post(
        reverse("teilnehmer:authority-create"),
        {
            **AUTHORITY_POST,
            "name": "staatsanwaltschaft aachen",
            "confirm_duplicate": "on",
        },
    )

    assert response.status_code == 200
    assert "steht bereits in Ihrem Adressbuch" in response.content.decode()


def test_authority_create_forbidden_for_reader(reader_client):
    response = reader_client.post(
        reverse("teilnehmer:authority-create"), AUTHORITY_POST
    )

    assert response.status_code == 403
    assert not Authority.objects.exists()


def test_authority_edit_saves_and_bumps_version(organiser_client, authority):
    response = organiser_client.post(
        reverse("teilnehmer:authority-edit", args=[authority.pk]),
        {**AUTHORITY_POST, "name": "StA Aachen", "kind": "prosecution", "version": 1},
    )

    authority.refresh_from_db()
    assert response.status_code == 302
    assert authority.name == "StA Aachen"
    assert authority.version == 2


def test_authority_edit_refuses_stale_version_and_keeps_input(
    organiser_client, authority
):
    Authority.objects.filter(pk=authority.pk).update(version=2)

    response = organiser_client.post(
        reverse("teilnehmer:authority-edit", args=[authority.pk]),
        {**AUTHORITY_POST, "name": "Mein neuer Name", "version": 1},
    )

    authority.refresh_from_db()
    assert response.status_code == 409  # one conflict answer (konferenz.core.locking)
    assert "Jemand anderes hat diesen Eintrag" in response.content.decode()
    assert 'value="Mein neuer Name"' in response.content.decode()
    assert authority.name == "Staatsanwaltschaft Aachen"


def test_authority_edit_other_tenant_is_404(organiser_client, foreign_authority):
    url = reverse("teilnehmer:authority-edit", args=[foreign_authority.pk])

    assert organiser_client.get(url).status_code == 404


def test_authority_edit_forbidden_for_reader(reader_client, authority):
    url = reverse("teilnehmer:authority-edit", args=[authority.pk])

    assert reader_client.get(url).status_code == 403


def test_authority_deactivate_and_reactivate(organiser_client, authority):
    url = reverse("teilnehmer:authority-set-active", args=[authority.pk])

    organiser_client.post(url, {"active": "0"})
    authority.refresh_from_db()
    assert authority.active is False
    assert authority.inactive_since is not None

    organiser_client.post(url, {"active": "1"})
    authority.refresh_from_db()
    assert authority.active is True
    assert authority.inactive_since is None


def test_authority_deactivate_needs_post(organiser_client, authority):
    url = reverse("teilnehmer:authority-set-active", args=[authority.pk])

    assert organiser_client.get(url).status_code == 405


def test_authority_deactivate_forbidden_for_reader_and_404_for_other_tenant(
    reader_client, authority, foreign_authority
):
    own = reverse("teilnehmer:authority-set-active", args=[authority.pk])
    foreign = reverse("teilnehmer:authority-set-active", args=[foreign_authority.pk])

    assert reader_client.post(own, {"active": "0"}).status_code == 403
    reader_client.force_login(
        MembershipFactory(
            police_authority=authority.police_authority, is_organiser=True
        ).user
    )
    assert reader_client.post(foreign, {"active": "0"}).status_code == 404
    foreign_authority.refresh_from_db()
    assert foreign_authority.active is True


# Contacts ---------------------------------------------------------------------

CONTACT_POST = {
    "salutation": "Frau",
    "title": "Dr.",
    "first_name": "Erika",
    "last_name": "Mustermann",
    "function": "Leitende Oberstaatsanwältin",
    "email": "erika.mustermann@sta.example",
    "phone": "0241 9425-0",
    "is_leadership": "on",
}


def test_contact_create_saves_and_redirects(organiser_client, authority):
    response = organiser_client.post(
        reverse("teilnehmer:contact-create", args=[authority.pk]), CONTACT_POST
    )

    contact = Contact.objects.get()
    assert response.status_code == 302
    assert contact.authority == authority
    assert contact.formal_name == "Frau Dr. Erika Mustermann"
    assert contact.phone == "0241 94250"
    assert contact.is_leadership is True


def test_contact_create_warns_about_same_email_elsewhere(
    organiser_client, authority, police_authority
):
    ContactFactory(
        authority__police_authority=police_authority,
        authority__name="Stadt Aachen",
        email="ERIKA.mustermann@sta.example",
        last_name="Anders",
    )
    url = reverse("teilnehmer:contact-create", args=[authority.pk])

    warned = organiser_client.post(url, CONTACT_POST)
    saved = organiser_client.post(url, {**CONTACT_POST, "confirm_duplicate": "on"})

    assert warned.status_code == 200
    assert "Mögliche Dublette" in warned.content.decode()
    assert "Stadt Aachen" in warned.content.decode()
    assert saved.status_code == 302


def test_contact_create_warns_about_same_name_in_same_authority(
    organiser_client, authority
):
    ContactFactory(authority=authority, first_name="Erika", last_name="Mustermann")

    response = organiser_client.post(
        reverse("teilnehmer:contact-create", args=[authority.pk]),
        {**CONTACT_POST, "email": ""},
    )

    assert response.status_code == 200
    assert "Bitte prüfen Sie die möglichen Dubletten" in response.content.decode()
    assert Contact.objects.count() == 1


def test_contact_create_bad_phone_keeps_input(organiser_client, authority):
    response = organiser_client.post(
        reverse("teilnehmer:contact-create", args=[authority.pk]),
        {**CONTACT_POST, "phone": "abc"},
    )

    assert response.status_code == 200
    assert "gültige Telefonnummer" in response.content.decode()
    assert 'value="Mustermann"' in response.content.decode()
    assert not Contact.objects.exists()


def test_contact_create_forbidden_for_reader_and_404_for_other_tenant(
    reader_client, organiser_client, authority, foreign_authority
):
    assert (
        reader_client.post(
            reverse("teilnehmer:contact-create", args=[authority.pk]), CONTACT_POST
        ).status_code
        == 403
    )
    assert (
        organiser_client.post(
            reverse("teilnehmer:contact-create", args=[foreign_authority.pk]),
            CONTACT_POST,
        ).status_code
        == 404
    )
    assert not Contact.objects.exists()


def test_contact_detail_shows_person_for_reader(reader_client, authority):
    contact = ContactFactory(authority=authority, last_name="Muster")

    response = reader_client.get(contact.get_absolute_url())

    assert response.status_code == 200
    assert "Frau Petra Muster" in response.content.decode()
    assert "Anonymisieren" not in response.content.decode()


def test_contact_detail_forbidden_for_press_and_404_for_other_tenant(
    press_client, authority, foreign_authority
):
    own = ContactFactory(authority=authority)
    foreign = ContactFactory(authority=foreign_authority)

    assert press_client.get(own.get_absolute_url()).status_code == 403
    press_client.force_login(
        MembershipFactory(police_authority=authority.police_authority).user
    )
    assert press_client.get(foreign.get_absolute_url()).status_code == 404


def test_contact_edit_saves_and_refuses_stale_version(organiser_client, authority):
    contact = ContactFactory(authority=authority)
    url = reverse("teilnehmer:contact-edit", args=[contact.pk])

    first = organiser_client.post(url, {**CONTACT_POST, "version": 1})
    stale = organiser_client.post(
        url, {**CONTACT_POST, "function": "Oberstaatsanwältin", "version": 1}
    )

    contact.refresh_from_db()
    assert first.status_code == 302
    assert stale.status_code == 409  # one conflict answer (konferenz.core.locking)
    assert "Jemand anderes hat diesen Eintrag" in stale.content.decode()
    assert contact.last_name == "Mustermann"
    assert contact.function == "Leitende Oberstaatsanwältin"
    assert contact.version == 2


def test_contact_edit_forbidden_for_reader_and_404_for_other_tenant(
    reader_client, organiser_client, authority, foreign_authority
):
    own = ContactFactory(authority=authority)
    foreign = ContactFactory(authority=foreign_authority)

    assert (
        reader_client.get(reverse("teilnehmer:contact-edit", args=[own.pk])).status_code
        == 403
    )
    assert (
        organiser_client.get(
            reverse("teilnehmer:contact-edit", args=[foreign.pk])
        ).status_code
        == 404
    )


def test_contact_deactivate_post_only_and_scoped(
    organiser_client, authority, foreign_authority
):
    contact = ContactFactory(authority=authority)
    foreign = ContactFactory(authority=foreign_authority)
    url = reverse("teilnehmer:contact-set-active", args=[contact.pk])

    assert organiser_client.get(url).status_code == 405
    assert organiser_client.post(url, {"active": "0"}).status_code == 302
    assert (
        organiser_client.post(
            reverse("teilnehmer:contact-set-active", args=[foreign.pk]), {"active": "0"}
        ).status_code
        == 404
    )

    contact.refresh_from_db()
    foreign.refresh_from_db()
    assert contact.active is False
    assert contact.inactive_since is not None
    assert foreign.active is True


def test_contact_deactivate_forbidden_for_reader(reader_client, authority):
    contact = ContactFactory(authority=authority)

    response = reader_client.post(
        reverse("teilnehmer:contact-set-active", args=[contact.pk]), {"active": "0"}
    )

    contact.refresh_from_db()
    assert response.status_code == 403
    assert contact.active is True
