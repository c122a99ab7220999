"""Topic catalogue, agenda editor, proposals, attachments and exports."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from konferenz.core import access, actions, changestamp, downloads, locking
from konferenz.core.classification import Audience, audience_for_user, is_lower
from konferenz.core.params import int_list
from konferenz.core.selectors import conference_for_request as _conference
from konferenz.core.tenancy import require_tenant
from konferenz.documents.docx import DOCX_CONTENT_TYPE
from tagesordnung.agenda import exports, selectors, services
from tagesordnung.agenda import rows as agenda_rows
from tagesordnung.agenda.filetypes import attachment_response
from tagesordnung.agenda.forms import (
    AgendaItemForm,
    AttachmentForm,
    ProposalDecisionForm,
    StrategyGoalForm,
    TopicForm,
)
from tagesordnung.agenda.models import (
    AgendaItem,
    Attachment,
    Proposal,
    StrategyGoal,
    Topic,
)

# Topic catalogue


@access.require("konferenz.view_conference")
def topic_list(request):
    tenant = require_tenant(request)
    topics, goals = selectors.topic_catalogue(police_authority=tenant)
    return render(
        request,
        "tagesordnung/agenda/topic_list.html",
        {"topics": topics, "goals": goals},
    )


@access.require("tagesordnung.change_agenda")
def topic_create(request):
    tenant = require_tenant(request)
    form = TopicForm(request.POST or None, police_authority=tenant)
    if request.method == "POST" and form.is_valid():
        services.topic_create(police_authority=tenant, name=form.cleaned_data["name"])
        messages.success(request, _("The topic was added to the catalogue."))
        return redirect("tagesordnung:topic-list")
    return render(request, "tagesordnung/agenda/topic_form.html", {"form": form})


@access.require("tagesordnung.change_agenda")
def topic_edit(request, pk):
    tenant = require_tenant(request)
    # Only the authority's own topics can be renamed; a standard topic of the
    # decree (shared by all) is not found here.
    topic = access.find(request, Topic.objects.filter(police_authority=tenant), pk=pk)
    form = TopicForm(request.POST or None, instance=topic, police_authority=tenant)
    if request.method == "POST" and form.is_valid():
        services.topic_update(topic=topic, name=form.cleaned_data["name"])
        messages.success(request, _("The topic was saved."))
        return redirect("tagesordnung:topic-list")
    return render(
        request, "tagesordnung/agenda/topic_form.html", {"form": form, "topic": topic}
    )


@require_POST
@access.require("tagesordnung.change_agenda")
def topic_toggle(request, pk):
    tenant = require_tenant(request)
    topic = access.find(request, Topic.objects, pk=pk)
    active = request.POST.get("active") == "1"
    services.topic_set_active(topic=topic, police_authority=tenant, active=active)
    if active:
        messages.success(request, _("“%(name)s” is active again.") % {"name": topic})
    else:
        messages.success(
            request, _("“%(name)s” is no longer offered.") % {"name": topic}
        )
    return redirect("tagesordnung:topic-list")


@access.require("tagesordnung.change_agenda")
def goal_edit(request, pk=None):
    tenant = require_tenant(request)
    goal = access.find(request, StrategyGoal.objects, pk=pk) if pk else None
    form = StrategyGoalForm(
        request.POST or None, instance=goal, police_authority=tenant
    )
    if request.method == "POST" and form.is_valid():
        services.goal_save(
            police_authority=tenant,
            goal=goal,
            name=form.cleaned_data["name"],
            description=form.cleaned_data["description"],
            topics=form.cleaned_data["topics"],
            active=form.cleaned_data["active"],
        )
        messages.success(request, _("The goal of the security programme was saved."))
        return redirect("tagesordnung:topic-list")
    return render(
        request, "tagesordnung/agenda/goal_form.html", {"form": form, "goal": goal}
    )


# Agenda of one conference


def _item(request, pk):
    return access.find(
        request,
        AgendaItem.objects.select_related("conference__police_authority"),
        pk=pk,
    )


def _agenda_context(request, conference):
    plan = selectors.agenda(
        conference=conference, audience=audience_for_user(request.user)
    )
    can_edit = request.user.has_perm("tagesordnung.change_agenda")
    return {
        "conference": conference,
        "active_tab": "agenda",
        "plan": plan,
        "rows": agenda_rows.rows(plan, can_edit=can_edit),
        "can_edit": can_edit,
        "can_export": request.user.has_perm("konferenz.view_internal"),
        "can_export_internal": request.user.has_perm("konferenz.view_vs_nfd"),
    }


def _agenda_parts(request, conference, *, can_edit):
    """The agenda list and, for an editor, the partners' proposals, kept per
    conference change stamp, the authority's stamp (the carry-over item shows
    the open actions of its earlier conferences), audience, permission and
    language (konferenz/core/changestamp.py)."""

    def build():
        context = _agenda_context(request, conference)
        parts = {"proposals": "", "has_carry_over": False}
        parts["list"] = changestamp.render_part(
            "tagesordnung/includes/agenda_list.html", context
        )
        if can_edit:
            context["proposals"] = selectors.proposals(conference)
            context["proposals_open"] = services.proposals_open(conference)
            parts["proposals"] = changestamp.render_part(
                "tagesordnung/parts/agenda_proposals.html", context
            )
            parts["has_carry_over"] = context["plan"].has_carry_over
        return parts

    # Every permission the page's context holds, whether or not the parts
    # show it today.
    perms = ("tagesordnung.change_agenda", "konferenz.view_internal")
    return changestamp.cached_parts(
        request,
        kind="agenda-page",
        conference_id=conference.pk,
        tenant_id=conference.police_authority_id,
        audience=audience_for_user(request.user),
        variant=changestamp.granted(request, (*perms, "konferenz.view_vs_nfd")),
        build=build,
    )


@access.require("konferenz.view_conference")
def agenda(request, pk):
    conference = _conference(request, pk)
    can_edit = request.user.has_perm("tagesordnung.change_agenda")
    parts = _agenda_parts(request, conference, can_edit=can_edit)
    if request.headers.get("HX-Request"):
        return HttpResponse(parts["list"])
    context = {
        "conference": conference,
        "active_tab": "agenda",
        "parts": parts,
        "can_edit": can_edit,
        "can_export": request.user.has_perm("konferenz.view_internal"),
        "can_export_internal": request.user.has_perm("konferenz.view_vs_nfd"),
    }
    return render(request, "tagesordnung/agenda/agenda.html", context)


@access.require("tagesordnung.change_agenda")
def item_create(request, pk):
    conference = _conference(request, pk)
    form = AgendaItemForm(request.POST or None, conference=conference)
    if request.method == "POST" and form.is_valid():
        services.item_create(conference=conference, **form.item_fields())
        messages.success(request, _("The agenda item was added."))
        if "another" in request.POST:
            return redirect("tagesordnung:item-create", pk=conference.pk)
        return redirect("tagesordnung:agenda", pk=conference.pk)
    return render(
        request,
        "tagesordnung/agenda/item_form.html",
        {"form": form, "conference": conference, "active_tab": "agenda"},
    )


@access.require("tagesordnung.change_agenda")
def item_edit(request, pk):
    item = _item(request, pk)
    stored_level = item.classification  # the form writes into ``item``
    conference = _conference(request, item.conference_id)
    form = AgendaItemForm(
        request.POST or None,
        instance=item,
        conference=conference,
        initial={"version": item.version},
    )
    lowering = None
    if request.method == "POST" and form.is_valid():
        new_level = form.cleaned_data["classification"]
        if (
            is_lower(new_level, stored_level)
            and request.POST.get("confirm_lowering") != new_level
        ):
            # Lowering asks first and names what becomes visible to whom.
            lowering = selectors.item_lowering_effects(
                item=item, old_level=stored_level, new_level=new_level
            )
    if lowering is not None:
        return _item_page(request, item, conference, form, {}, lowering)

    def save():
        services.item_update(
            item=item, version=form.cleaned_data["version"], **form.item_fields()
        )
        messages.success(request, _("The agenda item was saved."))
        return redirect("tagesordnung:agenda", pk=conference.pk)

    return locking.edit(
        request,
        form,
        save=save,
        current=lambda: AgendaItem.objects.select_related(
            "presenter_contact__authority", "topic"
        ).get(pk=item.pk),
        page=lambda context: _item_page(request, item, conference, form, context, None),
    )


def _item_page(
    request, item, conference, form, context, lowering, attachment_form=None
):
    """The item's edit page; ``attachment_form`` bound after a failed upload."""
    return render(
        request,
        "tagesordnung/agenda/item_form.html",
        {
            **context,
            "form": form,
            "item": item,
            "conference": conference,
            "active_tab": "agenda",
            "lowering": lowering,
            "attachment_form": attachment_form
            or AttachmentForm(parent_level=item.classification),
            "attachments": item.attachments.visible_to(audience_for_user(request.user)),
            "max_mb": services.attachment_max_bytes() // (1024 * 1024),
        },
    )


