"""Issue 14: the five observations, each as the test that failed before.

The sweep over every channel and audience is ``test_canaries.py``; these
tests pin each observed defect where a user met it.
"""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from docx import Document

from konferenz.core.classification import Classification
from konferenz.core.models import Conference
from tagesordnung.agenda import services
from tagesordnung.agenda.models import AgendaItem
from tagesordnung.minutes import services as minutes_services
from tagesordnung.minutes.models import Decision, MinutesEntry
from teilnehmer.invitations import tokens
from teilnehmer.invitations.models import Invitation
from tests.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    ConferenceFactory,
    DecisionFactory,
    InvitationFactory,
)
from tests.helpers import pdf_pages

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Ermittlungskomplex-Kanarie-1"
SECRET_TEXT = "Quellenschutz-Kanarie-2"
SECRET_DECISION = "Zugriff-Kanarie-3"
SECRET_ACTION = "Observation-Kanarie-4"
TODAY = datetime.date.today()


@pytest.fixture
def conference(police_authority):
    return ConferenceFactory(
        police_authority=police_authority,
        date=TODAY - datetime.timedelta(days=20),
        status=Conference.Status.HELD,
    )


@pytest.fixture
def raised(conference, organiser):
    """An internal item with text, decision and an overdue action, approved,
    then raised to VS-NfD (observation 1)."""
    item = AgendaItemFactory(
        conference=conference,
        title=SECRET_TITLE,
        classification=Classification.INTERNAL,
    )
    minutes = minutes_services.minutes_ensure(conference=conference)
    entry = minutes.entries.get()
    minutes_services.entry_update(
        entry=entry,
        version=entry.version,
        text=SECRET_TEXT,
        classification=Classification.INTERNAL,
    )
    minutes_services.decision_add(
        entry=entry, text=SECRET_DECISION, classification=Classification.INTERNAL
    )
    ActionItemFactory(
        entry=entry,
        description=SECRET_ACTION,
        classification=Classification.INTERNAL,
        due_date=TODAY - datetime.timedelta(days=1),
    )
    minutes_services.minutes_submit(
        minutes=minutes, comments_until=TODAY, short_ok=True, user=organiser
    )
    minutes_services.minutes_approve(minutes=minutes, user=organiser, period_ok=True)
    minutes_services.minutes_correction_begin(minutes=minutes, user=organiser)
    services.item_update(
        item=item, version=item.version, classification=Classification.VS_NFD
    )
    return minutes


# 1. Raising an item reaches its children


def test_reminder_after_raising_the_item_does_not_mail_the_action(raised):
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("remind_overdue_actions", stdout=io.StringIO())

    (message,) = mail.outbox
    assert SECRET_ACTION not in message.body
    assert SECRET_TITLE not in message.body


def test_reminder_button_after_raising_the_item_does_not_mail_the_action(
    organiser_client, raised
):
    with TestCase.captureOnCommitCallbacks(execute=True):
        organiser_client.post(reverse("tagesordnung:actions-remind"))

    (message,) = mail.outbox
    assert SECRET_ACTION not in message.body


@pytest.mark.parametrize("page", ["minutes-history", "minutes-diff"])
def test_history_and_changes_pages_hide_a_raised_item_from_readers(
    client, reader, raised, conference, page
):
    client.force_login(reader)

    html = client.get(reverse(f"tagesordnung:{page}", args=[conference.pk])).content

    for canary in (SECRET_TITLE, SECRET_TEXT, SECRET_DECISION, SECRET_ACTION):
        assert canary not in html.decode()


def test_changes_page_still_shows_a_raised_item_to_vs_nfd_staff(
    organiser_client, raised, conference
):
    html = organiser_client.get(
        reverse("tagesordnung:minutes-diff", args=[conference.pk])
    ).content.decode()

    assert SECRET_TEXT in html


# 2. Minutes through the link: present or on the distribution list only


def _partner_page(client, invitation):
    token = tokens.new_token()
    invitation.token_hash = tokens.token_hash(token)
    invitation.save()
    client.get(reverse("partner:open", args=[token]))
    return client.get(reverse("partner:answer")).content.decode()


@pytest.fixture
def approved(conference, organiser):
    AgendaItemFactory(conference=conference, title="Lage")
    minutes = minutes_services.minutes_ensure(conference=conference)
    entry = minutes.entries.get()
    entry.text = "Interner Sachstand"
    entry.save()
    minutes_services.minutes_submit(
        minutes=minutes, comments_until=TODAY, short_ok=True, user=organiser
    )
    minutes_services.minutes_approve(minutes=minutes, user=organiser, period_ok=True)
    return minutes


