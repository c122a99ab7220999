"""The yearly contact check through a personal link (issue 34)."""

import datetime
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from hypothesis import example, given

from teilnehmer.addressbook import contactcheck
from teilnehmer.addressbook.models import Contact, ContactCheck, ContactCheckSettings
from tests.factories import (
    AuthorityFactory,
    ConferenceFactory,
    ContactFactory,
    InvitationFactory,
    MembershipFactory,
    PoliceAuthorityFactory,
)
from tests.test_hostile_forms import HOSTILE, SCRIPT, SETTINGS

pytestmark = pytest.mark.django_db

CHECK_LINK = re.compile(r"/einladung/kontakt/([A-Za-z0-9_-]{43})/")
NOTE_CANARY = "Kanarienvogel-Vermerk-34"


@pytest.fixture
def city(police_authority):
    return AuthorityFactory(
        police_authority=police_authority, name="Stadt Teststadt", notes=NOTE_CANARY
    )


@pytest.fixture
def people(city):
    return [
        ContactFactory(
            authority=city,
            first_name=first,
            last_name=last,
            function=function,
            email=email,
            phone=phone,
        )
        for first, last, function, email, phone in (
            ("Anna", "Amt", "Leiterin Amt", "amt@stadt.example", "0209 3652010"),
            ("Bernd", "Bau", "Dezernent", "bau@stadt.example", "0209 3652020"),
        )
    ]


def _ask(organiser_client, authority, capture):
    mail.outbox.clear()
    with capture(execute=True):
        response = organiser_client.post(
            reverse("teilnehmer:authority-contact-check", args=[authority.pk]),
            follow=True,
        )
    return response


def _open(client, address):
    message = [m for m in mail.outbox if m.to == [address]][-1]
    token = CHECK_LINK.search(message.body).group(1)
    assert client.get(reverse("contactcheck:open", args=[token])).status_code == 302
    return client.get(reverse("contactcheck:page"))


def test_organiser_asks_every_contact_of_the_authority(
    organiser_client, city, people, django_capture_on_commit_callbacks
):
    response = _ask(organiser_client, city, django_capture_on_commit_callbacks)

    assert sorted(m.to[0] for m in mail.outbox) == [
        "amt@stadt.example",
        "bau@stadt.example",
    ]
    assert "2 Ansprechperson(en) wurden gebeten" in response.content.decode()
    assert "Art. 5 Abs. 1 Buchst. d DSGVO" in mail.outbox[0].body
    token = CHECK_LINK.search(mail.outbox[0].body).group(1)
    assert not ContactCheck.objects.filter(link_secret=token).exists()
    assert not ContactCheck.objects.filter(token_hash=token).exists()


def test_confirmation_is_recorded_at_once(
    client, organiser_client, city, people, django_capture_on_commit_callbacks
):
    _ask(organiser_client, city, django_capture_on_commit_callbacks)
    page = _open(client, "amt@stadt.example").content.decode()

    client.post(reverse("contactcheck:confirm"), follow=True)

    anna = Contact.objects.get(pk=people[0].pk)
    assert anna.confirmed_at is not None
    assert "Leiterin Amt" in page
    assert "Bernd" not in page  # only the person's own data
    assert "bau@stadt.example" not in page
    assert NOTE_CANARY not in page
    assert anna.history.first().history_change_reason == (
        "Angaben über den Prüflink bestätigt"
    )


def test_correction_is_a_proposal_the_organiser_accepts(
    client, organiser_client, city, people, django_capture_on_commit_callbacks
):
    _ask(organiser_client, city, django_capture_on_commit_callbacks)
    _open(client, "amt@stadt.example")
    client.post(
        reverse("contactcheck:correct"),
        {
            "first_name": "Anna",
            "last_name": "Amt-Neu",
            "function": "Leiterin Amt",
            "email": "amt-neu@stadt.example",
            "phone": "0209 3652010",
        },
    )
    anna = Contact.objects.get(pk=people[0].pk)
    assert anna.last_name == "Amt"  # nothing changes before the decision
    overview = organiser_client.get(reverse("teilnehmer:contact-check"))
    assert "amt-neu@stadt.example" in overview.content.decode()
    check = ContactCheck.objects.get(contact=anna, answer="corrected")

    organiser_client.post(reverse("teilnehmer:contact-check-accept", args=[check.pk]))

    anna.refresh_from_db()
    check.refresh_from_db()
    assert (anna.last_name, anna.email) == ("Amt-Neu", "amt-neu@stadt.example")
    assert anna.confirmed_at is not None
    assert check.decision == "accepted"
    assert anna.history.first().history_change_reason == (
        "Korrektur aus dem Prüflink übernommen"
    )
    page = organiser_client.get(city.get_absolute_url()).content.decode()
    assert "Korrektur vorgeschlagen" in page
    assert "übernommen" in page