@require_POST
@access.require("tagesordnung.change_agenda")
def item_delete(request, pk):
    item = _item(request, pk)
    conference_pk = item.conference_id
    services.item_delete(item=item)
    messages.success(request, _("“%(title)s” was removed.") % {"title": item.title})
    return redirect("tagesordnung:agenda", pk=conference_pk)


@require_POST
@access.require("tagesordnung.change_agenda")
def item_move(request, pk):
    item = _item(request, pk)
    offset = {"up": -1, "down": 1}.get(request.POST.get("direction"))
    if offset is None:
        messages.error(request, _("Unknown direction."))
    else:
        services.item_move(
            item=item, offset=offset, audience=audience_for_user(request.user)
        )
    url = redirect("tagesordnung:agenda", pk=item.conference_id).url
    # The fragment names the pressed button: the browser focuses it again, so
    # that a keyboard user can go on moving the same item.
    direction = request.POST.get("direction")
    return redirect(f"{url}#top-{item.pk}-{direction}" if offset else url)


@require_POST
@access.require("tagesordnung.change_agenda")
def agenda_reorder(request, pk):
    conference = _conference(request, pk)
    order = int_list(request.POST.getlist("item"))
    services.agenda_reorder(conference=conference, order=order)
    if request.headers.get("HX-Request"):
        return render(
            request,
            "tagesordnung/includes/agenda_list.html",
            _agenda_context(request, conference),
        )
    messages.success(request, _("The order was saved."))
    return redirect("tagesordnung:agenda", pk=conference.pk)


