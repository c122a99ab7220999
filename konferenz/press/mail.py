"""The press release's mails in the outbox (konferenz/core/outbox.py): the
request to approve a quote, rendered at send time with its link.
Registered in konferenz/apps.py; queued by konferenz/press/signoff.py."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from konferenz.press import signoff


def render_quote_request(*, quote_id):
    """The mail to the quoted person, or ``None`` when the request was
    withdrawn or answered meanwhile (nothing to send)."""
    issued = signoff.quote_issue_link(quote_id=quote_id)
    if issued is None:
        return None
    quote = issued.quote
    release = quote.press_release
    police_authority = release.conference.police_authority
    context = {
        "contact": quote.contact,
        "police_authority": police_authority,
        "words": signoff.quote_words(quote.text),
        "embargo_at": timezone.localtime(release.embargo_at)
        if release.embargo_at
        else None,
        "link": settings.SITE_URL
        + reverse("quote:open", kwargs={"token": issued.token}),
    }
    return EmailMessage(
        subject=_("Please approve your quote: %(title)s") % {"title": release.title},
        body=render_to_string("konferenz/press/mail/quote_request.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[quote.contact.email],
    )
