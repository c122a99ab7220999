"""The partner link /einladung/<token>/: no account, the link is the door.

The token URL only checks the token, moves its hash into the session and
redirects to a token-free URL (as Django's password-reset view does), so the
secret does not stay in the address bar, the history or a Referer. A GET never
changes an invitation. Every bad link answers the same page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from konferenz.core import actions, changestamp, downloads, linkpages
from konferenz.core.classification import Audience
from konferenz.documents import ics
from tagesordnung.agenda.filetypes import attachment_response
from tagesordnung.agenda.forms import ProposalForm
from tagesordnung.agenda.services import AgendaError, proposals_open
from tagesordnung.minutes import services as minutes_services
from tagesordnung.minutes.forms import CommentForm, ProgressForm
from tagesordnung.minutes.models import ActionItem
from teilnehmer.invitations import selectors, services, tokens
from teilnehmer.invitations.forms import AnswerForm
from teilnehmer.invitations.models import Invitation
from teilnehmer.partner import content as agenda_partner

SESSION_KEY = "siko_partner_link"


# The token-free answer page holds no secret. It keeps the site-wide
# ``same-origin`` policy: under ``no-referrer`` browsers send ``Origin: null``
# with the form, and Django's CSRF check rightly refuses that.
_same_origin = linkpages.private


def _partner_link(request):
    """The invitation of the link the session opened (``partner_open``).
    Its submissions are counted per invitation (not per address: many
    partners share one proxy), so that one link cannot flood the organisers."""
    # Only what every partner page needs (issue 22: the lookup joined ten
    # tables); a deputy's original invitation is read only for deputies.
    invitation = tokens.invitation_by_digest(
        request.session.get(SESSION_KEY, ""), "sent_by"
    )
    if invitation is None:
        return None
    if invitation.deputy_for_id is not None:
        invitation.deputy_for = Invitation.objects.select_related("contact").get(
            pk=invitation.deputy_for_id
        )
    return str(invitation.pk), (invitation,)


#: The guard of every page behind the partner link: the invitation is passed
#: to the view; without a live link the invalid page answers (and counts as a
#: failed guess), a POST beyond the rate limit gets the "too many" page
#: (konferenz/core/linkpages.py).
partner_link = linkpages.guard(_partner_link, scope="partner-post")


def _deputy_sent(invitation):
    """The invitation of the deputy this partner sends (shown with the answer)."""
    if invitation.answer != Invitation.Answer.DEPUTY:
        return None
    return Invitation.objects.filter(deputy_for=invitation).first()


def _opened(token):
    """The hash of a good partner link, kept in the session."""
    invitation = tokens.find_invitation(token)
    return invitation.token_hash if invitation is not None else None


def _answer_form(invitation, data=None):
    """The answer form with the current answer, or ``None`` after the deadline."""
    if selectors.answer_deadline_passed(invitation.conference, invitation=invitation):
        return None
    initial = {
        "answer": invitation.answer
        if invitation.answer != Invitation.Answer.OPEN
        else None,
        "deputy_name": invitation.deputy_name,
        "deputy_function": invitation.deputy_function,
        "deputy_email": invitation.deputy_email,
        "comment": invitation.comment,
    }
    return AnswerForm(data, initial=initial, allow_deputy=not invitation.is_deputy)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
@partner_link
def partner_answer(request, invitation):
    form = _answer_form(invitation, request.POST if request.method == "POST" else None)
    if form is not None:
        if request.method == "POST" and form.is_valid():
            try:
                services.invitation_answer(invitation=invitation, **form.cleaned_data)
            except services.InvitationError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Thank you, your answer has been saved."))
                return _same_origin(redirect("partner:answer"))
    elif request.method == "POST":
        messages.error(request, _("The deadline for answers has passed."))
        return _same_origin(redirect("partner:answer"))
    status = 400 if form is not None and form.errors else 200
    return _render_answer_page(request, invitation, form=form, status=status)


def _agenda(conference):
    """The agenda as participants read it: the same for every partner of the
    conference, so kept per conference change stamp (and language)."""
    return changestamp.cached(
        kind="partner-agenda",
        conference_id=conference.pk,
        # the carry-over item shows open actions of earlier conferences
        tenant_id=conference.police_authority_id,
        audience=Audience.PARTICIPANT,
        build=lambda: render_to_string(
            "tagesordnung/partner/agenda.html",
            {
                "rows": agenda_partner.agenda_rows(
                    agenda_partner.agenda_for_partner(conference)
                )
            },
        ),
    )


def _answer_page_context(invitation, *, form, proposal_form, closed):
    """Everything the partner page's cached part shows (read here, not from
    the template)."""
    conference = invitation.conference
    minutes_view = agenda_partner.minutes_for_partner(invitation)
    return {
        "invitation": invitation,
        "conference": conference,
        "form": form,
        "closed": closed,
        "deadline": selectors.answer_deadline(conference, invitation),
        "organiser": selectors.organiser_contact(invitation),
        "deputy": _deputy_sent(invitation),
        "agenda": _agenda(conference),
        "proposals": agenda_partner.proposals_of(invitation),
        "proposals_open": proposals_open(conference),
        "proposal_form": proposal_form or ProposalForm(),
        "proposal_action": reverse("partner:proposal"),
        "minutes_view": minutes_view,
        "comments_open": _comments_open(invitation, minutes_view),
        "partner_actions": agenda_partner.actions_for_partner(invitation),
        "action_statuses": ActionItem.Status.choices,
    }


def _render_answer_page(
    request, invitation, *, form=None, proposal_form=None, status=200
):
    """The partner page: conference, answer form, agenda and topic proposals.

    Kept per invitation and change stamp of the conference and its authority
    (the carry-over actions) (konferenz/core/changestamp.py): every row it
    shows renews one of them. Whether answers are still taken moves with the
    clock, so it is part of the key; a refused form shows what the partner
    typed, so that page is built fresh and kept nowhere."""
    conference = invitation.conference
    closed = selectors.answer_deadline_passed(conference, invitation=invitation)

    def build():
        context = _answer_page_context(
            invitation, form=form, proposal_form=proposal_form, closed=closed
        )
        page = "teilnehmer/partner/parts/answer_page.html"
        return {"page": changestamp.render_part(page, context)}

    parts = changestamp.cached_parts(
        request,
        kind="partner-page",
        conference_id=conference.pk,
        tenant_id=conference.police_authority_id,
        audience=Audience.PARTICIPANT,
        variant=(invitation.pk, closed),
        build=build,
        fresh=(form is not None and form.is_bound) or proposal_form is not None,
    )
    page = {"conference": conference, "parts": parts}
    response = render(request, "teilnehmer/partner/answer.html", page, status=status)
    return _same_origin(response)


@login_not_required
@never_cache
@require_POST
@partner_link
def partner_proposal(request, invitation):
    """A partner proposes a topic for the agenda (until the proposal deadline)."""
    proposal_form = ProposalForm(request.POST)
    if proposal_form.is_valid():
        return actions.perform(
            request,
            lambda: agenda_partner.proposal_create(
                invitation=invitation, **proposal_form.cleaned_data
            ),
            done=_("Thank you, the organisers will consider your proposal."),
            refusals=AgendaError,
            to=_same_origin(redirect("partner:answer")),
        )
    return _render_answer_page(
        request,
        invitation,
        form=_answer_form(invitation),
        proposal_form=proposal_form,
        status=400,
    )


@login_not_required
@require_GET
@partner_link
def partner_attachment(request, invitation, pk):
    """An attachment of the partner's own conference that participants may read."""
    attachment = agenda_partner.attachment_for_partner(invitation=invitation, pk=pk)
    return attachment_response(attachment)


