"""The whole year in one browser journey (issue 9), as the persons walk it:

organiser plans from last year's conference → invites five contacts → a
partner sends a deputy, who accepts from an own link → agenda with a VS-NfD
item, reordered by keyboard → check-in at the door → conference held →
minute-taker writes the minutes (one VS-NfD decision with a canary) → head
approves → press office drafts and exports the press release (no canary, no
VS-NfD title) → the ministry sees the held mark ("✓ <day>") in the state overview, with
no title. Every main page is checked with axe-core.
"""

import datetime
import re
from pathlib import Path

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from konferenz.core.models import Conference
from tagesordnung.minutes.models import Minutes
from teilnehmer.invitations.models import Invitation
from tests.e2e.conftest import CONTEXT, check_accessibility, login
from tests.factories import (
    AgendaItemFactory,
    AuthorityFactory,
    ConferenceFactory,
    ContactFactory,
    MembershipFactory,
)
from tests.helpers import link_from_last_mail, plain_weekday_ahead

pytestmark = pytest.mark.django_db(transaction=True)

CANARY = "KANARIENVOGEL-VS"
VS_TITLE = "Clanstrukturen im Stadtgebiet"
AUTHORITY = "Kreispolizeibehörde Musterkreis"

#: (first name, last name, function, authority) of the five invitees.
INVITEES = [
    ("Petra", "Beispiel", "Leitende Oberstaatsanwältin", "Staatsanwaltschaft Muster"),
    ("Jonas", "Ordnung", "Leiter des Ordnungsamts", "Stadt Musterstadt"),
    ("Sven", "Srol", "Leiter der Inspektion", "Bundespolizeiinspektion Muster"),
    ("Aylin", "Kaya", "Landrätin", "Kreis Muster"),
    ("Marta", "Zoll", "Sachgebietsleiterin", "Hauptzollamt Muster"),
]


