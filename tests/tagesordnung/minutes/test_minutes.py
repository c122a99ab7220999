"""Minutes: workflow, no lost updates, exports, partner side, actions, search."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.urls import reverse
from docx import Document

from konferenz.core import stamps
from konferenz.core.classification import Audience, Classification
from konferenz.core.models import Conference
from konferenz.press.facts import public_decisions
from tagesordnung.agenda.selectors import agenda, overdue_actions
from tagesordnung.agenda.services import carry_over_item_ensure
from tagesordnung.minutes import services
from tagesordnung.minutes.exports import export
from tagesordnung.minutes.models import ActionItem, ClassifiedReadLog, Minutes
from tagesordnung.search.selectors import search
from teilnehmer.invitations import tokens
from tests.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    ConferenceFactory,
    DecisionFactory,
    InvitationFactory,
    MinutesEntryFactory,
    MinutesFactory,
)
from tests.helpers import docx_text, pdf_pages

pytestmark = pytest.mark.django_db

CANARY = "Kanarienvogel-VS-NfD-4711"
INTERN_CANARY = "Interner-Spatz-0815"
TODAY = datetime.date(2027, 3, 12)


@pytest.fixture
def conference(police_authority):
    return ConferenceFactory(
        police_authority=police_authority, status=Conference.Status.HELD
    )


@pytest.fixture
def minutes(conference):
    AgendaItemFactory(conference=conference, title="Lagebild", position=1)
    AgendaItemFactory(
        conference=conference,
        title="Brennpunkte",
        position=2,
        classification=Classification.VS_NFD,
    )
    return services.minutes_ensure(conference=conference)


def _entry(minutes, title):
    return minutes.entries.get(agenda_item__title=title)


def _head(make_member, police_authority):
    return make_member(police_authority, is_head=True)


# Workflow


def test_minutes_ensure_creates_one_entry_per_item_vs_nfd_kept(minutes):
    assert _entry(minutes, "Lagebild").classification == Classification.INTERNAL
    assert _entry(minutes, "Brennpunkte").classification == Classification.VS_NFD


def test_submit_sends_the_draft_to_present_participants_only(
    minutes, conference, organiser, django_capture_on_commit_callbacks
):
    present = InvitationFactory(conference=conference, attended=True)
    InvitationFactory(conference=conference, attended=False)

    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_submit(
            minutes=minutes,
            comments_until=TODAY,
            short_ok=True,
            user=organiser,
            today=TODAY,
        )

    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.IN_REVIEW
    assert [m.to for m in mail.outbox] == [[present.contact.email]]
    assert "bis zum 12.03.2027" in mail.outbox[0].body
    assert "/einladung/" in mail.outbox[0].body


def test_submit_with_past_comment_end_is_refused(minutes, organiser):
    with pytest.raises(services.MinutesError, match="Vergangenheit|past"):
        services.minutes_submit(
            minutes=minutes,
            comments_until=TODAY - datetime.timedelta(days=1),
            user=organiser,
            today=TODAY,
        )
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.DRAFT


def test_approve_a_draft_is_refused(minutes, organiser):
    with pytest.raises(services.MinutesError):
        services.minutes_approve(minutes=minutes, user=organiser, period_ok=True)
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.DRAFT


def test_approve_locks_and_moves_the_conference(minutes, conference, organiser):
    services.minutes_submit(
        minutes=minutes,
        comments_until=TODAY,
        short_ok=True,
        user=organiser,
        today=TODAY,
    )
    services.minutes_approve(minutes=minutes, user=organiser, period_ok=True)

    minutes.refresh_from_db()
    conference.refresh_from_db()
    assert minutes.status == Minutes.Status.APPROVED
    assert minutes.approved_by == organiser
    assert conference.status == Conference.Status.MINUTES_APPROVED
    assert minutes.snapshots.get().revision == 1
    entry = _entry(minutes, "Lagebild")
    with pytest.raises(services.MinutesError, match="gesperrt|locked"):
        services.entry_update(
            entry=entry, version=entry.version, text="neu", classification="internal"
        )
    with pytest.raises(services.MinutesError):
        services.minutes_submit(
            minutes=minutes,
            comments_until=TODAY,
            short_ok=True,
            user=organiser,
            today=TODAY,
        )


def test_correction_keeps_the_approved_version_and_shows_the_difference(
    minutes, organiser, organiser_client, conference
):
    entry = _entry(minutes, "Lagebild")
    services.entry_update(
        entry=entry, version=1, text="Alte Fassung", classification="internal"
    )
    with pytest.raises(services.MinutesError):
        services.minutes_correction_begin(minutes=minutes, user=organiser)
    services.minutes_submit(
        minutes=minutes,
        comments_until=TODAY,
        short_ok=True,
        user=organiser,
        today=TODAY,
    )
    services.minutes_approve(minutes=minutes, user=organiser, period_ok=True)
    services.minutes_correction_begin(minutes=minutes, user=organiser)
    entry.refresh_from_db()
    services.entry_update(
        entry=entry,
        version=entry.version,
        text="Neue <b>Fassung</b>",
        classification="internal",
    )

    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.DRAFT
    assert minutes.revision == 2
    assert minutes.snapshots.get(revision=1).content[0]["text"] == "Alte Fassung"
    page = organiser_client.get(
        reverse("tagesordnung:minutes-diff", args=[conference.pk])
    )
    html = page.content.decode()
    assert "Alte Fassung" in html
    assert "Neue &lt;b&gt;Fassung&lt;/b&gt;" in html
    assert 'class="diff-added"' in html and 'class="diff-removed"' in html


def test_transition_view_approve_needs_the_head(
    client, make_member, police_authority, minutes, conference, organiser
):
    services.minutes_submit(
        minutes=minutes,
        comments_until=TODAY,
        short_ok=True,
        user=organiser,
        today=TODAY,
    )
    url = reverse("tagesordnung:minutes-transition", args=[conference.pk])
    client.force_login(make_member(police_authority, is_minute_taker=True))
    assert client.post(url, {"step": "approve"}).status_code == 403

    client.force_login(_head(make_member, police_authority))
    response = client.post(url, {"step": "approve"}, follow=True)

    assert "genehmigt" in response.content.decode()
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.APPROVED


def test_transition_view_refuses_forbidden_step_with_german_message(
    organiser_client, minutes, conference
):
    response = organiser_client.post(
        reverse("tagesordnung:minutes-transition", args=[conference.pk]),
        {"step": "correct"},
        follow=True,
    )
    assert "Nur genehmigte Protokolle" in response.content.decode()


# No lost updates


def test_second_stale_save_is_refused_and_both_texts_are_shown(
    client, make_member, police_authority, minutes
):
    entry = _entry(minutes, "Lagebild")
    url = reverse("tagesordnung:entry-edit", args=[entry.pk])
    first = make_member(police_authority, is_minute_taker=True)
    second = make_member(police_authority, is_organiser=True)
    data = {"classification": "internal", "version": entry.version}
    client.force_login(first)
    assert client.post(url, {**data, "text": "Text von Person eins"}).status_code == 302

    client.force_login(second)
    response = client.post(url, {**data, "text": "Text von Person zwei"})

    html = response.content.decode()
    assert response.status_code == 409
    assert "zwischenzeitlich" in html or "inzwischen" in html
    assert "Text von Person eins" in html
    assert "Text von Person zwei" in html
    entry.refresh_from_db()
    assert entry.text == "Text von Person eins"


def test_markdown_is_rendered_safely(organiser_client, minutes, conference):
    entry = _entry(minutes, "Lagebild")
    services.entry_update(
        entry=entry,
        version=1,
        text="**fett** <script>alert(1)</script> [x](javascript:alert(1))",
        classification="internal",
    )
    html = organiser_client.get(
        reverse("tagesordnung:minutes", args=[conference.pk])
    ).content.decode()
    assert "<strong>fett</strong>" in html
    assert "<script>alert(1)" not in html
    assert (
        "javascript:alert" not in html.split("<main")[-1]
        or 'href="javascript' not in html
    )


# Exports and classification


@pytest.fixture
def classified(minutes):
    open_entry = _entry(minutes, "Lagebild")
    open_entry.agenda_item.classification = Classification.PUBLIC
    open_entry.agenda_item.save()
    open_entry.text = "Öffentlich erörtert."
    open_entry.classification = Classification.PUBLIC
    open_entry.save()
    AgendaItemFactory(conference=minutes.conference, position=3, title="Intern")
    minutes = services.minutes_ensure(conference=minutes.conference)
    secret = _entry(minutes, "Intern")
    secret.text = f"Geheim: {CANARY}\n\n" + "Langer Absatz. " * 400
    secret.classification = Classification.VS_NFD
    secret.save()
    DecisionFactory(
        entry=open_entry, text="Öffentlicher Beschluss", classification="public"
    )
    DecisionFactory(entry=open_entry, text=INTERN_CANARY, classification="internal")
    DecisionFactory(entry=open_entry, text=f"B-{CANARY}", classification="vs_nfd")
    return minutes


def test_participant_exports_never_contain_vs_nfd(classified):
    pdf, _ = export(
        minutes=classified, audience=Audience.PARTICIPANT, fmt="pdf", internal=False
    )
    docx, _ = export(
        minutes=classified, audience=Audience.PARTICIPANT, fmt="docx", internal=False
    )

    pdf_text = "\n".join(pdf_pages(pdf))
    word_text = docx_text(docx, tables=False)
    for text in (pdf_text, word_text):
        assert "Öffentlicher Beschluss" in text
        assert INTERN_CANARY in text
        assert CANARY not in text
        assert "NUR FÜR DEN DIENSTGEBRAUCH" not in text


def test_internal_pdf_is_marked_on_every_page(classified):
    pdf, _ = export(
        minutes=classified, audience=Audience.STAFF_VS_NFD, fmt="pdf", internal=True
    )
    pages = pdf_pages(pdf)

    assert len(pages) >= 2
    assert all("VS – NUR FÜR DEN DIENSTGEBRAUCH" in page for page in pages)
    assert CANARY in "\n".join(pages)


def test_internal_docx_is_marked(classified):
    docx, _ = export(
        minutes=classified, audience=Audience.STAFF_VS_NFD, fmt="docx", internal=True
    )
    document = Document(io.BytesIO(docx))
    assert (
        document.sections[0].header.paragraphs[0].text
        == "VS – NUR FÜR DEN DIENSTGEBRAUCH"
    )


def test_press_gets_public_decisions_only(classified):
    assert public_decisions(classified.conference) == ["Öffentlicher Beschluss"]


def test_internal_export_by_staff_without_vs_nfd_right_has_no_vs_nfd(
    client, make_member, police_authority, classified
):
    client.force_login(make_member(police_authority, is_organiser=True))
    response = client.get(
        reverse("tagesordnung:minutes-export", args=[classified.conference_id, "pdf"])
        + "?fassung=intern"
    )
    assert response.status_code == 200
    assert CANARY not in "\n".join(pdf_pages(response.content))


def test_minutes_page_logs_vs_nfd_reads(organiser_client, organiser, classified):
    response = organiser_client.get(
        reverse("tagesordnung:minutes", args=[classified.conference_id])
    )
    assert CANARY in response.content.decode()
    kinds = set(
        ClassifiedReadLog.objects.filter(user=organiser).values_list("kind", flat=True)
    )
    assert kinds == {"entry", "decision"}


def test_minutes_page_for_reader_hides_vs_nfd_and_logs_nothing(
    client, reader, classified
):
    client.force_login(reader)
    html = client.get(
        reverse("tagesordnung:minutes", args=[classified.conference_id])
    ).content.decode()
    assert CANARY not in html
    assert INTERN_CANARY in html
    assert not ClassifiedReadLog.objects.exists()


# Partner side


def _open_link(client, invitation):
    token = tokens.new_token()
    invitation.token_hash = tokens.token_hash(token)
    invitation.save()
    client.get(reverse("partner:open", args=[token]))
    return client


def test_partner_reads_draft_without_vs_nfd_and_comments(client, classified, organiser):
    invitation = InvitationFactory(conference=classified.conference, attended=True)
    services.minutes_submit(
        minutes=classified,
        comments_until=datetime.date(2099, 1, 1),
        user=organiser,
    )
    _open_link(client, invitation)

    html = client.get(reverse("partner:answer")).content.decode()
    assert INTERN_CANARY in html
    assert CANARY not in html
    entry = _entry(classified, "Lagebild")
    response = client.post(
        reverse("partner:minutes-comment"),
        {"entry": entry.pk, "text": "Bitte ergänzen"},
    )
    assert response.status_code == 302
    assert entry.comments.get().text == "Bitte ergänzen"
    secret = _entry(classified, "Intern")
    client.post(reverse("partner:minutes-comment"), {"entry": secret.pk, "text": "x"})
    assert not secret.comments.exists()


def test_absent_partner_does_not_see_the_draft(client, classified, organiser):
    invitation = InvitationFactory(conference=classified.conference, attended=False)
    services.minutes_submit(
        minutes=classified, comments_until=datetime.date(2099, 1, 1), user=organiser
    )
    _open_link(client, invitation)
    assert (
        "Öffentlich erörtert"
        not in client.get(reverse("partner:answer")).content.decode()
    )


def test_partner_updates_only_actions_of_its_own_authority(client, minutes):
    invitation = InvitationFactory(conference=minutes.conference)
    entry = _entry(minutes, "Lagebild")
    own = ActionItemFactory(entry=entry, responsible=invitation.contact.authority)
    other = ActionItemFactory(entry=entry)
    _open_link(client, invitation)

    assert own.description in client.get(reverse("partner:answer")).content.decode()
    client.post(
        reverse("partner:action-progress", args=[own.pk]),
        {"status": "in_progress", "note": "Gespräche laufen"},
    )
    client.post(
        reverse("partner:action-progress", args=[other.pk]),
        {"status": "done", "note": "erledigt"},
    )

    own.refresh_from_db()
    other.refresh_from_db()
    assert own.status == ActionItem.Status.IN_PROGRESS
    assert own.progress.get().note == "Gespräche laufen"
    assert other.status == ActionItem.Status.OPEN
    assert not other.progress.exists()


# Actions


def test_overdue_actions_selector(police_authority, minutes):
    entry = _entry(minutes, "Lagebild")
    late = ActionItemFactory(entry=entry, due_date=datetime.date(2027, 1, 1))
    ActionItemFactory(entry=entry, due_date=datetime.date(2027, 1, 1), status="done")
    ActionItemFactory(entry=entry, due_date=datetime.date(2028, 1, 1))
    ActionItemFactory(
        entry=_entry(minutes, "Brennpunkte"), due_date=datetime.date(2027, 1, 1)
    )
    ActionItemFactory(due_date=datetime.date(2027, 1, 1))  # other tenant

    rows = overdue_actions(police_authority=police_authority, today=TODAY)

    assert [(row.pk, row.description) for row in rows] == [(late.pk, late.description)]
    assert rows[0].conference_title == minutes.conference.title
    assert rows[0].responsible_name == late.responsible.name


def test_remind_command_mails_the_contact_once_a_day(minutes):
    action = ActionItemFactory(
        entry=_entry(minutes, "Lagebild"), due_date=datetime.date(2020, 1, 1)
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("remind_overdue_actions", stdout=io.StringIO())
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("remind_overdue_actions", stdout=io.StringIO())

    assert [m.to for m in mail.outbox] == [[action.responsible.email]]
    assert action.description in mail.outbox[0].body


def test_carry_over_lists_open_non_vs_nfd_actions(police_authority, minutes):
    ActionItemFactory(
        entry=_entry(minutes, "Lagebild"), description="Streife verstärken"
    )
    ActionItemFactory(
        entry=_entry(minutes, "Lagebild"), description=CANARY, classification="vs_nfd"
    )
    ActionItemFactory(
        entry=_entry(minutes, "Lagebild"), description="Erledigt", status="done"
    )
    later = ConferenceFactory(
        police_authority=police_authority, date=datetime.date(2028, 3, 1)
    )

    carry_over_item_ensure(conference=later)

    (row,) = agenda(conference=later, audience=Audience.STAFF_VS_NFD).rows
    listed = [action.description for action in row.item.open_actions]
    assert listed == ["Streife verstärken"]
    assert row.item.description == ""  # nothing derived is stored in the item


def test_action_list_filters_by_status(client, reader, minutes):
    entry = _entry(minutes, "Lagebild")
    ActionItemFactory(entry=entry, description="Offene Maßnahme")
    ActionItemFactory(entry=entry, description="Fertige Maßnahme", status="done")
    client.force_login(reader)

    html = client.get(
        reverse("tagesordnung:action-list") + "?status=open"
    ).content.decode()

    assert "Offene Maßnahme" in html
    assert "Fertige Maßnahme" not in html


@pytest.mark.parametrize("rows", [2, 30])
def test_action_list_query_count_is_fixed(
    client, organiser, minutes, rows, django_assert_num_queries
):
    entry = _entry(minutes, "Lagebild")
    for _ in range(rows):
        ActionItemFactory(entry=entry)
    client.force_login(organiser)
    client.get(reverse("tagesordnung:action-list"))
    ActionItemFactory(entry=entry, description="Neu dazu")  # drops the cache
    with django_assert_num_queries(6):  # incl. the paginator's count
        response = client.get(reverse("tagesordnung:action-list"))
    with django_assert_num_queries(2):  # then served from the cache
        again = client.get(reverse("tagesordnung:action-list"))
    assert response.status_code == 200
    assert again.status_code == 200


def test_action_list_pages_by_25(client, organiser, minutes):
    entry = _entry(minutes, "Lagebild")
    for n in range(30):
        ActionItemFactory(entry=entry, description=f"Aufgabe Nummer {n:02d}")
    client.force_login(organiser)
    url = reverse("tagesordnung:action-list")

    first = client.get(url).content.decode()
    second = client.get(url + "?page=2").content.decode()
    hostile = client.get(url + "?page=%C2%B2")

    assert first.count("Aufgabe Nummer") == 25
    assert "Seite 1 von 2" in first
    assert second.count("Aufgabe Nummer") == 5
    assert hostile.status_code == 200


@pytest.mark.parametrize("rows", [2, 30])
def test_minutes_page_query_count_is_fixed(
    client, make_member, police_authority, conference, rows, django_assert_num_queries
):
    minutes = MinutesFactory(conference=conference)
    for _ in range(rows):
        entry = MinutesEntryFactory(minutes=minutes)
        DecisionFactory(entry=entry)
        ActionItemFactory(entry=entry)
    client.force_login(make_member(police_authority, is_organiser=True))
    url = reverse("tagesordnung:minutes", args=[conference.pk])
    client.get(url)
    # The page below the tabs comes from the cache
    # (konferenz/core/changestamp.py): the conference only (nothing here is
    # VS-NfD, so no read is logged).
    with django_assert_num_queries(2):
        cached = client.get(url)
    stamps.touch(conference.pk)  # what the first reader after a change pays
    with django_assert_num_queries(13):
        response = client.get(url)
    assert response.status_code == 200
    assert cached.content.count(b"minutes-item") == rows


# Access


def test_other_tenant_gets_404(client, make_member, other_police_authority, minutes):
    client.force_login(
        make_member(other_police_authority, is_organiser=True, is_head=True)
    )
    entry = _entry(minutes, "Lagebild")
    assert (
        client.get(
            reverse("tagesordnung:minutes", args=[minutes.conference_id])
        ).status_code
        == 404
    )
    assert (
        client.get(reverse("tagesordnung:entry-edit", args=[entry.pk])).status_code
        == 404
    )
    assert (
        client.post(
            reverse("tagesordnung:decision-add", args=[entry.pk]), {"text": "x"}
        ).status_code
        == 404
    )


def test_reader_gets_403_on_edits(client, reader, minutes):
    client.force_login(reader)
    entry = _entry(minutes, "Lagebild")
    assert (
        client.get(reverse("tagesordnung:entry-edit", args=[entry.pk])).status_code
        == 403
    )
    assert (
        client.post(
            reverse("tagesordnung:minutes-create", args=[minutes.conference_id])
        ).status_code
        == 403
    )
    assert client.post(reverse("tagesordnung:actions-remind")).status_code == 403


def test_get_on_post_only_routes_is_405(organiser_client, minutes):
    entry = _entry(minutes, "Lagebild")
    assert (
        organiser_client.get(
            reverse("tagesordnung:decision-add", args=[entry.pk])
        ).status_code
        == 405
    )
    assert (
        organiser_client.get(
            reverse("tagesordnung:minutes-transition", args=[minutes.conference_id])
        ).status_code
        == 405
    )


def test_distribution_mails_chosen_invitees(
    organiser_client, organiser, minutes, conference, django_capture_on_commit_callbacks
):
    keep = InvitationFactory(conference=conference)
    drop = InvitationFactory(conference=conference)
    services.minutes_submit(
        minutes=minutes,
        comments_until=TODAY,
        short_ok=True,
        user=organiser,
        today=TODAY,
    )
    services.minutes_approve(minutes=minutes, user=organiser, period_ok=True)

    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(
            reverse("tagesordnung:minutes-distribute", args=[conference.pk]),
            {"invitation": [keep.pk]},
        )

    assert [m.to for m in mail.outbox] == [[keep.contact.email]]
    assert drop.contact.email not in str([m.to for m in mail.outbox])
    assert "genehmigte Protokoll" in mail.outbox[0].body


# Search


def test_search_fallback_finds_and_respects_classification(
    police_authority, classified
):
    staff = search(
        police_authority=police_authority,
        query="Kanarienvogel",
        audience=Audience.STAFF,
    )
    allowed = search(
        police_authority=police_authority,
        query="Kanarienvogel",
        audience=Audience.STAFF_VS_NFD,
    )
    press = search(
        police_authority=police_authority, query="Spatz", audience=Audience.PUBLIC
    )

    assert staff == []
    assert len(allowed) == 2
    assert press == []


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search on PostgreSQL"
)
def test_postgres_search_finds_clankriminalitaet_by_prefix(police_authority, minutes):
    entry = _entry(minutes, "Lagebild")
    entry.text = "Die Clankriminalität im Stadtgebiet <b>nimmt</b> ab & Co."
    entry.save()
    secret = _entry(minutes, "Brennpunkte")
    secret.text = "Clanstrukturen: verdeckte Ermittlungen"
    secret.save()

    staff = search(
        police_authority=police_authority, query="Clan", audience=Audience.STAFF
    )
    allowed = search(
        police_authority=police_authority, query="Clan", audience=Audience.STAFF_VS_NFD
    )

    assert [r.title for r in staff] == ["Lagebild"]
    assert "<mark>Clankriminalität</mark>" in staff[0].snippet
    assert "<b>" not in staff[0].snippet
    assert "&amp;" in staff[0].snippet
    assert {r.title for r in allowed} == {"Lagebild", "Brennpunkte"}


def test_search_page_escapes_the_snippet(client, reader, minutes):
    entry = _entry(minutes, "Lagebild")
    entry.text = "Clan <img src=x> Treffen"
    entry.save()
    client.force_login(reader)
    html = client.get(
        reverse("tagesordnung:minutes-search") + "?q=Clan"
    ).content.decode()
    assert "<mark>Clan</mark>" in html
    assert "<img src=x>" not in html


def test_demo_minutes_have_decisions_and_overdue_actions(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())

    minutes = Minutes.objects.get(
        conference__title="Sicherheitskonferenz Gelsenkirchen"
    )
    assert minutes.status == Minutes.Status.APPROVED
    assert minutes.snapshots.count() == 1
    ge = minutes.conference.police_authority
    late = overdue_actions(police_authority=ge, today=datetime.date(2026, 11, 30))
    assert "Gemeinsame Begehung des Hauptbahnhofs" in late[0].description
    # A public decision under an internal agenda item stays internal.
    assert public_decisions(minutes.conference) == [
        "Die Konferenz wird jährlich oder aus Anlass wiederholt."
    ]


def test_agenda_page_shows_open_actions_in_the_carry_over_item(
    organiser_client, police_authority, minutes
):
    ActionItemFactory(entry=_entry(minutes, "Lagebild"), description="Streife zu Fuß")
    later = ConferenceFactory(
        police_authority=police_authority, date=datetime.date(2028, 3, 1)
    )
    item = carry_over_item_ensure(conference=later)
    ActionItemFactory(entry=_entry(minutes, "Lagebild"), description="Später ergänzt")

    html = organiser_client.get(
        reverse("tagesordnung:agenda", args=[later.pk])
    ).content.decode()

    assert item.title in html
    assert "Streife zu Fuß" in html
    assert "Später ergänzt" in html


def test_history_page_shows_who_changed_what_and_vs_nfd_reads(
    organiser_client, organiser, classified
):
    entry = _entry(classified, "Lagebild")
    organiser_client.post(
        reverse("tagesordnung:entry-edit", args=[entry.pk]),
        {"text": "Geändert", "classification": "public", "version": entry.version},
    )
    organiser_client.get(
        reverse("tagesordnung:minutes", args=[classified.conference_id])
    )

    html = organiser_client.get(
        reverse("tagesordnung:minutes-history", args=[classified.conference_id])
    ).content.decode()

    assert organiser.get_full_name() in html
    assert "geändert" in html
    assert "Lesezugriffe auf VS-NfD" in html
    assert "Protokolleintrag #" in html


def test_search_page_for_press_office_shows_public_only(
    client, make_member, police_authority, classified
):
    client.force_login(make_member(police_authority, is_press_office=True))

    public = client.get(reverse("tagesordnung:minutes-search") + "?q=Beschluss")
    intern = client.get(reverse("tagesordnung:minutes-search") + "?q=Spatz")

    assert "Öffentlicher <mark>Beschluss</mark>" in public.content.decode()
    assert INTERN_CANARY not in intern.content.decode()


def test_stale_action_edit_is_refused_and_keeps_the_first_change(
    organiser_client, minutes
):
    action = ActionItemFactory(entry=_entry(minutes, "Lagebild"))
    url = reverse("tagesordnung:action-edit", args=[action.pk])
    data = {
        "responsible": action.responsible.pk,
        "due_date": "2027-09-30",
        "classification": "internal",
        "version": action.version,
    }
    assert organiser_client.get(url).status_code == 200
    first = organiser_client.post(url, {**data, "description": "Erste Fassung"})
    second = organiser_client.post(url, {**data, "description": "Zweite Fassung"})

    assert first.status_code == 302
    assert second.status_code == 409
    html = second.content.decode()
    assert "Erste Fassung" in html and "Zweite Fassung" in html
    action.refresh_from_db()
    assert action.description == "Erste Fassung"
    assert action.due_date == datetime.date(2027, 9, 30)


def test_action_edit_with_impossible_date_keeps_the_text(organiser_client, minutes):
    action = ActionItemFactory(entry=_entry(minutes, "Lagebild"))
    response = organiser_client.post(
        reverse("tagesordnung:action-edit", args=[action.pk]),
        {
            "description": "Mein getippter Text",
            "responsible": action.responsible.pk,
            "due_date": "31.02.2027",
            "classification": "internal",
            "version": action.version,
        },
    )
    assert response.status_code == 400
    assert "Mein getippter Text" in response.content.decode()
    assert "gültiges Datum" in response.content.decode()


def test_submit_before_the_conference_was_held_is_refused(organiser):
    conference = ConferenceFactory(status=Conference.Status.INVITED)
    minutes = services.minutes_ensure(conference=conference)

    with pytest.raises(services.MinutesError, match="durchgeführt|held"):
        services.minutes_submit(
            minutes=minutes,
            comments_until=TODAY,
            short_ok=True,
            user=organiser,
            today=TODAY,
        )
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.DRAFT


def test_entry_with_nul_byte_is_refused_and_text_kept(organiser_client, minutes):
    entry = _entry(minutes, "Lagebild")
    response = organiser_client.post(
        reverse("tagesordnung:entry-edit", args=[entry.pk]),
        {"text": "Vor\x00Nach <script>", "classification": "internal", "version": 1},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Nullzeichen" in html
    assert "&lt;script&gt;" in html
    entry.refresh_from_db()
    assert entry.text == ""


def test_present_invitee_reads_the_approved_minutes_absent_does_not(
    client, classified, organiser
):
    present = InvitationFactory(conference=classified.conference, attended=True)
    absent = InvitationFactory(conference=classified.conference, attended=False)
    services.minutes_submit(
        minutes=classified, comments_until=datetime.date(2099, 1, 1), user=organiser
    )
    services.minutes_approve(minutes=classified, user=organiser, period_ok=True)

    _open_link(client, present)
    html = client.get(reverse("partner:answer")).content.decode()
    _open_link(client, absent)
    absent_html = client.get(reverse("partner:answer")).content.decode()

    assert "Öffentlich erörtert" in html
    assert INTERN_CANARY in html
    assert CANARY not in html
    assert 'name="text"' not in html  # no comments after approval
    assert "Öffentlich erörtert" not in absent_html
    assert INTERN_CANARY not in absent_html


def test_distribution_with_hostile_ids_answers_with_a_message(
    organiser_client, organiser, minutes, conference
):
    services.minutes_submit(
        minutes=minutes,
        comments_until=TODAY,
        short_ok=True,
        user=organiser,
        today=TODAY,
    )
    services.minutes_approve(minutes=minutes, user=organiser, period_ok=True)

    response = organiser_client.post(
        reverse("tagesordnung:minutes-distribute", args=[conference.pk]),
        {"invitation": ["9" * 400, "-1", "x"]},
    )

    assert response.status_code == 200
    assert "mindestens einen Empfänger" in response.content.decode()


def test_internal_export_is_marked_and_logs_the_vs_nfd_read(
    organiser_client, organiser, classified
):
    response = organiser_client.get(
        reverse("tagesordnung:minutes-export", args=[classified.conference_id, "docx"])
        + "?fassung=intern"
    )

    assert response.status_code == 200
    assert (
        'filename="Protokoll-2027-03-10-intern.docx"'
        in (response["Content-Disposition"])
    )
    assert CANARY in docx_text(response.content, tables=False)
    # the VS-NfD entries of "Brennpunkte" (VS-NfD item) and "Intern"
    assert ClassifiedReadLog.objects.filter(user=organiser, kind="entry").count() == 2
