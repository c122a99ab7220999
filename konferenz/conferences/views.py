from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods
from django.views.generic import DetailView, ListView

from konferenz.conferences import rows, selectors, services
from konferenz.conferences.forms import (
    CancelForm,
    ConferenceForm,
    TransitionForm,
    UndoForm,
)
from konferenz.core import (
    access,
    actions,
    changestamp,
    downloads,
    locking,
    ratelimit,
    workflow,
)
from konferenz.core.models import CalendarFeed, Conference
from konferenz.core.selectors import conference_for_request as _conference
from konferenz.core.tenancy import TenantMixin, require_tenant
from konferenz.documents import ics

CHANGE = "konferenz.change_conference"


class ConferenceListView(
    TenantMixin, access.PermissionMixin, changestamp.CachedListMixin, ListView
):
    permission_required = "konferenz.view_conference"
    model = Conference
    paginate_by = 50
    template_name = "konferenz/conferences/conference_list.html"
    fragment_template = "konferenz/conferences/conference_list_content.html"
    fragment_perms = (CHANGE,)
    fragment_params = ("jahr", "status", "art", "page")

    def get_queryset(self):
        self.filters = selectors.conference_list_filters(self.request.GET)
        return selectors.conference_list_filter(
            super().get_queryset().with_sequence(), self.filters
        ).values(*rows.FIELDS)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(selectors.conference_list_choices(self.tenant))
        context["selected_year"] = self.filters["jahr"]
        context["filters"] = self.filters
        # The page's rows as plain dictionaries, labelled once (issue 32).
        context["conference_list"] = rows.conference_rows(context["object_list"])
        return context


