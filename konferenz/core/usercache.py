"""The logged-in user with membership and police authority, kept in the cache.

Every request needs the user, their roles and their police authority before
anything else happens. konferenz.accounts.backends loads them in one query;
with a shared cache (Redis, ``SIKO_SHARED_CACHE``) the loaded objects are kept there and
the request needs no query at all for them.

The user's second-factor devices are kept with the user (``device``).

The cached copy is dropped whenever one of the three rows changes (signals on
save and delete below; every service that changes roles, deactivates an
account, changes a password or edits an authority saves through the ORM), so
a role change or a deactivation takes effect on the very next request. A
per-process cache (locmem) could not be invalidated across gunicorn workers,
therefore nothing is cached unless the cache is shared.
"""

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django_otp import devices_for_user
from django_otp.models import Device

from konferenz.core.models import Membership

#: bump when the cached object's shape changes (deployments mix old and new)
VERSION = 2
TIMEOUT = 10 * 60


def enabled():
    return getattr(settings, "SIKO_SHARED_CACHE", False)


def _key(user_id):
    return f"siko:user:{VERSION}:{user_id}"


def load(user_id):
    """The user with membership and authority: from the cache or one query."""
    user = cache.get(_key(user_id)) if enabled() else None
    if user is not None:
        return user
    User = get_user_model()
    try:
        user = User._default_manager.select_related("membership__police_authority").get(
            pk=user_id
        )
    except User.DoesNotExist:
        return None
    if enabled():
        # select_related has also recorded a missing membership: cached as such.
        # The second-factor devices ride along (``device``).
        user._siko_devices = {
            found.persistent_id: _without_secret(found)
            for found in devices_for_user(user, None)
        }
        cache.set(_key(user_id), user, TIMEOUT)
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


def forget(user_id):
    """Drop the cached copy now and once more after the transaction commits.

    The second delete closes the window in which a concurrent request could
    re-cache the old rows between the save and the commit.
    """
    if not enabled() or user_id is None:
        return
    key = _key(user_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


def forget_authority(police_authority_id):
    if not enabled():
        return
    for user_id in Membership.objects.filter(
        police_authority_id=police_authority_id
    ).values_list("user_id", flat=True):
        forget(user_id)


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
@receiver(post_delete, sender=settings.AUTH_USER_MODEL)
def _user_changed(sender, instance, **kwargs):
    forget(instance.pk)


@receiver(post_save, sender="konferenz.Membership")
@receiver(post_delete, sender="konferenz.Membership")
def _membership_changed(sender, instance, **kwargs):
    forget(instance.user_id)


@receiver(post_save, sender="konferenz.PoliceAuthority")
def _authority_changed(sender, instance, **kwargs):
    forget_authority(instance.pk)


def _device_changed(sender, instance, **kwargs):
    """A device was confirmed, removed or given to another user: its owner's
    cached copy carries the devices. Deleting a user deletes their devices,
    which lands here too."""
    forget(instance.user_id)


# Every kind of device (TOTP, recovery codes), by sender: a receiver for all
# models would keep Django from fast-deleting rows anywhere.
for _model in apps.get_models():
    if issubclass(_model, Device):
        post_save.connect(_device_changed, sender=_model, weak=False)
        post_delete.connect(_device_changed, sender=_model, weak=False)