def test_decliner_never_reads_the_approved_minutes(client, approved, conference):
    decliner = InvitationFactory(
        conference=conference, answer=Invitation.Answer.DECLINED
    )

    assert "Interner Sachstand" not in _partner_page(client, decliner)


def test_unticked_participant_loses_access_to_the_minutes(
    client, approved, conference, organiser
):
    present = InvitationFactory(conference=conference, attended=True)
    unticked = InvitationFactory(conference=conference, attended=True)
    assert "Interner Sachstand" in _partner_page(client, unticked)

    minutes_services.minutes_distribute(
        minutes=approved, invitation_ids=[present.pk], user=organiser
    )

    assert "Interner Sachstand" not in _partner_page(client, unticked)
    assert "Interner Sachstand" in _partner_page(client, present)
    assert Invitation.objects.filter(pk=unticked.pk).exists()  # answers stay


def test_distribution_defaults_exclude_decliners_and_those_replaced(
    organiser_client, approved, conference
):
    present = InvitationFactory(conference=conference, attended=True)
    declined = InvitationFactory(
        conference=conference, answer=Invitation.Answer.DECLINED
    )
    replaced = InvitationFactory(
        conference=conference,
        answer=Invitation.Answer.DEPUTY,
        deputy_name="Herr Vertreter",
    )
    deputy = InvitationFactory(
        conference=conference, deputy_for=replaced, attended=True
    )

    html = organiser_client.get(
        reverse("tagesordnung:minutes-distribute", args=[conference.pk])
    ).content.decode()

    assert f'value="{present.pk}" id="recipient-{present.pk}" checked' in html
    assert f'value="{deputy.pk}" id="recipient-{deputy.pk}" checked' in html
    assert f'value="{replaced.pk}" id="recipient-{replaced.pk}">' in html
    assert f'id="recipient-{declined.pk}"' not in html


# 3. Lowering: derived content keeps its own level, and SiKo asks first


def test_public_carry_over_item_shows_no_internal_action_to_the_press(
    client, make_member, police_authority, raised, conference
):
    ActionItemFactory(
        entry=raised.entries.get(),
        description="Interne-Wiedervorlage-Kanarie",
        classification=Classification.INTERNAL,
    )
    services.item_update(
        item=AgendaItem.objects.get(title=SECRET_TITLE),
        version=AgendaItem.objects.get(title=SECRET_TITLE).version,
        classification=Classification.INTERNAL,
    )
    later = ConferenceFactory(
        police_authority=police_authority, date=TODAY + datetime.timedelta(days=90)
    )
    item = services.carry_over_item_ensure(conference=later)
    services.item_update(
        item=item, version=item.version, classification=Classification.PUBLIC
    )
    client.force_login(make_member(police_authority, is_press_office=True))

    html = client.get(reverse("tagesordnung:agenda", args=[later.pk])).content.decode()

    assert "Bericht zu offenen Maßnahmen" in html
    assert "Interne-Wiedervorlage-Kanarie" not in html
    assert SECRET_ACTION not in html


def test_lowering_an_item_asks_first_and_names_what_becomes_visible(
    organiser_client, conference
):
    item = AgendaItemFactory(
        conference=conference,
        title="Clanlage",
        classification=Classification.VS_NFD,
    )
    minutes = minutes_services.minutes_ensure(conference=conference)
    entry = minutes.entries.get()
    # Written while the item was internal, hidden since it was raised.
    MinutesEntry.objects.filter(pk=entry.pk).update(classification="internal")
    DecisionFactory(
        entry=entry, text="Schwerpunktkontrollen", classification="internal"
    )
    url = reverse("tagesordnung:item-edit", args=[item.pk])
    data = {
        "title": "Clanlage",
        "duration_minutes": 15,
        "classification": "internal",
        "version": item.version,
    }

    first = organiser_client.post(url, data)

    html = first.content.decode()
    assert first.status_code == 200
    assert "Einstufung herabsetzen?" in html
    assert "Teilnehmende (Partnerbehörden)" in html
    assert "Beschluss „Schwerpunktkontrollen“" in html
    assert "Öffentlichkeit (Presse)" not in html
    item.refresh_from_db()
    assert item.classification == Classification.VS_NFD  # nothing saved yet

    organiser_client.post(url, {**data, "confirm_lowering": "internal"})

    item.refresh_from_db()
    assert item.classification == Classification.INTERNAL


# 4. One numbering for everyone


