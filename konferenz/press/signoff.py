"""The quoted person's sign-off of a quote (issue 34).

The press office sends a quote "for approval": the quoted contact (from the
address book) gets a mail through the outbox with a link. The link is the
partner's one link when the contact was invited to the conference
(teilnehmer/invitations/tokens.py); otherwise the quote gets a link of its
own, derived the same way (HMAC of a random secret under the link key; only
its hash is stored). Behind the link the person sees the quote in its
sentence and the embargo – nothing else of the release – and approves it or
proposes other words. A proposal is taken over into the draft with one click;
a change of an approved quote's words resets its approval. Approving the
release records how every quote stood (``QuoteApprovalRecord``); the IP
addresses are erased after the retention period (``manage.py purge``).
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from konferenz.core import outbox, ratelimit
from konferenz.core.locking import bump
from konferenz.press import generator
from konferenz.press.models import PressQuote, PressRelease, QuoteApprovalRecord
from teilnehmer.invitations import tokens
from teilnehmer.invitations.models import Invitation
from teilnehmer.invitations.tokens import invitation_issue_link

Approval = PressQuote.Approval

OUTBOX_QUOTE_REQUEST = "press.quote_request"
#: the two kinds of link a quote can be answered through (session and record)
VIA_QUOTE = "quote"
VIA_INVITATION = "invitation"


class SignOffError(Exception):
    """A sign-off action that is not allowed now; the message is for the user."""


# --- reads -------------------------------------------------------------------


def quote_words(text):
    """The quote's words without the quotation marks around them."""
    return text.strip().strip('„“"')


def quote_sentence(quote, body=None):
    """The paragraph of the release that holds the quote (as the reader sees
    it), or the quote's own paragraph when the text no longer contains it."""
    words = quote_words(quote.text)
    body = quote.press_release.body if body is None else body
    for paragraph in body.split("\n\n"):
        if words and words in paragraph:
            return paragraph.strip()
    return generator.quote_paragraph(quote)


def no_answer(quote, now=None):
    """Requested more than ``SIKO_QUOTE_NO_ANSWER_DAYS`` days ago, no answer
    yet (counted in days: the press page is kept per day)."""
    if quote.approval != Approval.REQUESTED or quote.requested_at is None:
        return False
    today = timezone.localdate(now or timezone.now())
    waited = today - timezone.localdate(quote.requested_at)
    return waited.days > settings.SIKO_QUOTE_NO_ANSWER_DAYS


def is_approved(quote, body):
    """Approved by the person, in the words that stand in ``body``."""
    words = quote_words(quote.approved_text or quote.text)
    return quote.approval == Approval.APPROVED and bool(words) and words in body


def unapproved(release):
    """The release's quotes whose words are not approved by their person."""
    return [q for q in release.quotes.all() if not is_approved(q, release.body)]


def link_expires_at(quote):
    """A quote's own link lives as long as a partner link after its mail."""
    return quote.requested_at + datetime.timedelta(days=settings.SIKO_FOLLOW_UP_DAYS)


def _open_quotes():
    return PressQuote.objects.select_related(
        "press_release__conference__police_authority"
    ).exclude(approval=Approval.NOT_REQUESTED)


def quotes_for_link(via, digest):
    """The quotes a live link (kind ``via``, hash ``digest``) may answer:
    the quote of its own link, or every requested quote of the invitation's
    contact for the invitation's conference. Empty for a dead link."""
    if not digest:
        return []
    if via == VIA_QUOTE:
        quote = _open_quotes().filter(token_hash=digest).first()
        if quote is None or not tokens.hashes_match(quote.token_hash, digest):
            return []
        if timezone.now() > link_expires_at(quote):
            return []
        return [quote]
    if via == VIA_INVITATION:
        invitation = tokens.invitation_by_digest(digest)
        if invitation is None:
            return []
        return list(_open_quotes().filter(invitation=invitation))
    return []


