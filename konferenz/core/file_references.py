"""The Geschäftszeichen (file reference) of a conference's documents.

A police authority keeps a pattern in its settings: its Aktenplan prefix and
the placeholders below, e.g. “ZA 1.2 – 57.01 – {number}/{year}”. A new
conference takes its Geschäftszeichen from the pattern once, when it is
saved without one; after that it is the conference's own (editable) value,
so that a later change of the pattern never renumbers documents already
filed.
"""

import re

#: The pattern of an authority that has not set its own: the press code,
#: the running number of the conference in its year and the year.
DEFAULT_PATTERN = "{code} – SiKo {number}/{year}"

#: What a pattern may contain: the conference's year, its running number in
#: that year at the authority (1, 2, …) and the authority's press code.
PLACEHOLDERS = ("year", "number", "code")

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def unknown_placeholders(pattern):
    """The placeholders in ``pattern`` that SiKo does not fill, e.g. ``{jahr}``."""
    return [
        f"{{{name}}}"
        for name in _PLACEHOLDER.findall(pattern)
        if name not in PLACEHOLDERS
    ]


def file_reference(pattern, *, year, number, code, max_length=100):
    """The Geschäftszeichen ``pattern`` gives (``DEFAULT_PATTERN`` if empty)."""
    values = {"year": year, "number": number, "code": code}
    text = _PLACEHOLDER.sub(
        lambda match: str(values.get(match[1], match[0])),
        pattern.strip() or DEFAULT_PATTERN,
    )
    return text[:max_length].strip()
