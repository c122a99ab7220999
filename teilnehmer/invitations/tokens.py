"""The secret of a partner link (docs/architecture.md, partner link).

The token is 32 random bytes from ``secrets`` (256 bits), URL-safe. Only its
SHA-256 is stored: for a secret of that entropy a plain hash is as good as a
slow password hash, and it lets the database find the invitation by an index
lookup on the hash, so no comparison of secrets ever happens in Python. A
leaked database therefore contains no usable link.
"""

import datetime
import hashlib
import hmac
import re
import secrets

from django.conf import settings
from django.utils import timezone

from teilnehmer.invitations.models import Invitation

TOKEN_BYTES = 32
#: what ``secrets.token_urlsafe(32)`` produces: 43 characters of base64url
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{43}$")


def new_token():
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token):
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def is_well_formed(token):
    return bool(TOKEN_PATTERN.match(token or ""))


def hashes_match(a, b):
    return hmac.compare_digest(a, b)


def link_expires_at(conference):
    """End of the conference's follow-up period: the link is dead afterwards."""
    last_day = conference.date + datetime.timedelta(days=settings.SIKO_FOLLOW_UP_DAYS)
    end = datetime.datetime.combine(last_day, datetime.time.max)
    return timezone.make_aware(end)


def is_expired(conference, now=None):
    return (now or timezone.now()) > link_expires_at(conference)


def find_invitation(token):
    """The invitation whose live link this is, or ``None`` – for every kind of
    bad token alike (malformed, unknown, revoked, expired)."""

    if not is_well_formed(token):
        return None
    return invitation_by_digest(token_hash(token))


def invitation_by_digest(digest, *related):
    """The invitation of a live link with hash ``digest`` (from the URL or the
    partner's session), or ``None`` if revoked, expired or unknown; the one
    lookup of a partner link. ``related``: more relations to read with it."""
    if not digest:
        return None
    invitation = (
        Invitation.objects.select_related(
            "conference__police_authority", "contact__authority", *related
        )
        .filter(token_hash=digest, token_revoked_at__isnull=True)
        .order_by("pk")  # not the list's ordering: it would join to sort one row
        .first()
    )
    if invitation is None or not hashes_match(invitation.token_hash, digest):
        return None
    if is_expired(invitation.conference):
        return None
    return invitation
