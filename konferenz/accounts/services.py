"""User management: invitations, roles, deactivation, second-factor reset and
the set-up of a new police authority. Every change writes an AccountEvent."""

from datetime import timedelta
from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from konferenz.accounts import mail, onboarding
from konferenz.accounts.models import AccountEvent, SsoIdentity, SsoLinkGrant
from konferenz.core.locking import bump, lock_unchanged
from konferenz.core.models import Membership, PoliceAuthority

#: how long the authority administration's permission to link an account lasts
SSO_LINK_VALID = timedelta(days=3)

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


def _lock_authorities(pks):
    """Lock the police authorities' rows until the transaction ends: two state
    administrators inviting at once are checked one after the other."""
    return list(PoliceAuthority.objects.select_for_update().filter(pk__in=pks))


@transaction.atomic
def authority_admin_invite(
    *,
    police_authority: PoliceAuthority,
    username: str,
    first_name: str,
    last_name: str,
    email: str,
    actor,
    request=None,
):
    """Invite a Behördenadministration of an existing police authority (the
    first one of a preloaded authority, or a further one)."""
    _lock_authorities([police_authority.pk])
    return user_invite(
        police_authority=police_authority,
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        roles={"authority_admin"},
        actor=actor,
        request=request,
    )


@transaction.atomic
def authority_admins_invite(*, rows, actor, request=None):
    """Invite the first Behördenadministration of each police authority of
    the uploaded list; the rows are checked again under lock, and only those
    still without error are invited. Returns the checked plan."""
    codes = {onboarding.normalise_code(row.get("code", "")) for row in rows}
    list(PoliceAuthority.objects.select_for_update().filter(press_code__in=codes))
    plan = onboarding.build_plan(rows)
    for row in plan.good_rows:
        user_invite(
            police_authority=row.police_authority,
            username=row.username,
            first_name=row.first_name,
            last_name=row.last_name,
            email=row.email,
            roles={"authority_admin"},
            actor=actor,
            request=request,
        )
    return plan


@transaction.atomic
def police_authority_links_update(
    *, police_authority, version, privacy_url, imprint_url, file_reference_pattern=None
) -> PoliceAuthority:
    """Save the addresses of the authority's data-protection notice and imprint
    and the pattern of its Geschäftszeichen (optimistic locking: ``StaleEdit``
    if somebody saved in between)."""
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
    if file_reference_pattern is not None:
        locked.file_reference_pattern = file_reference_pattern
    bump(locked)
    locked.save(
        update_fields=[
            "privacy_url",
            "imprint_url",
            "file_reference_pattern",
            "version",
        ]
    )
    return locked


def _authority_of(user):
    membership = getattr(user, "membership", None)
    return membership.police_authority if membership else None


@transaction.atomic
def sso_link_allow(*, user, actor) -> SsoLinkGrant:
    """The authority administration allows the next single sign-on with the
    account's e-mail address (and the account's police authority) to bind the
    account to that police account (konferenz.accounts.sso)."""
    grant, _created = SsoLinkGrant.objects.update_or_create(
        user=user,
        defaults={
            "granted_by": actor,
            "valid_until": timezone.now() + SSO_LINK_VALID,
        },
    )
    account_event_log(
        action=AccountEvent.Action.SSO_LINK_ALLOWED,
        user=user,
        actor=actor,
        police_authority=_authority_of(user),
        detail=_("until %(date)s")
        % {"date": timezone.localtime(grant.valid_until).strftime("%d.%m.%Y %H:%M")},
    )
    return grant


@transaction.atomic
def sso_identity_bind(*, user, issuer: str, subject: str, linked: bool = False) -> bool:
    """Bind ``user`` to the provider's account (issuer + subject).

    ``linked``: an existing account, allowed by its authority administration;
    the permission is used up (locked, so that it binds once). Returns False if
    it is no longer there."""
    if linked:
        grant = (
            SsoLinkGrant.objects.select_for_update()
            .filter(user=user, valid_until__gt=timezone.now())
            .first()
        )
        if grant is None:
            return False
        grant.delete()
    SsoIdentity.objects.create(user=user, issuer=issuer, subject=subject)
    if linked:
        account_event_log(
            action=AccountEvent.Action.SSO_LINKED,
            user=user,
            police_authority=_authority_of(user),
            detail=subject,
        )
    return True


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