def test_a_whole_year_from_planning_to_the_ministry(
    page, browser, live_server, settings
):
    settings.SITE_URL = live_server.url
    today = timezone.localdate()
    organiser = MembershipFactory(
        user__username="olga",
        user__first_name="Olga",
        user__last_name="Organisation",
        is_organiser=True,
        may_read_vs_nfd=True,
        police_authority__name=AUTHORITY,
    )
    authority = organiser.police_authority
    MembershipFactory(
        user__username="max",
        user__first_name="Max",
        user__last_name="Protokoll",
        police_authority=authority,
        is_minute_taker=True,
        may_read_vs_nfd=True,
    )
    MembershipFactory(
        user__username="hanna",
        user__first_name="Hanna",
        user__last_name="Leitung",
        police_authority=authority,
        is_head=True,
        may_read_vs_nfd=True,
    )
    MembershipFactory(
        user__username="paul",
        user__first_name="Paul",
        user__last_name="Presse",
        police_authority=authority,
        is_press_office=True,
    )
    MembershipFactory(user__username="mia", police_authority=None, is_ministry=True)
    for first, last, function, name in INVITEES:
        ContactFactory(
            authority=AuthorityFactory(police_authority=authority, name=name),
            first_name=first,
            last_name=last,
            function=function,
            email=f"{first.lower()}.{last.lower()}@partner.example",
        )
    target = plain_weekday_ahead(today)
    last_year = ConferenceFactory(
        police_authority=authority,
        title="Sicherheitskonferenz Musterkreis (Vorjahr)",
        date=target.replace(year=target.year - 1),
        start_time=datetime.time(9, 0),
        end_time=datetime.time(11, 0),
        venue_name="Kreishaus Musterkreis",
        venue_room="Großer Sitzungssaal",
        status=Conference.Status.HELD,
    )
    AgendaItemFactory(
        conference=last_year, title="Allgemeine Sicherheitslage", duration_minutes=15
    )
    title = f"Sicherheitskonferenz Musterkreis {target.year}"
    contexts = []

    def person(username):
        """A person at their own computer: a separate browser context."""
        context = browser.new_context(**CONTEXT)
        contexts.append(context)
        own = context.new_page()
        if username:
            login(own, live_server, username)
        return own

    try:
        # 1. The organiser plans this year's conference from last year's.
        login(page, live_server, "olga")
        page.goto(f"{live_server.url}{last_year.get_absolute_url()}")
        check_accessibility(page)
        page.get_by_role(
            "link", name="Als Vorlage für neue Konferenz verwenden"
        ).click()
        expect(
            page.get_by_role("heading", name="Neue Konferenz aus Vorlage")
        ).to_be_visible()
        expect(page.get_by_label("Datum")).to_have_value(target.isoformat())
        check_accessibility(page)
        page.get_by_label("Titel").fill(title)
        page.get_by_role("button", name="Konferenz anlegen").click()
        expect(page.get_by_text("Die neue Konferenz wurde als Entwurf")).to_be_visible()
        expect(page.get_by_role("heading", name=title)).to_be_visible()
        check_accessibility(page)
        conference = Conference.objects.get(title=title)
        conference_url = f"{live_server.url}{conference.get_absolute_url()}"

        # 2. Five contacts from the address book are invited.
        page.get_by_role("link", name="Einladungen").click()
        check_accessibility(page)
        page.get_by_role("link", name="Eingeladene auswählen").click()
        for first, last, function, name in INVITEES:
            page.get_by_label(f"{first} {last} – {function} ({name})").check()
        check_accessibility(page)
        page.get_by_role("button", name="Zur Einladungsliste hinzufügen").click()
        expect(
            page.get_by_text("5 Personen zur Einladungsliste hinzugefügt.")
        ).to_be_visible()
        page.get_by_role("link", name="Vorschau und Versand").click()
        check_accessibility(page)
        page.get_by_label("Persönlicher Text (optional)").fill(
            "Wir freuen uns auf den Austausch mit Ihnen."
        )
        page.get_by_role("button", name="Jetzt senden").click()
        expect(page.get_by_text("5 Einladungen werden versandt.")).to_be_visible()
        assert len(mail.outbox) == 5
        # Sending made the conference "eingeladen" (issue 15).
        page.goto(conference_url)
        expect(page.get_by_text("Entwurf → Eingeladen")).to_be_visible()

        # 3. A partner sends a deputy; the deputy accepts from an own link.
        # Another partner accepts herself.
        partner = person(None)
        partner.goto(link_from_last_mail("petra.beispiel@partner.example"))
        expect(partner.get_by_role("heading", name=title)).to_be_visible()
        check_accessibility(partner)
        partner.get_by_label("Ich entsende eine Vertretung").check()
        partner.get_by_label("Name der Vertretung").fill("Klaus Vertreter")
        partner.get_by_label("Funktion der Vertretung").fill("Oberstaatsanwalt")
        partner.get_by_label("E-Mail-Adresse der Vertretung").fill(
            "klaus.vertreter@partner.example"
        )
        partner.get_by_role("button", name="Antwort senden").click()
        expect(
            partner.get_by_text("Sie entsenden Klaus Vertreter als Ihre Vertretung")
        ).to_be_visible()
        check_accessibility(partner)

        deputy = person(None)
        deputy.goto(link_from_last_mail("klaus.vertreter@partner.example"))
        expect(deputy.get_by_text("in Vertretung für Petra Beispiel")).to_be_visible()
        check_accessibility(deputy)
        deputy.get_by_label("Ich nehme teil (Zusage)").check()
        deputy.get_by_role("button", name="Antwort senden").click()
        expect(deputy.get_by_text("Ihre aktuelle Antwort: Zugesagt")).to_be_visible()

        other = person(None)
        other.goto(link_from_last_mail("aylin.kaya@partner.example"))
        other.get_by_label("Ich nehme teil (Zusage)").check()
        other.get_by_role("button", name="Antwort senden").click()
        expect(other.get_by_text("Ihre aktuelle Antwort: Zugesagt")).to_be_visible()

        page.goto(conference_url)
        page.get_by_role("link", name="Einladungen").click()
        expect(page.get_by_text("Vertretung für Petra Beispiel")).to_be_visible()
        expect(page.get_by_text("Zugesagt: 2")).to_be_visible()
        expect(page.get_by_text("Vertretung: 1")).to_be_visible()
        check_accessibility(page)

        # 4. The agenda: last year's item, two new ones (one VS-NfD), and a
        # reorder by keyboard.
        page.get_by_role("link", name="Tagesordnung").click()
        for item, classification in [
            ("Problembereich Hauptbahnhof", "öffentlich"),
            (VS_TITLE, "VS – Nur für den Dienstgebrauch"),
        ]:
            page.get_by_role("link", name="Tagesordnungspunkt hinzufügen").click()
            page.get_by_label("Titel").fill(item)
            page.get_by_label("Dauer (Minuten)").fill("30")
            page.get_by_label("Einstufung").select_option(label=classification)
            page.get_by_role("button", name="Speichern", exact=True).click()
            expect(
                page.get_by_text("Der Tagesordnungspunkt wurde hinzugefügt.")
            ).to_be_visible()
        items = page.locator(".agenda-item h3")
        expect(items).to_have_text(
            [
                "Allgemeine Sicherheitslage intern",
                "Problembereich Hauptbahnhof öffentlich",
                f"{VS_TITLE} VS-NfD",
            ]
        )
        check_accessibility(page)
        page.get_by_role("button", name="TOP 3 nach oben verschieben").focus()
        page.keyboard.press("Enter")
        expect(items).to_have_text(
            [
                "Allgemeine Sicherheitslage intern",
                f"{VS_TITLE} VS-NfD",
                "Problembereich Hauptbahnhof öffentlich",
            ]
        )
        expect(
            page.get_by_role("button", name="TOP 2 nach oben verschieben")
        ).to_be_focused()
        check_accessibility(page)

        # Time jump: the test cannot wait for the conference day, so the day
        # comes now (the edit form rightly refuses a date in the past, and
        # the state overview shows only years up to the current one).
        Conference.objects.filter(pk=conference.pk).update(date=today)

        # 5. Einlass at the door.
        page.goto(conference_url)
        page.get_by_role("link", name="Einladungen").click()
        page.get_by_role("link", name="Einlass").click()
        check_accessibility(page)
        for name in ("Klaus Vertreter", "Aylin Kaya"):
            page.get_by_role("button", name=f"Als anwesend erfassen – {name}").click()
            expect(
                page.get_by_role("button", name=f"Anwesenheit zurücknehmen – {name}")
            ).to_be_visible()
        # The counter follows at once, without a reload.
        expect(page.get_by_text("2 Personen anwesend")).to_be_visible()
        page.reload()
        expect(page.get_by_text("2 Personen anwesend")).to_be_visible()
        check_accessibility(page)

        # 6. The conference is marked as held.
        page.goto(conference_url)
        page.get_by_role("link", name="Als durchgeführt vermerken").click()
        expect(page.get_by_text("Was das bedeutet:")).to_be_visible()
        check_accessibility(page)
        page.get_by_role("button", name="Bestätigen").click()
        expect(page.get_by_text("Der Status ist jetzt „Durchgeführt“.")).to_be_visible()
        check_accessibility(page)

        # 7. The minute-taker writes the minutes.
        writer = person("max")
        writer.goto(conference_url)
        writer.get_by_role("link", name="Protokoll").click()
        check_accessibility(writer)
        writer.get_by_role("button", name="Protokoll anlegen").click()
        expect(
            writer.get_by_text(
                "Das Protokoll ist angelegt und kann geschrieben werden."
            )
        ).to_be_visible()
        writer.get_by_text("Anwesenheit:").click()  # folded: one line of counts
        expect(writer.get_by_text("Aylin Kaya (Kreis Muster)")).to_be_visible()
        check_accessibility(writer)

        writer.get_by_role(
            "link", name="Text bearbeiten Problembereich Hauptbahnhof"
        ).click()
        check_accessibility(writer)
        writer.get_by_label("Text (Markdown)").fill(
            "Die Bundespolizei berichtete über die Lage am Hauptbahnhof."
        )
        writer.get_by_label("Einstufung").select_option(label="öffentlich")
        writer.get_by_role("button", name="Speichern").click()
        expect(writer.get_by_text("Der Eintrag wurde gespeichert.")).to_be_visible()

        station = writer.get_by_role(
            "region", name="TOP 3: Problembereich Hauptbahnhof"
        )
        station.get_by_role("button", name="Beschluss hinzufügen").click()
        station.get_by_label("Neuer Beschluss").fill(
            "Die gemeinsamen Streifen am Hauptbahnhof werden fortgesetzt."
        )
        station.get_by_label("Einstufung").select_option(label="öffentlich")
        station.get_by_role("button", name="Beschluss speichern").click()
        expect(writer.get_by_text("Der Beschluss wurde hinzugefügt.")).to_be_visible()

        writer.get_by_role("link", name=f"Text bearbeiten {VS_TITLE}").click()
        writer.get_by_label("Text (Markdown)").fill(
            f"{CANARY}: Ermittlungsstand zu den Strukturen im Stadtgebiet."
        )
        expect(writer.get_by_label("Einstufung")).to_have_value("vs_nfd")
        writer.get_by_role("button", name="Speichern").click()
        expect(writer.get_by_text("Der Eintrag wurde gespeichert.")).to_be_visible()
        secret = writer.get_by_role("region", name=f"TOP 2: {VS_TITLE}")
        secret.get_by_role("button", name="Beschluss hinzufügen").click()
        secret.get_by_label("Neuer Beschluss").fill(
            f"{CANARY}: Gemeinsame Ermittlungsgruppe wird eingerichtet."
        )
        secret.get_by_label("Einstufung").select_option(
            label="VS – Nur für den Dienstgebrauch"
        )
        secret.get_by_role("button", name="Beschluss speichern").click()
        expect(writer.get_by_text("Der Beschluss wurde hinzugefügt.")).to_be_visible()
        expect(secret).to_contain_text(f"{CANARY}: Gemeinsame Ermittlungsgruppe")
        check_accessibility(writer)

        # Approval needs "in Abstimmung" first: sent to the participants.
        writer.get_by_label("Kommentare möglich bis").fill(
            (today + datetime.timedelta(days=14)).isoformat()
        )
        writer.get_by_role(
            "button", name="Den Teilnehmenden zur Abstimmung senden"
        ).click()
        expect(
            writer.get_by_text(
                "Das Protokoll wurde den Teilnehmenden zur Abstimmung geschickt."
            )
        ).to_be_visible()
        expect(
            writer.get_by_role("heading", name="Protokoll In Abstimmung", exact=True)
        ).to_be_visible()

        # The present participants get the draft by mail; their version has
        # the public entry, but nothing classified VS-NfD.
        review = [m for m in mail.outbox if m.subject.startswith("Protokollentwurf")]
        assert sorted(m.to[0] for m in review) == [
            "aylin.kaya@partner.example",
            "klaus.vertreter@partner.example",
        ]
        reviewer = person(None)
        reviewer.goto(link_from_last_mail("aylin.kaya@partner.example"))
        expect(
            reviewer.get_by_text(
                "Die Bundespolizei berichtete über die Lage am Hauptbahnhof."
            )
        ).to_be_visible()
        check_accessibility(reviewer)
        assert CANARY not in reviewer.content()
        assert VS_TITLE not in reviewer.content()

        # 8. The head approves the minutes.
        head = person("hanna")
        head.goto(conference_url)
        head.get_by_role("link", name="Protokoll").click()
        check_accessibility(head)
        # The comment period still runs: the head confirms approving before
        # its end, told how many present participants have not commented.
        confirm = head.locator("[data-testid=period-confirm]")
        expect(confirm).to_contain_text("2 von 2 Anwesenden haben noch nicht")
        confirm.get_by_role("checkbox").check()
        head.get_by_role("button", name="Protokoll genehmigen").click()
        expect(
            head.get_by_text("Das Protokoll wurde genehmigt und gesperrt.")
        ).to_be_visible()
        expect(
            head.get_by_role("heading", name="Protokoll Genehmigt", exact=True)
        ).to_be_visible()
        check_accessibility(head)

        # 9. The press office drafts and exports the press release: public
        # facts only.
        press = person("paul")
        press.goto(conference_url)
        press.get_by_role("link", name="Presse").click()
        check_accessibility(press)
        press.get_by_role("button", name="Entwurf erstellen").click()
        expect(
            press.get_by_text(
                "Der Entwurf wurde aus den öffentlichen Angaben der Konferenz erstellt."
            )
        ).to_be_visible()
        ots = press.get_by_label("Text im ots-Format")
        expect(ots).to_contain_text("Problembereich Hauptbahnhof")
        expect(ots).to_contain_text("gemeinsamen Streifen am Hauptbahnhof")
        check_accessibility(press)
        page_text = press.content()
        assert CANARY not in page_text
        assert VS_TITLE not in page_text
        with press.expect_download() as download_info:
            press.get_by_role("link", name="Textdatei").click()
        exported = download_info.value
        text = Path(exported.path()).read_text(encoding="utf-8")
        assert "Problembereich Hauptbahnhof" in text
        assert CANARY not in text
        assert VS_TITLE not in text
        # The press office does not see the VS-NfD minutes either.
        press.get_by_role("link", name="Protokoll").click()
        expect(
            press.get_by_role("heading", name="Protokoll Genehmigt", exact=True)
        ).to_be_visible()
        check_accessibility(press)
        assert CANARY not in press.content()
        assert VS_TITLE not in press.content()

        # 10. The ministry sees the state overview: held, no title.
        ministry = person("mia")
        expect(
            ministry.get_by_role(
                "heading",
                name="Landesübersicht: Sicherheitskonferenzen der Kreispolizeibehörden",
            )
        ).to_be_visible()
        check_accessibility(ministry)
        expect(
            ministry.get_by_role("columnheader", name=str(today.year), exact=True).last
        ).to_be_visible()
        row = ministry.get_by_role("row", name=re.compile(AUTHORITY))
        # Late in December last year's conference falls into this year, too:
        # the cell then counts two held conferences. The last cell is next year.
        held = 2 if last_year.date.year == today.year else 1
        # The compact grid: a tick and the day of the first held conference,
        # "+1" for a second one that year.
        expect(row.get_by_role("cell").nth(-2)).to_have_text(
            re.compile(
                r"^✓ \d\d\.\d\d\.$" if held == 1 else rf"^✓ \d\d\.\d\d\. \+{held - 1}$"
            )
        )
        assert "Sicherheitskonferenz Musterkreis" not in ministry.content()
    finally:
        for context in contexts:
            context.close()

    # A few facts behind the pages.
    conference.refresh_from_db()
    assert conference.status == Conference.Status.MINUTES_APPROVED
    assert conference.copied_from == last_year
    invitations = Invitation.objects.filter(conference=conference)
    assert invitations.count() == 6  # five invitees and the deputy
    petra = invitations.get(contact__last_name="Beispiel")
    assert (petra.answer, petra.deputy_name) == ("deputy", "Klaus Vertreter")
    klaus = invitations.get(deputy_for=petra)
    assert (klaus.answer, klaus.attended) == ("accepted", True)
    aylin = invitations.get(contact__last_name="Kaya")
    assert (aylin.answer, aylin.attended) == ("accepted", True)
    assert set(invitations.filter(attended=True)) == {klaus, aylin}
    minutes = Minutes.objects.get(conference=conference)
    assert minutes.status == Minutes.Status.APPROVED
    assert minutes.approved_by.username == "hanna"
    assert CANARY not in conference.press_release.body
    assert not [m for m in mail.outbox if CANARY in m.body or VS_TITLE in m.body]
