"""Issue 32: the worker renders the agenda and minutes PDFs of a changed
conference right after the change (konferenz/core/prerender.py), so the first
reader meets a ready file – and never a stale one."""

import pytest
from django.test import override_settings
from django.urls import reverse

from konferenz.core import prerender
from tagesordnung.agenda import exports
from tagesordnung.minutes import exports as minutes_exports
from tagesordnung.minutes import services as minutes_services
from tests.factories import AgendaItemFactory, ConferenceFactory
from tests.helpers import pdf_pages

pytestmark = pytest.mark.django_db


@pytest.fixture
def conference(police_authority):
    conference = ConferenceFactory(police_authority=police_authority)
    AgendaItemFactory(conference=conference, title="Lagebild", position=1)
    return conference


@pytest.fixture
def renders(monkeypatch):
    """How often each document was really rendered."""
    counts = {"agenda": 0, "minutes": 0}
    agenda_pdf, export = exports.agenda_pdf, minutes_exports.export

    def counting_agenda(**kwargs):
        counts["agenda"] += 1
        return agenda_pdf(**kwargs)

    def counting_export(**kwargs):
        counts["minutes"] += 1
        return export(**kwargs)

    monkeypatch.setattr(exports, "agenda_pdf", counting_agenda)
    monkeypatch.setattr(minutes_exports, "export", counting_export)
    return counts


def _pdf(client, name, conference, version):
    url = reverse(f"tagesordnung:{name}-export", args=[conference.pk, "pdf"])
    response = client.get(url, {"fassung": version})
    assert response.status_code == 200
    return "\n".join(pdf_pages(response.content))


def _rename(conference, title):
    item = conference.agenda_items.get()
    item.title = title
    item.save()


def test_the_first_look_only_remembers(conference):
    watcher = prerender.Watcher()

    assert watcher.changed() == []
    assert watcher.changed() == []


def test_a_changed_conference_is_named_once(conference, police_authority):
    other = ConferenceFactory(police_authority=police_authority)
    watcher = prerender.Watcher()
    watcher.changed()
    _rename(conference, "Lagebild 2027")

    assert watcher.changed() == [conference.pk]
    assert other.pk not in watcher.changed()


def test_the_first_reader_meets_the_rendered_agenda(
    organiser_client, conference, renders
):
    watcher = prerender.Watcher()
    watcher.changed()
    _rename(conference, "Lagebild 2027")

    prerender.render(watcher.changed())
    assert renders["agenda"] == 2  # both versions, by the worker
    participants = _pdf(organiser_client, "agenda", conference, "teilnehmende")
    internal = _pdf(organiser_client, "agenda", conference, "intern")

    assert renders["agenda"] == 2  # nothing rendered for the readers
    assert "Lagebild 2027" in participants
    assert "Lagebild 2027" in internal


def test_a_change_after_the_rendering_is_never_served_stale(
    organiser_client, conference, renders
):
    prerender.render([conference.pk])
    _rename(conference, "Verkehrslage")

    assert "Verkehrslage" in _pdf(organiser_client, "agenda", conference, "intern")
    assert renders["agenda"] == 3


def test_the_first_reader_meets_the_rendered_minutes(
    organiser_client, conference, renders
):
    minutes_services.minutes_ensure(conference=conference)
    prerender.render([conference.pk])
    rendered = renders["minutes"]

    text = _pdf(organiser_client, "minutes", conference, "intern")

    assert rendered == 3  # participants, staff, staff with VS-NfD clearance
    assert renders["minutes"] == rendered
    assert "Lagebild" in text


def test_a_conference_without_minutes_gets_no_minutes_document(conference, renders):
    prerender.render([conference.pk])

    assert renders["minutes"] == 0


@override_settings(SIKO_SHARED_CACHE=False)
def test_nothing_is_rendered_without_a_shared_cache(conference, renders):
    prerender.render([conference.pk])

    assert renders == {"agenda": 0, "minutes": 0}


def test_one_failing_renderer_does_not_stop_the_others(
    monkeypatch, conference, renders
):
    def broken(conference_ids):
        raise RuntimeError("kaputt")

    monkeypatch.setattr(prerender, "_renderers", [broken, exports.prerender])

    prerender.render([conference.pk])

    assert renders["agenda"] == 2
