"""Issue 22: the minutes page below the tabs and the minutes downloads are
kept per conference change stamp, audience and permissions
(konferenz/core/changestamp.py). Every change shows at once, a lower
audience never gets what was rendered for a higher one, every reader's forms
carry their own CSRF token, and the VS-NfD read log is written on every view,
cached or not."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from konferenz.core.classification import Classification
from konferenz.core.models import Conference
from tagesordnung.minutes import selectors, services
from tagesordnung.minutes.models import ClassifiedReadLog, Minutes
from tests.factories import (
    AgendaItemFactory,
    ConferenceFactory,
    DecisionFactory,
    InvitationFactory,
    MinutesCommentFactory,
    MinutesEntryFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def minutes(police_authority):
    conference = ConferenceFactory(
        police_authority=police_authority, status=Conference.Status.HELD
    )
    AgendaItemFactory(conference=conference, title="Lagebild", position=1)
    AgendaItemFactory(
        conference=conference,
        title="Observationen",
        position=2,
        classification=Classification.VS_NFD,
    )
    minutes = services.minutes_ensure(conference=conference)
    for title, text, level in (
        ("Lagebild", "Die Lage ist ruhig.", Classification.INTERNAL),
        ("Observationen", "Zielperson Adler", Classification.VS_NFD),
    ):
        entry = _entry(minutes, title)
        entry.text, entry.classification = text, level
        entry.save()
    return minutes


@pytest.fixture
def views(monkeypatch):
    """How often the minutes were really read for a page or download."""
    calls = []
    minutes_view = selectors.minutes_view

    def counting(**kwargs):
        calls.append(kwargs["audience"])
        return minutes_view(**kwargs)

    monkeypatch.setattr(selectors, "minutes_view", counting)
    return calls


def _entry(minutes, title):
    return minutes.entries.get(agenda_item__title=title)


def _page(client, minutes):
    response = client.get(reverse("tagesordnung:minutes", args=[minutes.conference_id]))
    assert response.status_code == 200
    return response.content.decode()


def _client(user, **kwargs):
    client = Client(**kwargs)
    client.force_login(user)
    return client


def test_second_view_comes_from_the_cache(organiser_client, minutes, views):
    first = _page(organiser_client, minutes)
    second = _page(organiser_client, minutes)

    assert len(views) == 1
    assert "Die Lage ist ruhig." in second
    assert first.count("minutes-item") == second.count("minutes-item") == 2


def test_changed_entry_text_shows_at_once(organiser_client, minutes):
    _page(organiser_client, minutes)
    entry = _entry(minutes, "Lagebild")

    services.entry_update(
        entry=entry,
        version=entry.version,
        text="Die Lage hat sich verschärft.",
        classification=Classification.INTERNAL,
    )

    html = _page(organiser_client, minutes)
    assert "Die Lage hat sich verschärft." in html
    assert "Die Lage ist ruhig." not in html


def test_new_entry_shows_at_once(organiser_client, minutes):
    _page(organiser_client, minutes)
    item = AgendaItemFactory(
        conference=minutes.conference, title="Fahrraddiebstahl", position=3
    )

    MinutesEntryFactory(minutes=minutes, agenda_item=item, text="Neue Zählstellen.")

    html = _page(organiser_client, minutes)
    assert "TOP 3: Fahrraddiebstahl" in html
    assert "Neue Zählstellen." in html


def test_changed_decision_shows_at_once(organiser_client, minutes):
    decision = DecisionFactory(entry=_entry(minutes, "Lagebild"), text="Streife A")
    assert "Streife A" in _page(organiser_client, minutes)

    decision.text = "Streife B"
    decision.save()

    html = _page(organiser_client, minutes)
    assert "Streife B" in html
    assert "Streife A" not in html


def test_raised_and_lowered_entry_shows_at_once_to_staff_without_vs_nfd(
    reader_client, minutes
):
    entry = _entry(minutes, "Lagebild")
    assert "Die Lage ist ruhig." in _page(reader_client, minutes)

    entry.classification = Classification.VS_NFD
    entry.save()
    assert "Die Lage ist ruhig." not in _page(reader_client, minutes)

    entry.classification = Classification.INTERNAL
    entry.save()
    assert "Die Lage ist ruhig." in _page(reader_client, minutes)


def test_staff_without_vs_nfd_never_get_the_page_cached_for_vs_nfd_staff(
    make_member, police_authority, minutes
):
    # The same roles but the VS-NfD right; both logged in before anything
    # is cached (a new account renews every stamp).
    vs_nfd = _client(make_member(police_authority, may_read_vs_nfd=True))
    staff = _client(make_member(police_authority))
    assert "Zielperson Adler" in _page(vs_nfd, minutes)

    html = _page(staff, minutes)

    assert "Zielperson Adler" not in html
    assert "Observationen" not in html
    assert "TOP 2 – <span" in html  # withheld, number kept


def test_new_comment_shows_at_once_during_the_review(organiser_client, minutes):
    Minutes.objects.filter(pk=minutes.pk).update(status=Minutes.Status.IN_REVIEW)
    minutes.refresh_from_db()
    minutes.save()  # the stamp: a status change goes through the service
    invitation = InvitationFactory(conference=minutes.conference, attended=True)
    assert "Keine Kommentare." in _page(organiser_client, minutes)

    MinutesCommentFactory(
        entry=_entry(minutes, "Lagebild"),
        invitation=invitation,
        text="Bitte Uhrzeit ergänzen.",
    )

    html = _page(organiser_client, minutes)
    assert "Bitte Uhrzeit ergänzen." in html
    assert "Keine Kommentare." not in html


def test_read_log_is_written_on_every_view_cached_or_not(
    organiser_client, organiser, minutes, views
):
    for _ in range(3):
        _page(organiser_client, minutes)

    assert len(views) == 1  # two of the three came from the cache
    logs = ClassifiedReadLog.objects.filter(user=organiser, minutes=minutes)
    assert logs.count() == 3
    assert set(logs.values_list("object_id", flat=True)) == {
        _entry(minutes, "Observationen").pk
    }


def test_staff_without_vs_nfd_leave_no_read_log(reader_client, reader, minutes):
    _page(reader_client, minutes)
    _page(reader_client, minutes)

    assert not ClassifiedReadLog.objects.filter(user=reader).exists()


def _token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]


def test_each_reader_gets_forms_with_their_own_csrf_token(
    make_member, police_authority
):
    conference = ConferenceFactory(police_authority=police_authority)
    AgendaItemFactory(conference=conference, title="Lagebild", position=1)
    minutes = services.minutes_ensure(conference=conference)  # a draft: editable
    first = _client(make_member(police_authority, is_organiser=True))
    second = _client(
        make_member(police_authority, is_organiser=True), enforce_csrf_checks=True
    )
    _page(first, minutes)

    html = _page(second, minutes)
    token = _token(html)
    response = second.post(
        reverse("tagesordnung:decision-add", args=[_entry(minutes, "Lagebild").pk]),
        {
            "text": "Zweite Streife",
            "classification": "internal",
            "csrfmiddlewaretoken": token,
        },
    )

    assert "placeholder" not in token
    assert response.status_code == 302
    assert "Zweite Streife" in _page(second, minutes)


def test_refused_decision_is_shown_to_its_writer_only_and_kept_nowhere(
    organiser_client, make_member, police_authority
):
    conference = ConferenceFactory(police_authority=police_authority)
    AgendaItemFactory(conference=conference, title="Lagebild", position=1)
    minutes = services.minutes_ensure(conference=conference)
    colleague = _client(make_member(police_authority, is_organiser=True))
    _page(organiser_client, minutes)
    text = "Geheimer Entwurf. " * 300  # too long: refused

    refused = organiser_client.post(
        reverse("tagesordnung:decision-add", args=[_entry(minutes, "Lagebild").pk]),
        {"text": text, "classification": "internal"},
    )

    assert "Geheimer Entwurf." in refused.content.decode()
    assert "Geheimer Entwurf." not in _page(colleague, minutes)
    assert "Geheimer Entwurf." not in _page(organiser_client, minutes)


def test_cached_download_reads_nothing_again_and_logs_every_read(
    organiser_client, organiser, minutes, views
):
    url = reverse("tagesordnung:minutes-export", args=[minutes.conference_id, "pdf"])

    for _ in range(2):
        response = organiser_client.get(url, {"fassung": "intern"})
        assert response.status_code == 200

    assert len(views) == 1
    assert (
        ClassifiedReadLog.objects.filter(user=organiser, minutes=minutes).count() == 2
    )


def test_cached_download_reads_only_the_conference_and_writes_the_log(
    organiser_client, minutes, django_assert_num_queries
):
    url = reverse("tagesordnung:minutes-export", args=[minutes.conference_id, "pdf"])
    organiser_client.get(url, {"fassung": "intern"})

    # The session, the stamps and the read log (the conference and the
    # document are cached).
    with django_assert_num_queries(3):
        response = organiser_client.get(url, {"fassung": "intern"})

    assert response.status_code == 200


def test_download_is_not_found_until_the_minutes_exist(
    organiser_client, police_authority
):
    conference = ConferenceFactory(police_authority=police_authority)
    AgendaItemFactory(conference=conference, title="Lagebild", position=1)
    url = reverse("tagesordnung:minutes-export", args=[conference.pk, "pdf"])
    assert organiser_client.get(url).status_code == 404

    services.minutes_ensure(conference=conference)

    assert organiser_client.get(url).status_code == 200
