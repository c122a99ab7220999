import datetime
import json

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from konferenz.documents.marking import PERSONAL_DATA_MARKING
from teilnehmer.addressbook import services
from teilnehmer.addressbook.models import Contact
from teilnehmer.invitations.models import Invitation
from tests.factories import (
    AgendaItemFactory,
    AuthorityFactory,
    ConferenceFactory,
    ContactFactory,
    InvitationFactory,
    ProposalFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def contact(police_authority):
    return ContactFactory(
        authority__police_authority=police_authority,
        first_name="Erika",
        last_name="Mustermann",
        email="erika@sta.example",
        phone="0221 4710101",
    )


@pytest.fixture
def foreign_contact(other_police_authority):
    return ContactFactory(authority__police_authority=other_police_authority)


# Merge ------------------------------------------------------------------------


def test_merge_moves_invitations_to_survivor(organiser_client, police_authority):
    authority = AuthorityFactory(police_authority=police_authority)
    survivor = ContactFactory(authority=authority, email="", phone="")
    duplicate = ContactFactory(
        authority=authority, email="neu@sta.example", phone="0221 4710102"
    )
    only_duplicate = ConferenceFactory(police_authority=police_authority)
    both = ConferenceFactory(police_authority=police_authority)
    moved = InvitationFactory(conference=only_duplicate, contact=duplicate)
    kept = InvitationFactory(conference=both, contact=survivor)
    InvitationFactory(
        conference=both, contact=duplicate, answer="accepted", attended=True
    )

    response = organiser_client.post(
        reverse("teilnehmer:contact-merge"),
        {"survivor": survivor.pk, "duplicate": duplicate.pk},
    )

    survivor.refresh_from_db()
    kept.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == survivor.get_absolute_url()
    assert not Contact.objects.filter(pk=duplicate.pk).exists()
    assert set(Invitation.objects.filter(contact=survivor)) == {moved, kept}
    assert (kept.answer, kept.attended) == ("accepted", True)
    assert (survivor.email, survivor.phone) == ("neu@sta.example", "0221 4710102")


def test_duplicate_list_shows_pairs_by_email_and_name(
    organiser_client, police_authority
):
    authority = AuthorityFactory(police_authority=police_authority)
    ContactFactory(authority=authority, first_name="Jan", last_name="Kurz", email="")
    ContactFactory(authority=authority, first_name="jan", last_name="KURZ", email="")
    ContactFactory(authority=authority, last_name="Eins", email="same@x.example")
    ContactFactory(last_name="Fremd", email="same@x.example")  # other tenant
    ContactFactory(
        authority__police_authority=police_authority,
        last_name="Zwei",
        email="SAME@x.example",
    )

    response = organiser_client.get(reverse("teilnehmer:duplicate-list"))

    pairs = response.context["pairs"]
    assert [(p.first.last_name, p.second.last_name, p.reason) for p in pairs] == [
        ("Kurz", "KURZ", "gleicher Name in derselben Behörde"),
        ("Eins", "Zwei", "gleiche E-Mail-Adresse"),
    ]
    assert "Petra Eins behalten" in response.content.decode()


def test_duplicate_list_forbidden_for_reader(reader_client):
    assert reader_client.get(reverse("teilnehmer:duplicate-list")).status_code == 403


def test_merge_forbidden_for_reader_404_for_other_tenant_and_post_only(
    reader_client, organiser_client, contact, foreign_contact
):
    url = reverse("teilnehmer:contact-merge")
    data = {"survivor": contact.pk, "duplicate": foreign_contact.pk}

    assert reader_client.post(url, data).status_code == 403
    assert organiser_client.post(url, data).status_code == 404
    assert organiser_client.get(url).status_code == 405
    assert Contact.objects.count() == 2


# Anonymise --------------------------------------------------------------------


def test_anonymise_removes_name_from_contact_and_history(
    organiser_client, organiser, contact
):
    services.contact_update(
        contact=contact, version=1, user=organiser, function="Oberstaatsanwältin"
    )
    invitation = InvitationFactory(
        conference__police_authority=contact.authority.police_authority,
        contact=contact,
        attended=True,
        comment="Frau Mustermann kommt später",
    )

    response = organiser_client.post(
        reverse("teilnehmer:contact-anonymise", args=[contact.pk])
    )

    contact.refresh_from_db()
    invitation.refresh_from_db()
    assert response.status_code == 302
    assert (contact.first_name, contact.last_name, contact.email, contact.phone) == (
        "",
        "anonymisiert",
        "",
        "",
    )
    assert contact.active is False
    assert contact.anonymised_at is not None
    names = set(contact.history.values_list("first_name", "last_name", "email"))
    assert names == {("", "anonymisiert", "")}
    assert invitation.attended is True
    assert invitation.comment == ""
    assert not invitation.history.filter(comment__contains="Mustermann").exists()
    page = organiser_client.get(contact.authority.get_absolute_url()).content.decode()
    assert "Mustermann" not in page


def test_anonymise_forbidden_for_reader_404_other_tenant_post_only(
    reader_client, organiser_client, contact, foreign_contact
):
    own = reverse("teilnehmer:contact-anonymise", args=[contact.pk])
    foreign = reverse("teilnehmer:contact-anonymise", args=[foreign_contact.pk])

    assert reader_client.post(own).status_code == 403
    assert organiser_client.post(foreign).status_code == 404
    assert organiser_client.get(own).status_code == 405
    contact.refresh_from_db()
    foreign_contact.refresh_from_db()
    assert contact.last_name == "Mustermann"
    assert foreign_contact.anonymised_at is None


# Data of this person ----------------------------------------------------------


def test_personal_data_export_is_json_with_invitations_and_history(
    organiser_client, contact
):
    conference = ConferenceFactory(
        police_authority=contact.authority.police_authority,
        title="SiKo 2027",
        date=datetime.date(2027, 3, 10),
    )
    InvitationFactory(conference=conference, contact=contact, answer="accepted")

    response = organiser_client.get(
        reverse("teilnehmer:contact-data-export", args=[contact.pk])
    )

    data = json.loads(response.content)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="auskunft-person-{contact.pk}.json"'
    )
    assert data["person"]["last_name"] == "Mustermann"
    assert data["person"]["email"] == "erika@sta.example"
    assert data["authority"]["name"] == contact.authority.name
    assert data["invitations"] == [
        {
            "conference": "SiKo 2027",
            "date": "2027-03-10",
            "sent_at": None,
            "answer": "Zugesagt",
            "answered_at": None,
            "deputy_name": "",
            "deputy_function": "",
            "deputy_email": "",
            "comment": "",
            "attended": None,
        }
    ]
    assert [(h["last_name"], h["email"]) for h in data["history"]] == [
        ("Mustermann", "erika@sta.example")
    ]