def test_rejected_correction_leaves_the_address_book(
    client, organiser_client, city, people, django_capture_on_commit_callbacks
):
    _ask(organiser_client, city, django_capture_on_commit_callbacks)
    _open(client, "amt@stadt.example")
    client.post(
        reverse("contactcheck:correct"),
        {"last_name": "Falsch", "email": "amt@stadt.example"},
    )
    check = ContactCheck.objects.get(answer="corrected")

    organiser_client.post(reverse("teilnehmer:contact-check-reject", args=[check.pk]))

    assert Contact.objects.get(pk=people[0].pk).last_name == "Amt"
    assert ContactCheck.objects.get(pk=check.pk).decision == "rejected"
    again = client.post(reverse("contactcheck:confirm"))
    assert again.status_code == 404  # the decided link is closed


def test_successor_accepted_replaces_the_contact(
    client, organiser_client, city, people, django_capture_on_commit_callbacks
):
    _ask(organiser_client, city, django_capture_on_commit_callbacks)
    _open(client, "bau@stadt.example")
    client.post(
        reverse("contactcheck:successor"),
        {
            "successor-first_name": "Clara",
            "successor-last_name": "Neu",
            "successor-function": "Dezernentin",
            "successor-email": "neu@stadt.example",
            "successor-phone": "0209 3652030",
        },
    )
    check = ContactCheck.objects.get(answer="successor")

    organiser_client.post(reverse("teilnehmer:contact-check-accept", args=[check.pk]))

    bernd = Contact.objects.get(pk=people[1].pk)
    clara = Contact.objects.get(email="neu@stadt.example")
    assert not bernd.active
    assert (clara.full_name, clara.function, clara.authority) == (
        "Clara Neu",
        "Dezernentin",
        city,
    )


def test_successor_without_email_keeps_the_form_with_a_german_error(
    client, organiser_client, city, people, django_capture_on_commit_callbacks
):
    _ask(organiser_client, city, django_capture_on_commit_callbacks)
    _open(client, "bau@stadt.example")

    response = client.post(
        reverse("contactcheck:successor"), {"successor-last_name": "Neu"}
    )

    assert response.status_code == 400
    assert 'value="Neu"' in response.content.decode()
    assert "Dieses Feld ist zwingend erforderlich" in response.content.decode()


def test_unconfirmed_contacts_are_marked(
    organiser_client, police_authority, city, people
):
    old = timezone.now() - datetime.timedelta(days=400)
    Contact.objects.filter(pk=people[0].pk).update(created_at=old)
    Contact.objects.filter(pk=people[1].pk).update(
        created_at=old, confirmed_at=timezone.now()
    )
    conference = ConferenceFactory(
        police_authority=police_authority,
        date=timezone.localdate() + datetime.timedelta(days=40),
    )
    for person in people:
        InvitationFactory(conference=conference, contact=person)

    detail = organiser_client.get(city.get_absolute_url()).content.decode()
    overview = organiser_client.get(reverse("teilnehmer:contact-check"))
    send = organiser_client.get(reverse("invitations:send", args=[conference.pk]))

    assert detail.count("Daten nicht bestätigt") == 1
    listed = re.search(
        r'<ul id="unconfirmed-list">(.*?)</ul>', overview.content.decode(), re.S
    ).group(1)
    assert "Anna Amt" in listed
    assert "Bernd Bau" not in listed
    assert "1 eingeladene Person hat ihre Kontaktdaten lange nicht bestätigt" in (
        send.content.decode()
    )


