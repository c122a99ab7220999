"""Quotes approved by the quoted person through a link (issue 34)."""

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

from konferenz.core.classification import Classification
from konferenz.core.models import Conference
from konferenz.press import services, signoff
from konferenz.press.models import PressQuote, PressRelease, QuoteApprovalRecord
from tests.factories import (
    AgendaItemFactory,
    ConferenceFactory,
    ContactFactory,
    InvitationFactory,
    MembershipFactory,
    PoliceAuthorityFactory,
)
from tests.test_hostile_forms import HOSTILE, SCRIPT, SETTINGS

pytestmark = pytest.mark.django_db

QUOTE_LINK = re.compile(r"/einladung/zitat/([A-Za-z0-9_-]{43})/")
VS_CANARY = "Kanarienvogel-VS-Titel-34"
NOTE_CANARY = "Kanarienvogel-Notiz-34"


@pytest.fixture
def held(police_authority):
    conference = ConferenceFactory(
        police_authority=police_authority,
        date=timezone.localdate() - datetime.timedelta(days=3),
        status=Conference.Status.HELD,
        venue_name="Polizeipräsidium",
    )
    AgendaItemFactory(
        conference=conference,
        title=f"Lage {VS_CANARY}",
        classification=Classification.VS_NFD,
    )
    return conference


@pytest.fixture
def press(make_member, police_authority):
    return make_member(police_authority, is_press_office=True)


@pytest.fixture
def head(make_member, police_authority):
    return make_member(police_authority, is_head=True)


@pytest.fixture
def mayor(police_authority):
    contact = ContactFactory(
        authority__police_authority=police_authority,
        authority__name="Stadt Teststadt",
        authority__notes=NOTE_CANARY,
        salutation="Herr",
        first_name="Frank",
        last_name="Baranowski",
        function="Oberbürgermeister",
        email="ob@teststadt.example",
        phone="0209 111",
    )
    return contact


@pytest.fixture
def prosecutor(police_authority):
    return ContactFactory(
        authority__police_authority=police_authority,
        first_name="Petra",
        last_name="Anklage",
        function="Leitende Oberstaatsanwältin",
        email="sta@justiz.example",
        phone="0201 999",
    )


@pytest.fixture
def release(held, press):
    release = services.press_release_generate(conference=held, user=press)
    release.embargo_at = timezone.make_aware(datetime.datetime(2030, 5, 2, 10, 0))
    release.save()
    return release


def _quote(release, contact, text):
    return services.press_quote_add(
        release=release,
        person=contact.full_name,
        function=contact.function,
        text=text,
        placement="end",
        contact=contact,
    )


def _request(quote, press, capture):
    mail.outbox.clear()
    with capture(execute=True):
        signoff.quote_request_approval(quote=quote, user=press)
    return mail.outbox


def _open(client, message):
    token = QUOTE_LINK.search(message.body).group(1)
    response = client.get(reverse("quote:open", args=[token]))
    assert response.status_code == 302
    return client.get(reverse("quote:page"))


def test_request_mails_the_quoted_contact_a_link_of_its_own(
    client, release, mayor, press, django_capture_on_commit_callbacks
):
    quote = _quote(release, mayor, "Sicherheit geht uns alle an.")

    sent = _request(quote, press, django_capture_on_commit_callbacks)

    assert [m.to for m in sent] == [["ob@teststadt.example"]]
    assert "„Sicherheit geht uns alle an.“" in sent[0].body
    assert "Sehr geehrter Herr Baranowski" in sent[0].body
    quote.refresh_from_db()
    token = QUOTE_LINK.search(sent[0].body).group(1)
    assert token not in str(PressQuote.objects.values().get(pk=quote.pk))
    assert quote.approval == PressQuote.Approval.REQUESTED
    page = _open(client, sent[0]).content.decode()
    assert "„Sicherheit geht uns alle an.“, so Oberbürgermeister Frank Baranowski." in (
        page
    )
    assert "02.05.2030, 10:00" in page  # the embargo


def test_invited_contact_answers_through_the_partner_link(
    client, release, mayor, press, django_capture_on_commit_callbacks
):
    invitation = InvitationFactory(conference=release.conference, contact=mayor)
    quote = _quote(release, mayor, "Gemeinsam sind wir stark.")

    sent = _request(quote, press, django_capture_on_commit_callbacks)

    token = QUOTE_LINK.search(sent[0].body).group(1)
    invitation.refresh_from_db()
    assert invitation.token_hash == signoff.tokens.token_hash(token)
    _open(client, sent[0])
    client.post(reverse("quote:approve", args=[quote.pk]))
    quote.refresh_from_db()
    assert quote.approval == PressQuote.Approval.APPROVED
    assert quote.answered_link.startswith("invitation:")
    assert quote.answered_ip == "127.0.0.1"


