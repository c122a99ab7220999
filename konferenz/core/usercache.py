"""The logged-in user with membership and police authority, kept in memory
and in the cache.

Every request needs the user, their roles and their police authority before
anything else happens. konferenz.accounts.backends loads them in one query,
with the user's second-factor devices (``device``, without their keys), and
keeps the loaded objects at two levels:

1. **In this process** (``recent``): a pickled copy per user, the last
   ``SIKO_USER_CACHE_SIZE`` users (least recently used out first). A warm
   request unpickles its own copy – no round trip, no object shared with
   another request – whether Redis runs, hangs or is gone.
2. **In the shared cache** (Redis, ``SIKO_SHARED_CACHE``), for the other
   processes: a process that does not know the user yet asks Redis before
   the database.

Both hold the change stamp ``accounts`` from the database
(konferenz/core/stamps.py): the database's triggers renew it in the
transaction of every change of a user, a membership, a police authority or a
second-factor device; the session is read with it in one query
(konferenz/core/sessions.py). A role change, a deactivation, a password
change or a second-factor reset therefore takes effect on the very next
request in every process, whichever process made it, and a database or a
Redis restored from an older snapshot can only hold copies under stamps the
database has moved past (the tokens are random). The stamp comes with the
session query; a user this process knows costs no other query.
"""

import pickle  # nosec B403: only our own objects, pickled by this process
import threading
from collections import OrderedDict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django_otp import devices_for_user

from konferenz.core import changestamp, stamps

TIMEOUT = 10 * 60
#: Users kept per process by default (``SIKO_USER_CACHE_SIZE``).
SIZE = 500


def enabled():
    return getattr(settings, "SIKO_SHARED_CACHE", False)


class Recent:
    """The last users of this process, each pickled under the ``accounts``
    stamp it was read with; at most ``SIKO_USER_CACHE_SIZE``, thread-safe.

    One entry per user: a newer stamp replaces the older copy."""

    def __init__(self):
        self._lock = threading.Lock()
        self._entries = OrderedDict()

    def size(self):
        return int(getattr(settings, "SIKO_USER_CACHE_SIZE", SIZE))

    def get(self, user_id, stamp):
        """A fresh copy of the user kept under ``stamp``, or ``None``."""
        with self._lock:
            entry = self._entries.get(user_id)
            if entry is None or entry[0] != stamp:
                return None
            self._entries.move_to_end(user_id)
            data = entry[1]
        return pickle.loads(data)  # noqa: S301  # nosec B301: pickled here

    def put(self, user_id, stamp, user):
        data = pickle.dumps(user, pickle.HIGHEST_PROTOCOL)
        limit = self.size()
        with self._lock:
            self._entries[user_id] = (stamp, data)
            self._entries.move_to_end(user_id)
            while len(self._entries) > limit:
                self._entries.popitem(last=False)

    def clear(self):
        with self._lock:
            self._entries.clear()

    def __len__(self):
        return len(self._entries)


recent = Recent()


def _stamp():
    return changestamp.tokens([stamps.ACCOUNTS])


def _key(user_id, stamp=None):
    stamp = stamp or _stamp()
    if stamp is None:
        return None
    return changestamp.key(prefix="user", kind=user_id, stamp=stamp)


def load(user_id):
    """The user with membership, authority and devices: from this process,
    from the shared cache or in one query (and one per device model)."""
    stamp = _stamp()
    if stamp is None:
        return _from_database(user_id)
    user = recent.get(user_id, stamp)
    if user is not None:
        return user
    key = _key(user_id, stamp) if enabled() else None
    user = cache.get(key) if key else None
    if user is None:
        user = _from_database(user_id)
        if user is None:
            return None
        # select_related has also recorded a missing membership: kept as such.
        # The second-factor devices ride along (``device``).
        user._siko_devices = {
            found.persistent_id: _without_secret(found)
            for found in devices_for_user(user, None)
        }
        if key:
            cache.set(key, user, TIMEOUT)
    recent.put(user_id, stamp, user)
    return user


def _from_database(user_id):
    User = get_user_model()
    try:
        return User._default_manager.select_related("membership__police_authority").get(
            pk=user_id
        )
    except User.DoesNotExist:
        return None


def _without_secret(found):
    """What django-otp's middleware asks of a device (whose it is, whether it
    is confirmed), without its key: no cache holds a TOTP secret."""
    return type(found)(
        pk=found.pk, user_id=found.user_id, name=found.name, confirmed=found.confirmed
    )


def device(user, persistent_id, load):
    """The session's second-factor device: django-otp looks it up on every
    request to tell whether the session passed its second factor. A kept
    user carries their devices (``load``), so this costs neither a
    query nor another round trip to the cache; otherwise, or for an id the
    user does not hold, ``load(persistent_id)`` asks the database."""
    devices = getattr(user, "_siko_devices", None)
    found = devices.get(persistent_id) if devices else None
    return found if found is not None else load(persistent_id)