def test_threshold_is_configured_per_police_authority(
    organiser_client, police_authority, people
):
    Contact.objects.filter(pk=people[0].pk).update(
        created_at=timezone.now() - datetime.timedelta(days=100)
    )

    response = organiser_client.post(
        reverse("teilnehmer:contact-check"),
        {"reminder_month": "3", "unconfirmed_months": "2"},
    )

    assert response.status_code == 302
    row = ContactCheckSettings.objects.get(police_authority=police_authority)
    assert (row.reminder_month, row.unconfirmed_months) == (3, 2)
    assert list(contactcheck.unconfirmed_contacts(police_authority)) == [people[0]]
    bad = organiser_client.post(
        reverse("teilnehmer:contact-check"), {"unconfirmed_months": "0"}
    )
    assert bad.status_code == 400
    assert "zwischen 1 und 60 Monaten" in bad.content.decode()


def test_yearly_reminder_asks_once_in_its_month(
    police_authority, people, django_capture_on_commit_callbacks
):
    month = timezone.localtime().month
    ContactCheckSettings.objects.create(
        police_authority=police_authority, reminder_month=month
    )
    other = ContactFactory(authority__police_authority=PoliceAuthorityFactory())
    ContactCheckSettings.objects.create(
        police_authority=other.authority.police_authority,
        reminder_month=month % 12 + 1,
    )

    with django_capture_on_commit_callbacks(execute=True):
        call_command("contact_check_reminders", stdout=io.StringIO())
        call_command("contact_check_reminders", stdout=io.StringIO())

    assert sorted(m.to[0] for m in mail.outbox) == [
        "amt@stadt.example",
        "bau@stadt.example",
    ]
    assert set(ContactCheck.objects.values_list("requested_by", flat=True)) == {None}


@override_settings(SIKO_CONTACT_CHECK_DAILY_LIMIT=1)
def test_asking_is_bounded_per_authority_and_day(
    organiser_client, city, people, django_capture_on_commit_callbacks
):
    _ask(organiser_client, city, django_capture_on_commit_callbacks)

    response = _ask(organiser_client, city, django_capture_on_commit_callbacks)

    assert mail.outbox == []
    assert "heute zu oft gefragt" in response.content.decode()


def test_a_new_check_closes_the_previous_link(
    client, organiser_client, city, people, django_capture_on_commit_callbacks
):
    _ask(organiser_client, city, django_capture_on_commit_callbacks)
    first = [m for m in mail.outbox if m.to == ["amt@stadt.example"]][0]
    _ask(organiser_client, city, django_capture_on_commit_callbacks)

    token = CHECK_LINK.search(first.body).group(1)

    assert client.get(reverse("contactcheck:open", args=[token])).status_code == 404
    assert client.get(reverse("contactcheck:page")).status_code == 404


def test_other_police_authority_gets_404(
    client, city, people, django_capture_on_commit_callbacks, organiser_client
):
    _ask(organiser_client, city, django_capture_on_commit_callbacks)
    check = ContactCheck.objects.first()
    stranger = MembershipFactory(
        police_authority=PoliceAuthorityFactory(), is_organiser=True
    ).user
    client.force_login(stranger)

    for name, pk in (
        ("teilnehmer:authority-contact-check", city.pk),
        ("teilnehmer:contact-check-accept", check.pk),
        ("teilnehmer:contact-check-reject", check.pk),
    ):
        assert client.post(reverse(name, args=[pk])).status_code == 404, name


@SETTINGS
@given(name=HOSTILE, email=HOSTILE, phone=HOSTILE)
@example(name=SCRIPT, email="a@b.example", phone="")
def test_hostile_correction_never_fails_and_is_shown_escaped(
    client,
    organiser_client,
    city,
    people,
    settings,
    name,
    email,
    phone,
    django_capture_on_commit_callbacks,
):
    settings.SIKO_PARTNER_RATE_LIMIT = (10_000, 300)
    settings.SIKO_CONTACT_CHECK_DAILY_LIMIT = 10_000
    if not client.session.get("siko_contact_check"):
        _ask(organiser_client, city, django_capture_on_commit_callbacks)
        _open(client, "amt@stadt.example")

    response = client.post(
        reverse("contactcheck:correct"),
        {"last_name": name, "function": name, "email": email, "phone": phone},
    )
    response_successor = client.post(
        reverse("contactcheck:successor"),
        {"successor-last_name": name, "successor-email": email},
    )

    assert response.status_code in (302, 400)
    assert response_successor.status_code in (302, 400)
    assert SCRIPT not in response.content.decode()
    overview = organiser_client.get(reverse("teilnehmer:contact-check"))
    assert SCRIPT not in overview.content.decode()
