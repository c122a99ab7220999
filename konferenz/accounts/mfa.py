"""Second factor (django-otp): TOTP with recovery codes.

Who needs one is decided here and only here (``second_factor_required``); the
middleware sends such a user to set-up or verification before any other page.
"""

import base64
import time

import django_otp.middleware
import segno
from django.conf import settings
from django.db import transaction
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user, user_has_device
from django_otp.models import VerifyNotAllowed
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from konferenz.accounts import services
from konferenz.accounts.models import AccountEvent
from konferenz.core import usercache
from konferenz.core.rules import is_authority_admin, is_ministry, may_read_vs_nfd

#: session flag: the identity provider's ID token reported a second factor
IDP_MFA_SESSION_KEY = "siko_idp_mfa"
RECOVERY_CODE_COUNT = 10
#: session key: when this session logged in (seconds since the epoch)
LOGIN_AT_SESSION_KEY = "siko_login_at"
#: an account without a password enrols a device only this soon after login
FRESH_LOGIN_SECONDS = 10 * 60


class Throttled(Exception):
    """django-otp refuses to check a code for a while after wrong ones."""

    def __init__(self, seconds: int | None):
        super().__init__(seconds)
        self.seconds = seconds


def second_factor_required(user) -> bool:
    """VS-NfD readers and everyone who can change who may log in must use a
    second factor: the authority administration, the ministry (sets up police
    authorities and invites their administration) and the state
    administration (superuser, Django admin)."""
    if not settings.SIKO_MFA_REQUIRED or not user.is_authenticated:
        return False
    return bool(
        user.is_superuser
        or user.is_staff
        or is_ministry(user)
        or may_read_vs_nfd(user)
        or is_authority_admin(user)
    )


def second_factor_done(request) -> bool:
    """This session passed a second factor (ours, or the provider's)."""
    return bool(request.user.is_verified() or request.session.get(IDP_MFA_SESSION_KEY))


def has_second_factor(user) -> bool:
    return user_has_device(user, confirmed=True)


def _wait_seconds(info) -> int | None:
    """Seconds until django-otp checks codes again (``verify_is_allowed``)."""
    if not info or info.get("reason") != VerifyNotAllowed.N_FAILED_ATTEMPTS:
        return None
    locked_until = info.get("locked_until")
    if locked_until is None:
        return None
    return max(1, int((locked_until - timezone.now()).total_seconds() + 0.999))


def device_verify(device, token: str) -> bool:
    """Check ``token`` against ``device`` (already locked by the caller).

    Raises ``Throttled`` when django-otp does not check codes of this device
    yet (after wrong ones), instead of answering "wrong code"."""
    allowed, info = device.verify_is_allowed()
    if not allowed:
        raise Throttled(_wait_seconds(info))
    return device.verify_token(token)


def _looks_like_its_code(device, token: str) -> bool:
    """A six-digit code is one of the authenticator app, anything else a
    recovery code: only the pause of the device it belongs to is reported."""
    if isinstance(device, TOTPDevice):
        return token.isdigit() and len(token) == device.digits
    return not token.isdigit()


def verify_token(*, user, token: str):
    """The device that accepts ``token`` (TOTP or an unused recovery code).

    Race-free: the devices' rows are locked (``for_verify``, SELECT … FOR
    UPDATE) until the transaction ends, so two requests with the same code
    are checked one after the other and the second finds it used. Raises
    ``Throttled`` if no device accepted the code and one of them did not
    check it because of django-otp's throttling."""
    token = "".join(token.split())
    waits = []
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            try:
                if device_verify(device, token):
                    return device
            except Throttled as throttled:
                if _looks_like_its_code(device, token):
                    waits.append(throttled.seconds)
    if waits:
        known = [seconds for seconds in waits if seconds is not None]
        raise Throttled(max(known) if known else None)
    return None


