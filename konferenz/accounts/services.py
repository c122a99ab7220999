"""User management: invitations, roles, deactivation, second-factor reset and
the set-up of a new police authority. Every change writes an AccountEvent."""

from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from konferenz.accounts import mail
from konferenz.accounts.models import AccountEvent
from konferenz.core.locking import bump, lock_unchanged
from konferenz.core.models import Membership, PoliceAuthority

#: role name → Membership field; the names are those of the SSO group mapping
ROLE_FIELDS = {
    "organiser": "is_organiser",
    "minute_taker": "is_minute_taker",
    "head": "is_head",
    "press_office": "is_press_office",
    "vs_nfd": "may_read_vs_nfd",
    "authority_admin": "is_authority_admin",
}


def account_event_log(
    *,
    action: str,
    user,
    actor=None,
    police_authority: PoliceAuthority | None = None,
    detail: str = "",
) -> AccountEvent:
    """Write one row of the user-management history."""
    return AccountEvent.objects.create(
        action=action,
        user=user,
        actor=actor,
        police_authority=police_authority,
        detail=detail[:300],
    )


def _role_detail(membership: Membership) -> str:
    return ", ".join(str(label) for label in membership.role_labels)


def membership_roles_set(*, membership: Membership, roles: set[str], actor) -> bool:
    """Set the roles of a membership; returns whether anything changed."""
    changed = False
    for role, field in ROLE_FIELDS.items():
        wanted = role in roles
        if getattr(membership, field) != wanted:
            setattr(membership, field, wanted)
            changed = True
    if changed:
        membership.save()
        account_event_log(
            action=AccountEvent.Action.ROLES_CHANGED,
            user=membership.user,
            actor=actor,
            police_authority=membership.police_authority,
            detail=_role_detail(membership),
        )
    return changed


@transaction.atomic
def user_invite(
    *,
    police_authority: PoliceAuthority,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    roles: set[str],
    actor,
    request=None,
):
    """Create a user of ``police_authority`` and mail a link to set a password."""
    user = get_user_model().objects.create(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    membership = Membership.objects.create(
        user=user,
        police_authority=police_authority,
        **{field: role in roles for role, field in ROLE_FIELDS.items()},
    )
    account_event_log(
        action=AccountEvent.Action.INVITED,
        user=user,
        actor=actor,
        police_authority=police_authority,
        detail=_role_detail(membership),
    )
    # Through the outbox, in this transaction: sent by the worker, not
    # while the request waits; a rolled-back invitation mails nothing.
    mail.queue_user_invitation(user_id=user.pk)
    return user


@transaction.atomic
def user_set_active(*, user, active: bool, actor) -> None:
    """Deactivate (or reactivate) an account.

    A deactivated user's sessions end at once: every request loads the user
    through konferenz.accounts.backends, which refuses inactive accounts; the stored
    sessions are removed as well.
    """
    if user.is_active == active:
        return
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        sessions_end(user=user)
    account_event_log(
        action=AccountEvent.Action.REACTIVATED
        if active
        else AccountEvent.Action.DEACTIVATED,
        user=user,
        actor=actor,
        police_authority=user.membership.police_authority,
    )


def sessions_end(*, user) -> int:
    """Delete the stored sessions of ``user``; returns how many."""
    ended = 0
    user_pk = str(user.pk)
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for session in Session.objects.iterator():
        if session.get_decoded().get("_auth_user_id") == user_pk:
            # Through the session engine: cached_db drops its cached copy too.
            store(session_key=session.session_key).delete()
            ended += 1
    return ended


@transaction.atomic
def mfa_reset(*, user, actor) -> None:
    """Remove every second factor of ``user`` (lost phone); set up anew at login.

    Every session of the user ends, as at a deactivation (``sessions_end``):
    whoever holds one of them (the lost phone's finder, a forgotten browser)
    must log in again with the password and then set up a new device."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    sessions_end(user=user)
    account_event_log(
        action=AccountEvent.Action.MFA_RESET,
        user=user,
        actor=actor,
        police_authority=user.membership.police_authority
        if hasattr(user, "membership")
        else None,
    )


@transaction.atomic
def police_authority_setup(
    *,
    authority_fields: dict,
    admin_username: str,
    admin_first_name: str,
    admin_last_name: str,
    admin_email: str,
    actor,
    request=None,
) -> PoliceAuthority:
    """Create a police authority and invite its first Behördenadministration."""
    police_authority = PoliceAuthority.objects.create(**authority_fields)
    account_event_log(
        action=AccountEvent.Action.AUTHORITY_CREATED,
        user=None,
        actor=actor,
        police_authority=police_authority,
        detail=police_authority.name,
    )
    user_invite(
        police_authority=police_authority,
        username=admin_username,
        first_name=admin_first_name,
        last_name=admin_last_name,
        email=admin_email,
        roles={"authority_admin"},
        actor=actor,
        request=request,
    )
    return police_authority


@transaction.atomic
def police_authority_links_update(
    *, police_authority, version, privacy_url, imprint_url
) -> PoliceAuthority:
    """Save the addresses of the authority's data-protection notice and imprint
    (optimistic locking: ``StaleEdit`` if somebody saved in between)."""
    locked = lock_unchanged(
        PoliceAuthority,
        police_authority.pk,
        version,
        message=_(
            "Someone else changed these settings in the meantime. Your input "
            "was not saved; please check the current values and save again."
        ),
    )
    locked.privacy_url = privacy_url
    locked.imprint_url = imprint_url
    bump(locked)
    locked.save(update_fields=["privacy_url", "imprint_url", "version"])
    return locked


@transaction.atomic
def accessibility_statement_update(
    *, police_authority, version, today=None, **values
) -> PoliceAuthority:
    """Save the authority's Erklärung zur Barrierefreiheit; its date becomes
    today's (optimistic locking: ``StaleEdit`` if somebody saved in between)."""
    locked = lock_unchanged(
        PoliceAuthority,
        police_authority.pk,
        version,
        message=_(
            "Someone else changed these settings in the meantime. Your input "
            "was not saved; please check the current values and save again."
        ),
    )
    for name, value in values.items():
        setattr(locked, name, value)
    locked.accessibility_reviewed_on = today or timezone.localdate()
    bump(locked)
    locked.save(update_fields=[*values, "accessibility_reviewed_on", "version"])
    return locked
