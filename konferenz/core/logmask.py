"""Secrets in URL paths never reach a log (issue 29).

A partner link ``/einladung/<token>/`` opens an invitation without an
account; a calendar feed ``…/kalender-feed/<token>.ics`` and a password reset
``/passwort/neu/<uid>/<token>/`` carry secrets too. Whoever reads a log must
not be able to use them, so every log SiKo writes or configures shows
``[FILTERED]`` in their place:

* Django's own logging: ``SecretsFilter`` on the loggers ``django.request``
  (e.g. "Not Found: /einladung/…/"), ``django.server`` (runserver's request
  lines) and on the console handler (konferenz/settings.py, ``LOGGING``);
* gunicorn's access log: ``gunicorn.conf.py`` in the repository root;
* nginx: ``docs/deploy/nginx.conf`` (a ``map`` and its own ``log_format``).

Standard library only: gunicorn's configuration imports it before Django.
"""

import logging
import re

FILTERED = "[FILTERED]"

#: The fixed pages below /einladung/ (teilnehmer/partner/urls.py) carry no
#: secret; every other first segment is a token.
_PARTNER_PAGES = (
    "antwort/",
    "vorschlag/",
    "anlage/",
    "protokoll/",
    "protokoll.pdf",
    "massnahmen/",
    "termin.ics",
)
PATTERNS = (
    (
        re.compile(
            r"(/einladung/)(?!"
            + "|".join(re.escape(page) for page in _PARTNER_PAGES)
            + r")[^/?#\s\"']+"
        ),
        r"\g<1>" + FILTERED,
    ),
    (re.compile(r"(kalender-feed/)[^/?#\s\"']+?(\.ics)"), r"\g<1>" + FILTERED + r"\2"),
    (
        re.compile(r"(/passwort/neu/[^/?#\s\"']+/)(?!set-password/)[^/?#\s\"']+"),
        r"\g<1>" + FILTERED,
    ),
)


def mask(text):
    """``text`` with every secret of a SiKo URL replaced by ``[FILTERED]``."""
    if not isinstance(text, str) or "/" not in text:
        return text
    for pattern, replacement in PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def _masked_arg(value):
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, (int, float)) or value is None:
        return value
    # Objects (a request, an exception) are rendered now, masked.
    return mask(str(value))


class SecretsFilter(logging.Filter):
    """Masks the secrets in a record's message, arguments and traceback; the
    record goes on (a filter that hides, never one that drops)."""

    def filter(self, record):
        if getattr(record, "_siko_masked", False):
            return True
        record.msg = mask(record.msg) if isinstance(record.msg, str) else record.msg
        if isinstance(record.args, dict):
            record.args = {key: _masked_arg(v) for key, v in record.args.items()}
        elif record.args:
            record.args = tuple(_masked_arg(value) for value in record.args)
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text)
        record._siko_masked = True
        return True
