"""URLs of list rows without a ``reverse()`` per row (issue 22).

``pattern("app:name")`` reverses the route once per process (per URL prefix)
with a marker for its one integer argument and returns a function that puts
a primary key in its place: as correct as ``reverse()``, at the cost of an
f-string.
"""

import functools

from django.urls import get_script_prefix, get_urlconf, reverse

_MARKER = 987654321


@functools.lru_cache(maxsize=128)
def _parts(name, prefix, urlconf):
    url = reverse(name, args=[_MARKER], urlconf=urlconf)
    head, marker, tail = url.partition(str(_MARKER))
    if not marker:  # pragma: no cover - a route without the integer argument
        raise ValueError(f"{name} takes no integer argument")
    return head, tail


def pattern(name):
    """A function ``pk -> URL`` of the route ``name`` (one integer argument)."""
    head, tail = _parts(name, get_script_prefix(), get_urlconf())

    def url(pk):
        return f"{head}{int(pk)}{tail}"

    return url


def with_urls(rows, name, *, attr="url", key="pk"):
    """``rows`` as a list (read now, not from the template), each with the URL
    of route ``name`` for its ``key`` in ``attr``."""
    url = pattern(name)
    rows = list(rows)
    for row in rows:
        setattr(row, attr, url(getattr(row, key)))
    return rows
