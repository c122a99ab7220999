"""The deputy form is no mail relay (issue 16): one open deputy per invitation,
a few hand-overs a day, no address-book contact before staff confirm it."""

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from teilnehmer.addressbook.models import Contact
from teilnehmer.invitations.models import Invitation
from tests.helpers import sent_token, token_from

pytestmark = pytest.mark.django_db

ANSWER_URL = "/einladung/antwort/"


@pytest.fixture
def partner(client, invitation, organiser, django_capture_on_commit_callbacks):
    token = sent_token(invitation, organiser, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    client.get(f"/einladung/{token}/")
    return client


def _name_deputy(client, capture, n):
    with capture(execute=True):
        return client.post(
            ANSWER_URL,
            {
                "answer": "deputy",
                "deputy_name": f"Vertretung Nummer{n}",
                "deputy_function": "Referent",
                "deputy_email": f"opfer{n}@anywhere.example",
            },
        )


def test_fifty_deputy_posts_send_at_most_three_mails_and_add_no_contacts(
    partner, invitation, django_capture_on_commit_callbacks, settings
):
    contacts_before = Contact.objects.count()

    responses = [
        _name_deputy(partner, django_capture_on_commit_callbacks, n) for n in range(50)
    ]

    statuses = [r.status_code for r in responses]
    # Three hand-overs a day; then refused with a reason; after 30 submissions
    # in five minutes the link itself is slowed down.
    assert statuses == [302] * 3 + [400] * 27 + [429] * 20
    assert "zu oft eine neue Vertretung benannt" in responses[3].content.decode()
    assert len(mail.outbox) == settings.SIKO_DEPUTY_DAILY_LIMIT == 3
    assert [m.to for m in mail.outbox] == [
        ["opfer0@anywhere.example"],
        ["opfer1@anywhere.example"],
        ["opfer2@anywhere.example"],
    ]
    # The address book has not grown; one deputy is open, the latest.
    assert Contact.objects.count() == contacts_before
    deputies = Invitation.objects.filter(deputy_for=invitation)
    assert [d.contact.email for d in deputies] == ["opfer2@anywhere.example"]
    assert Contact.all_objects.filter(pending_deputy=True).count() == 1


def test_naming_a_new_deputy_revokes_the_previous_link(
    partner, invitation, django_capture_on_commit_callbacks
):
    _name_deputy(partner, django_capture_on_commit_callbacks, 1)
    first_token = token_from(mail.outbox[-1])
    _name_deputy(partner, django_capture_on_commit_callbacks, 2)

    first = Client().get(f"/einladung/{first_token}/")

    assert first.status_code == 404
    assert not Contact.all_objects.filter(email="opfer1@anywhere.example").exists()
    assert invitation.deputy_invitation.contact.email == "opfer2@anywhere.example"


def test_staff_see_the_hand_over_and_take_the_deputy_into_the_address_book(
    partner, invitation, organiser, django_capture_on_commit_callbacks
):
    _name_deputy(partner, django_capture_on_commit_callbacks, 1)
    deputy = Invitation.objects.get(deputy_for=invitation)
    staff = Client()
    staff.force_login(organiser)
    overview = reverse("invitations:overview", args=[invitation.conference_id])

    page = staff.get(overview).content.decode()
    assert "Von Partnern benannte Vertretungen" in page
    assert "Vertretung Nummer1 für Petra Beispiel" in page
    assert "nicht im Adressbuch" in page
    assert not Contact.objects.filter(email="opfer1@anywhere.example").exists()

    response = staff.post(
        reverse(
            "invitations:deputy-confirm", args=[invitation.conference_id, deputy.pk]
        )
    )

    assert response.status_code == 302
    contact = Contact.objects.get(email="opfer1@anywhere.example")
    assert contact.authority == invitation.contact.authority
    assert contact.pending_deputy is False
    assert "nicht im Adressbuch" not in staff.get(overview).content.decode()


def test_a_known_contact_named_as_deputy_is_reused(
    partner, invitation, django_capture_on_commit_callbacks
):
    from tests.factories import ContactFactory

    known = ContactFactory(
        authority=invitation.contact.authority, email="opfer1@anywhere.example"
    )

    _name_deputy(partner, django_capture_on_commit_callbacks, 1)

    assert invitation.deputy_invitation.contact == known
    assert Contact.all_objects.filter(pending_deputy=True).count() == 0


def test_staff_may_record_more_hand_overs_than_partners(
    invitation, organiser, settings
):
    from teilnehmer.invitations import services

    settings.SIKO_DEPUTY_DAILY_LIMIT = 1
    for n in range(3):
        services.invitation_answer(
            invitation=invitation,
            answer="deputy",
            deputy_name=f"Vertretung {n}",
            deputy_email=f"v{n}@sta.example",
            by_staff=True,
            user=organiser,
        )

    assert Invitation.objects.get(deputy_for=invitation).contact.email == (
        "v2@sta.example"
    )


def test_unconfirmed_deputy_of_an_inactive_authority_is_purged_too(
    partner, invitation, django_capture_on_commit_callbacks
):
    import datetime

    from django.utils import timezone

    from teilnehmer.addressbook import services as addressbook

    _name_deputy(partner, django_capture_on_commit_callbacks, 1)
    authority = invitation.contact.authority
    authority.active = False
    authority.inactive_since = timezone.now() - datetime.timedelta(days=800)
    authority.save()

    addressbook.contacts_purge(now=timezone.now(), retention_days=730)

    deputy = Contact.all_objects.get(pk=invitation.deputy_invitation.contact_id)
    assert deputy.anonymised_at is not None
    assert deputy.email == ""


def test_a_deputy_recorded_by_staff_goes_straight_into_the_address_book(
    invitation, organiser
):
    from teilnehmer.invitations import services

    services.invitation_answer(
        invitation=invitation,
        answer="deputy",
        deputy_name="Klaus Vertreter",
        deputy_email="klaus@sta.example",
        by_staff=True,
        user=organiser,
    )

    assert Contact.objects.get(email="klaus@sta.example").pending_deputy is False
