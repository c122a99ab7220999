"""Quotes approved through the quoted person's link, in the browser (issue 34).

The press office adds two quotes from the address book and sends both for
approval; the mayor (invited to the conference: the mail carries his partner
link) approves, the prosecutor (not invited: a link of the quote's own)
proposes another wording, which the press office takes over with one click;
the head approves the release, and its frozen version records both answers.
"""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from konferenz.core.classification import Classification
from konferenz.core.models import Conference
from konferenz.press import services as press_services
from konferenz.press.models import PressQuote, PressRelease
from tests.e2e.conftest import CONTEXT, check_accessibility, login
from tests.factories import (
    AgendaItemFactory,
    AuthorityFactory,
    ConferenceFactory,
    ContactFactory,
    InvitationFactory,
    MembershipFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

QUOTE_LINK = re.compile(r"https?://\S+/einladung/zitat/[A-Za-z0-9_-]{43}/")
VS_TITLE = "Kanarienvogel Clanlage 34"


def _link_to(address):
    message = [m for m in mail.outbox if m.to == [address]][-1]
    return QUOTE_LINK.search(message.body).group(0)


def test_two_quotes_approved_and_changed_through_the_link(
    page, browser, live_server, settings
):
    settings.SITE_URL = live_server.url
    press_member = MembershipFactory(
        user__username="paul",
        user__first_name="Paul",
        user__last_name="Presse",
        is_press_office=True,
        police_authority__name="Polizeipräsidium Teststadt",
    )
    authority = press_member.police_authority
    MembershipFactory(
        user__username="hanna",
        user__first_name="Hanna",
        user__last_name="Leitung",
        police_authority=authority,
        is_head=True,
    )
    conference = ConferenceFactory(
        police_authority=authority,
        date=timezone.localdate() - datetime.timedelta(days=2),
        status=Conference.Status.HELD,
        venue_name="Polizeipräsidium Teststadt",
    )
    AgendaItemFactory(
        conference=conference, title=VS_TITLE, classification=Classification.VS_NFD
    )
    mayor = ContactFactory(
        authority=AuthorityFactory(police_authority=authority, name="Stadt Teststadt"),
        salutation="Herr",
        first_name="Frank",
        last_name="Baranowski",
        function="Oberbürgermeister",
        email="ob@teststadt.example",
    )
    InvitationFactory(conference=conference, contact=mayor, attended=True)
    ContactFactory(
        authority=AuthorityFactory(
            police_authority=authority, name="Staatsanwaltschaft Teststadt"
        ),
        first_name="Petra",
        last_name="Anklage",
        function="Leitende Oberstaatsanwältin",
        email="sta@justiz.example",
    )
    press_services.press_release_generate(conference=conference, user=press_member.user)
    contexts = []

    def person(username):
        context = browser.new_context(**CONTEXT)
        contexts.append(context)
        own = context.new_page()
        if username:
            login(own, live_server, username)
        return own

    try:
        # 1. The press office quotes two partners from the address book …
        login(page, live_server, "paul")
        page.goto(f"{live_server.url}/konferenzen/{conference.pk}/presse/")
        for contact, words in (
            ("Frank Baranowski (Stadt Teststadt)", "Sicherheit geht uns alle an."),
            (
                "Petra Anklage (Staatsanwaltschaft Teststadt)",
                "Wir verfolgen jede Tat.",
            ),
        ):
            page.get_by_label("Zitierte Ansprechperson").select_option(label=contact)
            page.get_by_role("textbox", name=re.compile(r"^Zitat\b")).fill(words)
            page.get_by_role("button", name="Zitat hinzufügen").click()
            expect(page.get_by_text("Das Zitat wurde in den Text")).to_be_visible()
        # … and sends both for approval.
        for row in page.locator(".quote-row").all():
            row.get_by_role("button", name="Zur Freigabe senden").click()
            expect(page.get_by_text("zur Freigabe gesendet")).to_be_visible()
        expect(page.locator(".quote-status").first).to_contain_text("angefragt")
        check_accessibility(page)

        # 2. The mayor opens his link and approves.
        mayor_page = person(None)
        mayor_page.goto(_link_to("ob@teststadt.example"))
        expect(
            mayor_page.get_by_role("heading", name="Ihr Zitat zur Freigabe")
        ).to_be_visible()
        expect(mayor_page.locator(".quote-sentence")).to_have_text(
            "„Sicherheit geht uns alle an.“, so Oberbürgermeister Frank Baranowski."
        )
        assert VS_TITLE not in mayor_page.content()
        assert "Wir verfolgen jede Tat" not in mayor_page.content()
        check_accessibility(mayor_page)
        mayor_page.get_by_role("button", name="Freigeben").click()
        expect(
            mayor_page.get_by_text("Sie haben das Zitat freigegeben")
        ).to_be_visible()

        # 3. The prosecutor proposes another wording.
        prosecutor = person(None)
        prosecutor.goto(_link_to("sta@justiz.example"))
        expect(prosecutor.locator(".quote-sentence")).to_contain_text(
            "„Wir verfolgen jede Tat.“"
        )
        assert "Baranowski" not in prosecutor.content()
        prosecutor.get_by_label("Ihr Wortlaut").fill(
            "Wir verfolgen jede Tat konsequent."
        )
        prosecutor.get_by_role("button", name="Änderung vorschlagen").click()
        expect(prosecutor.get_by_text("die Pressestelle prüft")).to_be_visible()

        # 4. The press office sees both answers and takes the proposal over.
        page.reload()
        statuses = page.locator(".quote-status")
        expect(statuses.nth(0)).to_contain_text("freigegeben")
        expect(statuses.nth(1)).to_contain_text("Änderung vorgeschlagen")
        expect(page.locator(".quote-proposal")).to_have_text(
            "„Wir verfolgen jede Tat konsequent.“"
        )
        page.get_by_role("button", name="In den Entwurf übernehmen").click()
        expect(page.get_by_text("in den Entwurf übernommen")).to_be_visible()
        expect(page.get_by_label("Text im ots-Format")).to_contain_text(
            "„Wir verfolgen jede Tat konsequent.“, so Leitende Oberstaatsanwältin"
        )

        # 5. The head approves without a warning; the version keeps the record.
        head = person("hanna")
        head.goto(f"{live_server.url}/konferenzen/{conference.pk}/presse/")
        expect(head.locator("#quotes-warning")).to_have_count(0)
        head.get_by_role("button", name="Diesen Text freigeben").click()
        expect(head.get_by_text("Text ist festgeschrieben")).to_be_visible()
        head.get_by_role("link", name="Fassung 1").click()
        records = head.get_by_role("table")
        expect(records).to_contain_text("Frank Baranowski")
        expect(records).to_contain_text("Petra Anklage")
        expect(records).to_contain_text("Wir verfolgen jede Tat konsequent.")
        expect(records.get_by_text("freigegeben", exact=True)).to_have_count(2)
        expect(records).to_contain_text("invitation:")
        expect(records).to_contain_text("quote:")
        check_accessibility(head)
    finally:
        for context in contexts:
            context.close()

    release = PressRelease.objects.get(conference=conference)
    assert release.status == PressRelease.Status.APPROVED
    assert set(PressQuote.objects.values_list("approval", flat=True)) == {"approved"}
