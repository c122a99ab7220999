"""The cache of rendered pages, documents and parts of pages (issues 22, 27):
the one place that keeps what was rendered, and the one key builder.

**The database is the truth, Redis an accelerator.** Every key holds the
change stamps of what the output shows – the conference, its police
authority, what every page shows (``all``) – and those stamps live in the
database, renewed by its triggers in the transaction of every change
(konferenz/core/stamps.py). A lost, flushed, restored or lagging Redis can
therefore only miss, never serve what the database no longer says; a
database restored under a live Redis brings back tokens whose parts showed
exactly that state. Every key also holds the build id (a deploy reaches
every page at once), the reader's audience (nothing cached for one reader is
ever served to a lower one), the permissions that change the output, the
normalised query parameters (unknown ones are dropped), the language and the
day.

``cached`` keeps what a build function returns; ``cached_document`` a
document's bytes; ``cached_parts`` and ``fragment`` rendered parts of a page:
a form in them carries ``CSRF_MARK`` instead of a token, and every response
gets the reader's own token in its place, so a cached part holds no token and
no text of one user. The mark is derived from the secret key: user text
cannot forge it.

A Redis that fails costs speed only: the backend ignores its errors after a
short timeout (settings ``CACHES``, konferenz/core/rediscache.py). Nothing is
cached unless the cache is shared by every worker (``SIKO_SHARED_CACHE``).
"""

import hashlib
import hmac
import uuid

from asgiref.local import Local
from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString

from konferenz.core import stamps
from konferenz.core.build import build_id
from konferenz.core.paginator import FirstPagePaginator

TIMEOUT = 24 * 60 * 60
#: Longest value of a query parameter that reaches a key.
PARAM_LENGTH = 100


def _csrf_mark():
    digest = hmac.new(
        settings.SECRET_KEY.encode(), b"siko-csrf-mark", hashlib.sha256
    ).hexdigest()
    return f"siko-csrf-{digest[:32]}"


#: Stands for the reader's CSRF token in a cached part: letters, digits and
#: hyphens (escaping leaves it as it is), derived from the secret key so that
#: no user text can contain it by design.
CSRF_MARK = _csrf_mark()


def enabled():
    return getattr(settings, "SIKO_SHARED_CACHE", False)


# Stamps, read from the database once per safe request (a request that
# writes reads them anew each time: its own change renews them). Outside
# requests (tasks, commands) nothing is kept.
_request = Local()


def _request_started(**kwargs):
    environ = kwargs.get("environ") or {}
    safe = environ.get("REQUEST_METHOD", "GET") in ("GET", "HEAD")
    _request.stamps = {} if safe else None
    _request.salt = ""


def _request_finished(**kwargs):
    _request.stamps = None
    _request.salt = ""


def cold():
    """Every page-cache lookup of this request misses, as for the first reader
    after a change: the stamps are read as usual and then salted with a new
    token. Only the benchmark calls this (its cold column)."""
    _request.salt = uuid.uuid4().hex


def remember(key, token):
    """A stamp read along with something else (the session), kept for the
    rest of a safe request."""
    known = getattr(_request, "stamps", None)
    if known is not None and token is not None:  # no row yet: read() makes it
        known[key] = token


def tokens(keys):
    """The tokens of ``keys`` joined, read in one query (once per safe
    request); ``None`` if one of them could not be read: nothing is cached
    then."""
    known = getattr(_request, "stamps", None)
    values = dict(known) if known is not None else {}
    missing = [key for key in keys if key not in values]
    if missing:
        values.update(stamps.read(missing))
        if known is not None:
            known.update((key, values[key]) for key in missing)
    if any(values[key] is None for key in keys):
        return None
    return ".".join(values[key] for key in keys)


def stamp(conference_id=None, *, tenant_id=None):
    """The tokens of ``all`` and of the conference and/or police authority."""
    keys = [stamps.ALL]
    if conference_id is not None:
        keys.append(stamps.conference_key(conference_id))
    if tenant_id is not None:
        keys.append(stamps.tenant_key(tenant_id))
    current = tokens(keys)
    # The benchmark's cold column salts the page stamps only (``cold``): the
    # cached user is not a page and stays warm.
    return current and current + getattr(_request, "salt", "")


def key(*, prefix, kind, stamp, audience="", variant="", params=()):
    """The one key builder: kind, stamps, audience, variant (the permissions
    and versions that change the output), normalised query parameters,
    language, day and build."""
    variant_hash = hashlib.sha256(repr((variant, tuple(params))).encode()).hexdigest()
    return (
        f"siko:{prefix}:{build_id()}:{kind}:{audience}:"
        f"{translation.get_language()}:{timezone.localdate():%Y%m%d}:"
        f"{variant_hash[:32]}:{stamp}"
    )


