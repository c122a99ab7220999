"""Minutes (Protokoll), actions across conferences and the search."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.forms.models import model_to_dict
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from konferenz.core import access, changestamp, downloads, locking
from konferenz.core.actions import perform, submit
from konferenz.core.classification import (
    Audience,
    audience_for_user,
)
from konferenz.core.params import int_list
from konferenz.core.selects import read_choices, select_options
from konferenz.core.tenancy import require_tenant
from konferenz.documents.xlsx import XLSX_CONTENT_TYPE
from tagesordnung.agenda.views import _conference
from tagesordnung.minutes import action_table, services
from tagesordnung.minutes import (
    exports as minutes_exports,
)
from tagesordnung.minutes import page as minutes_rows
from tagesordnung.minutes import (
    selectors as minutes_selectors,
)
from tagesordnung.minutes.forms import (
    ActionFilterForm,
    ActionForm,
    DecisionForm,
    EntryForm,
    MinutesSettingsForm,
    ProgressForm,
    ReplyForm,
    SubmitForm,
)
from tagesordnung.minutes.models import (
    ActionItem,
    Decision,
    Minutes,
    MinutesComment,
    MinutesEntry,
)


def _minutes(request, conference_pk):
    conference = _conference(request, conference_pk)
    minutes = minutes_selectors.minutes_of(conference)
    if minutes is None:
        raise Http404
    minutes.conference = conference
    return minutes


def _entry(request, pk):
    return access.find(
        request,
        MinutesEntry.objects.select_related(
            "agenda_item", "minutes__conference__police_authority"
        ),
        pk=pk,
    )


def _action(request, pk):
    return access.find(
        request,
        ActionItem.objects.select_related(
            "entry__minutes", "entry__agenda_item", "conference"
        ),
        pk=pk,
    )


def _review_state(minutes, can_approve):
    """What the head's approval form says while the comment period runs."""
    if not (can_approve and minutes.status == Minutes.Status.IN_REVIEW):
        return {"period_running": False}
    total = (
        services.review_recipients(minutes).count()
        if services.comment_period_running(minutes)
        else 0
    )
    return {
        "period_running": bool(total),
        "uncommented_count": services.uncommented_count(minutes) if total else 0,
        "review_recipient_count": total,
    }


def _minutes_context(conference, minutes, audience, permissions, failed):
    """What the minutes page shows (read here, not from the template), and
    the view of the minutes it shows (for the read log)."""
    can_approve, can_edit = permissions["can_approve"], permissions["can_edit"]
    # The head sees what the partners said before approving.
    view = minutes_selectors.minutes_view(
        minutes=minutes, audience=audience, with_comments=can_edit or can_approve
    )
    editable = not minutes.is_locked and can_edit
    snapshots = list(minutes.snapshots.values_list("revision", "archive"))
    rows = minutes_rows.rows(view, editable=editable, failed=failed)
    settings_form = MinutesSettingsForm(
        initial={"kind": minutes.kind, "minute_taker": minutes.minute_taker},
        police_authority=conference.police_authority,
    )
    if editable:  # its choices read here, not from the template
        read_choices(settings_form, "minute_taker")
    in_review = minutes.status == Minutes.Status.IN_REVIEW
    context = {
        "editable": editable,
        "failed_decision": failed,
        "rows": rows,
        "attendance": minutes_rows.attendance(minutes_exports.attendance(conference)),
        "settings_form": settings_form,
        "submit_form": SubmitForm(),
        "comment_states": MinutesComment.State.choices,
        "review_comments": minutes_rows.review_comments(rows),
        "open_comment_count": services.open_comments(minutes).count()
        if in_review and can_approve
        else 0,
        **_review_state(minutes, can_approve),
        "has_snapshots": bool(snapshots),
        "archives": [revision for revision, archive in snapshots if archive]
        if permissions["can_archive"]
        else [],
    }
    return context, view


