"""The one access rule: when a view refuses with 403 and when with 404
(docs/architecture.md, "Access: 403 or 404").

* **A missing right** – a role or permission the reader's account lacks
  (``konferenz/core/rules.py``) – is refused: **403**. The right is the same
  for every object of the route, so refusing tells nothing about any object.
  Views name it with ``require`` (decorator) or, in a class-based view, with
  ``PermissionMixin``; a right that depends on what was asked for (the VS-NfD
  version of a document, the approving step of the minutes) with ``demand``.
* **An object the reader may not know of** – another police authority's, or a
  classified one above the reader's clearance – is **not found: 404**, exactly
  as an object that does not exist. Views fetch it with ``find`` (tenant scope
  and, for a classified model, the reader's audience), a conference with
  ``konferenz.core.selectors.conference_for_request``.
* **Behind a secret link** (partner link, quote link, contact check, calendar
  feed) the link is the right: an invalid, expired or revoked link is not
  found (404, ``konferenz/core/linkpages.py``), and so is anything the link's
  holder may not read.

Rights are checked before any object is read: a reader without the right gets
403 also for an object that does not exist.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from rules.contrib.views import PermissionRequiredMixin, permission_required

from konferenz.core.classification import ClassifiedQuerySet, audience_for_user
from konferenz.core.tenancy import require_tenant


def require(perm):
    """Decorator: the view runs only for a reader with ``perm``; else 403."""
    return permission_required(perm, raise_exception=True)


class PermissionMixin(PermissionRequiredMixin):
    """``require`` for class-based views (``permission_required = …``): 403."""

    raise_exception = True


def demand(request, perm):
    """403 unless the reader has ``perm``: a right that depends on the request."""
    if not request.user.has_perm(perm):
        raise PermissionDenied


def find(request, queryset, **lookup):
    """The object of the reader's police authority that the reader may read
    (``queryset`` of a ``TenantQuerySet``; a ``ClassifiedQuerySet`` is narrowed
    to the reader's audience); 404 for any other."""
    queryset = queryset.all().for_tenant(require_tenant(request))
    if isinstance(queryset, ClassifiedQuerySet):
        queryset = queryset.visible_to(audience_for_user(request.user))
    return get_object_or_404(queryset, **lookup)