def unconfirmed_device_verify(*, user, token: str):
    """At set-up: the unconfirmed TOTP device, confirmed if ``token`` fits
    (locked like ``verify_token``); None if the code is wrong."""
    token = "".join(token.split())
    with transaction.atomic():
        device = (
            TOTPDevice.objects.select_for_update()
            .filter(user=user, confirmed=False)
            .first()
        )
        if device is None or not device_verify(device, token):
            return None
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        return device


def remember_login(sender, request, user, **kwargs):
    """``user_logged_in``: the session notes when it logged in (an account
    without a password enrols a device only soon after, see
    konferenz.accounts.forms.SetupForm)."""
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_AT_SESSION_KEY] = time.time()


def device_deleted(sender, instance, **kwargs):
    """``post_delete`` of every device model: a confirmed device deleted
    anywhere (the reset, the Django admin, a shell) ends every session of its
    user, as the reset does (``services.sessions_end``). The unconfirmed
    device that a new set-up replaces does not."""
    if instance.confirmed:
        services.sessions_end(user=instance.user)


def fresh_login(request) -> bool:
    logged_in = request.session.get(LOGIN_AT_SESSION_KEY)
    return bool(logged_in) and time.time() - logged_in < FRESH_LOGIN_SECONDS


def totp_device_pending(*, user) -> TOTPDevice:
    """The unconfirmed TOTP device being set up (a fresh one if none)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or totp_device_start(user=user)


def totp_setup_display(device) -> dict:
    """What the set-up page shows of ``device``: its secret in groups of four
    (to type in) and its QR code (a data URI)."""
    secret = base64.b32encode(device.bin_key).decode()
    return {
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "qr": segno.make(device.config_url, error="m").svg_data_uri(scale=5),
    }


def totp_enrol(*, user, token: str, police_authority):
    """Confirm the device being set up with ``token``: the device and ten new
    recovery codes, the enrolment logged; None if the code is wrong (raises
    ``Throttled`` as ``unconfirmed_device_verify``)."""
    device = unconfirmed_device_verify(user=user, token=token)
    if device is None:
        return None
    codes = recovery_codes_issue(user=user)
    services.account_event_log(
        action=AccountEvent.Action.MFA_ENROLLED,
        user=user,
        actor=user,
        police_authority=police_authority,
    )
    return device, codes


def totp_device_start(*, user) -> TOTPDevice:
    """A fresh, unconfirmed TOTP device (replaces an earlier unconfirmed one)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name="Authenticator", confirmed=False)


def recovery_codes_issue(*, user) -> list[str]:
    """Ten new single-use recovery codes; earlier ones stop working."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name="Wiederherstellungscodes"
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=code) for code in codes
    )
    return codes


class SecondFactorRequiredMiddleware:
    """Sends a user who needs a second factor to set it up or to enter it."""

    #: pages reachable before the second factor: set-up, verification, logout
    ALLOWED = ("konferenz:mfa-setup", "konferenz:mfa-verify", "logout")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and second_factor_required(user)
            and not second_factor_done(request)
            and not self._allowed(request.path)
        ):
            target = (
                "konferenz:mfa-verify"
                if has_second_factor(user)
                else "konferenz:mfa-setup"
            )
            return redirect(target)
        return self.get_response(request)

    def _allowed(self, path):
        if path.startswith(settings.STATIC_URL):
            return True
        return any(path == reverse(name) for name in self.ALLOWED)


class OTPMiddleware(django_otp.middleware.OTPMiddleware):
    """django-otp's middleware, with the session's device taken from the
    cached user instead of one query per request (konferenz.core.usercache).
    The method is django-otp's own but for that one lookup."""

    def _verify_user_sync(self, request, user):
        self._init_user_fields(user)
        if user.is_authenticated:
            persistent_id = request.session.get(DEVICE_ID_SESSION_KEY)
            device = (
                usercache.device(user, persistent_id, self._device_from_persistent_id)
                if persistent_id
                else None
            )
            user.otp_device = self._finalize_device(request, user, device)
        return user
