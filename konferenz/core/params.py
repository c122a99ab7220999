"""Reading ids and numbers from request parameters without trusting them."""

# Larger numbers overflow the database's bigint (a 500 on PostgreSQL/SQLite).
MAX_DIGITS = 18


def int_or_none(value):
    """``value`` as int if it is a plain ASCII number that fits the database.

    ``str.isdigit()`` alone also accepts "²" or "١", which ``int()`` refuses
    or reads unexpectedly.
    """
    value = (value or "").strip()
    if value and len(value) <= MAX_DIGITS and value.isascii() and value.isdigit():
        return int(value)
    return None


def int_list(values):
    """The valid ids of a list parameter (``request.POST.getlist``); others dropped."""
    return [n for n in map(int_or_none, values) if n is not None]
