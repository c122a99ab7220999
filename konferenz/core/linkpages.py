"""The answers of every page behind a secret link (partner, quote, contact
check): the token URL that opens the link, the guard of the pages behind it,
no Referer and no indexing, one page for every bad link (counted as a failed
guess against the partner rate limit) and one for too many tries."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from konferenz.core import ratelimit


def private(response, policy="same-origin"):
    response["Referrer-Policy"] = policy
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def invalid(request):
    """Every bad link answers the same page and counts as a failed guess."""
    _limit, window = settings.SIKO_PARTNER_RATE_LIMIT
    ratelimit.record_failure(request, scope="partner", window=window)
    return private(
        render(request, "teilnehmer/partner/invalid.html", status=404), "no-referrer"
    )


def too_many(request):
    response = render(request, "teilnehmer/partner/too_many.html", status=429)
    response["Retry-After"] = "300"
    return private(response, "no-referrer")


def opener(find, *, session_key, page):
    """The view of a token URL (no login, never cached, GET only). An address
    that guessed too many bad links gets the "too many" page; ``find(token)``
    gives what the session keeps for the link (its hash), or ``None`` for a
    bad link. The session gets a new key and the hash, and the person is sent
    on to the token-free ``page``, so the secret stays out of the address
    bar, the history and any Referer."""

    @login_not_required
    @never_cache
    @require_GET
    def open_link(request, token):
        limit, window = settings.SIKO_PARTNER_RATE_LIMIT
        if ratelimit.blocked(request, scope="partner", limit=limit, window=window):
            return too_many(request)
        opened = find(token)
        if opened is None:
            return invalid(request)
        request.session.cycle_key()
        request.session[session_key] = opened
        return private(redirect(page), "no-referrer")

    return open_link


def guard(find, *, scope):
    """A decorator for the pages behind a link. ``find(request)`` reads the
    link the session opened: ``(subject, args)`` – whose POSTs the rate limit
    ``scope`` counts, and what the view gets after the request – or ``None``
    without a live link (the invalid page). A POST beyond the limit gets the
    "too many" page."""

    def decorate(view):
        @wraps(view)
        def guarded(request, *args, **kwargs):
            found = find(request)
            if found is None:
                return invalid(request)
            subject, link = found
            if request.method == "POST":
                limit, window = settings.SIKO_PARTNER_RATE_LIMIT
                if not ratelimit.allow(
                    scope=scope, subject=subject, limit=limit, window=window
                ):
                    return too_many(request)
            return view(request, *link, *args, **kwargs)

        return guarded

    return decorate