def open_link(token):
    """``(via, digest)`` of a quote link from a mail, or ``None``: the quote's
    own link first, then the partner's invitation link with requested quotes."""
    if not tokens.is_well_formed(token):
        return None
    digest = tokens.token_hash(token)
    if quotes_for_link(VIA_QUOTE, digest):
        return VIA_QUOTE, digest
    if quotes_for_link(VIA_INVITATION, digest):
        return VIA_INVITATION, digest
    return None


def link_label(via, digest):
    """What the record says about the link an answer came through."""
    return f"{via}:{digest[:12]}"


@dataclass(frozen=True)
class QuoteMail:
    quote: PressQuote
    token: str


# --- writes ------------------------------------------------------------------


def _invitation_of(quote):
    """The quoted contact's live invitation to the release's conference."""
    return (
        Invitation.objects.filter(
            conference_id=quote.press_release.conference_id,
            contact_id=quote.contact_id,
            token_revoked_at__isnull=True,
        )
        .order_by("pk")
        .first()
    )


@transaction.atomic
def quote_request_approval(*, quote, user):
    """Send the quote to the quoted person for approval (a mail through the
    outbox); a new request replaces the link of the previous one."""
    quote = (
        PressQuote.objects.select_for_update(of=("self",))
        .select_related("contact", "press_release")
        .get(pk=quote.pk)
    )
    contact = quote.contact
    if contact is None or not contact.email or contact.anonymised_at:
        raise SignOffError(
            _("Please choose the quoted person from the address book (with email).")
        )
    if quote.press_release.status != PressRelease.Status.DRAFT:
        raise SignOffError(
            _("Quotes can be sent for approval while the text is a draft.")
        )
    limit = settings.SIKO_QUOTE_REQUEST_DAILY_LIMIT
    if not ratelimit.allow(
        scope="quote-request", subject=str(quote.pk), limit=limit, window=86400
    ):
        raise SignOffError(
            _(
                "This quote was sent for approval too often today. "
                "Please try again tomorrow or call the person."
            )
        )
    quote.invitation = _invitation_of(quote)
    if quote.invitation is None:
        quote.link_secret = tokens.new_secret()
        quote.token_hash = tokens.token_hash(tokens.derive(quote.link_secret))
    else:
        quote.link_secret = quote.token_hash = ""
    _clear_answer(quote)
    quote.approval = Approval.REQUESTED
    quote.requested_at = timezone.now()
    quote.save()
    outbox.queue(OUTBOX_QUOTE_REQUEST, {"quote_id": quote.pk})
    return quote


def _clear_answer(quote):
    quote.answered_at = None
    quote.answered_link = ""
    quote.answered_ip = None
    quote.approved_text = ""
    quote.proposed_text = ""


def _answerable(quote_pk, quotes):
    quote = next((q for q in quotes if q.pk == quote_pk), None)
    if quote is None:
        raise SignOffError(_("This quote is not waiting for your answer."))
    if quote.press_release.status != PressRelease.Status.DRAFT:
        raise SignOffError(
            _(
                "The press release has been approved meanwhile; "
                "please call the press office."
            )
        )
    return PressQuote.objects.select_for_update().get(pk=quote.pk)


@transaction.atomic
def quote_approve(*, quote_pk, quotes, via, digest, ip=""):
    """The quoted person approves the words shown to them."""
    quote = _answerable(quote_pk, quotes)
    quote.approval = Approval.APPROVED
    quote.approved_text = quote.text
    quote.proposed_text = ""
    _record_answer(quote, via, digest, ip)
    return quote


@transaction.atomic
def quote_propose_change(*, quote_pk, quotes, via, digest, text, ip=""):
    """The quoted person proposes other words."""
    text = text.strip()
    if not text:
        raise SignOffError(_("Please enter the wording you propose."))
    quote = _answerable(quote_pk, quotes)
    quote.approval = Approval.CHANGE_PROPOSED
    quote.approved_text = ""
    quote.proposed_text = text
    _record_answer(quote, via, digest, ip)
    return quote


def _record_answer(quote, via, digest, ip):
    quote.answered_at = timezone.now()
    quote.answered_link = link_label(via, digest)
    quote.answered_ip = ip or None
    quote.save()


