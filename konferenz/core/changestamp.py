"""Change stamps and the cache of rendered pages and documents (issue 22):
the one place that says "this changed" and the one place that keeps what
was rendered from it.

**Stamps.** Every save or delete of a row that a conference's pages or
documents show calls ``touch(conference_id)`` (signal handlers below; the
few bulk updates of the services call it themselves). Touching a conference
also touches its police authority's stamp: the authority's lists (dashboard,
conference list, actions, statistics) and the carry-over item of its later
conferences show rows of many conferences. A change to a row that every
conference may show (police authority, address book, topics, users,
memberships) calls ``touch_all()``. Stamps are random tokens, not counters:
a stamp lost from the cache comes back as a new token, never as an old one.

**Cache.** ``cached`` keeps what a build function returns under a key that
holds the stamps, the reader's audience (nothing cached for one reader is
ever served to a lower one), the caller's variant (permissions, query
parameters, versions – the caller names everything else the output depends
on), the language and the day. ``cached_document`` keeps a document's
bytes; ``cached_parts`` and ``fragment`` keep rendered parts of a page: a
form in them carries ``CSRF_MARK`` instead of a token, and every response
gets the reader's own token in its place, so a cached part holds no token
and no text of one user.

Like the cached user, nothing is cached unless the cache is shared by every
worker (``SIKO_SHARED_CACHE``).
"""

import hashlib
import uuid

from asgiref.local import Local
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString

GLOBAL = "siko:stamp:all"
TIMEOUT = 24 * 60 * 60
#: Stands for the reader's CSRF token in a cached part (letters and hyphens
#: only: escaping leaves it as it is).
CSRF_MARK = "siko-csrf-token-of-the-reader"


def enabled():
    return getattr(settings, "SIKO_SHARED_CACHE", False)


# Stamps


def _conference_key(conference_id):
    return f"siko:stamp:conference:{conference_id}"


def _tenant_key(tenant_id):
    return f"siko:stamp:tenant:{tenant_id}"


def _tenant_of_key(conference_id):
    return f"siko:conference-tenant:{conference_id}"


def _tenant_of(conference_id):
    """The police authority of a conference (it never changes, so it is kept
    until the conference is deleted); ``None`` if the conference is gone."""
    key = _tenant_of_key(conference_id)
    tenant_id = cache.get(key)
    if tenant_id is None:
        tenant_id = (
            apps.get_model("konferenz.Conference")
            ._base_manager.filter(pk=conference_id)
            .values_list("police_authority_id", flat=True)
            .first()
        )
        if tenant_id is not None:
            cache.set(key, tenant_id, None)
    return tenant_id


# Within one request the stamps are read once: a conference page asks for
# them for the conference and again for the part below its tabs. A change the
# request makes itself renews them here too; outside requests (tasks,
# commands) nothing is kept.
_request = Local()


def _request_started(**kwargs):
    _request.stamps = {}
    _request.salt = ""


def _request_finished(**kwargs):
    _request.stamps = None
    _request.salt = ""


def cold():
    """Every page-cache lookup of this request misses, as for the first reader
    after a change: the stamps are read as usual and then salted with a new
    token. Only the benchmark calls this (its cold column)."""
    _request.salt = uuid.uuid4().hex


def _known():
    return getattr(_request, "stamps", None)


def _renew(key):
    value = uuid.uuid4().hex
    cache.set(key, value, None)
    known = _known()
    if known is not None:
        known[key] = value


def _bump(key):
    """Renew now and once more after the commit: a request that read the old
    rows between the change and its commit cannot keep the new stamp."""
    _renew(key)
    transaction.on_commit(lambda: _renew(key))


def touch(conference_id, *, tenant_id=None):
    """The conference's pages and documents changed, and with them the lists
    of its police authority."""
    if conference_id is None or not enabled():
        return
    _bump(_conference_key(conference_id))
    tenant_id = tenant_id or _tenant_of(conference_id)
    if tenant_id is None:  # the conference is gone already: be safe
        touch_all()
    else:
        _bump(_tenant_key(tenant_id))


def touch_all():
    """Something every conference may show changed."""
    if enabled():
        _bump(GLOBAL)


def stamp(conference_id=None, *, tenant_id=None):
    """The tokens of the conference and/or the police authority, with the one
    of everything shared, in one round trip (a missing token is created) and
    once per request."""
    keys = [GLOBAL]
    if conference_id is not None:
        keys.append(_conference_key(conference_id))
    if tenant_id is not None:
        keys.append(_tenant_key(tenant_id))
    known = _known()
    values = dict(known) if known is not None else {}
    missing = [key for key in keys if key not in values]
    if missing:
        values.update(cache.get_many(missing))
        for key in missing:
            if values.get(key) is None:
                cache.add(key, uuid.uuid4().hex, None)
                values[key] = cache.get(key)
        if known is not None:
            known.update((key, values[key]) for key in missing)
    return ".".join(values[key] for key in keys) + getattr(_request, "salt", "")


# The cache


def cached(
    *,
    kind,
    build,
    conference_id=None,
    tenant_id=None,
    audience="",
    variant="",
    prefix="part",
    fresh=False,
):
    """What ``build()`` returns, kept per stamps, audience, variant, language
    and day (pages and documents print today's date; "open" and "overdue"
    move with it). ``build`` runs only on a miss, so a hit reads no row;
    ``None`` (e.g. "not found") is never kept. ``fresh``: built anew and kept
    nowhere (a refused form that shows what the reader typed, a free-text
    search that would only fill the cache)."""
    if fresh or not enabled():
        return build()
    variant_key = hashlib.sha256(repr(variant).encode()).hexdigest()[:32]
    key = (
        f"siko:{prefix}:{kind}:{conference_id}:{tenant_id}:{audience}:"
        f"{translation.get_language()}:{timezone.localdate():%Y%m%d}:{variant_key}:"
        f"{stamp(conference_id, tenant_id=tenant_id)}"
    )
    value = cache.get(key)
    if value is None:
        value = build()
        if value is not None:
            cache.set(key, value, TIMEOUT)
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


