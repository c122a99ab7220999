"""The ministry's state overview and its XLSX export: metadata only."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from konferenz.core.models import Conference, PoliceAuthority
from tests.factories import ConferenceFactory
from tests.helpers import read_xlsx

pytestmark = pytest.mark.django_db

SECRET_TITLE = "Geheime Clan-Lage Bochum"


@pytest.fixture
def dueren():
    authority = PoliceAuthority.objects.get(press_code="DN")
    ConferenceFactory(
        police_authority=authority,
        title=SECRET_TITLE,
        host_name="Dirk Weinspach",
        date=datetime.date(2019, 10, 30),
        status=Conference.Status.HELD,
    )
    ConferenceFactory(
        police_authority=authority,
        title=SECRET_TITLE,
        date=datetime.date(2020, 11, 17),
        status=Conference.Status.CANCELLED,
    )
    return authority


def test_grid_shows_states_without_titles(ministry_client, dueren):
    response = ministry_client.get(reverse("konferenz:ministry-overview"))

    page = response.content.decode()
    rows = {pa: cells for pa, cells, _next in response.context["overview"].rows}
    cells = {cell.year: cell.state for cell in rows[dueren]}
    assert len(rows) == PoliceAuthority.objects.count() >= 47
    assert cells[2019] == "held"
    assert cells[2020] == "cancelled"
    assert cells[2021] == "missing"
    assert SECRET_TITLE not in page
    assert "Weinspach" not in page
    assert "Behörden mit durchgeführter Konferenz" in page


def test_xlsx_export_has_states_and_counts_but_no_title(ministry_client, dueren):
    response = ministry_client.get(reverse("konferenz:ministry-overview-xlsx"))

    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    sheet = read_xlsx(response.content).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "Sicherheitskonferenzen der Kreispolizeibehörden in NRW"
    assert "Stand:" in values[1][0]
    header = values[3]
    assert header[0] == "Polizeibehörde"
    assert header[1] == 2019
    assert header[-2] == timezone.localdate().year
    # The same columns and cells as the page: next year's plans last.
    assert header[-1] == f"geplant {timezone.localdate().year + 1}"
    row = next(r for r in values if r and r[0] == dueren.name)
    assert row[1:3] == ("durchgeführt 30.10.2019", "abgesagt")
    assert row[3] == "fehlt"
    assert row[-1] == "nicht geplant"
    held_row = next(r for r in values if r and r[0] == "Anzahl Behörden: durchgeführt")
    assert held_row[1] == 1
    text = repr(values)
    assert SECRET_TITLE not in text
    assert "Weinspach" not in text


def test_xlsx_export_is_ministry_only(organiser_client):
    response = organiser_client.get(reverse("konferenz:ministry-overview-xlsx"))

    assert response.status_code == 403
