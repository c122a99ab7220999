"""The secret of a partner link (docs/architecture.md, partner link).

**One link per invitation for the whole year** (issue 28): the link is the
HMAC-SHA256 of a per-invitation random secret (32 bytes, ``link_secret``)
under the server's link key (``SIKO_LINK_KEY``, else derived from
``SECRET_KEY``), base64url: 256 bits, unguessable, and the same for every
mail about the conference – invitation, reminders, change and cancellation
notices, resends and the minutes mails. The link itself is never stored:
only its SHA-256 (``token_hash``), which lets the database find the
invitation by an index lookup, so no comparison of secrets happens in
Python. A leaked database without the key contains no usable link.

**Key rotation**: with a new key the next mail carries a new link; the
link mailed before keeps working (``previous_token_hash``) until it
expires, so partners are never cut off by a rotation. Links of invitations
made before links were derived are kept the same way.

**Lifetime**: until ``SIKO_FOLLOW_UP_DAYS`` after the later of the
conference day and the last mail that carried the link (``link_mailed_at``).
A link dies earlier only by an explicit, recorded act: a new link, a
revocation, a replaced deputy.

**Issuing**: ``invitation_issue_link`` gives a mail its invitation's one
link; it is called by the mail renderers at send time
(teilnehmer/invitations/mail.py, tagesordnung/minutes/mail.py,
konferenz/press/signoff.py).
"""

import base64
import datetime
import hashlib
import hmac
import re
import secrets

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from konferenz.core.i18n import document_text
from teilnehmer.invitations.models import Invitation

TOKEN_BYTES = 32
#: what 32 bytes in base64url without padding are: 43 characters
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{43}$")


def new_secret():
    return secrets.token_hex(TOKEN_BYTES)


def link_key():
    """The key links are derived with: ``SIKO_LINK_KEY`` or, without it, one
    derived from ``SECRET_KEY`` (rotating that rotates the links too)."""
    configured = getattr(settings, "SIKO_LINK_KEY", "")
    if configured:
        return configured.encode()
    return hmac.new(
        settings.SECRET_KEY.encode(), b"siko-partner-link", hashlib.sha256
    ).digest()


def derive(secret):
    """The link of an invitation with ``secret``."""
    digest = hmac.new(link_key(), secret.encode("ascii"), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def new_token():
    """A random link (deputies' pending links in tests and old code paths)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token):
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def is_well_formed(token):
    return bool(TOKEN_PATTERN.match(token or ""))


def hashes_match(a, b):
    return hmac.compare_digest(a, b)


def link_expires_at(invitation):
    """End of the follow-up period after the conference or after the last
    mail with the link, whichever is later: the link is dead afterwards."""
    last_day = invitation.conference.date
    if invitation.link_mailed_at is not None:
        last_day = max(last_day, timezone.localdate(invitation.link_mailed_at))
    end = datetime.datetime.combine(
        last_day + datetime.timedelta(days=settings.SIKO_FOLLOW_UP_DAYS),
        datetime.time.max,
    )
    return timezone.make_aware(end)


def is_expired(invitation, now=None):
    return (now or timezone.now()) > link_expires_at(invitation)


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
        .filter(Q(token_hash=digest) | Q(previous_token_hash=digest))
        .filter(token_revoked_at__isnull=True)
        .order_by("pk")  # not the list's ordering: it would join to sort one row
        .first()
    )
    if invitation is None:
        return None
    if not (
        hashes_match(invitation.token_hash or "", digest)
        or hashes_match(invitation.previous_token_hash or "", digest)
    ):
        return None
    if is_expired(invitation):
        return None
    return invitation


def renew_secret(invitation):
    """A new link: the old one (and one kept from before) dies."""
    invitation.link_secret = new_secret()
    invitation.token_hash = token_hash(derive(invitation.link_secret))
    invitation.previous_token_hash = None
    invitation.token_issued_at = timezone.now()
    invitation.token_revoked_at = None


@transaction.atomic
def invitation_issue_link(*, invitation_id: int, reason: str):
    """The invitation's one link for a mail: ``(invitation, link)``, or
    ``(None, None)`` when the invitation is gone or its contact has no email
    address (teilnehmer/invitations/py).

    Every mail about the conference carries the same link. A link is made
    only the first time, or after it was revoked; a link mailed before the
    link key changed (or before links were derived) keeps working. Called
    inside the mail task, so the link only ever rests in the mail; the mail
    extends the link's life (``link_mailed_at``).
    """
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("conference__police_authority", "contact__authority", "sent_by")
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None or not invitation.contact.email:
        return None, None
    if invitation.token_revoked_at is not None or not (
        invitation.link_secret or invitation.token_hash
    ):
        renew_secret(invitation)
        invitation._change_reason = document_text(
            gettext_lazy("Link issued (%(reason)s)"), reason=reason
        )
    elif not invitation.link_secret:  # a link from before links were derived
        kept = invitation.token_hash
        renew_secret(invitation)
        invitation.previous_token_hash = kept
        invitation._change_reason = document_text(
            gettext_lazy("Link kept, a second one issued (%(reason)s)"), reason=reason
        )
    token = derive(invitation.link_secret)
    digest = token_hash(token)
    if digest != invitation.token_hash:  # the link key was changed
        invitation.previous_token_hash = invitation.token_hash
        invitation.token_hash = digest
    invitation.link_mailed_at = timezone.now()
    invitation.save(
        update_fields=[
            "link_secret",
            "token_hash",
            "previous_token_hash",
            "token_issued_at",
            "token_revoked_at",
            "link_mailed_at",
        ]
    )
    return invitation, token