@require_POST
@access.require("tagesordnung.change_agenda")
def carry_over_add(request, pk):
    conference = _conference(request, pk)
    services.carry_over_item_ensure(conference=conference)
    messages.success(
        request, _("The item “Bericht zu offenen Maßnahmen” is on the agenda.")
    )
    return redirect("tagesordnung:agenda", pk=conference.pk)


# Proposals


def _proposal(request, pk):
    return access.find(
        request,
        Proposal.objects.select_related("conference", "invitation__contact__authority"),
        pk=pk,
    )


#: The decisions on a proposal (``proposal_decide``, the posted
#: ``decision``): the service and what it did.
PROPOSAL_DECISIONS = {
    "accept": (
        services.proposal_accept,
        gettext_lazy("The proposal was accepted and added to the agenda."),
    ),
    "reject": (services.proposal_reject, gettext_lazy("The proposal was rejected.")),
}


@require_POST
@access.require("tagesordnung.change_agenda")
def proposal_decide(request, pk):
    proposal = _proposal(request, pk)
    form = ProposalDecisionForm(request.POST)
    form.is_valid()
    note = form.cleaned_data.get("note", "")
    to = redirect("tagesordnung:agenda", pk=proposal.conference_id)
    if request.POST.get("decision") not in PROPOSAL_DECISIONS:
        messages.error(request, _("Please accept or reject the proposal."))
        return to
    decide, done = PROPOSAL_DECISIONS[request.POST["decision"]]
    return actions.perform(
        request,
        lambda: decide(proposal=proposal, user=request.user, note=note),
        done=done,
        refusals=services.AgendaError,
        to=to,
    )


# Attachments


@require_POST
@access.require("tagesordnung.change_agenda")
def attachment_upload(request, pk):
    item = _item(request, pk)
    form = AttachmentForm(request.POST, request.FILES, parent_level=item.classification)
    if form.is_valid():
        try:
            services.attachment_add(
                item=item,
                upload=form.cleaned_data["file"],
                classification=form.cleaned_data["classification"],
                user=request.user,
            )
        except services.StorageFull as error:
            # The disk is full: the page again with the form as it was sent
            # (classification kept) and the reason; nothing was stored.
            form.add_error(None, str(error))
            conference = _conference(request, item.conference_id)
            item_form = AgendaItemForm(
                instance=item, conference=conference, initial={"version": item.version}
            )
            return _item_page(request, item, conference, item_form, {}, None, form)
        except services.AgendaError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The file was attached."))
    else:
        if "file" in form.errors:
            messages.error(request, _("Please choose a file."))
        for error in form.errors.get("classification", []):
            messages.error(request, error)
    return redirect("tagesordnung:item-edit", pk=item.pk)


def _attachment(request, pk):
    return access.find(request, Attachment.objects, pk=pk)


@access.require("konferenz.view_conference")
def attachment_download(request, pk):
    return attachment_response(_attachment(request, pk))


@require_POST
@access.require("tagesordnung.change_agenda")
def attachment_delete(request, pk):
    attachment = _attachment(request, pk)
    item_pk = attachment.item_id
    services.attachment_delete(attachment=attachment)
    messages.success(request, _("The attachment was removed."))
    return redirect("tagesordnung:item-edit", pk=item_pk)


# Exports


@access.require("konferenz.view_internal")
def agenda_export(request, pk, fmt):
    conference = _conference(request, pk)
    version = request.GET.get("fassung", "teilnehmende")
    audience = exports.VERSIONS.get(version)
    if fmt not in ("pdf", "docx") or audience is None:
        raise Http404
    if audience == Audience.STAFF_VS_NFD:
        access.demand(request, "konferenz.view_vs_nfd")
    name = _("Agenda-%(date)s-%(version)s.%(ext)s") % {
        "date": f"{conference.date:%Y-%m-%d}",
        "version": version,
        "ext": fmt,
    }
    data = exports.agenda_document(conference=conference, fmt=fmt, audience=audience)
    content_type = "application/pdf" if fmt == "pdf" else DOCX_CONTENT_TYPE
    return downloads.attachment(data, content_type=content_type, filename=name)
