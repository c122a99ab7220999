"""A mail server's delivery error, said in words a user understands.

The raw text (``Invitation.send_error``) stays for the expert; the page shows
what it means. SMTP reply codes (RFC 5321) and enhanced status codes
(RFC 3463) decide the wording; anything else gets a generic message.
"""

import re

from django.utils.translation import gettext_lazy as _

ENHANCED = re.compile(r"\b([245])\.(\d{1,3})\.(\d{1,3})\b")
BASIC = re.compile(r"(?<![\d.])([245]\d\d)(?![\d.])")

#: What a failed delivery means, by key; translated once per page.
MESSAGES = {
    "unknown_recipient": _("Delivery failed: recipient unknown"),
    "mailbox_full": _("Delivery failed: the recipient's mailbox is full"),
    "temporary": _("Delivery failed: temporary error, please send again later"),
    "unreachable": _("Delivery failed: the mail server could not be reached"),
    "rejected": _("Delivery failed: rejected by the mail server"),
    "generic": _("Delivery failed: error while sending"),
}


def delivery_problem(raw):
    """The German message for a raw delivery error."""
    return MESSAGES[problem_key(raw)]


def problem_key(raw):
    """Which of ``MESSAGES`` describes the raw delivery error."""
    enhanced = ENHANCED.search(raw)
    if enhanced:
        klass, subject, detail = enhanced.groups()
        if klass == "4":
            return "temporary"
        if subject == "1" and detail in {"1", "0", "10"}:
            return "unknown_recipient"
        if subject == "2" and detail == "2":
            return "mailbox_full"
        return "rejected"
    basic = BASIC.search(raw)
    if basic:
        code = basic.group(1)
        if code.startswith("4"):
            return "temporary"
        if code in {"550", "551", "553"}:
            return "unknown_recipient"
        if code == "552":
            return "mailbox_full"
        if code.startswith("5"):
            return "rejected"
    lowered = raw.lower()
    if any(
        word in lowered
        for word in ("connection refused", "timed out", "errno", "disconnected")
    ):
        return "unreachable"
    return "generic"
