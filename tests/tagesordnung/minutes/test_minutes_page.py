"""The minutes page at a glance: a table of contents by TOP, the decision
forms closed behind a button, and a refused decision shown again, open, with
nothing typed lost."""

import pytest
from django.urls import reverse

from konferenz.core.models import Conference
from tagesordnung.minutes import services
from tagesordnung.minutes.models import Decision
from tests.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    ConferenceFactory,
    DecisionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def minutes(police_authority):
    conference = ConferenceFactory(
        police_authority=police_authority, status=Conference.Status.HELD
    )
    AgendaItemFactory(conference=conference, title="Lagebild", position=1)
    AgendaItemFactory(conference=conference, title="Brennpunkte", position=2)
    return services.minutes_ensure(conference=conference)


def _entry(minutes, title):
    return minutes.entries.get(agenda_item__title=title)


def _page(client, minutes):
    return client.get(reverse("tagesordnung:minutes", args=[minutes.conference_id]))


def test_contents_link_to_each_item_with_its_counts(organiser_client, minutes):
    lagebild = _entry(minutes, "Lagebild")
    DecisionFactory(entry=lagebild, text="Streifen verstärken")
    ActionItemFactory(entry=lagebild)
    ActionItemFactory(entry=lagebild)

    html = _page(organiser_client, minutes).content.decode()

    start = html.index('id="contents-heading"')
    contents = html[start : html.index("</nav>", start)]
    item = lagebild.agenda_item
    assert f'<a href="#top-{item.pk}">TOP 1: Lagebild</a>' in contents
    assert "(1 Beschluss, 2 Maßnahmen)" in contents
    other = _entry(minutes, "Brennpunkte").agenda_item
    assert f'<a href="#top-{other.pk}">TOP 2: Brennpunkte</a>' in contents
    assert f'id="top-{item.pk}"' in html


def test_decision_forms_are_closed_behind_a_button(organiser_client, minutes):
    entry = _entry(minutes, "Lagebild")

    html = _page(organiser_client, minutes).content.decode()

    assert (
        f'data-bs-target="#beschluss-neu-{entry.pk}" '
        f'aria-controls="beschluss-neu-{entry.pk}" aria-expanded="false">'
        "Beschluss hinzufügen"
    ) in html
    assert f'<div class="collapse" id="beschluss-neu-{entry.pk}">' in html


def test_refused_decision_comes_back_open_with_the_typed_text(
    organiser_client, minutes
):
    entry = _entry(minutes, "Lagebild")
    other = _entry(minutes, "Brennpunkte")
    text = "Die Streifen werden verstärkt. " * 134  # 4,020 characters

    response = organiser_client.post(
        reverse("tagesordnung:decision-add", args=[entry.pk]),
        {"text": text, "classification": "internal"},
    )

    assert response.status_code == 400
    assert not Decision.objects.exists()
    html = response.content.decode()
    assert f'<div class="collapse show" id="beschluss-neu-{entry.pk}">' in html
    assert f'<div class="collapse" id="beschluss-neu-{other.pk}">' in html
    assert f"{text}</textarea>" in html
    assert 'aria-invalid="true"' in html
    assert "höchstens 4000 Zeichen" in html
    assert '<option value="internal" selected>' in html


def test_blank_decision_is_refused_in_german_and_kept_open(organiser_client, minutes):
    entry = _entry(minutes, "Lagebild")

    response = organiser_client.post(
        reverse("tagesordnung:decision-add", args=[entry.pk]),
        {"text": "   ", "classification": "internal"},
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert f'<div class="collapse show" id="beschluss-neu-{entry.pk}">' in html
    assert "Bitte geben Sie den Beschluss ein." in html


def test_saved_decision_still_redirects_to_the_page(organiser_client, minutes):
    entry = _entry(minutes, "Lagebild")

    response = organiser_client.post(
        reverse("tagesordnung:decision-add", args=[entry.pk]),
        {"text": "Streifen verstärken", "classification": "internal"},
    )

    assert response.status_code == 302
    assert response.url == reverse("tagesordnung:minutes", args=[minutes.conference_id])
    assert Decision.objects.get().text == "Streifen verstärken"