def _minutes_parts(request, *, conference, failed):
    """The minutes page below the tabs, kept per conference change stamp,
    audience, the reader's permissions and language
    (konferenz/core/changestamp.py), with the VS-NfD parts it shows beside it
    (for the read log). A refused decision (``failed``) shows what was
    typed: rendered anew, kept nowhere."""
    audience = audience_for_user(request.user)
    permissions = {
        "can_edit": request.user.has_perm("tagesordnung.change_minutes"),
        "can_approve": request.user.has_perm("tagesordnung.approve_minutes"),
        "can_export": request.user.has_perm("konferenz.view_internal"),
        "can_archive": request.user.has_perm("konferenz.view_vs_nfd"),
    }
    template = "tagesordnung/minutes/parts/page.html"

    def build():
        minutes = minutes_selectors.minutes_of(conference)
        context = {"conference": conference, "minutes": minutes, **permissions}
        if minutes is None:
            page = changestamp.render_part(template, context)
            return {"page": page, "minutes_id": None, "reads": []}
        more, view = _minutes_context(
            conference, minutes, audience, permissions, failed
        )
        context.update(more)
        return {
            "page": changestamp.render_part(template, context),
            "minutes_id": minutes.pk,
            "reads": minutes_selectors.classified_reads(view),
        }

    return changestamp.cached_parts(
        request,
        kind="minutes-page",
        conference_id=conference.pk,
        audience=audience,
        variant=":".join(f"{name}={value}" for name, value in permissions.items()),
        build=build,
        fresh=failed is not None,
    )


@access.require("konferenz.view_conference")
def minutes_page(request, pk, failed_decision=None, status=200):
    conference = _conference(request, pk)
    parts = _minutes_parts(request, conference=conference, failed=failed_decision)
    if parts["minutes_id"] is not None:
        # Written on every view, whether the page came from the cache or not.
        minutes_selectors.log_reads(
            minutes_id=parts["minutes_id"], user=request.user, reads=parts["reads"]
        )
    return render(
        request,
        "tagesordnung/minutes/minutes.html",
        {"conference": conference, "active_tab": "minutes", "parts": parts},
        status=status,
    )


@require_POST
@access.require("tagesordnung.change_minutes")
def minutes_create(request, pk):
    conference = _conference(request, pk)
    services.minutes_ensure(conference=conference, user=request.user)
    messages.success(request, _("The minutes are ready to be written."))
    return redirect("tagesordnung:minutes", pk=conference.pk)


@require_POST
@access.require("tagesordnung.change_minutes")
def minutes_settings(request, pk):
    minutes = _minutes(request, pk)
    form = MinutesSettingsForm(
        request.POST, police_authority=minutes.conference.police_authority
    )
    return submit(
        request,
        form,
        lambda data: services.minutes_update(minutes=minutes, **data),
        done=_("The minutes were saved."),
        refusals=services.MinutesError,
        to=redirect("tagesordnung:minutes", pk=pk),
        invalid=_("Please check your input."),
    )


@require_POST
def minutes_transition(request, pk):
    """submit (in Abstimmung), draft (back), approve, correct."""
    step = request.POST.get("step")
    perm = (
        "tagesordnung.approve_minutes"
        if step == "approve"
        else "tagesordnung.change_minutes"
    )
    access.demand(request, perm)
    minutes = _minutes(request, pk)
    take = _STEPS.get(step)
    to = redirect("tagesordnung:minutes", pk=pk)
    if take is None:
        messages.error(request, _("Unknown step."))
        return to
    return perform(
        request,
        lambda: take(request, minutes),
        done=lambda said: said,
        refusals=services.MinutesError,
        to=to,
    )


def _submit(request, minutes):
    form = SubmitForm(request.POST)
    if not form.is_valid():
        raise services.MinutesError(_("Please enter the end of the comment period."))
    services.minutes_submit(minutes=minutes, user=request.user, **form.cleaned_data)
    return _("The minutes were sent to the participants for comments.")


def _back_to_draft(request, minutes):
    services.minutes_back_to_draft(minutes=minutes, user=request.user)
    return _("The minutes are a draft again.")


def _approve(request, minutes):
    services.minutes_approve(
        minutes=minutes,
        user=request.user,
        acknowledge_open_comments=request.POST.get("acknowledge") == "on",
        period_ok=request.POST.get("period_ok") == "on",
    )
    return _("The minutes were approved and locked.")


def _correct(request, minutes):
    services.minutes_correction_begin(minutes=minutes, user=request.user)
    return _("A correction was begun; the approved version is kept.")


#: The steps of ``minutes_transition``: each runs its service and says what
#: it did (a refusal raises ``MinutesError``).
_STEPS = {
    "submit": _submit,
    "draft": _back_to_draft,
    "approve": _approve,
    "correct": _correct,
}