class ConferenceDetailView(TenantMixin, access.PermissionMixin, DetailView):
    permission_required = "konferenz.view_conference"
    model = Conference
    template_name = "konferenz/conferences/conference_detail.html"

    extra_context = {"active_tab": "overview"}

    def get_object(self, queryset=None):
        return _conference(self.request, self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        conference = self.object
        # The overview below the tabs, cached per change stamp of the
        # conference (its transitions, invitations, agenda, minutes and press
        # release touch it), the organiser's permission and the day (the
        # checklist and the steps depend on today).
        context["fragment"] = changestamp.fragment(
            self.request,
            template="konferenz/conferences/conference_detail_content.html",
            context=lambda: selectors.conference_overview(
                conference, organiser=self.request.user.has_perm(CHANGE)
            ),
            kind="conference-overview",
            conference_id=conference.pk,
            perms=(CHANGE,),
        )
        return context


def _form_page(request, form, *, conference=None, source=None, **conflict):
    return render(
        request,
        "konferenz/conferences/conference_form.html",
        {"form": form, "conference": conference, "source": source, **conflict},
    )


@access.require(CHANGE)
def conference_create(request):
    tenant = require_tenant(request)
    form = ConferenceForm(
        request.POST or None,
        police_authority=tenant,
        today=timezone.localdate(),
        allow_record=True,
    )
    if request.method == "POST" and form.is_valid():
        conference = services.conference_create(
            police_authority=tenant,
            user=request.user,
            already_held=form.cleaned_data.get("already_held", False),
            **form.model_data,
        )
        messages.success(request, _("The conference was saved."))
        return redirect(conference)
    return _form_page(request, form)


@access.require(CHANGE)
def conference_edit(request, pk):
    conference = _conference(request, pk)
    form = ConferenceForm(
        request.POST or None,
        instance=conference,
        police_authority=conference.police_authority,
        today=timezone.localdate(),
    )

    def save():
        notified = services.conference_update(
            conference=conference,
            version=form.cleaned_data["version"],
            user=request.user,
            notify_invitees=form.cleaned_data.get("notify_invitees", False),
            **form.model_data,
        )
        messages.success(request, _("The changes were saved."))
        if notified:
            messages.info(
                request,
                ngettext(
                    "%(n)d invitee is being informed of the change.",
                    "%(n)d invitees are being informed of the change.",
                    notified,
                )
                % {"n": notified},
            )
        return redirect(conference)

    return locking.edit(
        request,
        form,
        save=save,
        page=lambda context: _form_page(
            request, form, conference=conference, **context
        ),
    )


@access.require(CHANGE)
def conference_copy(request, pk):
    """A new draft from an earlier conference: the form comes prefilled."""
    source = _conference(request, pk)
    today = timezone.localdate()
    form = ConferenceForm(
        request.POST or None,
        initial=services.copy_initial(source, today=today),
        police_authority=source.police_authority,
        today=today,
    )
    if request.method == "POST" and form.is_valid():
        conference = services.conference_copy(
            source=source, user=request.user, **form.model_data
        )
        messages.success(
            request,
            _(
                "The new conference was created as a draft with the invitees "
                "and agenda of “%(title)s”. No invitation has been sent yet."
            )
            % {"title": source.title},
        )
        return redirect(conference)
    return _form_page(request, form, source=source)


@require_http_methods(["GET", "POST"])
@access.require(CHANGE)
def conference_transition(request, pk):
    """Confirm a manual status step: its consequences first, then the step."""
    conference = _conference(request, pk)
    to_status = request.POST.get("to_status") or request.GET.get("to", "")
    step = workflow.manual_step(conference, to_status)
    if step is None:
        messages.error(request, _("This status change is not possible."))
        return redirect(conference)
    return _status_step_page(
        request,
        conference,
        step,
        TransitionForm(request.POST or None, step=step),
        lambda data: workflow.transition(
            conference,
            step.status,
            by=request.user,
            note=data["reason"],
            without_press_release=data["without_press_release"],
        ),
        done=_("The status is now “%(status)s”."),
        template="konferenz/conferences/conference_transition.html",
    )


def _status_step_page(request, conference, step, form, act, *, done, template):
    """A status step (or its undoing) confirmed on its page: ``act`` with the
    form's data, then ``done`` with the new status; or the page again (400)
    with the form's errors or the workflow's refusal."""
    if request.method == "POST" and form.is_valid():
        try:
            act(form.cleaned_data)
        except workflow.TransitionError as error:
            form.add_error(None, str(error))
        else:
            status = conference.get_status_display()
            messages.success(request, done % {"status": status})
            return redirect(conference)
    return render(
        request,
        template,
        {
            "conference": conference,
            "step": step,
            "form": form,
            "active_tab": "overview",
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@access.require(CHANGE)
def conference_undo(request, pk):
    """Take back the last manual status step, with a reason for the history."""
    conference = _conference(request, pk)
    step = workflow.undoable_step(conference)
    if step is None:
        messages.error(request, _("There is no step that can be undone."))
        return redirect(conference)
    return _status_step_page(
        request,
        conference,
        step,
        UndoForm(request.POST or None),
        lambda data: workflow.undo_last(
            conference, by=request.user, reason=data["reason"]
        ),
        done=_("The step was undone; the status is again “%(status)s”."),
        template="konferenz/conferences/conference_undo.html",
    )


@access.require(CHANGE)
def conference_cancel(request, pk):
    """Cancel with a reason and choose whom to tell (calendar cancellation)."""
    conference = _conference(request, pk)
    form = CancelForm(request.POST or None, conference=conference)
    if request.method == "POST" and form.is_valid():
        return actions.perform(
            request,
            lambda: services.conference_cancel(
                conference=conference,
                user=request.user,
                reason=form.cleaned_data["reason"],
                notify=form.cleaned_data["notify"],
            ),
            done=_cancelled_message,
            refusals=workflow.TransitionError,
            to=conference,
        )
    return render(
        request,
        "konferenz/conferences/conference_cancel.html",
        {"conference": conference, "form": form, "active_tab": "overview"},
    )


def _cancelled_message(notified):
    if not notified:
        return _("The conference was cancelled.")
    return ngettext(
        "The conference was cancelled; %(n)d invitee is being informed.",
        "The conference was cancelled; %(n)d invitees are being informed.",
        notified,
    ) % {"n": notified}


@access.require("konferenz.view_conference")
def conference_ics(request, pk):
    conference = _conference(request, pk)
    content = ics.calendar_bytes([ics.conference_event(conference)], method="PUBLISH")
    filename = _("Security-conference-%(date)s.ics") % {
        "date": f"{conference.date:%Y-%m-%d}"
    }
    return downloads.attachment(content, content_type=downloads.ICS, filename=filename)


@access.require("konferenz.view_conference")
def calendar_subscription(request):
    """Kalender-Abo: issue, renew or revoke the user's private feed address."""
    require_tenant(request)
    feed_url = None
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            services.calendar_feed_revoke(user=request.user)
            messages.success(
                request, _("The calendar address was revoked; it no longer works.")
            )
            return redirect("konferenz:calendar-subscription")
        token = services.calendar_feed_issue(user=request.user)
        feed_url = request.build_absolute_uri(
            reverse("konferenz:calendar-feed", kwargs={"token": token})
        )
    return render(
        request,
        "konferenz/conferences/calendar_subscription.html",
        {
            "feed": CalendarFeed.objects.filter(user=request.user).first(),
            "feed_url": feed_url,
        },
    )


@login_not_required
@require_GET
def calendar_feed(request, token):
    """The private iCalendar feed: metadata of the authority's conferences.

    No login (calendar programs cannot log in); the secret address is the key,
    and an address that guesses too many wrong ones is refused for a while, as
    at the partner link.
    """
    limit, window = settings.SIKO_PARTNER_RATE_LIMIT
    if ratelimit.blocked(request, scope="feed", limit=limit, window=window):
        response = HttpResponse(
            _("Too many requests. Please try again later."),
            status=429,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = str(window)
        return response
    feed = services.calendar_feed_find(token)
    membership = getattr(feed.user, "membership", None) if feed else None
    if membership is None or membership.police_authority is None:
        ratelimit.record_failure(request, scope="feed", window=window)
        raise Http404
    authority = membership.police_authority
    conferences = Conference.objects.for_tenant(authority).select_related(
        "police_authority"
    )
    content = ics.calendar_bytes(
        [ics.feed_event(conference) for conference in conferences],
        name=_("Security conferences – %(name)s") % {"name": authority.name},
    )
    response = HttpResponse(content, content_type=downloads.ICS)
    response["Cache-Control"] = "private, no-store"
    return response
