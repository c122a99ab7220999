"""The agenda and topic proposals on the partner page, through the real link."""

import datetime

import pytest
from django.urls import reverse

from konferenz.core.classification import Classification
from tagesordnung.agenda.models import Proposal
from tests.factories import (
    AgendaItemFactory,
    AttachmentFactory,
    ConferenceFactory,
    InvitationFactory,
)
from tests.helpers import sent_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(client, invitation, organiser, django_capture_on_commit_callbacks):
    """A browser that opened the partner link from the mail."""
    token = sent_token(invitation, organiser, django_capture_on_commit_callbacks)
    client.logout()
    client.get(reverse("partner:open", args=[token]))
    return client


def test_partner_page_shows_public_and_internal_items_but_never_vs_nfd(
    partner, conference
):
    AgendaItemFactory(
        conference=conference,
        title="Lagebild",
        position=1,
        classification=Classification.PUBLIC,
    )
    AgendaItemFactory(
        conference=conference,
        title="Intern: Brennpunkte",
        position=2,
        classification=Classification.INTERNAL,
    )
    AgendaItemFactory(
        conference=conference,
        title="KANARIE-VS-NFD",
        position=3,
        classification=Classification.VS_NFD,
    )

    content = partner.get(reverse("partner:answer")).content.decode()

    assert "Lagebild" in content
    assert "Intern: Brennpunkte" in content
    assert "KANARIE-VS-NFD" not in content


def test_partner_proposes_a_topic_through_the_link(partner, conference, invitation):
    conference.proposal_deadline = conference.date - datetime.timedelta(days=3)
    conference.save()

    response = partner.post(
        reverse("partner:proposal"),
        {
            "title": "Sicherheit am Bahnhof",
            "description": "Lage am Abend",
            "presenter": "",
        },
    )

    assert response.status_code == 302
    proposal = Proposal.objects.get()
    assert (proposal.invitation, proposal.title) == (
        invitation,
        "Sicherheit am Bahnhof",
    )
    assert (
        "Sicherheit am Bahnhof"
        in partner.get(reverse("partner:answer")).content.decode()
    )


def test_proposal_after_the_deadline_is_refused(partner, conference, today):
    conference.proposal_deadline = today - datetime.timedelta(days=1)
    conference.save()

    response = partner.post(
        reverse("partner:proposal"), {"title": "Zu spät"}, follow=True
    )

    assert not Proposal.objects.exists()
    assert "Frist für Themenvorschläge ist abgelaufen" in response.content.decode()


def test_invalid_proposal_keeps_the_typed_text(partner):
    response = partner.post(
        reverse("partner:proposal"), {"title": "", "description": "Mein Entwurf"}
    )

    assert response.status_code == 400
    assert "Mein Entwurf" in response.content.decode()
    assert not Proposal.objects.exists()


def test_proposal_without_link_is_refused(client):
    response = client.post(reverse("partner:proposal"), {"title": "X"})

    assert response.status_code == 404
    assert not Proposal.objects.exists()


def test_partner_downloads_own_attachment_but_not_another_conferences(
    partner, conference
):
    own = AttachmentFactory(
        item__conference=conference, classification=Classification.INTERNAL
    )
    other_conference = ConferenceFactory(police_authority=conference.police_authority)
    InvitationFactory(conference=other_conference)
    foreign = AttachmentFactory(
        item__conference=other_conference, classification=Classification.PUBLIC
    )
    secret = AttachmentFactory(
        item__conference=conference, classification=Classification.VS_NFD
    )

    ok = partner.get(reverse("partner:attachment", args=[own.pk]))

    assert ok.status_code == 200
    assert ok["Content-Disposition"].startswith("attachment")
    assert (
        partner.get(reverse("partner:attachment", args=[foreign.pk])).status_code == 404
    )
    assert (
        partner.get(reverse("partner:attachment", args=[secret.pk])).status_code == 404
    )
