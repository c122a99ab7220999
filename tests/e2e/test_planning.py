"""Browser journey: this year's conference planned from last year's."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from konferenz.core.models import Conference
from teilnehmer.invitations.models import Invitation
from tests.e2e.conftest import check_accessibility, login
from tests.factories import (
    AgendaItemFactory,
    ConferenceFactory,
    InvitationFactory,
    MembershipFactory,
)
from tests.helpers import plain_weekday_ahead

pytestmark = pytest.mark.django_db(transaction=True)


def test_organiser_plans_this_years_conference_from_last_years(page, live_server):
    member = MembershipFactory(
        user__username="olga", is_organiser=True, may_read_vs_nfd=True
    )
    target = plain_weekday_ahead(timezone.localdate())
    source = ConferenceFactory(
        police_authority=member.police_authority,
        title="Sicherheitskonferenz im Kreis Teststadt",
        date=target.replace(year=target.year - 1),
        start_time=datetime.time(9, 30),
        end_time=datetime.time(12, 30),
        venue_name="Kreishaus Teststadt",
        venue_room="Großer Sitzungssaal",
        status=Conference.Status.HELD,
    )
    InvitationFactory(
        conference=source,
        contact__last_name="Beispiel",
        answer=Invitation.Answer.ACCEPTED,
        sent_at=timezone.now(),
    )
    AgendaItemFactory(conference=source, title="Allgemeine Sicherheitslage")

    login(page, live_server, "olga")
    page.goto(f"{live_server.url}{source.get_absolute_url()}")
    page.get_by_role("link", name="Als Vorlage für neue Konferenz verwenden").click()

    expect(
        page.get_by_role("heading", name="Neue Konferenz aus Vorlage")
    ).to_be_visible()
    expect(page.get_by_label("Datum")).to_have_value(target.isoformat())
    expect(page.get_by_label("Tagungsort")).to_have_value("Kreishaus Teststadt")
    expect(page.get_by_label("Raum")).to_have_value("Großer Sitzungssaal")
    expect(page.get_by_label("Beginn")).to_have_value("09:30")
    check_accessibility(page)

    page.get_by_label("Titel").fill(
        f"Sicherheitskonferenz im Kreis Teststadt {target.year}"
    )
    page.get_by_role("button", name="Konferenz anlegen").click()

    expect(page.get_by_text("Die neue Konferenz wurde als Entwurf")).to_be_visible()
    expect(
        page.get_by_role(
            "heading", name=f"Sicherheitskonferenz im Kreis Teststadt {target.year}"
        )
    ).to_be_visible()
    expect(page.get_by_text("Kreishaus Teststadt, Großer Sitzungssaal")).to_be_visible()
    check_accessibility(page)

    new = Conference.objects.get(title__endswith=str(target.year), copied_from=source)
    assert new.status == Conference.Status.DRAFT
    invitation = Invitation.objects.get(conference=new)
    assert (invitation.contact.last_name, invitation.answer) == ("Beispiel", "open")
    assert new.agenda_items.get().title == "Allgemeine Sicherheitslage"


def test_organiser_confirms_the_holiday_warning_and_subscribes(page, live_server):
    MembershipFactory(user__username="olga", is_organiser=True)
    year = timezone.localdate().year + 1

    login(page, live_server, "olga")
    page.get_by_role("link", name="Konferenzen", exact=True).click()
    page.get_by_role("link", name="Konferenz planen").click()
    page.get_by_label("Titel").fill(f"Sicherheitskonferenz {year}")
    page.get_by_label("Datum").fill(f"{year}-10-03")
    page.get_by_label("Beginn").fill("09:00")
    page.locator("#id_end_time").fill("12:00")
    page.get_by_role("button", name="Speichern").click()

    expect(page.get_by_role("alert")).to_contain_text("Tag der Deutschen Einheit")
    expect(page.get_by_label("Titel")).to_have_value(f"Sicherheitskonferenz {year}")
    check_accessibility(page)
    page.get_by_label("Trotzdem speichern").check()
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Die Konferenz wurde gespeichert.")).to_be_visible()

    page.goto(f"{live_server.url}/kalender-abo/")
    page.get_by_role("button", name="Kalenderadresse erstellen").click()
    expect(page.get_by_label("Kalenderadresse")).to_have_value(
        re.compile(r"/kalender-feed/[A-Za-z0-9_-]{43}\.ics$")
    )
    check_accessibility(page)
    feed = page.get_by_label("Kalenderadresse").input_value()
    response = page.request.get(feed)
    assert response.status == 200
    assert f"Sicherheitskonferenz {year}" in response.text()
