"""The error pages (403, CSRF failure, 404, 500), in German and without login."""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.views.decorators.csrf import requires_csrf_token


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