def test_approve_and_propose_are_shown_to_the_press_office(
    client, release, mayor, prosecutor, press, django_capture_on_commit_callbacks
):
    first = _quote(release, mayor, "Sicherheit geht uns alle an.")
    second = _quote(release, prosecutor, "Wir verfolgen jede Tat.")
    to_mayor = _request(first, press, django_capture_on_commit_callbacks)[0]
    to_prosecutor = _request(second, press, django_capture_on_commit_callbacks)[0]

    _open(client, to_mayor)
    client.post(reverse("quote:approve", args=[first.pk]))
    client.session.flush()
    _open(client, to_prosecutor)
    response = client.post(
        reverse("quote:propose", args=[second.pk]),
        {"text": "Wir verfolgen jede Tat konsequent."},
    )

    assert response.status_code == 302
    client.force_login(press)
    page = client.get(
        reverse("konferenz:press-release", args=[release.conference.pk])
    ).content.decode()
    assert "freigegeben" in page
    assert "Änderung vorgeschlagen" in page
    assert "„Wir verfolgen jede Tat konsequent.“" in page
    assert "In den Entwurf übernehmen" in page


def test_take_over_puts_the_wording_into_the_draft(
    client, release, prosecutor, press, django_capture_on_commit_callbacks
):
    quote = _quote(release, prosecutor, "Wir verfolgen jede Tat.")
    _open(client, _request(quote, press, django_capture_on_commit_callbacks)[0])
    client.post(
        reverse("quote:propose", args=[quote.pk]),
        {"text": "Wir verfolgen jede Tat konsequent."},
    )
    client.force_login(press)

    client.post(
        reverse(
            "konferenz:press-quote-take-over", args=[release.conference.pk, quote.pk]
        )
    )

    release.refresh_from_db()
    quote.refresh_from_db()
    assert "„Wir verfolgen jede Tat konsequent.“, so" in release.body
    assert "„Wir verfolgen jede Tat.“" not in release.body
    assert quote.text == "Wir verfolgen jede Tat konsequent."
    assert quote.approval == PressQuote.Approval.APPROVED


def test_empty_proposal_keeps_the_page_with_a_german_error(
    client, release, prosecutor, press, django_capture_on_commit_callbacks
):
    quote = _quote(release, prosecutor, "Wir verfolgen jede Tat.")
    _open(client, _request(quote, press, django_capture_on_commit_callbacks)[0])

    response = client.post(reverse("quote:propose", args=[quote.pk]), {"text": " "})

    assert response.status_code == 400
    assert "Bitte geben Sie den Wortlaut ein" in response.content.decode()
    quote.refresh_from_db()
    assert quote.approval == PressQuote.Approval.REQUESTED


def test_changing_an_approved_quote_resets_its_approval(release, mayor, press, head):
    quote = _quote(release, mayor, "Sicherheit geht uns alle an.")
    PressQuote.objects.filter(pk=quote.pk).update(
        approval=PressQuote.Approval.APPROVED,
        approved_text=quote.text,
        answered_at=timezone.now(),
    )
    release.refresh_from_db()

    services.press_release_update(
        release=release,
        version=release.version,
        user=press,
        body=release.body.replace("uns alle an", "jeden an"),
    )

    quote.refresh_from_db()
    assert quote.approval == PressQuote.Approval.NOT_REQUESTED
    assert quote.answered_at is None


def test_quote_approved_in_other_words_than_the_text_needs_a_reason(
    release, mayor, head
):
    quote = _quote(release, mayor, "Sicherheit geht uns alle an.")
    PressQuote.objects.filter(pk=quote.pk).update(
        approval=PressQuote.Approval.APPROVED, approved_text="Ganz andere Worte."
    )

    with pytest.raises(services.PressError, match="Frank Baranowski"):
        services.press_release_approve(release=release, user=head)


