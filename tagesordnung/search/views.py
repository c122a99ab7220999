"""Full-text search over agenda, minutes, decisions and actions."""

from django.shortcuts import render

from konferenz.core import access
from konferenz.core.classification import (
    audience_for_user,
)
from konferenz.core.tenancy import require_tenant
from tagesordnung.search import selectors as search
from tagesordnung.search.forms import SearchForm


@access.require("konferenz.view_conference")
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
