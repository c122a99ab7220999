"""Reads of the user-management pages. Users belong to a police authority
through their membership; another authority's user is not found (404)."""

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from konferenz.accounts.models import AccountEvent, SsoIdentity, SsoLinkGrant
from konferenz.core.models import PoliceAuthority

#: rows of history shown on a page
EVENTS_SHOWN = 50


def users_of(*, police_authority):
    """The authority's users with membership and second-factor state."""
    return (
        get_user_model()
        .objects.filter(membership__police_authority=police_authority)
        .select_related("membership")
        .annotate(
            second_factors=Count(
                "totpdevice", filter=Q(totpdevice__confirmed=True), distinct=True
            )
        )
        .only(
            "username",
            "first_name",
            "last_name",
            "email",
            "is_active",
            "last_login",
            "membership",
        )
        .order_by("last_name", "first_name", "username")
    )


def user_of(*, police_authority, pk):
    return get_object_or_404(
        get_user_model().objects.select_related("membership"),
        pk=pk,
        membership__police_authority=police_authority,
    )


def account_events(*, police_authority, user=None):
    events = AccountEvent.objects.for_tenant(police_authority).select_related(
        "user", "actor"
    )
    if user is not None:
        events = events.filter(user=user)
    return events[:EVENTS_SHOWN]


def authorities_with_admins():
    return PoliceAuthority.objects.annotate(
        admins=Count(
            "memberships",
            filter=Q(
                memberships__is_authority_admin=True,
                memberships__user__is_active=True,
            ),
        ),
        users=Count("memberships"),
    ).only("name", "press_code", "seat")


def sso_identity_of(*, user):
    """The police account ``user`` is bound to (None if none)."""
    return SsoIdentity.objects.filter(user=user).first()


def sso_link_grant_of(*, user):
    """The authority administration's still valid permission to link."""
    return SsoLinkGrant.objects.filter(
        user=user, valid_until__gt=timezone.now()
    ).first()
