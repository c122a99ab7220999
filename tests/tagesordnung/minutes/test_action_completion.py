"""An action knows the day it was done: set when it is marked done, cleared when
it is reopened; the upgrade fills it from progress notes and history."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from tagesordnung.minutes.models import ActionItem, ActionProgress
from tests.factories import ActionItemFactory, ConferenceFactory, MinutesEntryFactory

pytestmark = pytest.mark.django_db

fill = importlib.import_module(
    "tagesordnung.migrations.0010_action_completed_on"
).fill_completed_on


@pytest.fixture
def action(police_authority):
    conference = ConferenceFactory(
        police_authority=police_authority, date=datetime.date(2025, 3, 4)
    )
    return ActionItemFactory(entry=MinutesEntryFactory(minutes__conference=conference))


def _progress(client, action, status, note=""):
    return client.post(
        reverse("tagesordnung:action-progress", args=[action.pk]),
        {"status": status, "note": note},
    )


def test_marking_done_records_the_day_and_reopening_clears_it(organiser_client, action):
    _progress(organiser_client, action, "in_progress", "Gespräche laufen")
    action.refresh_from_db()
    assert action.completed_on is None

    _progress(organiser_client, action, "done", "Abgeschlossen")
    action.refresh_from_db()
    assert action.status == "done"
    assert action.completed_on == timezone.localdate()

    _progress(organiser_client, action, "done", "Bericht nachgereicht")
    action.refresh_from_db()
    assert action.completed_on == timezone.localdate()  # a note changes no day

    _progress(organiser_client, action, "open", "Doch nicht erledigt")
    action.refresh_from_db()
    assert action.completed_on is None


def _at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(23, 30)))


def test_upgrade_takes_the_day_from_the_last_done_note(action):
    for day, status in ((5, "in_progress"), (9, "done"), (20, "done")):
        note = ActionProgress.objects.create(action=action, note="x", status=status)
        ActionProgress.objects.filter(pk=note.pk).update(
            created_at=_at(datetime.date(2025, 4, day))
        )
    ActionItem.objects.filter(pk=action.pk).update(status="done")

    fill(apps, None)

    action.refresh_from_db()
    assert action.completed_on == datetime.date(2025, 4, 20)


def test_upgrade_takes_the_day_from_the_history_without_a_note(action):
    action.status = "done"
    action.save()
    action.history.filter(history_type="~").update(
        history_date=datetime.datetime(2025, 6, 30, 23, 30, tzinfo=datetime.UTC)
    )
    action.description = "Nur umformuliert"
    action.save()  # a later change while done is not its completion

    fill(apps, None)

    action.refresh_from_db()
    # 23:30 UTC is the next day in Germany: the local day counts.
    assert action.completed_on == datetime.date(2025, 7, 1)


def test_upgrade_leaves_unknown_days_empty(action, police_authority):
    recorded_done = ActionItemFactory(
        entry=action.entry, status="done"
    )  # created as done: no one knows when it was done

    fill(apps, None)

    recorded_done.refresh_from_db()
    action.refresh_from_db()
    assert recorded_done.completed_on is None
    assert action.completed_on is None  # still open