@access.require("tagesordnung.change_minutes")
def entry_edit(request, pk):
    entry = _entry(request, pk)
    conference = _conference(request, entry.minutes.conference_id)
    form = EntryForm(
        request.POST or None,
        parent_level=entry.agenda_item.classification,
        initial={
            "text": entry.text,
            "classification": entry.classification,
            "version": entry.version,
        },
    )

    def save():
        services.entry_update(entry=entry, **form.cleaned_data)
        messages.success(request, _("The entry was saved."))
        return redirect(
            f"{redirect('tagesordnung:minutes', pk=conference.pk).url}"
            f"#eintrag-{entry.pk}"
        )

    return locking.edit(
        request,
        form,
        save=save,
        current=lambda: MinutesEntry.objects.get(pk=entry.pk),
        page=lambda context: _form_page(
            request,
            "tagesordnung/minutes/entry_form.html",
            form,
            conference,
            entry=entry,
            **context,
        ),
        refusals=services.MinutesError,
        invalid=400,
    )


@require_POST
@access.require("tagesordnung.change_minutes")
def decision_add(request, pk):
    entry = _entry(request, pk)
    form = DecisionForm(request.POST, parent_level=entry.level)
    errors = []
    if form.is_valid():
        try:
            services.decision_add(entry=entry, **form.cleaned_data)
        except services.MinutesError as error:
            errors.append(str(error))
        else:
            messages.success(request, _("The decision was added."))
            return redirect("tagesordnung:minutes", pk=entry.minutes.conference_id)
    else:
        if "text" in form.errors:
            if request.POST.get("text", "").strip():
                errors += form.errors["text"]  # too long
            else:
                errors.append(_("Please enter the decision."))
        errors += form.errors.get("classification", [])
    for error in errors:
        messages.error(request, error)
    # The page again, with the form open and nothing typed lost.
    return minutes_page(
        request,
        entry.minutes.conference_id,
        failed_decision={
            "entry": entry.pk,
            "text": request.POST.get("text", ""),
            "classification": request.POST.get("classification", ""),
            "errors": errors,
        },
        status=400,
    )


@require_POST
@access.require("tagesordnung.change_minutes")
def decision_delete(request, pk):
    decision = access.find(
        request, Decision.objects.select_related("entry__minutes"), pk=pk
    )
    return perform(
        request,
        lambda: services.decision_delete(decision=decision),
        done=_("The decision was removed."),
        refusals=services.MinutesError,
        to=redirect("tagesordnung:minutes", pk=decision.entry.minutes.conference_id),
    )


