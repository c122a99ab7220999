"""The answers of every page behind a secret link (partner, quote, contact
check): the token URL that opens the link, no Referer and no indexing, one
page for every bad link (counted as a failed guess against the partner rate
limit) and one for too many tries."""

from django.conf import settings
from django.shortcuts import redirect, render

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


def open_link(request, token, *, find, session_key, page):
    """The answer of a token URL: an address that guessed too many bad links
    gets the "too many" page; ``find(token)`` gives what the session keeps
    for the link (its hash), or ``None`` for a bad link. The session gets a
    new key and the hash, and the person is sent on to the token-free
    ``page``, so the secret stays out of the address bar, the history and
    any Referer."""
    limit, window = settings.SIKO_PARTNER_RATE_LIMIT
    if ratelimit.blocked(request, scope="partner", limit=limit, window=window):
        return too_many(request)
    opened = find(token)
    if opened is None:
        return invalid(request)
    request.session.cycle_key()
    request.session[session_key] = opened
    return private(redirect(page), "no-referrer")
