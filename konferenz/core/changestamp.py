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

import uuid

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.template.backends.utils import csrf_input
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

GLOBAL = "siko:stamp:all"
DOCUMENT_TIMEOUT = 24 * 60 * 60


def enabled():
    return getattr(settings, "SIKO_SHARED_CACHE", False)


def _conference_key(conference_id):
    return f"siko:stamp:conference:{conference_id}"


def _authority_key(authority_id):
    return f"siko:stamp:authority:{authority_id}"


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


def touch_authority(authority_id):
    """Something the authority's other conferences show changed (the open
    actions of its earlier conferences, on the carry-over agenda item)."""
    if authority_id is None:
        touch_all()
    else:
        _bump(_authority_key(authority_id))


def _stamps(*keys):
    """The tokens of ``keys`` (one round trip; a missing one is created)."""
    values = cache.get_many(keys)
    for key in keys:
        if values.get(key) is None:
            cache.add(key, uuid.uuid4().hex, None)
            values[key] = cache.get(key)
    return ".".join(values[key] for key in keys)


def stamp(conference_id, authority_id=None):
    """The conference's stamp (with the one of everything shared); with
    ``authority_id`` also the stamp of what all the authority's conferences
    show."""
    keys = [_conference_key(conference_id), GLOBAL]
    if authority_id is not None:
        keys.append(_authority_key(authority_id))
    return _stamps(*keys)


def _cached(key, render):
    """What ``render()`` returns, from the cache or kept there (``None``, e.g.
    "not found", is never kept)."""
    data = cache.get(key)
    if data is None:
        data = render()
        if data is not None:
            cache.set(key, data, DOCUMENT_TIMEOUT)
    return data


def _key(prefix, *, kind, conference_id, audience, variant, authority_id):
    """Everything that changes a cached document or fragment: the conference
    stamp, the reader's audience (so nothing cached for one reader is ever
    served to a lower one), the caller's variant (permissions, version) and
    the day (documents print today's date; "open", "overdue" move with it)."""
    return (
        f"siko:{prefix}:{kind}:{conference_id}:{audience}:{variant}:"
        f"{timezone.localdate():%Y%m%d}:{stamp(conference_id, authority_id)}"
    )


def cached_document(
    *, kind, conference_id, audience, render, variant="", authority_id=None
):
    """What ``render()`` returns (the bytes of a document, with whatever the
    caller needs beside them), kept per conference stamp, audience and day.
    ``authority_id``: the document also shows rows of the authority's other
    conferences (``touch_authority``)."""
    if not enabled():
        return render()
    key = _key(
        "document",
        kind=kind,
        conference_id=conference_id,
        audience=audience,
        variant=variant,
        authority_id=authority_id,
    )
    return _cached(key, render)


# Rendered parts of pages. A form in a cached part carries a placeholder for
# the CSRF token; every response gets the reader's own token in its place, so
# a cached part holds no token and no per-user text.

_CSRF_PLACEHOLDER = "siko-csrf-token-placeholder"
_CSRF_INPUT = format_html(
    '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', _CSRF_PLACEHOLDER
)


def render_part(template_name, context):
    """A part of a page, rendered without the request: no user, no messages,
    the CSRF token as a placeholder (filled in by ``cached_parts``)."""
    return render_to_string(template_name, {**context, "csrf_token": _CSRF_PLACEHOLDER})


def cached_parts(
    request,
    *,
    kind,
    conference_id,
    audience,
    build,
    variant="",
    authority_id=None,
    fresh=False,
):
    """The dict ``build()`` returns – parts rendered by ``render_part`` and
    plain data beside them – kept like a document and per language as well.
    ``variant`` must name everything else the parts depend on (the reader's
    permissions, query parameters); ``fresh``: built anew and kept nowhere
    (a refused form that shows what the reader typed). Rendered parts come
    back with the reader's CSRF token."""
    if enabled() and not fresh:
        key = _key(
            "parts",
            kind=kind,
            conference_id=conference_id,
            audience=audience,
            variant=f"{variant}:{get_language()}",
            authority_id=authority_id,
        )
        parts = _cached(key, build)
    else:
        parts = build()
    token = None
    filled = {}
    for name, value in parts.items():
        if isinstance(value, SafeString) and _CSRF_INPUT in value:
            token = token or csrf_input(request)
            value = mark_safe(value.replace(_CSRF_INPUT, token))  # noqa: S308
        filled[name] = value
    return filled


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
    "tagesordnung.MinutesComment": lambda o: _conference_id(
        "tagesordnung.MinutesEntry", o.entry_id, "minutes__conference_id"
    ),
    "tagesordnung.MinutesSnapshot": lambda o: _conference_id(
        "tagesordnung.Minutes", o.minutes_id
    ),
    "konferenz.PressRelease": lambda o: o.conference_id,
    "konferenz.PressQuote": lambda o: _conference_id(
        "konferenz.PressRelease", o.press_release_id
    ),
    "konferenz.PressReleaseVersion": lambda o: _conference_id(
        "konferenz.PressRelease", o.press_release_id
    ),
}
#: Rows that the authority's *other* conferences show: the open actions of
#: earlier conferences on a carry-over item, with their conference's title.
AUTHORITY_OF = {
    "konferenz.Conference": lambda o: o.police_authority_id,
    "tagesordnung.ActionItem": lambda o: _conference_id(
        "konferenz.Conference", o.conference_id, "police_authority_id"
    ),
}
SHOWN_EVERYWHERE = (
    "konferenz.PoliceAuthority",
    "konferenz.Membership",  # who may be chosen (e.g. as minute-taker)
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


#: Saves that change nothing any cached page or document shows.
UNSHOWN_UPDATES = ({"last_login"},)


def _shown_everywhere_changed(sender, instance, update_fields=None, **kwargs):
    # A login saves the user's last_login: it must not renew every stamp.
    if update_fields is not None and set(update_fields) in UNSHOWN_UPDATES:
        return
    touch_all()


def _authority_changed(sender, instance, **kwargs):
    if enabled():
        touch_authority(AUTHORITY_OF[sender._meta.label](instance))


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
    for label in AUTHORITY_OF:
        post_save.connect(_authority_changed, sender=label, weak=False)
        post_delete.connect(_authority_changed, sender=label, weak=False)