def test_personal_data_export_forbidden_for_reader_and_404_for_other_tenant(
    reader_client, organiser_client, contact, foreign_contact
):
    assert (
        reader_client.get(
            reverse("teilnehmer:contact-data-export", args=[contact.pk])
        ).status_code
        == 403
    )
    assert (
        organiser_client.get(
            reverse("teilnehmer:contact-data-export", args=[foreign_contact.pk])
        ).status_code
        == 404
    )


# Purge ------------------------------------------------------------------------


def test_purge_anonymises_contacts_inactive_longer_than_retention(
    police_authority, settings
):
    settings.SIKO_CONTACT_RETENTION_DAYS = 365
    now = timezone.now()
    old = ContactFactory(
        authority__police_authority=police_authority,
        active=False,
        inactive_since=now - datetime.timedelta(days=400),
    )
    recent = ContactFactory(
        authority__police_authority=police_authority,
        active=False,
        inactive_since=now - datetime.timedelta(days=100),
    )
    of_old_authority = ContactFactory(
        authority__police_authority=police_authority,
        authority__active=False,
        authority__inactive_since=now - datetime.timedelta(days=500),
    )
    active = ContactFactory(authority__police_authority=police_authority)

    call_command("purge")

    for contact in (old, recent, of_old_authority, active):
        contact.refresh_from_db()
    assert old.last_name == "anonymisiert"
    assert of_old_authority.last_name == "anonymisiert"
    assert recent.anonymised_at is None
    assert active.anonymised_at is None