def fragment(request, *, template, context, perms=(), **key):
    """One template rendered with ``context()`` (and the request), kept by
    ``cached`` with the query string (search, filters, page) and which of
    ``perms`` the user has in the variant."""
    granted = "".join("1" if request.user.has_perm(p) else "0" for p in perms)
    variant = (key.pop("variant", ""), granted, request.META.get("QUERY_STRING", ""))
    html = cached(
        build=lambda: render_part(template, context(), request),
        variant=variant,
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
        )
        return render(request, self.template_name, {"fragment": html, "view": self})


# What changes a conference's pages and documents, and how to find its
# conference.


def _conference_id(label, pk, path="conference_id"):
    """The conference of row ``pk`` of model ``label``. The models are named
    by label, as in CONFERENCE_OF: the core reads the features' rows without
    importing them (docs/architecture.md, "Layers")."""
    model = apps.get_model(label)
    return model.objects.filter(pk=pk).values_list(path, flat=True).first()


CONFERENCE_OF = {
    "konferenz.Conference": lambda o: o.pk,
    # The conference overview shows its status history.
    "konferenz.ConferenceTransition": lambda o: o.conference_id,
    "konferenz.PressRelease": lambda o: o.conference_id,
    "konferenz.PressQuote": lambda o: _conference_id(
        "konferenz.PressRelease", o.press_release_id
    ),
    "konferenz.PressReleaseVersion": lambda o: _conference_id(
        "konferenz.PressRelease", o.press_release_id
    ),
    "tagesordnung.AgendaItem": lambda o: o.conference_id,
    "tagesordnung.Proposal": lambda o: o.conference_id,
    "tagesordnung.Attachment": lambda o: _conference_id(
        "tagesordnung.AgendaItem", o.item_id
    ),
    "tagesordnung.Minutes": lambda o: o.conference_id,
    "tagesordnung.MinutesEntry": lambda o: _conference_id(
        "tagesordnung.Minutes", o.minutes_id
    ),
    "tagesordnung.MinutesComment": lambda o: _conference_id(
        "tagesordnung.MinutesEntry", o.entry_id, "minutes__conference_id"
    ),
    "tagesordnung.MinutesSnapshot": lambda o: _conference_id(
        "tagesordnung.Minutes", o.minutes_id
    ),
    "tagesordnung.Decision": lambda o: _conference_id(
        "tagesordnung.MinutesEntry", o.entry_id, "minutes__conference_id"
    ),
    # An open action also shows on the carry-over item of the authority's
    # later conferences: through the tenant stamp its conference's touch renews.
    "tagesordnung.ActionItem": lambda o: o.conference_id,
    "tagesordnung.ActionProgress": lambda o: _conference_id(
        "tagesordnung.ActionItem", o.action_id
    ),
    "teilnehmer.Invitation": lambda o: o.conference_id,
}
SHOWN_EVERYWHERE = (
    "konferenz.PoliceAuthority",
    "konferenz.Membership",  # who may be chosen (e.g. as minute-taker)
    "teilnehmer.Contact",
    "teilnehmer.Authority",
    "tagesordnung.Topic",
    settings.AUTH_USER_MODEL,
)
#: Saves that change nothing any cached page or document shows.
UNSHOWN_UPDATES = ({"last_login"},)


def _conference_changed(sender, instance, **kwargs):
    if not enabled():
        return
    label = sender._meta.label
    conference_id = CONFERENCE_OF[label](instance)
    if conference_id is None:  # the parent is gone already: be safe
        touch_all()
        return
    tenant_id = None
    if label == "konferenz.Conference":
        # A conference names its tenant itself (also when it is deleted); a
        # deleted one's number must not keep its tenant (SQLite may give the
        # number again).
        tenant_id = instance.police_authority_id
        if kwargs.get("signal") is post_delete:
            cache.delete(_tenant_of_key(conference_id))
    touch(conference_id, tenant_id=tenant_id)


def _shown_everywhere_changed(sender, instance, update_fields=None, **kwargs):
    # A login saves the user's last_login: it must not renew every stamp.
    if update_fields is not None and set(update_fields) in UNSHOWN_UPDATES:
        return
    touch_all()


def _distribution_changed(sender, instance, action, **kwargs):
    """The minutes' distribution list (a many-to-many) is printed in them."""
    if sender._meta.label == "tagesordnung.Minutes_distribution" and action in (
        "post_add",
        "post_remove",
        "post_clear",
    ):
        touch(instance.conference_id)


def connect():
    request_started.connect(_request_started, weak=False)
    request_finished.connect(_request_finished, weak=False)
    m2m_changed.connect(_distribution_changed, weak=False)
    for label in CONFERENCE_OF:
        post_save.connect(_conference_changed, sender=label, weak=False)
        post_delete.connect(_conference_changed, sender=label, weak=False)
    for label in SHOWN_EVERYWHERE:
        post_save.connect(_shown_everywhere_changed, sender=label, weak=False)
        post_delete.connect(_shown_everywhere_changed, sender=label, weak=False)