def test_unchanged_approved_quote_keeps_its_approval(release, mayor, press):
    quote = _quote(release, mayor, "Sicherheit geht uns alle an.")
    PressQuote.objects.filter(pk=quote.pk).update(
        approval=PressQuote.Approval.APPROVED, approved_text=quote.text
    )
    release.refresh_from_db()

    services.press_release_update(
        release=release, version=release.version, user=press, title="Neuer Titel"
    )

    quote.refresh_from_db()
    assert quote.approval == PressQuote.Approval.APPROVED


def test_release_approval_warns_and_needs_a_reason(client, release, mayor, head):
    _quote(release, mayor, "Sicherheit geht uns alle an.")
    client.force_login(head)
    url = reverse("konferenz:press-release-approve", args=[release.conference.pk])

    page = client.get(
        reverse("konferenz:press-release", args=[release.conference.pk])
    ).content.decode()
    refused = client.post(url, follow=True).content.decode()
    release.refresh_from_db()
    assert "Nicht jedes Zitat ist von der zitierten Person freigegeben" in page
    assert release.status == PressRelease.Status.DRAFT
    assert "Frank Baranowski" in refused
    assert "Bitte nennen Sie einen Grund" in refused

    client.post(url, {"quotes_reason": "Telefonisch freigegeben."})

    release.refresh_from_db()
    version = release.versions.get()
    assert release.status == PressRelease.Status.APPROVED
    assert version.quotes_reason == "Telefonisch freigegeben."
    record = version.quote_records.get()
    assert (record.person, record.approval) == ("Frank Baranowski", "")


def test_frozen_version_records_every_approval(
    client, release, mayor, prosecutor, press, head, django_capture_on_commit_callbacks
):
    for contact, text in ((mayor, "Eins."), (prosecutor, "Zwei.")):
        quote = _quote(release, contact, text)
        client.session.flush()
        _open(client, _request(quote, press, django_capture_on_commit_callbacks)[0])
        client.post(reverse("quote:approve", args=[quote.pk]))

    services.press_release_approve(release=release, user=head)

    version = release.versions.get()
    records = list(version.quote_records.values_list("person", "approval"))
    assert records == [
        ("Frank Baranowski", "approved"),
        ("Petra Anklage", "approved"),
    ]
    assert all(
        r.answered_link.startswith("quote:") for r in version.quote_records.all()
    )
    client.force_login(head)
    page = client.get(
        reverse("konferenz:press-release-version", args=[release.conference.pk, 1])
    ).content.decode()
    assert "Zitate bei der Freigabe" in page
    assert "127.0.0.1" in page


def test_answer_addresses_are_shown_only_to_those_who_answer_for_the_release(
    client, release, mayor, make_member, police_authority
):
    """Every staff member may read an approved version; the quoted people's IP
    addresses are evidence for the press office and the head only."""
    quote = _quote(release, mayor, "Eins.")
    PressQuote.objects.filter(pk=quote.pk).update(
        approval="approved", answered_ip="10.1.2.3", approved_text="Eins."
    )
    head = make_member(police_authority, is_head=True)
    services.press_release_approve(release=release, user=head)
    url = reverse("konferenz:press-release-version", args=[release.conference.pk, 1])
    organiser = make_member(police_authority, is_organiser=True)

    for user, shown in ((head, True), (organiser, False), (head, True)):
        client.force_login(user)
        page = client.get(url).content.decode()
        assert "Frank Baranowski" in page
        assert ("10.1.2.3" in page) is shown
        assert ("IP-Adresse" in page) is shown


def test_purge_erases_old_answer_addresses(release, mayor, head):
    """The IP address of an answer is kept as long as the retention rule of
    the address book allows (SIKO_CONTACT_RETENTION_DAYS, ``purge``)."""
    quote = _quote(release, mayor, "Eins.")
    old = timezone.now() - datetime.timedelta(days=800)
    PressQuote.objects.filter(pk=quote.pk).update(
        approval="approved",
        answered_at=old,
        answered_ip="10.1.2.3",
        approved_text="Eins.",
    )
    services.press_release_approve(release=release, user=head)

    call_command("purge", stdout=io.StringIO())

    assert QuoteApprovalRecord.objects.get().answered_ip is None
    assert PressQuote.objects.get(pk=quote.pk).answered_ip is None


