"""Second factor (django-otp): TOTP with recovery codes.

Who needs one is decided here and only here (``second_factor_required``); the
middleware sends such a user to set-up or verification before any other page.
"""

import django_otp.middleware
from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from konferenz.core import usercache
from konferenz.core.rules import is_authority_admin, may_read_vs_nfd

#: session flag: the identity provider's ID token reported a second factor
IDP_MFA_SESSION_KEY = "siko_idp_mfa"
RECOVERY_CODE_COUNT = 10


def second_factor_required(user) -> bool:
    """VS-NfD readers and administrators must use a second factor."""
    if not settings.SIKO_MFA_REQUIRED or not user.is_authenticated:
        return False
    return bool(
        user.is_superuser
        or user.is_staff
        or may_read_vs_nfd(user)
        or is_authority_admin(user)
    )


def second_factor_done(request) -> bool:
    """This session passed a second factor (ours, or the provider's)."""
    return bool(request.user.is_verified() or request.session.get(IDP_MFA_SESSION_KEY))


def has_second_factor(user) -> bool:
    return user_has_device(user, confirmed=True)


def verify_token(*, user, token: str):
    """The device that accepts ``token`` (TOTP or an unused recovery code)."""
    token = "".join(token.split())
    for device in devices_for_user(user, confirmed=True):
        if device.verify_token(token):
            return device
    return None


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
