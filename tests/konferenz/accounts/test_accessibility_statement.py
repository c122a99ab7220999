"""The Erklärung zur Barrierefreiheit (§ 10b BGG NRW; issue 31): one page per
police authority, public, linked at the foot of every page, kept in the
authority's settings with a standard text."""

import datetime
import re

import pytest
from django.urls import reverse

from konferenz.accounts.accessibility import ENFORCEMENT_URL, STANDARD_REVIEWED_ON
from konferenz.core.models import PoliceAuthority

pytestmark = pytest.mark.django_db

FOOTER_LINK = re.compile(
    r'<footer.*?<a[^>]*href="([^"]+)"[^>]*>Erklärung zur Barrierefreiheit</a>', re.S
)


def _footer_link(html):
    match = FOOTER_LINK.search(html)
    assert match, "Kein Link zur Erklärung zur Barrierefreiheit im Fuß"
    return match.group(1)


def _statement_url(pa):
    return reverse("konferenz:accessibility-statement", args=[pa.press_code.lower()])


@pytest.fixture
def admin_client(client, make_member, police_authority):
    client.force_login(make_member(police_authority, is_authority_admin=True))
    return client


def test_login_page_footer_leads_anonymous_visitors_to_the_statements(
    client, police_authority
):
    login = client.get(reverse("login")).content.decode()

    index = client.get(_footer_link(login))

    assert index.status_code == 200
    html = index.content.decode()
    assert '<h1 class="h3">Erklärung zur Barrierefreiheit</h1>' in html
    statement = client.get(_statement_url(police_authority))
    assert statement.status_code == 200
    assert f'href="{_statement_url(police_authority)}"' in html
    assert f'href="{ENFORCEMENT_URL}"' in html


def test_statement_has_conformity_limitations_date_contact_and_enforcement(
    client, police_authority
):
    police_authority.accessibility_email = "barrierefreiheit@polizei.nrw.example"
    police_authority.accessibility_phone = "02421 949-0"
    police_authority.save()

    response = client.get(_statement_url(police_authority))

    html = response.content.decode()
    assert response.status_code == 200
    assert police_authority.name in html
    assert "teilweise vereinbar" in html
    assert "WCAG 2.1, Level AA" in html
    assert "nicht vollständig für Screenreader ausgezeichnet" in html
    assert f"am {STANDARD_REVIEWED_ON:%d.%m.%Y} erstellt" in html
    assert (
        'href="mailto:barrierefreiheit@polizei.nrw.example?subject=Barriere%20in%20SiKo"'
        in html
    )
    assert 'href="tel:02421949-0"' in html
    assert "Ombudsstelle für barrierefreie Informationstechnik des Landes" in html
    assert f'href="{ENFORCEMENT_URL}"' in html


def test_statement_of_an_unknown_authority_is_not_found(client, police_authority):
    assert client.get("/barrierefreiheit/gibt-es-nicht/").status_code == 404


def test_staff_footer_links_the_own_authoritys_statement(
    organiser_client, police_authority
):
    page = organiser_client.get(reverse("konferenz:dashboard")).content.decode()

    assert _footer_link(page) == _statement_url(police_authority)


def test_ministry_footer_links_the_list_of_statements(ministry_client):
    page = ministry_client.get(reverse("konferenz:ministry-overview")).content.decode()

    assert _footer_link(page) == reverse("konferenz:accessibility")


def test_authority_admin_keeps_the_statement(admin_client, client, police_authority):
    url = reverse("konferenz:authority-accessibility")
    assert "Stand der Vereinbarkeit" in admin_client.get(url).content.decode()

    response = admin_client.post(
        url,
        {
            "version": police_authority.version,
            "accessibility_conformity": "none",
            "accessibility_limitations": "Die Tagesordnung als PDF ist nicht getaggt.",
            "accessibility_email": "bf@polizei.nrw.example",
            "accessibility_phone": "0209 365-0",
        },
    )

    assert response.status_code == 302
    police_authority.refresh_from_db()
    assert police_authority.accessibility_conformity == "none"
    assert police_authority.accessibility_reviewed_on == datetime.date.today()
    assert police_authority.version == 2
    html = client.get(_statement_url(police_authority)).content.decode()
    assert "noch nicht vereinbar" in html
    assert "Die Tagesordnung als PDF ist nicht getaggt." in html
    assert "nicht vollständig für Screenreader" not in html  # own text replaces it
    assert "mailto:bf@polizei.nrw.example" in html


def test_statement_settings_refuse_a_bad_address_in_german(
    admin_client, police_authority
):
    response = admin_client.post(
        reverse("konferenz:authority-accessibility"),
        {
            "version": police_authority.version,
            "accessibility_conformity": "partial",
            "accessibility_email": "keine adresse",
        },
    )

    assert response.status_code == 400
    assert "gültige E-Mail-Adresse" in response.content.decode()
    assert 'value="keine adresse"' in response.content.decode()
    police_authority.refresh_from_db()
    assert police_authority.accessibility_email == ""


def test_statement_settings_of_a_stale_form_answer_409(admin_client, police_authority):
    url = reverse("konferenz:authority-accessibility")
    data = {"version": police_authority.version, "accessibility_conformity": "full"}
    assert admin_client.post(url, data).status_code == 302

    response = admin_client.post(url, {**data, "accessibility_conformity": "none"})

    assert response.status_code == 409
    assert PoliceAuthority.objects.get(
        pk=police_authority.pk
    ).accessibility_conformity == ("full")


def test_statement_settings_change_only_the_own_authority(
    make_member, client, police_authority, other_police_authority
):
    client.force_login(make_member(other_police_authority, is_authority_admin=True))

    client.post(
        reverse("konferenz:authority-accessibility"),
        {
            "version": other_police_authority.version,
            "accessibility_conformity": "none",
        },
    )

    police_authority.refresh_from_db()
    other_police_authority.refresh_from_db()
    assert police_authority.accessibility_conformity == "partial"
    assert other_police_authority.accessibility_conformity == "none"