@access.require("tagesordnung.change_minutes")
def action_add(request, pk):
    entry = _entry(request, pk)
    conference = _conference(request, entry.minutes.conference_id)
    form = ActionForm(
        request.POST or None,
        police_authority=conference.police_authority,
        parent_level=entry.level,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            data.pop("version")
            try:
                services.action_add(entry=entry, **data)
            except services.MinutesError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The action was added."))
                return redirect("tagesordnung:minutes", pk=conference.pk)
        status = 400
    template = "tagesordnung/minutes/action_form.html"
    return _form_page(request, template, form, conference, status, entry=entry)


def _form_page(request, template, form, conference, status=200, **context):
    """An entry's or action's form page (``context``: the entry, the action,
    a conflict)."""
    return render(
        request,
        template,
        {"form": form, "conference": conference, "active_tab": "minutes", **context},
        status=status,
    )


@access.require("tagesordnung.change_minutes")
def action_edit(request, pk):
    action = _action(request, pk)
    conference = _conference(request, action.conference_id)
    form = ActionForm(
        request.POST or None,
        police_authority=conference.police_authority,
        parent_level=action.entry.level,
        # the model's version is not editable: model_to_dict leaves it out
        initial={
            **model_to_dict(action, fields=ActionForm.base_fields),
            "version": action.version,
        },
    )

    def save():
        services.action_update(action=action, **form.cleaned_data)
        messages.success(request, _("The action was saved."))
        return redirect("tagesordnung:minutes", pk=conference.pk)

    return locking.edit(
        request,
        form,
        save=save,
        current=lambda: ActionItem.objects.select_related("responsible").get(
            pk=action.pk
        ),
        page=lambda context: _form_page(
            request,
            "tagesordnung/minutes/action_form.html",
            form,
            conference,
            entry=action.entry,
            action=action,
            **context,
        ),
        refusals=services.MinutesError,
        invalid=400,
    )


@require_POST
@access.require("tagesordnung.change_minutes")
def action_delete(request, pk):
    action = _action(request, pk)
    return perform(
        request,
        lambda: services.action_delete(action=action),
        done=_("The action was removed."),
        refusals=services.MinutesError,
        to=redirect("tagesordnung:minutes", pk=action.conference_id),
    )


@require_POST
@access.require("tagesordnung.change_minutes")
def action_progress(request, pk):
    action = _action(request, pk)
    back_to_minutes = request.POST.get("next", "") == "minutes"
    return submit(
        request,
        ProgressForm(request.POST),
        lambda data: services.action_progress(action=action, user=request.user, **data),
        done=_("The progress was recorded."),
        refusals=services.MinutesError,
        to=redirect("tagesordnung:minutes", pk=action.conference_id)
        if back_to_minutes
        else redirect("tagesordnung:action-list"),
        invalid=_("Please choose a status."),
    )


@require_POST
@access.require("tagesordnung.change_minutes")
def comment_reply(request, pk):
    tenant = require_tenant(request)
    comment = get_object_or_404(
        MinutesComment.objects.filter(
            entry__minutes__conference__police_authority=tenant
        ).select_related("entry__minutes"),
        pk=pk,
    )
    return submit(
        request,
        ReplyForm(request.POST),
        lambda data: services.comment_reply(
            comment=comment, text=data["reply"], state=data["state"], user=request.user
        ),
        done=_("Your reply was saved."),
        to=redirect("tagesordnung:minutes", pk=comment.entry.minutes.conference_id),
        invalid=_("Please enter your reply."),
    )


# The whole minutes document, its versions and history need the right to
# internal content: the press office (public facts only) is refused (403,
# konferenz/core/access.py). The minutes are read only when the document is
# not in the cache; no minutes: not found.
@access.require("konferenz.view_internal")
def minutes_export(request, pk, fmt):
    conference = _conference(request, pk)
    version = request.GET.get("fassung", "teilnehmende")
    if fmt not in ("pdf", "docx") or version not in ("teilnehmende", "intern"):
        raise Http404
    audience = (
        audience_for_user(request.user) if version == "intern" else Audience.PARTICIPANT
    )

    document = minutes_exports.minutes_document(
        conference=conference, fmt=fmt, version=version, audience=audience
    )
    if document is None:
        raise Http404
    data, content_type, minutes_id, reads = document
    minutes_selectors.log_reads(minutes_id=minutes_id, user=request.user, reads=reads)
    name = _("Minutes-%(date)s-%(version)s.%(ext)s") % {
        "date": f"{conference.date:%Y-%m-%d}",
        "version": version,
        "ext": fmt,
    }
    return downloads.attachment(data, content_type=content_type, filename=name)


@access.require("tagesordnung.change_minutes")
def minutes_distribute(request, pk):
    minutes = _minutes(request, pk)
    recipients = list(minutes_selectors.distribution_candidates(minutes))
    if request.method == "POST":
        chosen = int_list(request.POST.getlist("invitation"))
        try:
            count = services.minutes_distribute(
                minutes=minutes, invitation_ids=chosen, user=request.user
            )
        except services.MinutesError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("The minutes were sent to %(count)s recipients.") % {"count": count},
            )
            return redirect("tagesordnung:minutes", pk=pk)
    return render(
        request,
        "tagesordnung/minutes/distribute.html",
        {
            "conference": minutes.conference,
            "minutes": minutes,
            "recipients": recipients,
            "chosen": set(int_list(request.POST.getlist("invitation")))
            if request.method == "POST"
            else set(
                minutes_selectors.minutes_readers(minutes).values_list("pk", flat=True)
            ),
            "active_tab": "minutes",
        },
    )


@access.require("konferenz.view_internal")
def minutes_diff(request, pk):
    minutes = _minutes(request, pk)
    snapshot, rows = minutes_selectors.minutes_diff(
        minutes=minutes, audience=audience_for_user(request.user)
    )
    return render(
        request,
        "tagesordnung/minutes/diff.html",
        {
            "conference": minutes.conference,
            "minutes": minutes,
            "snapshot": snapshot,
            "rows": rows,
            "active_tab": "minutes",
        },
    )


