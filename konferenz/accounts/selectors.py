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


def users_of(*, police_authority, vs_nfd: bool | None = None):
    """The authority's users with membership and second-factor state; with
    ``vs_nfd`` only those who may (True) or may not (False) read VS-NfD."""
    users = get_user_model().objects.filter(
        membership__police_authority=police_authority
    )
    if vs_nfd is not None:
        users = users.filter(membership__may_read_vs_nfd=vs_nfd)
    return (
        users.select_related("membership")
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


def _with_counts(authorities):
    """Each authority's active users and active Behördenadministrationen, in
    the one query of the authorities."""
    active = Q(memberships__user__is_active=True)
    return authorities.annotate(
        admins=Count(
            "memberships", filter=active & Q(memberships__is_authority_admin=True)
        ),
        users=Count("memberships", filter=active),
    )


def authorities_with_admins():
    return list(
        _with_counts(PoliceAuthority.objects.all()).only("name", "press_code", "seat")
    )


def authority_with_admins(*, pk):
    return get_object_or_404(_with_counts(PoliceAuthority.objects.all()), pk=pk)


def authority_admins(*, police_authority):
    """The Behördenadministrationen of an authority, deactivated ones too."""
    return list(
        get_user_model()
        .objects.filter(
            membership__police_authority=police_authority,
            membership__is_authority_admin=True,
        )
        .only("username", "first_name", "last_name", "email", "is_active", "last_login")
        .order_by("last_name", "first_name", "username")
    )


def onboarding_events(*, police_authority):
    """The set-up of an authority and the invitations of its users."""
    return list(
        AccountEvent.objects.for_tenant(police_authority)
        .filter(
            action__in=[
                AccountEvent.Action.AUTHORITY_CREATED,
                AccountEvent.Action.INVITED,
            ]
        )
        .select_related("user", "actor")[:EVENTS_SHOWN]
    )


def sso_identity_of(*, user):
    """The police account ``user`` is bound to (None if none)."""
    return SsoIdentity.objects.filter(user=user).first()


def sso_link_grant_of(*, user):
    """The authority administration's still valid permission to link."""
    return SsoLinkGrant.objects.filter(
        user=user, valid_until__gt=timezone.now()
    ).first()
