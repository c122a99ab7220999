"""Tenant scoping: the one place that decides which police authority's data a
request may see.

Every model that belongs to a police authority uses a ``TenantQuerySet``
(naming the path to its police authority in ``tenant_field``), and every view
fetches through ``for_tenant(request.tenant)``, usually via ``TenantMixin``.
An object of another authority is thereby simply not found: 404.
"""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.db import models
from django.utils.functional import LazyObject, empty


class TenantQuerySet(models.QuerySet):
    #: lookup path from the model to its PoliceAuthority
    tenant_field = "police_authority"

    def for_tenant(self, police_authority):
        """Only rows of ``police_authority``; nothing at all for ``None``."""
        if not police_authority:
            return self.none()
        return self.filter(**{self.tenant_field: police_authority})


def membership_of(user):
    """The user's membership, or ``None`` (anonymous, or no role at all); loaded
    with the user by konferenz.accounts.backends. The one reader of it: the
    role predicates (konferenz.core.rules) and ``request.membership`` use it."""
    if not user.is_authenticated:
        return None
    try:
        return user.membership
    except ObjectDoesNotExist:
        return None


def _unwrapped(obj):
    """The object behind Django's and django-otp's lazy wrappers."""
    while isinstance(obj, LazyObject):
        if obj._wrapped is empty:
            obj._setup()
        obj = obj._wrapped
    return obj


class TenantMiddleware:
    """Puts ``request.membership`` and ``request.tenant`` on every request.

    It runs after the login check, which has loaded the user already (from
    the cache: no query), so it replaces the two lazy wrappers around
    ``request.user`` by the user itself: the templates, the navigation and
    the role checks read the user a few hundred times per page, each time
    through both wrappers otherwise.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.user = user = _unwrapped(request.user)
        request.membership = membership = membership_of(user)
        request.tenant = membership.police_authority if membership else None
        return self.get_response(request)


def require_tenant(request):
    """The user's police authority; 403 for users without one (e.g. ministry)."""
    membership = request.membership
    if not membership or membership.police_authority is None:
        raise PermissionDenied
    return membership.police_authority


class TenantMixin:
    """For class-based views: the queryset is scoped to the user's authority.

    Put it first, before ``access.PermissionMixin``: roles are checked per
    authority, not per object, so the permission object is ``None``
    (konferenz/core/access.py: a missing right 403, another authority's
    object 404).
    """

    def dispatch(self, request, *args, **kwargs):
        self.tenant = require_tenant(request)
        return super().dispatch(request, *args, **kwargs)

    def get_permission_object(self):
        return None

    def get_queryset(self):
        return super().get_queryset().for_tenant(self.tenant)