@require_GET
@access.require("konferenz.view_vs_nfd")
def minutes_archive(request, pk, revision):
    """The archive copy (PDF/A) of an approved version: everything, so only
    for staff who may read VS-NfD."""
    minutes = _minutes(request, pk)
    snapshot = get_object_or_404(
        minutes.snapshots.exclude(archive=""), revision=revision
    )
    return FileResponse(
        snapshot.archive.open("rb"),
        as_attachment=True,
        filename=minutes_exports.archive_file_name(minutes, revision),
        content_type="application/pdf",
    )


@access.require("konferenz.view_internal")
def minutes_history(request, pk):
    minutes = _minutes(request, pk)
    records = minutes_selectors.minutes_history(
        minutes=minutes, audience=audience_for_user(request.user)
    )
    reads = []
    if request.user.has_perm("konferenz.view_vs_nfd"):
        reads = minutes_selectors.classified_read_log(minutes=minutes)
    return render(
        request,
        "tagesordnung/minutes/history.html",
        {
            "conference": minutes.conference,
            "minutes": minutes,
            "records": records,
            "reads": reads,
            "active_tab": "minutes",
        },
    )


# Actions across conferences


ACTIONS_PER_PAGE = 25


def _filtered_actions(request, today):
    """The filter form and the actions it selects, as the reader may see them
    (the list page and its workbook)."""
    tenant = require_tenant(request)
    form = ActionFilterForm(request.GET or None, police_authority=tenant)
    filters = form.cleaned_data if form.is_valid() else {}
    actions = minutes_selectors.actions_list(
        police_authority=tenant,
        audience=audience_for_user(request.user),
        status=filters.get("status", ""),
        responsible=filters.get("responsible"),
        conference=filters.get("conference"),
        overdue=filters.get("overdue", False),
        today=today,
    )
    return form, actions


@access.require("konferenz.view_conference")
def action_list(request):
    tenant = require_tenant(request)
    audience = audience_for_user(request.user)
    # Cached per tenant stamp, audience, permission, day (the overdue badge)
    # and query string; the rows' forms get the reader's CSRF token after the
    # cache (changestamp.fragment).
    fragment = changestamp.fragment(
        request,
        template="tagesordnung/minutes/action_list_content.html",
        context=lambda: _action_list_context(request),
        kind="actions",
        tenant_id=tenant.pk,
        perms=("tagesordnung.change_minutes",),
        params=("status", "responsible", "conference", "overdue", "page"),
        audience=audience,
    )
    return render(
        request, "tagesordnung/minutes/action_list.html", {"fragment": fragment}
    )


def _action_list_context(request):
    today = timezone.localdate()
    form, actions = _filtered_actions(request, today)
    page = Paginator(action_table.values(actions), ACTIONS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    # Everything the template shows is read here (no query from the
    # template): plain rows, links and labels made once per page (issue 32).
    return {
        "form": form,
        "filter_selects": [
            select_options(form, "responsible"),
            select_options(form, "conference"),
        ],
        "actions": action_table.rows(page.object_list, today=today),
        "page_obj": page,
        "is_paginated": page.has_other_pages(),
        "today": today,
        "can_edit": request.user.has_perm("tagesordnung.change_minutes"),
    }


@require_GET
@access.require("konferenz.view_conference")
def action_list_xlsx(request):
    """The filtered actions list as a workbook (same filters and audience)."""
    today = timezone.localdate()
    _form, actions = _filtered_actions(request, today)
    content = minutes_exports.actions_xlsx(
        police_authority=require_tenant(request), actions=actions
    )
    name = _("actions-%(date)s.xlsx") % {"date": today}
    return downloads.attachment(content, content_type=XLSX_CONTENT_TYPE, filename=name)


@require_POST
@access.require("tagesordnung.change_minutes")
def actions_remind(request):
    tenant = require_tenant(request)
    count = services.actions_remind_overdue(police_authority=tenant)
    messages.success(
        request,
        _("%(count)s reminders about overdue actions were sent.") % {"count": count},
    )
    return redirect("tagesordnung:action-list")


__all__ = ["Minutes"]
