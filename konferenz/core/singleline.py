"""Single-line fields: titles, places, names, functions, subjects.

They end up in mail subjects and headers, calendar entries and spreadsheet
cells, where a line break breaks the mail for everyone ("Header values can't
contain newlines") or smuggles in a header. One validator refuses line breaks
and other control characters; :class:`SingleLineMixin` puts it on every
one-line text field of a form (anything not shown as a multi-line text area).
"""

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

#: Besides the control characters (category Cc, with CR, LF, tab, NUL): the
#: Unicode line and paragraph separators and the bidirectional overrides that
#: make text read differently from how it is stored.
_FORBIDDEN = {"\u2028", "\u2029", *map(chr, range(0x202A, 0x202F))} | {
    *map(chr, range(0x2066, 0x206A))
}


def has_control_characters(value: str) -> bool:
    return any(
        char in _FORBIDDEN or unicodedata.category(char) == "Cc" for char in value
    )


def validate_single_line(value):
    if isinstance(value, str) and has_control_characters(value):
        raise ValidationError(
            _(
                "Please write this on one line: line breaks and control "
                "characters are not allowed."
            ),
            code="single_line",
        )


def is_single_line_field(field) -> bool:
    widget = field.widget
    return isinstance(field, forms.CharField) and not isinstance(
        widget, forms.Textarea | forms.PasswordInput | forms.HiddenInput
    )


class SingleLineMixin:
    """Every one-line text field of the form refuses line breaks and control
    characters with a German message."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if is_single_line_field(field) and validate_single_line not in (
                field.validators
            ):
                field.validators.append(validate_single_line)