def _comments_open(invitation, minutes_view):
    """Whether the partner may comment on the minutes shown (draft in review,
    present at the conference, comment period running)."""
    return bool(
        minutes_view
        and invitation.attended
        and minutes_services.comments_open(minutes_view.minutes)
    )


@login_not_required
@never_cache
@require_POST
@partner_link
def partner_minutes_comment(request, invitation):
    """A present participant comments on an entry of the draft minutes."""
    return actions.submit(
        request,
        CommentForm(request.POST),
        lambda data: minutes_services.comment_add(
            invitation=invitation, entry_pk=data["entry"], text=data["text"]
        ),
        done=_("Thank you, your comment was sent."),
        refusals=minutes_services.MinutesError,
        to=_same_origin(redirect(reverse("partner:answer") + "#protokoll")),
        invalid=_("Please enter your comment."),
        back=_same_origin(redirect("partner:answer")),
    )


@login_not_required
@never_cache
@require_POST
@partner_link
def partner_action_progress(request, invitation, pk):
    """The responsible partner reports progress on an action of its authority."""
    return actions.submit(
        request,
        ProgressForm(request.POST),
        lambda data: minutes_services.partner_action_progress(
            invitation=invitation, action_pk=pk, **data
        ),
        done=_("Thank you, the progress was recorded."),
        refusals=minutes_services.MinutesError,
        to=_same_origin(redirect(reverse("partner:answer") + "#massnahmen")),
        invalid=_("Please choose a status."),
        back=_same_origin(redirect("partner:answer")),
    )


@login_not_required
@never_cache
@require_GET
@partner_link
def partner_minutes_pdf(request, invitation):
    """The participants' version of the minutes as PDF, for a partner who may
    read it (present, or on the distribution list of approved minutes)."""
    data = agenda_partner.minutes_pdf_for_partner(invitation)
    if data is None:
        raise Http404
    filename = f"Protokoll-{invitation.conference.date:%Y-%m-%d}.pdf"
    return _same_origin(
        downloads.attachment(data, content_type=downloads.PDF, filename=filename)
    )


@login_not_required
@never_cache
@require_GET
@partner_link
def partner_calendar(request, invitation):
    """The conference as an iCalendar file (METHOD:PUBLISH, the same UID as
    every other calendar entry of it), for the partner's own calendar. A
    cancelled conference offers none."""
    conference = invitation.conference
    if conference.is_cancelled:
        raise Http404
    content = ics.calendar_bytes([ics.conference_event(conference)], method="PUBLISH")
    filename = f"Sicherheitskonferenz-{conference.date:%Y-%m-%d}.ics"
    return _same_origin(
        downloads.attachment(content, content_type=downloads.ICS, filename=filename)
    )


#: The token URL (konferenz/core/linkpages.py).
partner_open = linkpages.opener(_opened, session_key=SESSION_KEY, page="partner:answer")
