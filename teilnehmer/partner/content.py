"""The agenda as a partner sees it through the invitation link (no account).

The partner page (``/einladung/…``, teilnehmer) resolves the token to an
``Invitation`` and calls these functions; everything is read through the
classification selector with the PARTICIPANT audience (öffentlich + intern),
and only for the invitation's own conference.
"""

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from konferenz.core import changestamp, links
from konferenz.core.classification import Audience
from tagesordnung.agenda import selectors
from tagesordnung.agenda.models import Attachment, Proposal
from tagesordnung.agenda.services import AgendaError, proposals_open
from tagesordnung.minutes import exports as minutes_exports
from tagesordnung.minutes.models import Minutes
from tagesordnung.minutes.selectors import actions_for_partner as select
from tagesordnung.minutes.selectors import minutes_of, minutes_readers, minutes_view


def agenda_for_partner(conference):
    """The schedule of the items (and attachments) a participant may read."""
    return selectors.agenda(conference=conference, audience=Audience.PARTICIPANT)


def agenda_rows(plan):
    """The rows of ``plan`` (``agenda_for_partner``) as the partner page
    prints them: plain dictionaries, times, labels and attachment links made
    here once per page (issue 32). A withheld row keeps number and time."""
    top, due = _("TOP %(n)s"), _("due")
    download = links.pattern("partner:attachment")
    rows = []
    for row in plan.rows:
        shared = {
            "withheld": row.withheld,
            "top_label": top % {"n": row.number},
            "when": f"{row.start:%H:%M}–{row.end:%H:%M}",
        }
        if row.withheld:
            rows.append(shared)
            continue
        item = row.item
        shared["title"] = item.title
        shared["presenter"] = item.presenter_display
        shared["attachments"] = [
            {"url": download(a.pk), "name": a.original_name}
            for a in item.visible_attachments
        ]
        shared["open_actions"] = [
            f"{a.description} – {a.responsible.name}, {due} {a.due_date:%d.%m.%Y}"
            for a in item.open_actions
        ]
        rows.append(shared)
    return rows


def proposals_of(invitation):
    """The partner's own proposals with status and staff's note."""
    return Proposal.objects.filter(invitation=invitation).order_by("created_at", "pk")


@transaction.atomic
def proposal_create(*, invitation, title, description="", presenter="", today=None):
    """A partner proposes a topic; refused after the proposal deadline."""
    conference = invitation.conference
    if not proposals_open(conference, today=today or timezone.localdate()):
        raise AgendaError(
            _(
                "The deadline for topic proposals has passed. "
                "Please contact the organisers."
            )
        )
    return Proposal.objects.create(
        conference=conference,
        invitation=invitation,
        title=title,
        description=description,
        presenter=presenter,
    )


def attachment_for_partner(*, invitation, pk):
    """An attachment of the invitation's conference the partner may read; else 404."""
    attachment = (
        Attachment.objects.filter(item__conference_id=invitation.conference_id, pk=pk)
        .visible_to(Audience.PARTICIPANT)
        .first()
    )
    if attachment is None:
        raise Http404
    return attachment


def minutes_for_partner(invitation):
    """The participant version of the minutes, or ``None``.

    During the review only participants who were present read the draft (and
    may comment); approved minutes only ``minutes_readers`` (present, or on
    the distribution list once it was sent; never who declined).
    """

    minutes = minutes_of(invitation.conference_id)
    if minutes is None:
        return None
    if minutes.status == Minutes.Status.IN_REVIEW:
        if not invitation.attended:
            return None
    elif minutes.status != Minutes.Status.APPROVED or not (
        minutes_readers(minutes).filter(pk=invitation.pk).exists()
    ):
        return None
    return minutes_view(
        minutes=minutes, audience=Audience.PARTICIPANT, invitation=invitation
    )


def minutes_pdf_for_partner(invitation):
    """The participants' version of the minutes as PDF bytes for a partner
    who may read them (``minutes_for_partner``), else ``None``; one document
    per conference and change stamp for every partner."""
    if minutes_for_partner(invitation) is None:
        return None
    conference = invitation.conference

    def build():
        minutes = minutes_of(conference.pk)
        minutes.conference = conference
        data, _content_type = minutes_exports.export(
            minutes=minutes, audience=Audience.PARTICIPANT, fmt="pdf", internal=False
        )
        return data

    return changestamp.cached_document(
        kind="minutes-pdf-participants",
        conference_id=conference.pk,
        audience=Audience.PARTICIPANT,
        render=build,
    )


def actions_for_partner(invitation):

    return list(select(invitation))
