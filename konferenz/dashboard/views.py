"""Übersicht: the start page of a police authority's staff."""

from django.shortcuts import redirect, render
from django.utils import timezone

from konferenz.core import changestamp, links, selectors
from konferenz.core.classification import audience_for_user
from konferenz.core.models import Conference
from konferenz.core.tenancy import require_tenant
from tagesordnung.agenda.selectors import overdue_actions
from teilnehmer.invitations.selectors import answer_counts

#: how many overdue actions the dashboard lists (the rest behind a link)
DASHBOARD_ACTIONS = 10


def dashboard(request):
    """Übersicht: the next conference and the yearly duty of the user's authority."""
    membership = request.membership
    if membership and membership.is_ministry:
        return redirect("konferenz:ministry-overview")
    if not membership or membership.police_authority is None:
        # The state-wide administrator (or an account not yet assigned):
        # a start page of its own instead of a 403 on every menu item.
        return render(request, "konferenz/dashboard/start_without_authority.html")
    tenant = require_tenant(request)
    audience = audience_for_user(request.user)
    fragment = changestamp.fragment(
        request,
        template="konferenz/dashboard/dashboard_content.html",
        context=lambda: _context(tenant, audience),
        kind="dashboard",
        tenant_id=tenant.pk,
        perms=("konferenz.change_conference",),
        audience=audience,
    )
    return render(request, "konferenz/dashboard/dashboard.html", {"fragment": fragment})


def _context(tenant, audience):
    today = timezone.localdate()
    # The card shows no sequence number: none is counted for it.
    conferences = Conference.objects.for_tenant(tenant)
    next_conference = conferences.upcoming(today).order_by("date", "start_time").first()
    duty = selectors.yearly_duty(police_authority=tenant, today=today)
    current = next(d for d in duty if d.year == today.year)
    return {
        "next_conference": next_conference,
        "days_left": (next_conference.date - today).days if next_conference else None,
        "answers": answer_counts(next_conference) if next_conference else None,
        "overdue_actions": links.with_urls(
            overdue_actions(
                police_authority=tenant,
                today=today,
                audience=audience,
                limit=DASHBOARD_ACTIONS,
            ),
            "tagesordnung:minutes",
            attr="minutes_url",
            key="conference_id",
        ),
        "duty": duty,
        "duty_warning": current.state not in ("held", "planned"),
        "current_year": today.year,
    }