def test_purge_days_option_and_dry_run(police_authority, capsys):
    contact = ContactFactory(
        authority__police_authority=police_authority,
        active=False,
        inactive_since=timezone.now() - datetime.timedelta(days=40),
    )

    call_command("purge", "--days", "30", "--dry-run")
    dry = capsys.readouterr().out
    contact.refresh_from_db()
    assert contact.anonymised_at is None
    assert "1 Ansprechperson(en) würden anonymisiert (Frist: 30 Tage)." in dry

    call_command("purge", "--days", "30")
    contact.refresh_from_db()
    assert contact.anonymised_at is not None


def test_anonymised_contact_cannot_be_edited_or_reactivated(organiser_client, contact):
    services.contact_anonymise(contact=contact, user=None)

    edit = organiser_client.get(
        reverse("teilnehmer:contact-edit", args=[contact.pk]), follow=True
    )
    reactivate = organiser_client.post(
        reverse("teilnehmer:contact-set-active", args=[contact.pk]),
        {"active": "1"},
        follow=True,
    )

    contact.refresh_from_db()
    assert "Eine anonymisierte Ansprechperson kann nicht bearbeitet werden." in (
        edit.content.decode()
    )
    assert "kann nicht wieder aktiviert werden" in reactivate.content.decode()
    assert contact.active is False


def test_merge_keeps_proposals_and_presenter_of_the_duplicate(
    organiser, police_authority
):
    authority = AuthorityFactory(police_authority=police_authority)
    survivor = ContactFactory(authority=authority)
    duplicate = ContactFactory(authority=authority)
    conference = ConferenceFactory(police_authority=police_authority)
    kept = InvitationFactory(conference=conference, contact=survivor)
    dropped = InvitationFactory(conference=conference, contact=duplicate)
    proposal = ProposalFactory(invitation=dropped)
    item = AgendaItemFactory(conference=conference, presenter_contact=duplicate)

    services.contact_merge(survivor=survivor, duplicate=duplicate, user=organiser)

    proposal.refresh_from_db()
    item.refresh_from_db()
    assert proposal.invitation == kept
    assert item.presenter_contact == survivor
    assert not Invitation.objects.filter(pk=dropped.pk).exists()


def test_personal_data_export_as_readable_pdf(organiser_client, contact):
    from tests.helpers import pdf_page_tops, pdf_pages

    conference = ConferenceFactory(
        police_authority=contact.authority.police_authority,
        title="SiKo 2027",
        date=datetime.date(2027, 3, 10),
    )
    InvitationFactory(conference=conference, contact=contact, answer="accepted")

    response = organiser_client.get(
        reverse("teilnehmer:contact-data-export-pdf", args=[contact.pk])
    )

    text = " ".join(" ".join(pdf_pages(response.content)).split())
    assert response["Content-Type"] == "application/pdf"
    assert "Art. 15 DSGVO" in text
    assert "Mustermann" in text and "erika@sta.example" in text
    assert "SiKo 2027 10.03.2027" in text
    tops = pdf_page_tops(response.content)
    # Issue 31: personal data for the data subject, not the participants' mark.
    assert all(PERSONAL_DATA_MARKING in top for top in tops)
    assert not any("TEILNEHMENDEN" in top or "NICHT ÖFFENTLICH" in top for top in tops)


def test_purge_drops_the_person_from_every_cached_page_at_once(
    police_authority, organiser_client, settings
):
    """Issue 27: the command runs without the web servers' cache (no Redis in
    a cron shell); the stamps it renews live in the database, so no cached
    page shows the person any more."""
    settings.SIKO_CONTACT_RETENTION_DAYS = 365
    conference = ConferenceFactory(police_authority=police_authority)
    invitation = InvitationFactory(
        conference=conference,
        contact__last_name="Vergessenwerden",
        contact__authority__police_authority=police_authority,
        contact__active=False,
        contact__inactive_since=timezone.now() - datetime.timedelta(days=400),
    )
    url = reverse("invitations:overview", args=[conference.pk])
    assert "Vergessenwerden" in organiser_client.get(url).content.decode()  # cached

    call_command("purge")

    invitation.contact.refresh_from_db()
    assert invitation.contact.anonymised_at is not None
    assert "Vergessenwerden" not in organiser_client.get(url).content.decode()
