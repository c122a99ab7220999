"""Issue 15 in the browser: plan → invite → change the time (update mail) →
cancel (cancellation mail, the partner page shows it); and a conference
recorded afterwards, for which nothing is sent. Issue 28: the first mail's
link opens the partner page after every step (two reminders, the change, the
cancellation)."""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from konferenz.core.models import Conference
from teilnehmer.invitations.models import Invitation
from tests.e2e.conftest import CONTEXT, check_accessibility, login
from tests.factories import ContactFactory, MembershipFactory
from tests.helpers import FULL_LINK

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def organiser():
    return MembershipFactory(
        user__username="olga",
        is_organiser=True,
        may_read_vs_nfd=True,
    )


def _calendar(message):
    for part in message.message().walk():
        if part.get_content_type() == "text/calendar" and not part.get(
            "Content-Disposition"
        ):
            return Calendar.from_ical(part.get_payload(decode=True))
    raise AssertionError("no inline calendar part")


def _plain_weekday_ahead(today):
    import holidays

    day = today + datetime.timedelta(days=21)
    nrw = holidays.Germany(subdiv="NW", years=[day.year, day.year + 1])
    while day.weekday() >= 5 or day in nrw:
        day += datetime.timedelta(days=1)
    return day


def test_plan_invite_change_time_and_cancel(
    page, browser, live_server, settings, organiser
):
    settings.SITE_URL = live_server.url
    authority = organiser.police_authority
    ContactFactory(
        authority__police_authority=authority,
        authority__name="Staatsanwaltschaft Muster",
        first_name="Petra",
        last_name="Beispiel",
        email="petra.beispiel@partner.example",
    )
    day = _plain_weekday_ahead(timezone.localdate())
    title = "Sicherheitskonferenz Wechselstadt"

    # Plan.
    login(page, live_server, "olga")
    page.goto(f"{live_server.url}/konferenzen/neu/")
    page.get_by_label("Titel").fill(title)
    page.get_by_label("Datum").fill(day.isoformat())
    page.get_by_label("Beginn").fill("10:00")
    page.locator("#id_end_time").fill("12:00")
    page.get_by_role("button", name="Speichern", exact=True).click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    conference = Conference.objects.get(title=title)
    conference_url = f"{live_server.url}{conference.get_absolute_url()}"
    expect(page.get_by_text("Nächste Schritte")).to_be_visible()
    check_accessibility(page)

    # Invite: the next step's button leads there; sending marks "eingeladen".
    page.get_by_role("link", name="Eingeladene auswählen und anschreiben").click()
    page.get_by_role("link", name="Eingeladene auswählen").click()
    page.get_by_label(re.compile("Petra Beispiel")).check()
    page.get_by_role("button", name="Zur Einladungsliste hinzufügen").click()
    page.get_by_role("link", name="Vorschau und Versand").click()
    page.get_by_role("button", name="Jetzt senden").click()
    expect(page.get_by_text("1 Einladung wird versandt.")).to_be_visible()
    invitation_mail = mail.outbox[-1]
    link = FULL_LINK.search(invitation_mail.body).group(0)
    first = _calendar(invitation_mail).walk("VEVENT")[0]
    partner = browser.new_context(**CONTEXT).new_page()

    def first_link_opens():
        partner.goto(link)
        expect(partner.get_by_role("heading", name=title)).to_be_visible()

    first_link_opens()
    page.goto(conference_url)
    expect(page.get_by_text("Entwurf → Eingeladen")).to_be_visible()

    # Remind twice: the same link goes out again, the first still opens.
    for _ in range(2):
        page.get_by_role("link", name="Einladungen", exact=True).click()
        page.get_by_role("button", name="Alle ohne Antwort erinnern").click()
        expect(page.get_by_text(re.compile("Erinnerung"))).to_be_visible()
        assert FULL_LINK.search(mail.outbox[-1].body).group(0) == link
        first_link_opens()
    page.goto(conference_url)

    # Change the time: the invitee gets an update. The box is unticked until
    # date, time or place change.
    page.get_by_role("link", name="Bearbeiten").click()
    expect(
        page.get_by_label(
            "Eingeladene über eine Änderung von Datum, Uhrzeit oder Ort informieren"
        )
    ).not_to_be_checked()
    page.get_by_label("Beginn").fill("13:00")
    page.locator("#id_end_time").fill("15:00")
    expect(
        page.get_by_label(
            "Eingeladene über eine Änderung von Datum, Uhrzeit oder Ort informieren"
        )
    ).to_be_checked()
    check_accessibility(page)
    page.get_by_role("button", name="Speichern", exact=True).click()
    expect(
        page.get_by_text("1 Eingeladene/r wird über die Änderung informiert.")
    ).to_be_visible()
    update = mail.outbox[-1]
    assert update.subject.startswith("Geändert:")
    calendar = _calendar(update)
    event = calendar.walk("VEVENT")[0]
    assert calendar["METHOD"] == "REQUEST"
    assert str(event["UID"]) == str(first["UID"])
    assert int(event["SEQUENCE"]) > int(first["SEQUENCE"])
    assert event["DTSTART"].dt.time() == datetime.time(13, 0)
    first_link_opens()

    # Cancel: whom to tell is asked, the invitee is ticked.
    page.get_by_role("link", name="Konferenz absagen").click()
    expect(page.get_by_label(re.compile("Petra Beispiel"))).to_be_checked()
    check_accessibility(page)
    page.get_by_label("Grund der Absage").fill("Unwetterwarnung")
    page.get_by_role("button", name="Konferenz absagen").click()
    expect(page.get_by_text("1 Eingeladene/r wird informiert")).to_be_visible()
    cancellation = mail.outbox[-1]
    assert cancellation.subject.startswith("Abgesagt:")
    calendar = _calendar(cancellation)
    cancelled = calendar.walk("VEVENT")[0]
    assert calendar["METHOD"] == "CANCEL"
    assert str(cancelled["UID"]) == str(first["UID"])
    assert int(cancelled["SEQUENCE"]) > int(event["SEQUENCE"])

    # The first link still opens; the page shows the cancellation at the top.
    partner.goto(link)
    expect(partner.get_by_text("Diese Konferenz wurde abgesagt.")).to_be_visible()
    expect(partner.get_by_text("Grund: Unwetterwarnung")).to_be_visible()
    check_accessibility(partner)
    partner.context.close()


