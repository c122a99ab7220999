"""The error pages (403, CSRF failure, 404, 500), in German and without login."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET, require_http_methods
from django.views.generic import DetailView, ListView
from rules.contrib.views import PermissionRequiredMixin, permission_required
from konferenz import ics, ratelimit, selectors, services, workflow
from konferenz.accounts.sso import sso_enabled
from konferenz.accounts.views import login_pending_second_factor
from konferenz.checklist import conference_checklist
from konferenz.forms import (
    CancelForm,
    ConferenceForm,
    LoginForm,
    TransitionForm,
    UndoForm,
)
from konferenz.models import CalendarFeed, Conference
from konferenz.params import int_or_none
from konferenz.selectors import conference_for_request as _conference
from konferenz.tenancy import TenantMixin, require_tenant
from tagesordnung.classification import audience_for_user
from tagesordnung.selectors import overdue_actions
from teilnehmer.invitations import answer_counts


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
