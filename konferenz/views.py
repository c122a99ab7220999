from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.csrf import requires_csrf_token
from django.views.generic import DetailView, ListView
from rules.contrib.views import PermissionRequiredMixin, permission_required

from konferenz import selectors
from konferenz.forms import LoginForm
from konferenz.models import Conference
from konferenz.tenancy import TenantMixin, require_tenant


class LoginView(auth_views.LoginView):
    authentication_form = LoginForm
    redirect_authenticated_user = True


def dashboard(request):
    """Übersicht: the next conference and the yearly duty of the user's authority."""
    membership = request.membership
    if membership and membership.is_ministry:
        return redirect("konferenz:ministry-overview")
    tenant = require_tenant(request)
    today = timezone.localdate()
    conferences = Conference.objects.for_tenant(tenant).with_sequence()
    next_conference = conferences.upcoming(today).order_by("date", "start_time").first()
    duty = selectors.yearly_duty(police_authority=tenant, today=today)
    current = next(d for d in duty if d.year == today.year)
    return render(
        request,
        "konferenz/dashboard.html",
        {
            "next_conference": next_conference,
            "days_left": (next_conference.date - today).days
            if next_conference
            else None,
            "duty": duty,
            "duty_warning": current.state not in ("held", "planned"),
            "current_year": today.year,
        },
    )


class ConferenceListView(TenantMixin, PermissionRequiredMixin, ListView):
    permission_required = "konferenz.view_conference"
    model = Conference
    paginate_by = 50

    def get_queryset(self):
        qs = super().get_queryset().with_sequence()
        year = self.request.GET.get("jahr", "")
        # Only four ASCII digits: str.isdigit() also accepts "²" and
        # 400-digit numbers, which int() or the date lookup refuse with a 500.
        if len(year) == 4 and year.isascii() and year.isdigit():
            qs = qs.filter(date__year=int(year))
        return qs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["years"] = Conference.objects.for_tenant(self.tenant).dates(
            "date", "year", order="DESC"
        )
        context["selected_year"] = self.request.GET.get("jahr", "")
        return context


class ConferenceDetailView(TenantMixin, PermissionRequiredMixin, DetailView):
    permission_required = "konferenz.view_conference"
    model = Conference

    extra_context = {"active_tab": "overview"}

    def get_queryset(self):
        return super().get_queryset().with_sequence().select_related("police_authority")


@permission_required("konferenz.view_ministry_overview", raise_exception=True)
def ministry_overview(request):
    """Which police authority held its conference in which year (metadata only)."""
    years, rows = selectors.ministry_grid(today=timezone.localdate())
    return render(
        request, "konferenz/ministry_overview.html", {"years": years, "rows": rows}
    )


def locked_out(request, response=None, credentials=None):
    """django-axes: the German page after too many failed logins (status 429)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request, "registration/locked_out.html", {"minutes": minutes}, status=429
    )


@login_not_required
@requires_csrf_token
def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


@login_not_required
def csrf_failure(request, reason=""):
    """A form was sent without a valid security token (e.g. an old tab)."""
    return render(request, "403_csrf.html", status=403)


@login_not_required
@requires_csrf_token
def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


@login_not_required
@requires_csrf_token
def server_error(request):
    return render(request, "500.html", status=500)