def query_params(request, names):
    """The query parameters ``names`` as they reach a key: sorted, each value
    cut to ``PARAM_LENGTH``; every other parameter is dropped."""
    return tuple(
        (name, tuple(value[:PARAM_LENGTH] for value in request.GET.getlist(name)))
        for name in sorted(names)
        if name in request.GET
    )


# The cache


def cached(
    *,
    kind,
    build,
    conference_id=None,
    tenant_id=None,
    audience="",
    variant="",
    params=(),
    prefix="part",
    fresh=False,
):
    """What ``build()`` returns, kept under ``key`` (pages and documents print
    today's date; "open" and "overdue" move with it). ``build`` runs only on
    a miss, so a hit reads no row but the stamps; ``None`` (e.g. "not found")
    is never kept. ``fresh``: built anew and kept nowhere (a refused form
    that shows what the reader typed, a free-text search that would only fill
    the cache). The stamps are read before ``build`` reads any row, so a part
    is never kept under a stamp newer than what it shows."""
    if fresh or not enabled():
        return build()
    current = stamp(conference_id, tenant_id=tenant_id)
    if current is None:
        return build()
    name = key(
        prefix=prefix,
        kind=f"{kind}:{conference_id}:{tenant_id}",
        stamp=current,
        audience=audience,
        variant=variant,
        params=params,
    )
    value = cache.get(name)
    if value is None:
        value = build()
        if value is not None:
            cache.set(name, value, TIMEOUT)
    return value


def cached_document(
    *, kind, conference_id, audience, render, variant="", tenant_id=None
):
    """The bytes of a document (with whatever the caller keeps beside them);
    ``tenant_id``: it also shows rows of the authority's other conferences."""
    return cached(
        prefix="document",
        kind=kind,
        build=render,
        conference_id=conference_id,
        tenant_id=tenant_id,
        audience=audience,
        variant=variant,
    )


def render_part(template_name, context, request=None):
    """A part of a page, its CSRF token as ``CSRF_MARK``."""
    return render_to_string(
        template_name, {**context, "csrf_token": CSRF_MARK}, request
    )


def _with_token(request, value):
    if isinstance(value, SafeString) and CSRF_MARK in value:
        # Rendered by the (escaping) template; the token is letters and digits.
        token = get_token(request)
        return SafeString(value.replace(CSRF_MARK, token))  # nosec B703
    return value


def cached_parts(request, *, build, **key):
    """The dict ``build()`` returns – parts rendered by ``render_part`` and
    plain data beside them – kept by ``cached`` (``key``: its arguments).
    Rendered parts come back with the reader's token."""
    parts = cached(build=build, **key)
    return {name: _with_token(request, value) for name, value in parts.items()}


def granted(request, perms):
    """Which of ``perms`` the reader has, for a variant."""
    return "".join("1" if request.user.has_perm(p) else "0" for p in perms)


def fragment(
    request, *, template, context, perms=(), params=(), fresh_params=(), **key
):
    """One template rendered with ``context()`` (and the request), kept by
    ``cached`` with which of ``perms`` the user has in the variant and the
    query parameters ``params`` (filters, page; every other one is dropped).
    A non-empty parameter of ``fresh_params`` (a free-text search) makes the
    part fresh: it would only fill the cache."""
    variant = (key.pop("variant", ""), granted(request, perms))
    fresh = key.pop("fresh", False) or any(
        request.GET.get(name, "").strip() for name in fresh_params
    )
    html = cached(
        build=lambda: render_part(template, context(), request),
        variant=variant,
        params=query_params(request, (*params, *fresh_params)),
        fresh=fresh,
        **key,
    )
    return _with_token(request, html)  # safe HTML: render_part's template


class CachedListMixin:
    """For a tenant's list views (``ListView`` after ``TenantMixin``): the
    list part of the page (``fragment_template``) comes from ``fragment``,
    keyed by the tenant's stamp; the page (``template_name``) puts it into
    ``base.html`` as ``{{ fragment }}``. A miss reads and paginates as the
    ``ListView`` would (an empty page beyond the last still answers 404)."""

    fragment_template = None
    fragment_perms = ()
    #: the query parameters the list reads (filters, page); others are dropped
    fragment_params = ("page",)
    #: free-text parameters: a list searched with one is not kept
    fragment_fresh_params = ()
    #: a list that fits on its first page is read without a COUNT query
    paginator_class = FirstPagePaginator

    def get(self, request, *args, **kwargs):
        def context():
            self.object_list = self.get_queryset()
            return self.get_context_data()

        html = fragment(
            request,
            template=self.fragment_template,
            context=context,
            kind=self.fragment_template,
            tenant_id=self.tenant.pk,
            perms=self.fragment_perms,
            params=self.fragment_params,
            fresh_params=self.fragment_fresh_params,
        )
        return render(request, self.template_name, {"fragment": html, "view": self})


def connect():
    request_started.connect(_request_started, weak=False)
    request_finished.connect(_request_finished, weak=False)
