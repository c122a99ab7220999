"""Per-conference change stamps: the one place that says "this conference's
documents changed" (issue 22).

Every save or delete of a row that appears in a conference's agenda or
minutes documents calls ``touch(conference_id)`` (signal handlers below; the
few bulk updates of the services call it themselves); a change to a row that
many conferences show (police authority, address book, topics, users) calls
``touch_all()``. Cached documents carry both stamps in their key, so a change
is never served from the cache.

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
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

GLOBAL = "siko:stamp:all"
DOCUMENT_TIMEOUT = 24 * 60 * 60


def enabled():
    return getattr(settings, "SIKO_SHARED_CACHE", False)


def _conference_key(conference_id):
    return f"siko:stamp:conference:{conference_id}"


def _renew(key):
    cache.set(key, uuid.uuid4().hex, None)


def _bump(key):
    """Renew now and once more after the commit: a request that read the old
    rows between the change and its commit cannot keep the new stamp."""
    if not enabled():
        return
    _renew(key)
    transaction.on_commit(lambda: _renew(key))


def touch(conference_id):
    """The conference's documents changed."""
    if conference_id is not None:
        _bump(_conference_key(conference_id))


def touch_all():
    """Something every conference may show changed."""
    _bump(GLOBAL)


def _stamp(key):
    value = cache.get(key)
    if value is None:
        cache.add(key, uuid.uuid4().hex, None)
        value = cache.get(key)
    return value


def stamp(conference_id):
    key = _conference_key(conference_id)
    found = cache.get_many([key, GLOBAL])  # one round trip when both are there
    own = found.get(key) or _stamp(key)
    everywhere = found.get(GLOBAL) or _stamp(GLOBAL)
    return f"{own}.{everywhere}"


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


def cached_fragment(*, kind, conference_id, variant, render, keep=True):
    """The HTML ``render()`` returns for one part of a conference's page,
    kept per conference stamp and language. ``variant`` holds everything else
    that changes the output (the reader's audience and permissions, the query
    parameters, whatever depends on the time); the caller names all of it.
    Fragments hold no CSRF token and nothing of one user: forms that need a
    token stay outside them (buttons reach them with ``form=``). ``keep=False``
    renders without the cache: for variants without bound (free search text),
    which would only fill the cache."""
    if not enabled() or not keep:
        return mark_safe(render())  # noqa: S308  # nosec B308 B703
    variant_key = hashlib.sha256(repr(variant).encode()).hexdigest()[:32]
    key = (
        f"siko:fragment:{kind}:{conference_id}:{translation.get_language()}:"
        f"{variant_key}:{stamp(conference_id)}"
    )
    html = cache.get(key)
    if html is None:
        html = str(render())
        cache.set(key, html, DOCUMENT_TIMEOUT)
    # What our own render() made of a template (autoescaped):
    return mark_safe(html)  # noqa: S308  # nosec B308 B703


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
}
SHOWN_EVERYWHERE = (
    # An open action also shows in the carry-over item (Wiedervorlage) of its
    # authority's later conferences, not only in its own conference.
    "tagesordnung.ActionItem",
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
        touch(conference_id)


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
