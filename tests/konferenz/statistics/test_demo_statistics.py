"""The demo's statistics read as an office would expect: actions done weeks or
months after their conference, formal items never ranked as topics."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse

from tagesordnung.agenda.models import Topic
from tagesordnung.minutes.models import ActionItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    settings.DEBUG = False


def _client(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_demo_actions_were_done_after_their_conference(client, demo):
    done = ActionItem.objects.filter(status=ActionItem.Status.DONE)
    assert done.exists()
    for action in done.select_related("conference"):
        days = (action.completed_on - action.conference.date).days
        assert 14 <= days <= 365, action

    response = _client(client, "ge-organisation").get(reverse("konferenz:statistics"))

    actions = response.context["actions"]
    assert actions.median_base >= 1
    assert 14 <= actions.median_days <= 365
    assert "erledigte Maßnahme" in response.content.decode()


def test_demo_topic_map_ranks_no_formal_item(client, demo):
    formal = set(Topic.objects.filter(is_formal=True).values_list("name", flat=True))
    assert formal

    response = _client(client, "ministerium").get(reverse("konferenz:ministry-topics"))

    names = {row.name for row in response.context["rows"]}
    assert names and not names & formal
    chart = response.context["chart"]
    assert not {row[0] for row in chart.table_rows} & formal