@pytest.fixture
def agenda_with_secret_item(conference):
    for position, (title, level) in enumerate(
        [
            ("Begrüßung", "public"),
            ("Lage", "internal"),
            (SECRET_TITLE, "vs_nfd"),
            ("Hauptbahnhof", "internal"),
        ],
        start=1,
    ):
        AgendaItemFactory(
            conference=conference,
            position=position,
            title=title,
            classification=level,
            duration_minutes=30,
        )
    return conference


def test_participant_pdf_and_docx_keep_the_numbers_and_times(
    organiser_client, agenda_with_secret_item
):
    def export(fmt):
        return organiser_client.get(
            reverse(
                "tagesordnung:agenda-export", args=[agenda_with_secret_item.pk, fmt]
            )
            + "?fassung=teilnehmende"
        ).content

    pdf = " ".join(" ".join(pdf_pages(export("pdf"))).split())
    table = Document(io.BytesIO(export("docx"))).tables[0]
    rows = [[cell.text for cell in row.cells] for row in table.rows]

    assert SECRET_TITLE not in pdf
    assert "3 10:00–10:30 in dieser Fassung nicht enthalten" in pdf
    assert "4 10:30–11:00 Hauptbahnhof" in pdf
    assert rows[3][:3] == ["TOP 3", "10:00–10:30", "in dieser Fassung nicht enthalten"]
    assert rows[4][:3] == ["TOP 4", "10:30–11:00", "Hauptbahnhof"]


def test_participant_minutes_keep_the_numbers(
    organiser_client, organiser, agenda_with_secret_item
):
    minutes = minutes_services.minutes_ensure(conference=agenda_with_secret_item)
    text = " ".join(
        " ".join(
            pdf_pages(
                organiser_client.get(
                    reverse(
                        "tagesordnung:minutes-export",
                        args=[agenda_with_secret_item.pk, "pdf"],
                    )
                    + "?fassung=teilnehmende"
                ).content
            )
        ).split()
    )

    assert minutes.entries.count() == 4
    assert "TOP 3 – in dieser Fassung nicht enthalten" in text
    assert "TOP 4: Hauptbahnhof" in text
    assert SECRET_TITLE not in text


# 5. Children start at their parent's level and never go below it


def test_new_entries_start_at_their_items_level(conference):
    AgendaItemFactory(conference=conference, title="Offen", classification="public")
    AgendaItemFactory(conference=conference, title="Geheim", classification="vs_nfd")

    minutes = minutes_services.minutes_ensure(conference=conference)

    assert dict(
        minutes.entries.values_list("agenda_item__title", "classification")
    ) == {
        "Offen": "public",
        "Geheim": "vs_nfd",
    }


def test_decision_below_its_entry_is_refused_with_a_german_message(
    organiser_client, conference
):
    AgendaItemFactory(conference=conference, classification="internal")
    minutes = minutes_services.minutes_ensure(conference=conference)
    entry = minutes.entries.get()

    response = organiser_client.post(
        reverse("tagesordnung:decision-add", args=[entry.pk]),
        {"text": "Pressearbeit abstimmen", "classification": "public"},
        follow=True,
    )

    assert not Decision.objects.exists()
    assert "Die Einstufung darf nicht niedriger sein" in response.content.decode()


def test_entry_and_action_forms_refuse_a_lower_level_and_keep_the_input(
    organiser_client, conference
):
    AgendaItemFactory(conference=conference, classification="vs_nfd")
    minutes = minutes_services.minutes_ensure(conference=conference)
    entry = minutes.entries.get()
    action = ActionItemFactory(entry=entry, classification="vs_nfd")

    entry_response = organiser_client.post(
        reverse("tagesordnung:entry-edit", args=[entry.pk]),
        {"text": "Mein Text", "classification": "internal", "version": entry.version},
    )
    action_response = organiser_client.post(
        reverse("tagesordnung:action-edit", args=[action.pk]),
        {
            "description": "Neue Formulierung",
            "responsible": action.responsible_id,
            "due_date": "2027-05-01",
            "classification": "public",
            "version": action.version,
        },
    )

    for response in (entry_response, action_response):
        assert response.status_code == 400
        assert "Die Einstufung darf nicht niedriger sein" in response.content.decode()
    assert "Mein Text" in entry_response.content.decode()
    assert "Neue Formulierung" in action_response.content.decode()
    assert MinutesEntry.objects.get().text == ""


def test_decision_form_offers_the_entry_level_first(organiser_client, conference):
    AgendaItemFactory(conference=conference, classification="public")
    minutes_services.minutes_ensure(conference=conference)

    html = organiser_client.get(
        reverse("tagesordnung:minutes", args=[conference.pk])
    ).content.decode()

    assert '<option value="public" selected>' in html
