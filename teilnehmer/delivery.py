"""A mail server's delivery error, said in words a user understands.

The raw text (``Invitation.send_error``) stays for the expert; the page shows
what it means. SMTP reply codes (RFC 5321) and enhanced status codes
(RFC 3463) decide the wording; anything else gets a generic message.
"""

import re

from django.utils.translation import gettext_lazy as _

ENHANCED = re.compile(r"\b([245])\.(\d{1,3})\.(\d{1,3})\b")
BASIC = re.compile(r"(?<![\d.])([245]\d\d)(?![\d.])")

UNKNOWN_RECIPIENT = _("Delivery failed: recipient unknown")
MAILBOX_FULL = _("Delivery failed: the recipient's mailbox is full")
TEMPORARY = _("Delivery failed: temporary error, please send again later")
UNREACHABLE = _("Delivery failed: the mail server could not be reached")
REJECTED = _("Delivery failed: rejected by the mail server")
GENERIC = _("Delivery failed: error while sending")

MESSAGES = (UNKNOWN_RECIPIENT, MAILBOX_FULL, TEMPORARY, UNREACHABLE, REJECTED, GENERIC)


def delivery_problem(raw):
    """The German message for a raw delivery error (lazy: translate once)."""
    enhanced = ENHANCED.search(raw)
    if enhanced:
        klass, subject, detail = enhanced.groups()
        if klass == "4":
            return TEMPORARY
        if subject == "1" and detail in {"1", "0", "10"}:
            return UNKNOWN_RECIPIENT
        if subject == "2" and detail == "2":
            return MAILBOX_FULL
        return REJECTED
    basic = BASIC.search(raw)
    if basic:
        code = basic.group(1)
        if code.startswith("4"):
            return TEMPORARY
        if code in {"550", "551", "553"}:
            return UNKNOWN_RECIPIENT
        if code == "552":
            return MAILBOX_FULL
        if code.startswith("5"):
            return REJECTED
    lowered = raw.lower()
    if any(
        word in lowered
        for word in ("connection refused", "timed out", "errno", "disconnected")
    ):
        return UNREACHABLE
    return GENERIC
