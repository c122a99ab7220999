"""The answers of every page behind a secret link (partner, quote, contact
check): no Referer and no indexing, one page for every bad link (counted as a
failed guess against the partner rate limit) and one for too many tries."""

from django.conf import settings
from django.shortcuts import render

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
