"""Issue 32: the agenda, minutes, actions and partner pages print rows built
as plain dictionaries (tagesordnung/agenda/rows.py, tagesordnung/minutes/
page.py and action_table.py, teilnehmer/partner/content.py::agenda_rows).
A row with every optional field shows the same text, links and badges as the
per-row template did, and a classified row still reaches only the readers
cleared for it."""

import datetime
import html as html_lib
import re

import pytest
from django.urls import reverse

from konferenz.core.models import Conference
from konferenz.core.selects import Select
from tagesordnung.minutes import services
from tagesordnung.minutes.models import MinutesComment
from teilnehmer.partner.content import agenda_for_partner, agenda_rows
from tests.factories import (
    ActionItemFactory,
    ActionProgressFactory,
    AgendaItemFactory,
    AttachmentFactory,
    ConferenceFactory,
    ContactFactory,
    DecisionFactory,
    InvitationFactory,
    MinutesCommentFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db


def _text(html):
    """What a reader sees: tags dropped, entities read, spaces collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.fixture
def conference(police_authority):
    return ConferenceFactory(
        police_authority=police_authority, status=Conference.Status.HELD
    )


@pytest.fixture
def full(conference, police_authority):
    """An item with every optional field, a VS-NfD item and an internal one."""
    contact = ContactFactory(
        authority__police_authority=police_authority,
        authority__name="Kreis & Stadt",
        title="Dr.",
        first_name="Eva",
        last_name="Lang",
        function="Leiterin",
    )
    item = AgendaItemFactory(
        conference=conference,
        position=1,
        title="Lage <heute>",
        topic=TopicFactory(police_authority=police_authority, name="Verkehr"),
        presenter_contact=contact,
        description="Erste Zeile\nzweite <Zeile>",
        duration_minutes=30,
        classification="public",
    )
    AttachmentFactory(item=item, original_name="karte & plan.pdf")
    secret = AgendaItemFactory(
        conference=conference,
        position=2,
        title="Kanarienvogel",
        classification="vs_nfd",
    )
    AgendaItemFactory(
        conference=conference,
        position=3,
        title="Nur intern",
        classification="internal",
        presenter_name="Herr Roth",
        presenter_authority="LKA",
        duration_minutes=1,
    )
    return {"item": item, "secret": secret, "contact": contact}


def test_agenda_row_with_every_field_shows_its_text_and_links(
    organiser_client, conference, full
):
    item = full["item"]
    page = organiser_client.get(reverse("tagesordnung:agenda", args=[conference.pk]))
    html = page.content.decode()
    text = _text(html)

    assert (
        "TOP 1 09:00–09:30 Lage <heute> öffentlich Verkehr · 30 Minuten · "
        "Frau Dr. Eva Lang, Leiterin (Kreis & Stadt) Erste Zeile zweite <Zeile> "
        "karte & plan.pdf öffentlich"
    ) in text
    assert "Erste Zeile<br>zweite &lt;Zeile&gt;" in html
    assert "TOP 3 09:45–09:46 Nur intern intern 1 Minute · Herr Roth (LKA)" in text
    download = reverse(
        "tagesordnung:attachment-download", args=[item.attachments.get().pk]
    )
    assert f'<a href="{download}">karte &amp; plan.pdf</a>' in html
    assert f'formaction="{reverse("tagesordnung:item-move", args=[item.pk])}"' in html
    assert f'href="{reverse("tagesordnung:item-edit", args=[item.pk])}"' in html
    assert 'aria-label="TOP 1 nach oben verschieben"' in html
    assert 'data-confirm="„Lage &lt;heute&gt;“ von der Tagesordnung entfernen?"' in html


def test_agenda_rows_withhold_what_the_reader_may_not_read(
    client, make_member, police_authority, conference, full
):
    url = reverse("tagesordnung:agenda", args=[conference.pk])
    client.force_login(make_member(police_authority))  # no VS-NfD clearance
    reader = _text(client.get(url).content.decode())
    client.force_login(make_member(police_authority, is_press_office=True))
    press = _text(client.get(url).content.decode())

    assert "TOP 2 09:30–09:45 in dieser Fassung nicht enthalten" in reader
    assert "Kanarienvogel" not in reader
    assert "Nur intern" in reader
    assert "Kanarienvogel" not in press
    assert "Nur intern" not in press
    assert "TOP 3 09:45–09:46 in dieser Fassung nicht enthalten" in press
    assert "Lage <heute>" in press


def test_partner_agenda_rows_link_the_partner_download_and_withhold(
    client, conference, full
):
    rows = agenda_rows(agenda_for_partner(conference))

    attachment = full["item"].attachments.get()
    assert rows[0]["title"] == "Lage <heute>"
    assert rows[0]["presenter"] == "Frau Dr. Eva Lang, Leiterin (Kreis & Stadt)"
    assert rows[0]["attachments"] == [
        {
            "url": reverse("partner:attachment", args=[attachment.pk]),
            "name": "karte & plan.pdf",
        }
    ]
    assert rows[1] == {"withheld": True, "top_label": "TOP 2", "when": "09:30–09:45"}
    assert rows[2]["title"] == "Nur intern"  # participants read internal items


@pytest.fixture
def minutes(conference, full):
    minutes = services.minutes_ensure(conference=conference)
    entry = minutes.entries.get(agenda_item=full["item"])
    entry.text = "**Wichtig**: Streifen"
    entry.save()
    DecisionFactory(entry=entry, text="Streifen verstärken", classification="public")
    DecisionFactory(entry=entry, text="Geheimer Beschluss", classification="vs_nfd")
    action = ActionItemFactory(
        entry=entry,
        description="Kontrollen <planen>",
        contact=full["contact"],
        responsible=full["contact"].authority,
        classification="internal",
    )
    ActionProgressFactory(action=action, note="Termin steht")
    MinutesCommentFactory(
        entry=entry,
        text="Bitte\nergänzen",
        state=MinutesComment.State.ADOPTED,
        reply="Erledigt",
        invitation=InvitationFactory(conference=conference, contact=full["contact"]),
    )
    return minutes


def test_minutes_row_with_every_field_shows_its_text_and_links(
    organiser_client, conference, minutes
):
    entry = minutes.entries.get(agenda_item__position=1)
    action = entry.actions.get()
    html = organiser_client.get(
        reverse("tagesordnung:minutes", args=[conference.pk])
    ).content.decode()
    text = _text(html)

    assert "TOP 1: Lage <heute> (2 Beschlüsse, 1 Maßnahme)" in text
    assert "<strong>Wichtig</strong>" in html
    assert "Streifen verstärken öffentlich" in text
    assert "Geheimer Beschluss VS-NfD" in text
    assert (
        "Kontrollen <planen> Verantwortlich: Kreis & Stadt (Dr. Eva Lang) · fällig "
        "30.06.2027 Offen intern"
    ) in text
    progress = action.progress.get()
    day = f"{progress.created_at.astimezone():%d.%m.%Y}"
    assert f"{day} (In Arbeit): Termin steht" in text
    assert "Dr. Eva Lang (Kreis & Stadt)" in text
    assert "Bitte<br>ergänzen" in html
    assert "übernommen Antwort: Erledigt" in text
    assert f'href="{reverse("tagesordnung:action-edit", args=[action.pk])}"' in html
    assert f'action="{reverse("tagesordnung:decision-add", args=[entry.pk])}"' in html
    assert "TOP 2: Kanarienvogel" in text
    assert (
        "TOP 3: Nur intern intern Noch kein Text. Keine Beschlüsse. Keine Maßnahmen."
        in text
    )


def test_minutes_rows_withhold_what_the_reader_may_not_read(
    client, make_member, police_authority, conference, minutes
):
    client.force_login(make_member(police_authority))  # no VS-NfD clearance

    text = _text(
        client.get(
            reverse("tagesordnung:minutes", args=[conference.pk])
        ).content.decode()
    )

    assert "Streifen verstärken" in text
    assert "Geheimer Beschluss" not in text
    assert "(1 Beschluss, 1 Maßnahme)" in text
    assert "TOP 2 – in dieser Fassung nicht enthalten" in text
    assert "Kanarienvogel" not in text


def test_action_rows_show_contact_and_only_what_the_reader_may_read(
    client, make_member, police_authority, conference, minutes
):
    entry = minutes.entries.get(agenda_item__position=1)
    ActionItemFactory(
        entry=entry, description="Geheime Maßnahme", classification="vs_nfd"
    )
    url = reverse("tagesordnung:action-list")
    client.force_login(
        make_member(police_authority, is_organiser=True, may_read_vs_nfd=True)
    )
    cleared = _text(client.get(url).content.decode())
    client.force_login(make_member(police_authority))
    reader = _text(client.get(url).content.decode())

    row = (
        f"Kontrollen <planen> intern Kreis & Stadt Dr. Eva Lang 30.06.2027 Offen "
        f"{conference.title}"
    )
    assert row in cleared
    assert "Geheime Maßnahme VS-NfD" in cleared
    assert row in reader
    assert "Geheime Maßnahme" not in reader


def test_filter_options_are_escaped_and_mark_the_chosen_one():
    select = Select(
        name="x",
        id="id_x",
        label="X",
        options=[("", "alle", False), ("3", "A & <B>", True)],
    )

    assert select.options_html == (
        '<option value="">alle</option>'
        '<option value="3" selected>A &amp; &lt;B&gt;</option>'
    )


def test_due_date_in_the_past_marks_the_action_overdue(organiser_client, minutes):
    entry = minutes.entries.get(agenda_item__position=1)
    ActionItemFactory(
        entry=entry, description="Alt", due_date=datetime.date(2000, 1, 1)
    )

    text = _text(
        organiser_client.get(reverse("tagesordnung:action-list")).content.decode()
    )

    assert "Alt intern" in text
    assert "01.01.2000 überfällig" in text