def test_conference_recorded_afterwards_sends_nothing(page, live_server, organiser):
    ContactFactory(
        authority__police_authority=organiser.police_authority,
        authority__name="Kreis Muster",
        first_name="Aylin",
        last_name="Kaya",
        email="aylin.kaya@partner.example",
    )
    login(page, live_server, "olga")
    page.goto(f"{live_server.url}/konferenzen/neu/")
    page.get_by_label("Titel").fill("Sicherheitskonferenz 2024")
    page.get_by_label("Datum").fill("2024-10-30")
    page.get_by_label("Bereits durchgeführt – nachträglich erfassen").check()
    page.get_by_label("Beginn").fill("10:00")
    page.locator("#id_end_time").fill("12:00")
    page.get_by_role("button", name="Speichern", exact=True).click()
    expect(
        page.get_by_text("Nachträglich erfasst: SiKo versendet für diese Konferenz")
    ).to_be_visible()
    conference = Conference.objects.get(title="Sicherheitskonferenz 2024")
    assert conference.status == Conference.Status.HELD

    page.get_by_role("link", name="Einladungen", exact=True).click()
    expect(
        page.get_by_text("Diese Konferenz wurde nachträglich erfasst")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Vorschau und Versand")).to_have_count(0)
    check_accessibility(page)
    page.get_by_role("link", name="Eingeladene auswählen").click()
    page.get_by_label(re.compile("Aylin Kaya")).check()
    page.get_by_role("button", name="Zur Einladungsliste hinzufügen").click()
    page.get_by_role("link", name=re.compile("Antwort erfassen")).click()
    page.get_by_label("Nimmt teil (Zusage)").check()  # staff record in the third person
    page.get_by_role("button", name=re.compile("speichern|Speichern")).click()
    expect(page.get_by_text("Zugesagt: 1")).to_be_visible()

    invitation = Invitation.objects.get(conference=conference)
    assert invitation.answer == Invitation.Answer.ACCEPTED
    assert mail.outbox == []
