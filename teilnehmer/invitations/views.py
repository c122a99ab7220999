"""Staff pages of a conference's invitations: invitees, sending, answers,
reminders, Einlass (admission at the door), attendance list and sign-in sheet."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from konferenz.core import access, actions, changestamp, downloads
from konferenz.core.classification import audience_for_user
from konferenz.core.selectors import conference_for_request as _conference
from konferenz.documents.xlsx import XLSX_CONTENT_TYPE
from teilnehmer.addressbook import contactcheck
from teilnehmer.addressbook.models import Authority
from teilnehmer.invitations import (
    exports,
    invitee_choice,
    mail,
    selectors,
    services,
    table,
)
from teilnehmer.invitations.forms import (
    AnswerForm,
    InviteeForm,
    SelectionForm,
    SendForm,
    WalkInForm,
)
from teilnehmer.invitations.models import Invitation

VIEW = "teilnehmer.view_invitations"
CHANGE = "teilnehmer.change_invitations"


def _invitation(conference, invitation_pk):
    return get_object_or_404(
        Invitation.objects.select_related("contact__authority", "conference"),
        conference=conference,
        pk=invitation_pk,
    )


def _hub(request, conference, template, context, status=200):
    return render(
        request,
        template,
        {"conference": conference, "active_tab": "invitations", **context},
        status=status,
    )


def _overview(conference):
    return redirect("invitations:overview", pk=conference.pk)


@require_GET
@access.require(VIEW)
def invitation_overview(request, pk):
    conference = _conference(request, pk)
    params = table.parse_params(request.GET)
    flags = {
        "can_change": request.user.has_perm(CHANGE),
        "mail_allowed": selectors.mail_allowed(conference),
        # changes with time
        "deadline_passed": selectors.answer_deadline_passed(conference),
    }
    # Everything else that changes the table (its rows' change stamp and the
    # reader's audience are in the key already): konferenz/core/changestamp.py.
    variant = (*flags.values(), params.answer, params.sort_param, params.query)

    def render_body():
        context = {**table.answers_table(conference, params), **flags}
        return render_to_string(
            "teilnehmer/invitations/overview_body.html",
            {**context, "conference": conference},
        )

    body = changestamp.cached(
        kind="invitations-overview",
        conference_id=conference.pk,
        audience=audience_for_user(request.user),
        variant=variant,
        build=render_body,
        fresh=bool(params.query),  # free text would only fill the cache
    )
    return _hub(
        request,
        conference,
        "teilnehmer/invitations/overview.html",
        {"body": body, "can_change": flags["can_change"]},
    )


@require_http_methods(["GET", "POST"])
@access.require(CHANGE)
def invitees_add(request, pk):
    conference = _conference(request, pk)
    tenant = conference.police_authority
    form = InviteeForm(
        request.POST if request.method == "POST" else None, police_authority=tenant
    )
    if request.method == "POST" and form.is_valid():
        contacts = selectors.invitees_chosen(conference, **form.cleaned_data)
        created = services.invitations_create(
            conference=conference, contacts=contacts, user=request.user
        )
        messages.success(
            request,
            _("%(n)d persons added to the invitation list.") % {"n": created},
        )
        return _overview(conference)
    previous = selectors.previous_conference(conference)
    query = invitee_choice.clean_query(request.GET.get("q"))
    return _hub(
        request,
        conference,
        "teilnehmer/invitations/invitees_form.html",
        {
            "form": form,
            "previous": previous,
            "query": query,
            "book": invitee_choice.address_book(conference=conference, query=query),
            "chosen_contacts": set(request.POST.getlist("contacts")),
            "chosen_authorities": set(request.POST.getlist("authorities")),
            "chosen_kinds": set(request.POST.getlist("kinds")),
            "kinds": Authority.Kind.choices,
        },
        status=400 if form.errors else 200,
    )


@require_POST
@access.require(CHANGE)
def invitation_remove(request, pk, invitation_pk):
    conference = _conference(request, pk)
    invitation = _invitation(conference, invitation_pk)
    return actions.perform(
        request,
        lambda: services.invitation_delete(invitation=invitation),
        done=_("Removed from the invitation list."),
        refusals=services.InvitationError,
        to=_overview(conference),
    )


@require_http_methods(["GET", "POST"])
@access.require(CHANGE)
def invitations_send(request, pk):
    """Preview and send: unsent and failed invitations are ticked by default."""
    conference = _conference(request, pk)
    if not selectors.mail_allowed(conference):
        try:
            services.check_mail_allowed(conference)
        except services.InvitationError as error:
            messages.error(request, str(error))
        return _overview(conference)
    invitations = list(Invitation.objects.filter(conference=conference).for_overview())
    form = SendForm(
        request.POST if request.method == "POST" else None,
        conference=conference,
        today=timezone.localdate(),
        initial={
            "invitations": [i.pk for i in invitations if not i.sent_at or i.send_error]
        },
    )
    preview = None
    if request.method == "POST" and form.is_valid():
        chosen = form.chosen(invitations)
        if "preview" in request.POST:
            text = form.cleaned_data["personal_text"]
            preview = mail.invitation_preview(chosen, personal_text=text)
        else:
            try:
                n = services.invitations_send(
                    invitations=chosen, user=request.user, **form.send_options()
                )
            except services.InvitationError as error:
                form.add_error(None, str(error))
            else:
                message = ngettext(
                    "%(n)d invitation is being sent.",
                    "%(n)d invitations are being sent.",
                    n,
                )
                messages.success(request, message % {"n": n})
                return _overview(conference)
    return _send_page(request, conference, form, invitations, preview)


def _send_page(request, conference, form, invitations, preview):
    """The send page: the invitations with those ticked, the preview and the
    contacts whose data are unconfirmed."""
    contactcheck.mark_unconfirmed(
        [i.contact for i in invitations], conference.police_authority
    )
    return _hub(
        request,
        conference,
        "teilnehmer/invitations/send_form.html",
        {
            "form": form,
            "invitations": invitations,
            "selected": {str(v) for v in (form["invitations"].value() or [])},
            "preview": preview,
            "unconfirmed": [i for i in invitations if i.contact.unconfirmed],
        },
        status=400 if form.errors else 200,
    )


@require_POST
@access.require(CHANGE)
def invitations_remind(request, pk):
    conference = _conference(request, pk)
    form = SelectionForm(request.POST, conference=conference)
    if not form.is_valid():
        messages.error(request, " ".join(form.non_field_errors()))
        return _overview(conference)
    if form.cleaned_data["scope"] == "all":
        chosen = Invitation.objects.filter(conference=conference).select_related(
            "contact"
        )
    else:
        chosen = form.cleaned_data["invitations"]
    return actions.perform(
        request,
        lambda: services.invitations_remind(invitations=chosen),
        done=lambda n: (
            ngettext(
                "%(n)d reminder is being sent.", "%(n)d reminders are being sent.", n
            )
            % {"n": n}
        ),
        refusals=services.InvitationError,
        to=_overview(conference),
    )


@require_POST
@access.require(CHANGE)
def invitation_revoke(request, pk, invitation_pk):
    conference = _conference(request, pk)
    invitation = _invitation(conference, invitation_pk)
    services.invitation_revoke_link(invitation=invitation, user=request.user)
    messages.success(
        request,
        _("The link of %(name)s no longer works.")
        % {"name": invitation.contact.full_name},
    )
    return _overview(conference)


@require_POST
@access.require(CHANGE)
def deputy_confirm(request, pk, invitation_pk):
    """Take a deputy named through a partner link into the address book."""
    conference = _conference(request, pk)
    invitation = _invitation(conference, invitation_pk)
    return actions.perform(
        request,
        lambda: services.deputy_confirm(invitation=invitation, user=request.user),
        done=lambda contact: (
            _("%(name)s is now in the address book.") % {"name": contact.full_name}
        ),
        refusals=services.InvitationError,
        to=_overview(conference),
    )


@require_POST
@access.require(CHANGE)
def invitation_reissue(request, pk, invitation_pk):
    """A new link (the old one dies, recorded with who did it), or after a
    failed delivery the same link once more."""
    conference = _conference(request, pk)
    invitation = _invitation(conference, invitation_pk)
    renew = invitation.sent_at is not None

    @transaction.atomic
    def send():
        if renew:
            services.invitation_new_link(invitation=invitation, user=request.user)
        services.invitations_send(invitations=[invitation], user=request.user)

    text = (
        _("A new link is being sent to %(name)s; the old one no longer works.")
        if renew
        else _("The invitation is being sent to %(name)s again, with the same link.")
    )
    return actions.perform(
        request,
        send,
        done=lambda _result: text % {"name": invitation.contact.full_name},
        refusals=services.InvitationError,
        to=_overview(conference),
    )


@require_http_methods(["GET", "POST"])
@access.require(CHANGE)
def invitation_record_answer(request, pk, invitation_pk):
    """An answer received by phone or email, entered by staff (marked so)."""
    conference = _conference(request, pk)
    invitation = _invitation(conference, invitation_pk)
    form = AnswerForm(
        request.POST if request.method == "POST" else None,
        allow_deputy=not invitation.is_deputy,
        by_staff=True,
        initial={
            "answer": invitation.answer,
            "deputy_name": invitation.deputy_name,
            "deputy_function": invitation.deputy_function,
            "deputy_email": invitation.deputy_email,
            "comment": invitation.comment,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.invitation_answer(
                invitation=invitation,
                by_staff=True,
                user=request.user,
                **form.cleaned_data,
            )
        except services.InvitationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("The answer of %(name)s was recorded.")
                % {"name": invitation.contact.full_name},
            )
            return _overview(conference)
    return _hub(
        request,
        conference,
        "teilnehmer/invitations/record_answer.html",
        {"form": form, "invitation": invitation},
        status=400 if form.errors else 200,
    )


@require_GET
@access.require(VIEW)
def invitation_history(request, pk, invitation_pk):
    """Every change of one invitation: who, when, through which link."""
    conference = _conference(request, pk)
    invitation = _invitation(conference, invitation_pk)
    return _hub(
        request,
        conference,
        "teilnehmer/invitations/history.html",
        {
            "invitation": invitation,
            "records": invitation.history.select_related("history_user").order_by(
                "-history_date", "-history_id"
            ),
        },
    )


def _checkin_rows(conference, query):
    invitations = Invitation.objects.filter(conference=conference).for_overview()
    for word in query.split():
        invitations = invitations.filter(
            Q(contact__last_name__icontains=word)
            | Q(contact__first_name__icontains=word)
            | Q(contact__function__icontains=word)
            | Q(contact__authority__name__icontains=word)
        )
    return invitations


def _walk_in_fields(conference, form):
    """The walk-in form's fields. Unbound they are the same for everyone at
    this conference (the authorities of its police authority: a change of one
    changes every stamp), so kept per conference change stamp."""

    def render_fields():
        return render_to_string(
            "teilnehmer/invitations/includes/walk_in_fields.html",
            {"walk_in_form": form},
        )

    if form.is_bound:
        return render_fields()
    return changestamp.cached(
        kind="checkin-walk-in",
        conference_id=conference.pk,
        variant=(),
        build=render_fields,
    )


@require_GET
@access.require(CHANGE)
def checkin(request, pk):
    conference = _conference(request, pk)
    # PostgreSQL cannot compare with NUL characters (a 500): they go.
    query = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    rows = list(_checkin_rows(conference, query))
    context = {
        "rows": rows,
        "query": query,
        # Without a search the rows are everyone: count them there.
        "present": sum(1 for row in rows if row.attended)
        if not query
        else Invitation.objects.filter(conference=conference, attended=True).count(),
    }
    if request.headers.get("HX-Request"):
        return render(
            request,
            "teilnehmer/invitations/includes/checkin_rows.html",
            {"conference": conference, **context},
        )
    context["walk_in_fields"] = _walk_in_fields(
        conference, WalkInForm(police_authority=conference.police_authority)
    )
    return _hub(request, conference, "teilnehmer/invitations/checkin.html", context)


@require_POST
@access.require(CHANGE)
def checkin_toggle(request, pk, invitation_pk):
    conference = _conference(request, pk)
    invitation = _invitation(conference, invitation_pk)
    present = request.POST.get("present") == "1"
    services.invitation_set_attended(invitation=invitation, attended=present)
    if request.headers.get("HX-Request"):
        invitation = Invitation.objects.filter(pk=invitation.pk).for_overview().get()
        # The row and, out of band, the counter above the list.
        return render(
            request,
            "teilnehmer/invitations/includes/checkin_toggled.html",
            {
                "conference": conference,
                "invitation": invitation,
                "present": Invitation.objects.filter(
                    conference=conference, attended=True
                ).count(),
            },
        )
    return redirect("invitations:checkin", pk=conference.pk)


@require_POST
@access.require(CHANGE)
def checkin_walk_in(request, pk):
    conference = _conference(request, pk)
    form = WalkInForm(request.POST, police_authority=conference.police_authority)
    if form.is_valid():
        invitation = services.walk_in_add(conference=conference, **form.cleaned_data)
        messages.success(
            request,
            _("%(name)s was added as present.")
            % {"name": invitation.contact.full_name},
        )
        return redirect("invitations:checkin", pk=conference.pk)
    return _hub(
        request,
        conference,
        "teilnehmer/invitations/checkin.html",
        {
            "rows": list(_checkin_rows(conference, "")),
            "query": "",
            "present": Invitation.objects.filter(
                conference=conference, attended=True
            ).count(),
            "walk_in_fields": _walk_in_fields(conference, form),
        },
        status=400,
    )


@require_GET
@access.require(VIEW)
def attendance_xlsx(request, pk):
    conference = _conference(request, pk)
    return downloads.attachment(
        exports.attendance_xlsx(conference),
        content_type=XLSX_CONTENT_TYPE,
        filename=_("participants-%(date)s.xlsx")
        % {"date": f"{conference.date:%Y-%m-%d}"},
    )


@require_GET
@access.require(VIEW)
def signin_sheet_pdf(request, pk):
    conference = _conference(request, pk)
    return downloads.attachment(
        exports.signin_sheet_pdf(conference),
        content_type=downloads.PDF,
        filename=_("attendance-list-%(date)s.pdf")
        % {"date": f"{conference.date:%Y-%m-%d}"},
    )
