"""Issue 22: the answers table is kept per conference change stamp. Whatever
changes it shows at once; a reader without the right to change never gets
the organisers' table; another conference never gets these rows."""

import pytest
from django.test import Client
from django.urls import reverse

from teilnehmer.invitations import services
from tests.factories import ConferenceFactory, ContactFactory, InvitationFactory
from tests.helpers import sent_token

pytestmark = pytest.mark.django_db

ANSWER_URL = "/einladung/antwort/"


def _overview(client, conference, **params):
    return client.get(
        reverse("invitations:overview", kwargs={"pk": conference.pk}), params
    )


def test_partner_answer_shows_at_once_on_the_cached_overview(
    organiser_client, organiser, invitation, django_capture_on_commit_callbacks
):
    conference = invitation.conference
    token = sent_token(invitation, organiser, django_capture_on_commit_callbacks)
    before = _overview(organiser_client, conference).content.decode()
    assert "Zugesagt: 0" in before
    partner = Client()
    partner.get(f"/einladung/{token}/")

    with django_capture_on_commit_callbacks(execute=True):
        partner.post(ANSWER_URL, {"answer": "accepted", "comment": "Ich komme gern."})
    after = _overview(organiser_client, conference).content.decode()

    assert "Zugesagt: 1" in after
    assert "Offen: 0" in after
    assert "Ich komme gern." in after


@pytest.fixture
def vs_nfd_reader_client(make_member, police_authority):
    """A reader of the same classification audience as the organiser (VS-NfD)
    but without the right to change invitations: only that right differs."""
    client = Client()
    client.force_login(make_member(police_authority, may_read_vs_nfd=True))
    return client


def test_reader_never_gets_the_organisers_table(
    organiser_client, vs_nfd_reader_client, invitation
):
    reader_client = vs_nfd_reader_client
    conference = invitation.conference
    organisers = _overview(organiser_client, conference).content.decode()
    assert "Antwort erfassen" in organisers
    assert 'name="invitations"' in organisers

    readers = _overview(reader_client, conference).content.decode()

    assert "Petra Beispiel" in readers
    assert "Antwort erfassen" not in readers
    assert "Link sperren" not in readers
    assert 'name="invitations"' not in readers
    assert "csrfmiddlewaretoken" not in readers[readers.index("<main") :]


def test_organiser_gets_the_editing_table_after_a_reader(
    organiser_client, vs_nfd_reader_client, invitation
):
    reader_client = vs_nfd_reader_client
    conference = invitation.conference
    assert (
        "Antwort erfassen" not in _overview(reader_client, conference).content.decode()
    )

    content = _overview(organiser_client, conference).content.decode()

    assert "Antwort erfassen" in content
    assert 'name="invitations"' in content


def test_another_conference_never_gets_these_rows(
    organiser_client, police_authority, invitation
):
    other = ConferenceFactory(police_authority=police_authority)
    InvitationFactory(
        conference=other, contact__first_name="Otto", contact__last_name="Andere"
    )
    assert (
        "Petra Beispiel"
        in _overview(organiser_client, invitation.conference).content.decode()
    )

    content = _overview(organiser_client, other).content.decode()

    assert "Otto Andere" in content
    assert "Petra Beispiel" not in content


def test_another_authoritys_organiser_gets_404_with_the_table_cached(
    organiser_client, make_member, other_police_authority, invitation
):
    _overview(organiser_client, invitation.conference)
    stranger = Client()
    stranger.force_login(make_member(other_police_authority, is_organiser=True))

    assert _overview(stranger, invitation.conference).status_code == 404


def test_filter_and_search_are_part_of_the_key(organiser_client, invitation):
    conference = invitation.conference
    InvitationFactory(
        conference=conference, contact__first_name="Otto", contact__last_name="Andere"
    )
    assert "Otto Andere" in _overview(organiser_client, conference).content.decode()

    content = _overview(organiser_client, conference, q="Petra").content.decode()

    assert "Petra Beispiel" in content
    assert "Otto Andere" not in content


def test_new_invitees_show_at_once(organiser_client, organiser, invitation):
    conference = invitation.conference
    contact = ContactFactory(
        authority__police_authority=conference.police_authority,
        first_name="Nora",
        last_name="Neu",
    )
    assert "Eingeladen: 1" in _overview(organiser_client, conference).content.decode()

    services.invitations_create(
        conference=conference, contacts=[contact], user=organiser
    )
    content = _overview(organiser_client, conference).content.decode()

    assert "Nora Neu" in content
    assert "Eingeladen: 2" in content


def test_renamed_contact_shows_at_once(organiser_client, invitation):
    conference = invitation.conference
    _overview(organiser_client, conference)
    contact = invitation.contact
    contact.last_name = "Umbenannt"
    contact.save()

    content = _overview(organiser_client, conference).content.decode()

    assert "Petra Umbenannt" in content


def test_staff_answer_shows_at_once(organiser_client, organiser, invitation):
    conference = invitation.conference
    _overview(organiser_client, conference)

    services.invitation_answer(
        invitation=invitation,
        answer="declined",
        comment="Leider verhindert.",
        by_staff=True,
        user=organiser,
    )
    content = _overview(organiser_client, conference).content.decode()

    assert "Abgesagt: 1" in content
    assert "Leider verhindert." in content
