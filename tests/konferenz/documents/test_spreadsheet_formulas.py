"""Every spreadsheet SiKo writes keeps formula-like text as text (issue 16):
opened with openpyxl, no cell is a formula. In XLSX a string cell is never a
formula, so the text stands as typed, without a visible apostrophe (issue 31);
only the CSV, which a program parses, gets the leading apostrophe."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from konferenz.core.models import PoliceAuthority
from teilnehmer.invitations import services
from tests.factories import (
    AuthorityFactory,
    ConferenceFactory,
    ContactFactory,
    InvitationFactory,
    MembershipFactory,
)
from tests.helpers import csv_rows, read_xlsx

pytestmark = pytest.mark.django_db

EVIL = '=HYPERLINK("http://evil.example","Klick")'
STARTS = [EVIL, "+49 1", "-2+3", "@SUM(A1)", "\tTab", "\rCR"]


def _cells(content):
    workbook = read_xlsx(content)
    return [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]


def _assert_no_formula(content, *expected):
    cells = _cells(content)
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    values = {c.value: c for c in cells}
    for text in expected:
        assert text in values, text
        assert values[text].data_type == "s"
        assert not values[text].quotePrefix
    assert not [c.coordinate for c in cells if str(c.value).startswith("'")]


def test_a_phone_number_stays_as_typed_in_xlsx_but_not_in_csv(
    organiser_client, police_authority
):
    """Issue 31: "'+49 2421 …" showed the apostrophe in the spreadsheet."""
    authority = AuthorityFactory(police_authority=police_authority, name="Stadt Düren")
    ContactFactory(authority=authority, phone="+49 2421 123-0")
    url = reverse("teilnehmer:export")

    sheet = read_xlsx(organiser_client.get(url, {"format": "xlsx"}).content).active
    rows = csv_rows(organiser_client.get(url, {"format": "csv"}).content)

    (phone,) = [c for row in sheet.iter_rows() for c in row if "2421" in str(c.value)]
    assert phone.value == "+49 2421 123-0"
    assert phone.data_type == "s" and not phone.quotePrefix
    assert "'+49 2421 123-0" in rows[1]


def test_attendance_list_writes_names_and_title_as_text(
    organiser_client, police_authority
):
    today = timezone.localdate()
    conference = ConferenceFactory(
        police_authority=police_authority,
        title="=1+1",
        date=today + datetime.timedelta(days=20),
        rsvp_deadline=today + datetime.timedelta(days=10),
    )
    invitation = InvitationFactory(conference=conference, contact__first_name="@A")
    services.invitation_answer(
        invitation=invitation,
        answer="deputy",
        deputy_name=EVIL,
        deputy_function="-Leitung",
        deputy_email="vertretung@sta.example",
    )
    services.walk_in_add(
        conference=conference,
        authority=invitation.contact.authority,
        first_name="+Spontan",
        last_name="Gast",
        function="=Chef",
    )

    response = organiser_client.get(
        reverse("invitations:attendance-xlsx", args=[conference.pk])
    )

    assert response.status_code == 200
    _assert_no_formula(response.content, EVIL, "-Leitung", "+Spontan Gast", "=Chef")
    # The title stands in the sheet's heading, as text.
    sheet = read_xlsx(response.content).active
    assert sheet["A1"].value == "Teilnehmende – =1+1"
    assert sheet["A1"].data_type == "s"


@pytest.mark.parametrize("text", STARTS)
def test_address_book_exports_write_every_formula_start_as_text(
    organiser_client, police_authority, text
):
    authority = AuthorityFactory(police_authority=police_authority, name=text)
    ContactFactory(authority=authority, last_name=text, function=text)
    url = reverse("teilnehmer:export")

    xlsx = organiser_client.get(url, {"format": "xlsx"})
    raw_csv = organiser_client.get(url, {"format": "csv"})

    _assert_no_formula(xlsx.content, text)
    rows = csv_rows(raw_csv.content)
    assert rows[1][0] == "'" + text  # CSV: a program would evaluate it
    assert not any(
        cell.startswith(("=", "+", "-", "@", "\t", "\r"))
        for row in rows
        for cell in row
    )


def test_ministry_overview_writes_authority_names_as_text(client):
    PoliceAuthority.objects.filter(press_code="DN").update(name="=2*3")
    client.force_login(MembershipFactory(police_authority=None, is_ministry=True).user)

    response = client.get(reverse("konferenz:ministry-overview-xlsx"))

    _assert_no_formula(response.content, "=2*3")
