"""The logged-in user with membership and police authority, kept in the cache.

Every request needs the user, their roles and their police authority before
anything else happens. konferenz.accounts.backends loads them in one query;
with a shared cache (Redis, ``SIKO_SHARED_CACHE``) the loaded objects are kept
there, with the user's second-factor devices (``device``, without their keys).

The key holds the change stamp ``accounts`` from the database
(konferenz/core/stamps.py): the database's triggers renew it in the
transaction of every change of a user, a membership, a police authority or a
second-factor device; the session is read with it in one query
(konferenz/core/sessions.py). A role change, a deactivation or a second-factor reset
therefore takes effect on the very next request, whichever process made it,
and a Redis restored from an older snapshot can only hold copies under
stamps the database has moved past. Reading the stamp costs one query per
request; a failed or missing cache costs the query of the user.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django_otp import devices_for_user

from konferenz.core import changestamp, stamps

TIMEOUT = 10 * 60


def enabled():
    return getattr(settings, "SIKO_SHARED_CACHE", False)


def _key(user_id):
    stamp = changestamp.tokens([stamps.ACCOUNTS])
    if stamp is None:
        return None
    return changestamp.key(prefix="user", kind=user_id, stamp=stamp)


def load(user_id):
    """The user with membership and authority: from the cache or one query."""
    key = _key(user_id) if enabled() else None
    user = cache.get(key) if key else None
    if user is not None:
        return user
    User = get_user_model()
    try:
        user = User._default_manager.select_related("membership__police_authority").get(
            pk=user_id
        )
    except User.DoesNotExist:
        return None
    if key:
        # select_related has also recorded a missing membership: cached as such.
        # The second-factor devices ride along (``device``).
        user._siko_devices = {
            found.persistent_id: _without_secret(found)
            for found in devices_for_user(user, None)
        }
        cache.set(key, user, TIMEOUT)
    return user


def _without_secret(found):
    """What django-otp's middleware asks of a device (whose it is, whether it
    is confirmed), without its key: the cache never holds a TOTP secret."""
    return type(found)(
        pk=found.pk, user_id=found.user_id, name=found.name, confirmed=found.confirmed
    )


def device(user, persistent_id, load):
    """The session's second-factor device: django-otp looks it up on every
    request to tell whether the session passed its second factor. A cached
    user carries their devices (``load``), so this costs neither a
    query nor another round trip to the cache; otherwise, or for an id the
    user does not hold, ``load(persistent_id)`` asks the database."""
    devices = getattr(user, "_siko_devices", None)
    found = devices.get(persistent_id) if devices else None
    return found if found is not None else load(persistent_id)
