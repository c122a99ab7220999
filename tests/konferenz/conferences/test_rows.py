"""The conference list's plain rows (konferenz/conferences/rows.py): each
cell shows what the conference's model shows."""

import datetime
import html

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from konferenz.core.models import Conference, ConferenceTransition
from tests.factories import ConferenceFactory, ConferenceTransitionFactory

pytestmark = pytest.mark.django_db


def _cells(conference):
    status = render_to_string(
        "includes/conference_status.html", {"conference": conference}
    ).strip()
    number = f"{conference.sequence}." if conference.sequence else ""
    return [
        f"<td>{conference.date:%d.%m.%Y}</td>",
        f'<td><a href="{conference.get_absolute_url()}">'
        f"{html.escape(conference.title)}</a></td>",
        f"<td>{conference.get_kind_display()}</td>",
        f"<td>{number}</td>",
        f"<td>{status}</td>",
    ]


def test_each_row_shows_date_link_kind_number_and_status(
    organiser_client, police_authority, other_police_authority
):
    ConferenceFactory(
        police_authority=police_authority,
        title="Haupt & <Nord>",
        date=datetime.date(2029, 5, 5),
        status=Conference.Status.HELD,
    )
    ConferenceFactory(
        police_authority=police_authority,
        title="Kommunal",
        kind=Conference.Kind.MUNICIPAL,
        date=datetime.date(2029, 6, 5),
        status=Conference.Status.CANCELLED,
    )
    ConferenceFactory(police_authority=other_police_authority, title="Fremd")

    page = organiser_client.get(reverse("konferenz:conference-list"))

    text = " ".join(page.content.decode().split())
    shown = Conference.objects.for_tenant(police_authority).with_sequence()
    for conference in shown:
        assert " ".join(_cells(conference)) in text
    assert [row["title"] for row in page.context["conference_list"]] == [
        "Kommunal",
        "Haupt & <Nord>",
    ]
    assert "Fremd" not in text


def _history_cells(step):
    # What the overview's history showed from the model (before issue 32).
    by = "–"
    if step.by:
        by = step.by.get_full_name() or step.by.get_username()
    undone = '<span class="badge text-bg-warning">rückgängig gemacht</span> '
    cause = ""
    if step.cause != "manual":
        cause = (
            f' <span class="text-body-secondary">({step.get_cause_display()})</span>'
        )
    return (
        f"<td>{step.get_from_status_display()} → {step.get_to_status_display()}</td>"
        f"<td>{html.escape(by)}</td>"
        f"<td>{undone if step.is_undo else ''}{html.escape(step.note)}{cause}</td>"
    )


def test_status_history_shows_each_step_as_the_model_does(
    organiser_client, police_authority, make_member
):
    conference = ConferenceFactory(
        police_authority=police_authority, status=Conference.Status.HELD
    )
    nameless = make_member(police_authority)
    nameless.first_name = nameless.last_name = ""
    nameless.save()
    steps = [
        ConferenceTransitionFactory(conference=conference, note="Start & <Plan>"),
        ConferenceTransitionFactory(
            conference=conference,
            from_status=Conference.Status.INVITED,
            to_status=Conference.Status.HELD,
            by=None,
            cause=ConferenceTransition.Cause.SENDING,
        ),
        ConferenceTransitionFactory(
            conference=conference,
            from_status=Conference.Status.HELD,
            to_status=Conference.Status.INVITED,
            by=nameless,
            is_undo=True,
            note="Zurück",
        ),
    ]

    page = organiser_client.get(conference.get_absolute_url()).content.decode()

    for step in steps:
        assert _history_cells(step) in page
