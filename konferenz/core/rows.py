"""Plain rows for pages that only show what they read (issue 32).

A list page reads its rows with ``values()`` into ``Row`` dictionaries, not
model instances: no model is built per row, and the template finds each value
with its first (dictionary) lookup. Labels are translated once per page
(``labels``), links reversed once per page (``core/links.py``).
"""


class Row(dict):
    """A row of a table: a dictionary whose keys read as attributes too
    (``row.contact.full_name`` in Python and in the template)."""

    __slots__ = ()

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None

    def __setattr__(self, name, value):
        self[name] = value


def labels(choices):
    """``value -> label`` of a ``TextChoices`` class, translated now (once
    per page, in the reader's language)."""
    return {value: str(label) for value, label in choices.choices}


#: The colours of a conference's status badge, as
#: templates/includes/conference_status.html gives them.
_BADGE_COLOURS = {
    "cancelled": "text-bg-secondary",
    "draft": "text-bg-light border",
    "invited": "text-bg-primary",
}
_BADGE_DEFAULT = "text-bg-success"


def status_badge_class(status):
    """The CSS classes of the status badge of a conference in ``status``."""
    return f"badge status-{status} {_BADGE_COLOURS.get(status, _BADGE_DEFAULT)}"


def date_text(value):
    """A date as ``{{ value|date:"d.m.Y" }}`` shows it ("" for none)."""
    return f"{value:%d.%m.%Y}" if value else ""