@transaction.atomic
def quote_take_over(*, quote, user):
    """Put the proposed words into the draft: the quote and its sentence in
    the text. The person wrote them, so the quote counts as approved."""
    release = PressRelease.objects.select_for_update().get(pk=quote.press_release_id)
    quote = PressQuote.objects.select_for_update().get(pk=quote.pk)
    if quote.approval != Approval.CHANGE_PROPOSED or not quote.proposed_text:
        raise SignOffError(_("There is no proposed wording to take over."))
    if release.status != PressRelease.Status.DRAFT:
        raise SignOffError(_("An approved text cannot be changed; edit it first."))
    old = quote_words(quote.text)
    new = quote_words(quote.proposed_text)
    if old and old in release.body:
        release.body = release.body.replace(old, new, 1)
    else:
        release.body = (
            release.body.rstrip()
            + "\n\n"
            + generator.quote_paragraph(
                PressQuote(person=quote.person, function=quote.function, text=new)
            )
        )
    release.author = user
    bump(release)
    release.save()
    quote.text = new
    quote.approval = Approval.APPROVED
    quote.approved_text = new
    quote.proposed_text = ""
    quote.save()
    return quote


def reset_changed_quotes(release):
    """An approved quote whose approved words are no longer in the text needs
    a new approval (called by every change of the text)."""
    for quote in release.quotes.filter(approval=Approval.APPROVED):
        if is_approved(quote, release.body):
            continue
        quote.approval = Approval.NOT_REQUESTED
        quote.requested_at = None
        quote.invitation = None
        quote.link_secret = quote.token_hash = ""
        _clear_answer(quote)
        quote.save()


def approval_refusal(release, reason):
    """The warning when a quote is not approved and no reason was given."""
    missing = unapproved(release)
    if not missing or reason.strip():
        return None
    names = ", ".join(q.person for q in missing)
    return _(
        "Not every quote is approved by the quoted person (%(names)s). "
        "Please give a reason to approve the text anyway."
    ) % {"names": names}


def record_approvals(version, release):
    """Freeze how every quote stood with the approved version."""
    QuoteApprovalRecord.objects.bulk_create(
        [
            QuoteApprovalRecord(
                version=version,
                person=quote.person,
                text=quote.text,
                approval=quote.approval,
                requested_at=quote.requested_at,
                answered_at=quote.answered_at,
                answered_link=quote.answered_link,
                answered_ip=quote.answered_ip,
            )
            for quote in release.quotes.all()
        ]
    )


def approval_ips_purge(*, now, retention_days):
    """Erase the IP addresses of answers older than the retention period
    (``manage.py purge``, the rule of SIKO_CONTACT_RETENTION_DAYS)."""
    cutoff = now - datetime.timedelta(days=retention_days)
    records = QuoteApprovalRecord.objects.filter(
        answered_ip__isnull=False, answered_at__lt=cutoff
    ).update(answered_ip=None)
    quotes = PressQuote.objects.filter(
        answered_ip__isnull=False, answered_at__lt=cutoff
    ).update(answered_ip=None)
    return records + quotes


# --- the mail ----------------------------------------------------------------


@transaction.atomic
def quote_issue_link(*, quote_id):
    """The link for the request mail (made at send time, as for invitations):
    the invitation's one link or the quote's own; ``None`` when the request
    was withdrawn or answered meanwhile."""
    quote = (
        PressQuote.objects.select_related(
            "contact__authority", "press_release__conference__police_authority"
        )
        .filter(pk=quote_id, approval=Approval.REQUESTED)
        .first()
    )
    if quote is None or quote.contact is None or not quote.contact.email:
        return None
    if quote.invitation_id is not None:
        invitation, token = invitation_issue_link(
            invitation_id=quote.invitation_id, reason="quote"
        )
        if invitation is None:
            return None
        return QuoteMail(quote=quote, token=token)
    if not quote.link_secret:
        return None
    return QuoteMail(quote=quote, token=tokens.derive(quote.link_secret))
