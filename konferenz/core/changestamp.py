"""Per-conference change stamps: the one place that says "this conference's
documents changed" (issue 22).

Every save or delete of a row that appears in a conference's agenda or
minutes documents calls ``touch(conference_id)`` (signal handlers below; the
few bulk updates of the services call it themselves); a change to a row that
many conferences show (police authority, address book, topics, users) calls
``touch_all()``. Cached documents carry both stamps in their key, so a change
is never served from the cache.

Touching a conference also touches its police authority's stamp
(``tenant_stamp``): the lists of one authority (dashboard, conference list,
actions, statistics, address book) are cached as page parts by
``fragment`` / ``CachedListMixin``, keyed by that stamp.

Stamps are random tokens, not counters: a stamp lost from the cache comes
back as a new token, never as an old one. Like the cached user, nothing is
cached unless the cache is shared by every worker (``SIKO_SHARED_CACHE``).
"""

import hashlib
import uuid

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.middleware.csrf import get_token
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString

GLOBAL = "siko:stamp:all"
DOCUMENT_TIMEOUT = 24 * 60 * 60


def enabled():
    return getattr(settings, "SIKO_SHARED_CACHE", False)


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


def _renew(key):
    cache.set(key, uuid.uuid4().hex, None)


def _bump(key):
    """Renew now and once more after the commit: a request that read the old
    rows between the change and its commit cannot keep the new stamp."""
    if not enabled():
        return
    _renew(key)
    transaction.on_commit(lambda: _renew(key))


def touch(conference_id, *, tenant_id=None):
    """The conference's documents changed, and with them the lists of its
    police authority (dashboard, conference list, actions): touching a
    conference touches its tenant's stamp too."""
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
    _bump(GLOBAL)


def _stamps(*keys):
    """The tokens of ``keys`` (one round trip to the cache), each with the
    global token; a missing token is created."""
    keys = (*keys, GLOBAL)
    values = cache.get_many(keys)
    for key in keys:
        if values.get(key) is None:
            cache.add(key, uuid.uuid4().hex, None)
            values[key] = cache.get(key)
    return ".".join(values[key] for key in keys)


def stamp(conference_id):
    """Changes with every row one conference shows (and every shared row)."""
    return f"c{conference_id}.{_stamps(_conference_key(conference_id))}"


def tenant_stamp(tenant_id):
    """Changes with every conference of one police authority (and every
    shared row: address book, topics, users, authorities)."""
    return f"t{tenant_id}.{_stamps(_tenant_key(tenant_id))}"


def cached_document(*, kind, conference_id, audience, render, variant=""):
    """The bytes ``render()`` returns, kept per conference stamp, audience and
    day (documents print today's date). The audience is part of the key, so a
    document cached for one reader can never be served to a lower one."""
    if not enabled():
        return render()
    key = (
        f"siko:document:{kind}:{conference_id}:{audience}:{variant}:"
        f"{timezone.localdate():%Y%m%d}:{stamp(conference_id)}"
    )
    data = cache.get(key)
    if data is None:
        data = render()
        cache.set(key, data, DOCUMENT_TIMEOUT)
    return data


FRAGMENT_TIMEOUT = 24 * 60 * 60
#: Stands for the reader's CSRF token in a cached fragment (letters and
#: hyphens only: escaping leaves it as it is).
CSRF_MARK = "siko-csrf-token-of-the-reader"


