"""Documents rendered by the worker right after a change (issue 32), so that
the first reader of an agenda or minutes PDF usually meets a ready file.

The task worker (``manage.py db_worker``) watches the conferences' change
stamps in the database (konferenz/core/stamps.py) every
``SIKO_PRERENDER_INTERVAL`` seconds: one query for the tokens ``c:<id>``. For
each conference whose token moved since the last look, every registered
renderer runs; a renderer builds its documents through the page cache
(``changestamp.cached_document``) exactly as the download does, so the file
lands under the key of the stamps it was rendered from. A file is therefore
never served stale: a change after the rendering moves the stamp, and the
download misses and renders anew (as it would without the worker). Nothing
else is needed from the code that writes – the triggers see every writer.

The first look only records the tokens (a restarted worker renders nothing
for changes made while it was away: the first reader does). Without a cache
shared by every process (``changestamp.enabled``) nothing is rendered.
The core knows no feature: agenda and minutes register their renderers
(``register``) from their app's ``ready()``.
"""

import logging
import threading

from django.apps import apps
from django.conf import settings
from django.db import close_old_connections
from django.utils import translation

from konferenz.core import changestamp, stamps

logger = logging.getLogger("siko")

_renderers = []


def register(render):
    """``render(conference_ids)`` renders a feature's documents of these
    conferences into the cache."""
    if render not in _renderers:
        _renderers.append(render)


def conference_tokens():
    """The change stamp of every conference: id → token (one query)."""
    model = apps.get_model("konferenz.ChangeStamp")
    prefix = stamps.conference_key("")
    rows = model.objects.filter(key__startswith=prefix).values_list("key", "token")
    return {int(key[len(prefix) :]): token for key, token in rows}


class Watcher:
    """Remembers the tokens of the last look; ``changed()`` names the
    conferences whose token moved since (none at the first look)."""

    def __init__(self):
        self.seen = None

    def changed(self):
        current = conference_tokens()
        before, self.seen = self.seen, current
        if before is None:
            return []
        return sorted(pk for pk, token in current.items() if before.get(pk) != token)


def render(conference_ids):
    """Run every renderer for ``conference_ids`` (at most
    ``SIKO_PRERENDER_MAX`` of them: after an import of many conferences their
    first readers render), in the documents' language; a renderer that fails
    is logged and the others still run."""
    if not conference_ids or not changestamp.enabled():
        return
    conference_ids = conference_ids[: settings.SIKO_PRERENDER_MAX]
    with translation.override(settings.LANGUAGE_CODE):
        for renderer in _renderers:
            try:
                renderer(conference_ids)
            except Exception:
                logger.exception("Prerendering documents failed (%s)", renderer)


def look(watcher):
    """One look: the changed conferences' documents rendered."""
    close_old_connections()
    try:
        render(watcher.changed())
    except Exception:
        logger.exception("Prerendering documents failed; trying again later")
    finally:
        close_old_connections()


class Prerenderer(threading.Thread):
    """Looks every ``interval`` seconds beside the worker's loop (a thread of
    its own with its own database connection; it dies with the worker)."""

    def __init__(self, interval):
        super().__init__(name="siko-prerender", daemon=True)
        self.interval = interval
        self.watcher = Watcher()
        self.stopped = threading.Event()

    def run(self):
        look(self.watcher)
        while not self.stopped.wait(self.interval):
            look(self.watcher)

    def stop(self):
        self.stopped.set()
