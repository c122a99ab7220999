"""Issue 22: list pages read everything in the view (no query from a
template), their counts stay the same as rows grow, and their rows carry the
same links and labels as before."""

import datetime

import pytest
from django.urls import reverse

from konferenz.core import stamps
from konferenz.core.classification import Classification
from konferenz.core.models import Conference
from tagesordnung.minutes import services
from tests.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    ConferenceFactory,
)
from tests.helpers import page_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def conference(police_authority):
    return ConferenceFactory(
        police_authority=police_authority, status=Conference.Status.HELD
    )


@pytest.fixture
def entry(conference):
    AgendaItemFactory(conference=conference, title="Lagebild", position=1)
    minutes = services.minutes_ensure(conference=conference)
    return minutes.entries.get()


@pytest.mark.parametrize("rows", [2, 30])
def test_action_list_runs_no_query_from_the_template(organiser_client, entry, rows):
    for n in range(rows):
        ActionItemFactory(entry=entry, description=f"Aufgabe {n:02d}")
    url = reverse("tagesordnung:action-list")
    organiser_client.get(url)
    stamps.touch_all()  # render the cached list afresh

    pinned = page_queries(organiser_client, url)

    assert pinned.in_templates == []
    # count, page, two filter dropdowns; the session and the stamps
    assert pinned.total == 6
    assert page_queries(organiser_client, url).total == 2  # from the cache


def test_action_list_rows_and_filters_show_links_and_choices(
    organiser_client, entry, conference
):
    action = ActionItemFactory(
        entry=entry,
        description="Streifen verstärken",
        classification=Classification.INTERNAL,
        due_date=datetime.date(2000, 1, 1),
    )
    url = reverse("tagesordnung:action-list")

    html = organiser_client.get(
        url, {"responsible": action.responsible_id}
    ).content.decode()

    assert f'href="{reverse("tagesordnung:minutes", args=[conference.pk])}"' in html
    assert (
        f'action="{reverse("tagesordnung:action-progress", args=[action.pk])}"' in html
    )
    assert '<span class="badge text-bg-secondary">intern</span>' in html
    assert ">überfällig<" in html
    assert (
        f'<option value="{action.responsible_id}" selected>'
        f"{action.responsible.name}</option>"
    ) in html
    assert f'<option value="{conference.pk}">{conference}</option>' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "Streifen verstärken" in html


def test_action_rows_show_their_own_status_selected(
    organiser_client, entry, conference
):
    done = ActionItemFactory(
        entry=entry,
        description="Akten geprüft",
        status="done",
        due_date=datetime.date(2000, 1, 1),
    )
    running = ActionItemFactory(
        entry=entry, description="Streife läuft", status="in_progress"
    )

    html = organiser_client.get(reverse("tagesordnung:action-list")).content.decode()

    def select(action):
        start = html.index(f'id="status-{action.pk}"')
        return html[start : html.index("</select>", start)]

    assert '<option value="done" selected>Erledigt</option>' in select(done)
    assert select(done).count(" selected") == 1
    assert '<option value="in_progress" selected>' in select(running)
    assert select(running).count(" selected") == 1
    assert "<td>In Arbeit</td>" in html
    # done long ago is not overdue
    row = html[html.index("Akten geprüft") : html.index(f'id="status-{done.pk}"')]
    assert "überfällig" not in row


def test_agenda_rows_keep_their_links_and_labels(organiser_client, conference):
    from tests.factories import AttachmentFactory

    item = AgendaItemFactory(conference=conference, title="Verkehr <b>", position=1)
    attachment = AttachmentFactory(item=item, classification=Classification.PUBLIC)

    html = organiser_client.get(
        reverse("tagesordnung:agenda", args=[conference.pk])
    ).content.decode()

    assert f'formaction="{reverse("tagesordnung:item-move", args=[item.pk])}"' in html
    assert f'href="{reverse("tagesordnung:item-edit", args=[item.pk])}"' in html
    assert f'formaction="{reverse("tagesordnung:item-delete", args=[item.pk])}"' in html
    assert (
        f'href="{reverse("tagesordnung:attachment-download", args=[attachment.pk])}"'
        in html
    )
    assert 'aria-label="TOP 1 bearbeiten"' in html
    assert 'aria-label="TOP 1 nach oben verschieben"' in html
    assert "<strong>TOP 1</strong>" in html
    assert "„Verkehr &lt;b&gt;“ von der Tagesordnung entfernen?" in html
    assert '<span class="badge text-bg-success">öffentlich</span>' in html