def test_quote_page_shows_nothing_internal_or_of_other_partners(
    client, release, mayor, prosecutor, press, django_capture_on_commit_callbacks
):
    mine = _quote(release, mayor, "Sicherheit geht uns alle an.")
    _quote(release, prosecutor, "Geheimer Wortlaut der Staatsanwaltschaft.")
    release.refresh_from_db()
    release.body += f"\n\nInterner Absatz {NOTE_CANARY}"
    release.save()

    page = _open(
        client, _request(mine, press, django_capture_on_commit_callbacks)[0]
    ).content.decode()

    for secret in (
        VS_CANARY,
        NOTE_CANARY,
        "Geheimer Wortlaut",
        "Anklage",
        "sta@justiz.example",
        "0201 999",
        "0209 111",
    ):
        assert secret not in page, secret


def test_bad_or_replaced_links_answer_the_invalid_page(
    client, release, mayor, press, django_capture_on_commit_callbacks
):
    quote = _quote(release, mayor, "Eins.")
    first = _request(quote, press, django_capture_on_commit_callbacks)[0]
    _request(quote, press, django_capture_on_commit_callbacks)

    old_token = QUOTE_LINK.search(first.body).group(1)

    assert client.get(reverse("quote:open", args=[old_token])).status_code == 404
    assert client.get(reverse("quote:open", args=["x" * 43])).status_code == 404
    assert client.get(reverse("quote:page")).status_code == 404


@override_settings(SIKO_QUOTE_REQUEST_DAILY_LIMIT=2)
def test_requests_are_bounded_per_day(
    client, release, mayor, press, django_capture_on_commit_callbacks
):
    quote = _quote(release, mayor, "Eins.")
    client.force_login(press)
    url = reverse(
        "konferenz:press-quote-request", args=[release.conference.pk, quote.pk]
    )

    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            response = client.post(url, follow=True)

    assert len(mail.outbox) == 2
    assert "zu oft zur Freigabe gesendet" in response.content.decode()


def test_quote_of_another_police_authority_answers_404(client, release, mayor):
    quote = _quote(release, mayor, "Eins.")
    stranger_pa = PoliceAuthorityFactory()
    stranger = MembershipFactory(
        police_authority=stranger_pa, is_press_office=True
    ).user
    client.force_login(stranger)

    for name in ("konferenz:press-quote-request", "konferenz:press-quote-take-over"):
        response = client.post(reverse(name, args=[release.conference.pk, quote.pk]))
        assert response.status_code == 404, name


def test_contact_of_another_police_authority_cannot_be_quoted(client, release, press):
    foreign = ContactFactory(authority__police_authority=PoliceAuthorityFactory())
    client.force_login(press)

    response = client.post(
        reverse("konferenz:press-quote-add", args=[release.conference.pk]),
        {"contact": foreign.pk, "text": "Eins.", "placement": "end"},
    )

    assert response.status_code == 200
    assert not PressQuote.objects.exists()


def test_quote_person_defaults_to_the_chosen_contact(client, release, mayor, press):
    client.force_login(press)

    client.post(
        reverse("konferenz:press-quote-add", args=[release.conference.pk]),
        {"contact": mayor.pk, "text": "Eins.", "placement": "end"},
    )

    quote = PressQuote.objects.get()
    assert (quote.person, quote.function, quote.contact) == (
        "Frank Baranowski",
        "Oberbürgermeister",
        mayor,
    )


@SETTINGS
@given(text=HOSTILE)
@example(text=SCRIPT)
def test_hostile_proposal_never_fails_and_is_shown_escaped(
    client, release, mayor, press, settings, text, django_capture_on_commit_callbacks
):
    settings.SIKO_PARTNER_RATE_LIMIT = (10_000, 300)
    quote = PressQuote.objects.filter(press_release=release).first() or _quote(
        release, mayor, "Eins."
    )
    if not client.session.get("siko_quote_link"):
        _open(client, _request(quote, press, django_capture_on_commit_callbacks)[0])

    response = client.post(reverse("quote:propose", args=[quote.pk]), {"text": text})

    assert response.status_code in (302, 400)
    page = client.get(reverse("quote:page")).content.decode()
    assert SCRIPT not in page


def test_press_page_says_no_answer_after_the_configured_days(
    client, release, mayor, press, settings, django_capture_on_commit_callbacks
):
    settings.SIKO_QUOTE_NO_ANSWER_DAYS = 3
    quote = _quote(release, mayor, "Eins.")
    _request(quote, press, django_capture_on_commit_callbacks)
    PressQuote.objects.filter(pk=quote.pk).update(
        requested_at=timezone.now() - datetime.timedelta(days=4)
    )
    client.force_login(press)

    page = client.get(
        reverse("konferenz:press-release", args=[release.conference.pk])
    ).content.decode()

    assert "keine Antwort" in page
