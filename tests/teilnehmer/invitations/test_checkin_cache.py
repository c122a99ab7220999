"""Issue 22: the Einlass page keeps the walk-in form's fields (the long select
of partner authorities) per conference change stamp, reads its rows once and
counts who is present from them."""

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import AuthorityFactory, ConferenceFactory, InvitationFactory

pytestmark = pytest.mark.django_db


def _checkin(client, conference, **params):
    return client.get(
        reverse("invitations:checkin", kwargs={"pk": conference.pk}), params
    )


def test_new_partner_authority_shows_in_the_walk_in_select_at_once(
    organiser_client, conference
):
    AuthorityFactory(police_authority=conference.police_authority, name="Zollamt Alt")
    assert "Zollamt Alt" in _checkin(organiser_client, conference).content.decode()

    AuthorityFactory(police_authority=conference.police_authority, name="Zollamt Neu")
    content = _checkin(organiser_client, conference).content.decode()

    assert "Zollamt Alt" in content
    assert "Zollamt Neu" in content


def test_walk_in_select_never_lists_another_authoritys_partners(
    organiser_client, make_member, other_police_authority, conference
):
    AuthorityFactory(police_authority=conference.police_authority, name="Eigenes Amt")
    AuthorityFactory(police_authority=other_police_authority, name="Fremdes Amt")
    other_conference = ConferenceFactory(police_authority=other_police_authority)
    stranger = Client()
    stranger.force_login(make_member(other_police_authority, is_organiser=True))
    theirs = _checkin(stranger, other_conference).content.decode()
    assert "Fremdes Amt" in theirs

    ours = _checkin(organiser_client, conference).content.decode()

    assert "Eigenes Amt" in ours
    assert "Fremdes Amt" not in ours
    assert "Eigenes Amt" not in _checkin(stranger, other_conference).content.decode()


def test_walk_in_errors_are_shown_with_the_input_kept(organiser_client, conference):
    AuthorityFactory(police_authority=conference.police_authority)
    _checkin(organiser_client, conference)  # the empty fields are cached

    response = organiser_client.post(
        reverse("invitations:checkin-walk-in", kwargs={"pk": conference.pk}),
        {"first_name": "Erika", "last_name": ""},
    )

    content = response.content.decode()
    assert response.status_code == 400
    assert 'value="Erika"' in content
    assert "is-invalid" in content


@pytest.mark.parametrize("n", [5, 60])
def test_checkin_queries_do_not_grow(
    organiser_client, conference, django_assert_num_queries, n
):
    invitations = InvitationFactory.create_batch(n, conference=conference)
    for invitation in invitations[:2]:
        invitation.attended = True
        invitation.save()
    _checkin(organiser_client, conference)  # warm the session and caches

    with django_assert_num_queries(3):  # its rows (the conference is cached)
        response = _checkin(organiser_client, conference)
    with django_assert_num_queries(4):  # a search counts those present apart
        searched = _checkin(organiser_client, conference, q="Petra")

    assert "2 Personen anwesend" in response.content.decode()
    assert "2 Personen anwesend" in searched.content.decode()
