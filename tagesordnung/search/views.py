"""Full-text search over agenda, minutes, decisions and actions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST
from rules.contrib.views import permission_required
from konferenz.params import int_list
from konferenz.spreadsheet import XLSX_CONTENT_TYPE
from konferenz.tenancy import require_tenant
from tagesordnung import minutes_exports, minutes_selectors, search
from tagesordnung import minutes_services as services
from tagesordnung.classification import (
    Audience,
    audience_for_user,
    filter_visible_history,
)
from tagesordnung.minutes_forms import (
    ActionFilterForm,
    ActionForm,
    DecisionForm,
    EntryForm,
    MinutesSettingsForm,
    ProgressForm,
    ReplyForm,
    SearchForm,
    SubmitForm,
)
from tagesordnung.minutes_models import (
    ActionItem,
    ClassifiedReadLog,
    Decision,
    Minutes,
    MinutesComment,
    MinutesEntry,
)
from tagesordnung.views import _conference


@permission_required("konferenz.view_conference", raise_exception=True)
def minutes_search(request):
    tenant = require_tenant(request)
    form = SearchForm(request.GET or None)
    results = []
    query = ""
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
        if query:
            results = search.search(
                police_authority=tenant,
                query=query,
                audience=audience_for_user(request.user),
            )
    return render(
        request,
        "tagesordnung/minutes/search.html",
        {"form": form, "results": results, "query": query},
    )
