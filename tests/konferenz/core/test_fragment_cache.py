"""Issue 22: the dashboard, the conference list and the address book are
served from cached fragments (konferenz/core/changestamp.py). A change shows
at once; another tenant, a lower audience or a user without a permission
never receives a fragment rendered for someone else."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from konferenz.core import changestamp
from tests.factories import ActionItemFactory, AuthorityFactory, ConferenceFactory

pytestmark = pytest.mark.django_db


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _text(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("name", ["konferenz:dashboard", "konferenz:conference-list"])
def test_a_new_conference_shows_at_once(organiser_client, police_authority, name):
    _text(organiser_client, name)  # cached now
    ConferenceFactory(
        police_authority=police_authority,
        title="Frisch geplante SiKo",
        date=timezone.localdate() + datetime.timedelta(days=3),
    )

    assert "Frisch geplante SiKo" in _text(organiser_client, name)


@pytest.mark.parametrize("name", ["konferenz:dashboard", "konferenz:conference-list"])
def test_another_tenant_never_gets_the_cached_part(
    organiser_client, police_authority, other_police_authority, make_member, name
):
    # The stranger's account first: a new membership renews every stamp.
    stranger = make_member(other_police_authority, is_organiser=True)
    ConferenceFactory(
        police_authority=police_authority,
        title="Eigene SiKo",
        date=timezone.localdate() + datetime.timedelta(days=3),
    )
    assert "Eigene SiKo" in _text(organiser_client, name)

    assert "Eigene SiKo" not in _text(_client(stranger), name)


def test_a_lower_audience_never_gets_the_vs_nfd_overdue_action(
    organiser_client, reader_client, police_authority
):
    conference = ConferenceFactory(
        police_authority=police_authority,
        date=timezone.localdate() - datetime.timedelta(days=30),
    )
    ActionItemFactory(
        entry__minutes__conference=conference,
        description="Verschlusssache Maßnahme",
        due_date=timezone.localdate() - datetime.timedelta(days=2),
        classification="vs_nfd",
    )
    assert "Verschlusssache Maßnahme" in _text(organiser_client, "konferenz:dashboard")

    assert "Verschlusssache Maßnahme" not in _text(reader_client, "konferenz:dashboard")


def test_the_address_book_shows_a_new_authority_at_once(
    reader_client, police_authority
):
    _text(reader_client, "teilnehmer:authority-list")
    AuthorityFactory(police_authority=police_authority, name="Zollamt Neustadt")

    assert "Zollamt Neustadt" in _text(reader_client, "teilnehmer:authority-list")


def test_a_reader_never_gets_the_organisers_buttons(
    organiser_client, reader_client, police_authority
):
    import_url = reverse("teilnehmer:import-upload")
    assert import_url in _text(organiser_client, "teilnehmer:authority-list")

    assert import_url not in _text(reader_client, "teilnehmer:authority-list")


def test_the_search_is_part_of_the_key(reader_client, police_authority):
    AuthorityFactory(police_authority=police_authority, name="Zollamt Neustadt")
    AuthorityFactory(police_authority=police_authority, name="Landratsamt Altdorf")
    url = reverse("teilnehmer:authority-list")
    assert "Landratsamt Altdorf" in reader_client.get(url).content.decode()

    found = reader_client.get(url, {"q": "Zollamt"}).content.decode()

    assert "Zollamt Neustadt" in found
    assert "Landratsamt Altdorf" not in found


def test_the_conference_overview_shows_a_status_step_at_once(
    organiser_client, police_authority, organiser
):
    from konferenz.core import workflow

    conference = ConferenceFactory(police_authority=police_authority)
    url = conference.get_absolute_url()
    assert "Absage-Grund-Test" not in organiser_client.get(url).content.decode()

    workflow.transition(conference, "cancelled", by=organiser, note="Absage-Grund-Test")

    assert "Absage-Grund-Test" in organiser_client.get(url).content.decode()


def test_another_tenant_gets_404_for_a_cached_conference_overview(
    organiser_client, police_authority, other_police_authority, make_member
):
    stranger = _client(make_member(other_police_authority, is_organiser=True))
    conference = ConferenceFactory(police_authority=police_authority)
    url = conference.get_absolute_url()
    assert organiser_client.get(url).status_code == 200

    assert stranger.get(url).status_code == 404


def test_the_overview_keeps_the_organisers_buttons_from_a_reader(
    organiser_client, reader_client, police_authority
):
    conference = ConferenceFactory(police_authority=police_authority)
    url = conference.get_absolute_url()
    edit = reverse("konferenz:conference-edit", args=[conference.pk])
    assert edit in organiser_client.get(url).content.decode()

    assert edit not in reader_client.get(url).content.decode()


def test_invitations_created_in_bulk_show_at_once_on_the_dashboard(
    organiser_client, police_authority, organiser
):
    from teilnehmer.invitations.services import invitations_create
    from tests.factories import ContactFactory

    conference = ConferenceFactory(
        police_authority=police_authority,
        date=timezone.localdate() + datetime.timedelta(days=3),
    )
    contacts = [
        ContactFactory(authority__police_authority=police_authority) for _ in range(3)
    ]
    before = _text(organiser_client, "konferenz:dashboard")

    invitations_create(conference=conference, contacts=contacts, user=organiser)

    assert "3 eingeladen" not in before
    assert "3 eingeladen" in _text(organiser_client, "konferenz:dashboard")


def test_a_change_in_one_conference_renews_only_its_tenants_stamp(
    police_authority, other_police_authority
):
    conference = ConferenceFactory(police_authority=police_authority)
    action = ActionItemFactory(entry__minutes__conference=conference)
    own = changestamp.stamp(tenant_id=police_authority.pk)
    other = changestamp.stamp(tenant_id=other_police_authority.pk)

    action.description = "Geändert"
    action.save()

    assert changestamp.stamp(tenant_id=police_authority.pk) != own
    assert changestamp.stamp(tenant_id=other_police_authority.pk) == other


# The conference itself (header and tabs of every conference page) comes from
# the cache too: konferenz.core.selectors.conference_for_request.


def test_a_renamed_conference_shows_at_once_on_its_pages(
    organiser_client, police_authority
):
    conference = ConferenceFactory(police_authority=police_authority, title="Alt")
    agenda = reverse("tagesordnung:agenda", args=[conference.pk])
    assert "Alt" in organiser_client.get(agenda).content.decode()

    conference.title = "Umbenannte Sicherheitskonferenz"
    conference.save()

    assert "Umbenannte Sicherheitskonferenz" in (
        organiser_client.get(agenda).content.decode()
    )


def test_an_earlier_conference_renumbers_the_cached_one_at_once(
    organiser_client, police_authority
):
    today = timezone.localdate()
    conference = ConferenceFactory(
        police_authority=police_authority, date=today + datetime.timedelta(days=30)
    )
    agenda = reverse("tagesordnung:agenda", args=[conference.pk])
    assert "1. Sicherheitskonferenz" in organiser_client.get(agenda).content.decode()

    ConferenceFactory(
        police_authority=police_authority, date=today - datetime.timedelta(days=300)
    )

    assert "2. Sicherheitskonferenz" in organiser_client.get(agenda).content.decode()


def test_another_tenant_gets_404_for_a_cached_conference_page(
    organiser_client, police_authority, other_police_authority, make_member
):
    # The stranger's account first: a new membership renews every stamp.
    stranger = _client(make_member(other_police_authority, is_organiser=True))
    conference = ConferenceFactory(police_authority=police_authority)
    agenda = reverse("tagesordnung:agenda", args=[conference.pk])
    assert organiser_client.get(agenda).status_code == 200  # conference cached

    assert stranger.get(agenda).status_code == 404


def test_a_conference_page_reads_the_stamps_once(
    organiser_client, police_authority, monkeypatch
):
    conference = ConferenceFactory(police_authority=police_authority)
    minutes = reverse("tagesordnung:minutes", args=[conference.pk])
    organiser_client.get(minutes)  # conference and page now cached

    def reads(queries):
        return [
            q["sql"]
            for q in queries
            if q["sql"].startswith('SELECT "konferenz_changestamp"')
        ]

    with CaptureQueriesContext(connection) as page:
        assert organiser_client.get(minutes).status_code == 200
    # The conference's and the page's stamps together (the session's query
    # brings the accounts' stamp along).
    assert len(reads(page.captured_queries)) == 1
    with CaptureQueriesContext(connection) as outside:
        assert changestamp.stamp(conference.pk) == changestamp.stamp(conference.pk)
    assert len(reads(outside.captured_queries)) == 2  # outside a request: no memo