def fragment(
    request,
    *,
    template,
    context,
    kind,
    stamp,
    perms=(),
    audience="",
    daily=False,
):
    """The HTML of ``template`` rendered with ``context()``, kept in the
    shared cache (issue 22): the one place that caches a part of a page.

    The key holds everything that changes the output: ``kind``, the
    ``stamp`` (``stamp(conference_id)`` or ``tenant_stamp(tenant_id)``, taken
    by the view *after* its tenant check), the language, the reader's
    ``audience``, which of ``perms`` the user has, today's date if
    ``daily``, and the query string (search, filters, page). ``context`` is
    called only on a miss, so a hit reads no row. The template must not hold
    text of one user. A form's CSRF token is rendered as ``CSRF_MARK`` and
    the reader's own token put in its place after the cache: the cached
    HTML holds no token, every reader gets their own.
    """
    if not enabled():
        return render_to_string(template, context(), request)
    granted = "".join("1" if request.user.has_perm(p) else "0" for p in perms)
    query = hashlib.sha256(request.META.get("QUERY_STRING", "").encode()).hexdigest()
    day = f"{timezone.localdate():%Y%m%d}" if daily else ""
    key = (
        f"siko:fragment:{kind}:{stamp}:{translation.get_language()}:"
        f"{audience}:{granted}:{day}:{query[:32]}"
    )
    html = cache.get(key)
    if html is None:
        html = render_to_string(
            template, {**context(), "csrf_token": CSRF_MARK}, request
        )
        cache.set(key, html, FRAGMENT_TIMEOUT)
    if CSRF_MARK in html:
        html = html.replace(CSRF_MARK, get_token(request))
    # Rendered by the (escaping) template above, only read back here; the
    # token is letters and digits.
    return SafeString(html)


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
            stamp=tenant_stamp(self.tenant.pk),
            perms=self.fragment_perms,
        )
        return render(request, self.template_name, {"fragment": html, "view": self})


# What changes a conference's documents, and how to find its conference.


def _conference_id(label, pk, path="conference_id"):
    """The conference of row ``pk`` of model ``label``. The models are named
    by label, as in CONFERENCE_OF: the core reads the features' rows without
    importing them (docs/architecture.md, "Layers")."""
    model = apps.get_model(label)
    return model.objects.filter(pk=pk).values_list(path, flat=True).first()


CONFERENCE_OF = {
    "konferenz.Conference": lambda o: o.pk,
    "tagesordnung.AgendaItem": lambda o: o.conference_id,
    "tagesordnung.Proposal": lambda o: o.conference_id,
    "tagesordnung.Attachment": lambda o: _conference_id(
        "tagesordnung.AgendaItem", o.item_id
    ),
    "tagesordnung.Minutes": lambda o: o.conference_id,
    "tagesordnung.MinutesEntry": lambda o: _conference_id(
        "tagesordnung.Minutes", o.minutes_id
    ),
    "tagesordnung.Decision": lambda o: _conference_id(
        "tagesordnung.MinutesEntry", o.entry_id, "minutes__conference_id"
    ),
    "tagesordnung.ActionItem": lambda o: o.conference_id,
    "tagesordnung.ActionProgress": lambda o: _conference_id(
        "tagesordnung.ActionItem", o.action_id
    ),
    "teilnehmer.Invitation": lambda o: o.conference_id,
    # The conference overview shows its status history and press release.
    "konferenz.ConferenceTransition": lambda o: o.conference_id,
    "konferenz.PressRelease": lambda o: o.conference_id,
}
SHOWN_EVERYWHERE = (
    "konferenz.PoliceAuthority",
    "teilnehmer.Contact",
    "teilnehmer.Authority",
    "tagesordnung.Topic",
    settings.AUTH_USER_MODEL,
)


def _conference_changed(sender, instance, **kwargs):
    if not enabled():
        return
    label = sender._meta.label
    conference_id = CONFERENCE_OF[label](instance)
    if conference_id is None:  # the parent is gone already: be safe
        touch_all()
    else:
        tenant_id = None
        if label == "konferenz.Conference":
            # A conference names its tenant itself (also when it is deleted);
            # a deleted one's number must not keep its tenant (SQLite may
            # give the number again).
            tenant_id = instance.police_authority_id
            if kwargs.get("signal") is post_delete:
                cache.delete(_tenant_of_key(conference_id))
        touch(conference_id, tenant_id=tenant_id)


def _shown_everywhere_changed(sender, instance, **kwargs):
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
    m2m_changed.connect(_distribution_changed, weak=False)
    for label in CONFERENCE_OF:
        post_save.connect(_conference_changed, sender=label, weak=False)
        post_delete.connect(_conference_changed, sender=label, weak=False)
    for label in SHOWN_EVERYWHERE:
        post_save.connect(_shown_everywhere_changed, sender=label, weak=False)
        post_delete.connect(_shown_everywhere_changed, sender=label, weak=False)
