import datetime

import pytest
from django.urls import reverse

from tagesordnung.agenda import services
from tagesordnung.agenda.models import AgendaItem, Proposal
from teilnehmer.partner import content as partner
from tests.factories import (
    AgendaItemFactory,
    ConferenceFactory,
    InvitationFactory,
    ProposalFactory,
)

pytestmark = pytest.mark.django_db

DEADLINE = datetime.date(2027, 2, 28)


@pytest.fixture
def invitation(police_authority):
    conference = ConferenceFactory(
        police_authority=police_authority,
        date=datetime.date(2027, 3, 10),
        proposal_deadline=DEADLINE,
        status="invited",
    )
    return InvitationFactory(
        conference=conference,
        contact__first_name="Petra",
        contact__last_name="Beispiel",
        contact__authority__name="Staatsanwaltschaft Essen",
    )


def test_proposal_is_accepted_on_the_deadline_day(invitation):
    proposal = partner.proposal_create(
        invitation=invitation,
        title="Messerangriffe im Bahnhofsumfeld",
        description="Lagebild und gemeinsame Kontrollen",
        presenter="Oberstaatsanwältin Beispiel",
        today=DEADLINE,
    )

    assert Proposal.objects.get() == proposal
    assert (proposal.conference, proposal.invitation, proposal.status) == (
        invitation.conference,
        invitation,
        Proposal.Status.PROPOSED,
    )


def test_proposal_is_refused_after_the_deadline(invitation):
    with pytest.raises(services.AgendaError, match="Frist für Themenvorschläge"):
        partner.proposal_create(
            invitation=invitation,
            title="Zu spät",
            today=DEADLINE + datetime.timedelta(days=1),
        )

    assert not Proposal.objects.exists()


def test_proposal_is_refused_for_a_cancelled_conference(invitation):
    invitation.conference.status = "cancelled"
    invitation.conference.save()

    with pytest.raises(services.AgendaError):
        partner.proposal_create(invitation=invitation, title="X", today=DEADLINE)


def test_without_deadline_proposals_close_after_the_conference_day(invitation):
    conference = invitation.conference
    conference.proposal_deadline = None
    conference.save()

    assert services.proposals_open(conference, today=conference.date) is True
    assert (
        services.proposals_open(
            conference, today=conference.date + datetime.timedelta(days=1)
        )
        is False
    )


def test_accept_creates_an_item_at_the_end(invitation, organiser):
    AgendaItemFactory(conference=invitation.conference, position=1)
    proposal = ProposalFactory(
        invitation=invitation, title="Messerangriffe", presenter=""
    )

    item = services.proposal_accept(proposal=proposal, user=organiser)

    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.ACCEPTED
    assert proposal.decided_by == organiser
    assert (
        item.conference,
        item.title,
        item.position,
        item.presenter_name,
        item.presenter_authority,
        item.classification,
        item.proposal,
    ) == (
        invitation.conference,
        "Messerangriffe",
        2,
        "Petra Beispiel",
        "Staatsanwaltschaft Essen",
        "internal",
        proposal,
    )


def test_accept_twice_is_refused(invitation, organiser):
    proposal = ProposalFactory(invitation=invitation)
    services.proposal_accept(proposal=proposal, user=organiser)

    with pytest.raises(services.AgendaError):
        services.proposal_accept(proposal=proposal, user=organiser)

    assert AgendaItem.objects.count() == 1


def test_reject_needs_a_note_and_the_partner_sees_it(invitation, organiser):
    proposal = ProposalFactory(invitation=invitation)
    with pytest.raises(services.AgendaError, match="Grund"):
        services.proposal_reject(proposal=proposal, user=organiser, note="  ")

    services.proposal_reject(
        proposal=proposal, user=organiser, note="Wird in der OP behandelt."
    )

    (seen,) = partner.proposals_of(invitation)
    assert (seen.status, seen.decision_note) == (
        Proposal.Status.REJECTED,
        "Wird in der OP behandelt.",
    )
    assert not AgendaItem.objects.exists()


def test_partner_sees_only_own_proposals(invitation):
    own = ProposalFactory(invitation=invitation)
    ProposalFactory(
        invitation=InvitationFactory(conference=invitation.conference), title="Fremd"
    )

    assert list(partner.proposals_of(invitation)) == [own]


def test_partner_include_renders_form_and_decision_note(invitation, rf):
    from django.template.loader import render_to_string

    from tagesordnung.agenda.forms import ProposalForm

    ProposalFactory(
        invitation=invitation,
        title="Schulwegsicherheit",
        status="rejected",
        decision_note="Thema der Verkehrskommission.",
    )

    html = render_to_string(
        "tagesordnung/partner/proposals.html",
        {
            "proposals": partner.proposals_of(invitation),
            "proposal_form": ProposalForm(),
            "proposals_open": True,
            "proposal_action": "/einladung/antwort/",
            "conference": invitation.conference,
        },
        request=rf.get("/"),
    )

    assert "Schulwegsicherheit" in html
    assert "Abgelehnt" in html
    assert "Thema der Verkehrskommission." in html
    assert "bis zum 28.02.2027 Themen vorschlagen" in html
    assert 'action="/einladung/antwort/"' in html


# Staff decision view


def test_decide_view_accepts(organiser_client, invitation):
    proposal = ProposalFactory(invitation=invitation, title="Hafen")

    response = organiser_client.post(
        reverse("tagesordnung:proposal-decide", args=[proposal.pk]),
        {"decision": "accept", "note": "Gern."},
    )

    assert response.status_code == 302
    assert AgendaItem.objects.get().title == "Hafen"


def test_decide_view_reject_without_note_shows_german_error(
    organiser_client, invitation
):
    proposal = ProposalFactory(invitation=invitation)

    response = organiser_client.post(
        reverse("tagesordnung:proposal-decide", args=[proposal.pk]),
        {"decision": "reject", "note": ""},
        follow=True,
    )

    assert "Bitte teilen Sie der Partnerbehörde den Grund mit." in (
        response.content.decode()
    )
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PROPOSED


def test_decide_view_as_reader_is_403(client, reader, invitation):
    proposal = ProposalFactory(invitation=invitation)
    client.force_login(reader)

    response = client.post(
        reverse("tagesordnung:proposal-decide", args=[proposal.pk]),
        {"decision": "accept"},
    )

    assert response.status_code == 403


def test_decide_view_other_tenant_is_404_and_get_is_405(organiser_client):
    proposal = ProposalFactory()
    url = reverse("tagesordnung:proposal-decide", args=[proposal.pk])

    assert organiser_client.post(url, {"decision": "accept"}).status_code == 404
    assert organiser_client.get(url).status_code == 405


def test_agenda_page_lists_proposals_for_organiser(organiser_client, invitation):
    ProposalFactory(invitation=invitation, title="Drogenszene am Bahnhof")

    content = organiser_client.get(
        reverse("tagesordnung:agenda", args=[invitation.conference_id])
    ).content.decode()

    assert "Drogenszene am Bahnhof" in content
    assert "Vorgeschlagen von Petra Beispiel (Staatsanwaltschaft Essen)" in content
