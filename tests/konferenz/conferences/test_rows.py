"""The conference list's plain rows (konferenz/conferences/rows.py): each
cell shows what the conference's model shows."""

import datetime
import html

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from konferenz.core.models import Conference
from tests.factories import ConferenceFactory

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
