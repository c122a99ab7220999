"""Phone numbers: validated and normalised with ``phonenumbers`` (German default)."""

import functools

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

INVALID_PHONE = _(
    "Please enter a valid phone number, e.g. 02421 949-0 or +31 20 1234567."
)


def normalise_phone(value):
    """``"02421/949-0"`` → ``"02421 9490"``; empty stays empty.

    Numbers without a country code are read as German numbers; German numbers
    are written as dialled in Germany, foreign ones with their country code.
    """
    value = (value or "").strip()
    if not value:
        return ""
    normalised = _normalise(value)
    if normalised is None:
        raise ValidationError(INVALID_PHONE, code="invalid_phone")
    return normalised


# An import repeats the authority's number in every row of its contacts.
@functools.lru_cache(maxsize=4096)
def _normalise(value):
    try:
        number = phonenumbers.parse(value, "DE")
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    style = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if number.country_code == 49
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, style)
