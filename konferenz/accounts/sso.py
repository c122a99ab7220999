"""Single sign-on with the police identity provider (OpenID Connect).

mozilla-django-oidc does the protocol: authorization code flow with PKCE and
nonce, the token request, the ID token's signature against the provider's
JWKS. This module adds what SiKo needs around it: the endpoints from the
provider's discovery document, the ID token's issuer and audience, the
mapping of claims and groups to a police authority and roles (just-in-time
user and membership), the provider's second factor (``amr``/``acr``) and the
logout at the provider.
"""

import logging
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.db import transaction
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.views.generic import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from konferenz.accounts import services
from konferenz.accounts.backends import SikoBackend
from konferenz.accounts.mfa import IDP_MFA_SESSION_KEY
from konferenz.accounts.models import AccountEvent
from konferenz.core.models import Membership, PoliceAuthority

logger = logging.getLogger("siko.sso")

#: discovery document keys → the settings mozilla-django-oidc reads
DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
DISCOVERY_CACHE_SECONDS = 3600
#: session key: why the last single sign-on was refused
REFUSAL_SESSION_KEY = "siko_sso_refused"


def sso_enabled() -> bool:
    return bool(settings.SIKO_OIDC_ISSUER)


def discovery() -> dict:
    """The provider's discovery document (cached for an hour)."""
    issuer = settings.SIKO_OIDC_ISSUER
    if not issuer:
        raise ImproperlyConfigured(gettext("SIKO_OIDC_ISSUER is not set."))
    key = f"siko-oidc-discovery:{issuer}"
    document = cache.get(key)
    if document is None:
        response = requests.get(
            f"{issuer}/.well-known/openid-configuration",
            timeout=settings.OIDC_TIMEOUT,
        )
        response.raise_for_status()
        document = response.json()
        if document.get("issuer", "").rstrip("/") != issuer:
            raise ImproperlyConfigured(
                gettext("The identity provider reports a different issuer.")
            )
        cache.set(key, document, DISCOVERY_CACHE_SECONDS)
    return document


def oidc_setting(attr, *args):
    """Settings for mozilla-django-oidc, the endpoints taken from discovery."""
    if attr in DISCOVERED:
        return discovery()[DISCOVERED[attr]]
    return import_from_settings(attr, *args)


def _ministry_group():
    return next(
        (g for g, role in settings.SIKO_OIDC_ROLE_GROUPS.items() if role == "ministry"),
        None,
    )


def roles_from_claims(claims: dict):
    """(police authority or None, roles, is ministry) as the claims say.

    The authority is named by its press code in SIKO_OIDC_AUTHORITY_CLAIM;
    groups in SIKO_OIDC_GROUPS_CLAIM map to roles through
    SIKO_OIDC_ROLE_GROUPS, where "{code}" stands for that press code.
    Returns ``(None, set(), False)`` when no role is granted.
    """
    groups = claims.get(settings.SIKO_OIDC_GROUPS_CLAIM) or []
    if isinstance(groups, str):
        groups = [groups]
    groups = {str(g) for g in groups}
    ministry_group = _ministry_group()
    if ministry_group and ministry_group in groups:
        return None, set(), True
    code = str(claims.get(settings.SIKO_OIDC_AUTHORITY_CLAIM) or "").strip()
    if not code:
        return None, set(), False
    police_authority = PoliceAuthority.objects.filter(press_code__iexact=code).first()
    if police_authority is None:
        return None, set(), False
    roles = {
        role
        for pattern, role in settings.SIKO_OIDC_ROLE_GROUPS.items()
        if role != "ministry"
        and pattern.replace("{code}", police_authority.press_code) in groups
    }
    if not roles:
        return None, set(), False
    return police_authority, roles - {"read_only"}, False


def idp_second_factor(claims: dict) -> bool:
    """The provider says it checked a second factor (``amr`` or ``acr``)."""
    amr = claims.get("amr") or []
    if isinstance(amr, str):
        amr = [amr]
    if set(amr) & set(settings.SIKO_OIDC_MFA_AMR):
        return True
    return bool(claims.get("acr")) and claims["acr"] in settings.SIKO_OIDC_MFA_ACR


@transaction.atomic
def membership_sync_from_claims(*, user, police_authority, roles, ministry, created):
    """Just-in-time: the membership as the identity provider says."""
    membership = Membership.objects.filter(user=user).first()
    fields = {field: role in roles for role, field in services.ROLE_FIELDS.items()}
    wanted = {"police_authority": police_authority, "is_ministry": ministry, **fields}
    if membership is None:
        membership = Membership.objects.create(user=user, **wanted)
    elif any(getattr(membership, k) != v for k, v in wanted.items()):
        for k, v in wanted.items():
            setattr(membership, k, v)
        membership.save()
    else:
        return membership
    services.account_event_log(
        action=AccountEvent.Action.SSO_CREATED
        if created
        else AccountEvent.Action.SSO_UPDATED,
        user=user,
        police_authority=police_authority,
        detail=", ".join(str(label) for label in membership.role_labels),
    )
    return membership


class SikoOIDCBackend(OIDCAuthenticationBackend):
    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args, **kwargs):
        # Django builds every backend for each login: an unreachable provider
        # must not break the local password login.
        self.available = sso_enabled()
        if not self.available:
            return
        try:
            super().__init__(*args, **kwargs)
        except (requests.RequestException, ImproperlyConfigured, ValueError):
            logger.exception("Identity provider unavailable")
            self.available = False

    def authenticate(self, request, **kwargs):
        if not self.available:
            return None
        return super().authenticate(request, **kwargs)

    def verify_token(self, token, **kwargs):
        """Signature and nonce (the library), then issuer and audience."""
        payload = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        if payload.get("iss", "").rstrip("/") != settings.SIKO_OIDC_ISSUER:
            raise SuspiciousOperation("ID token from another issuer.")
        if self.OIDC_RP_CLIENT_ID not in audiences:
            raise SuspiciousOperation("ID token for another client.")
        self.id_claims = payload
        return payload

    def get_userinfo(self, access_token, id_token, payload):
        userinfo = super().get_userinfo(access_token, id_token, payload)
        return {**payload, **userinfo}

    def verify_claims(self, claims):
        police_authority, roles, ministry = roles_from_claims(claims)
        self.mapped = (police_authority, roles, ministry)
        if police_authority is None and not ministry:
            self.request.session[REFUSAL_SESSION_KEY] = "no_role"
            logger.warning("SSO refused: no SiKo role for sub=%s", claims.get("sub"))
            return False
        return bool(claims.get("email"))

    def filter_users_by_claims(self, claims):
        return self.UserModel.objects.filter(email__iexact=claims["email"])

    def _apply(self, user, claims, created):
        user.first_name = claims.get("given_name", user.first_name)[:150]
        user.last_name = claims.get("family_name", user.last_name)[:150]
        user.email = claims["email"]
        user.save()
        police_authority, roles, ministry = self.mapped
        membership_sync_from_claims(
            user=user,
            police_authority=police_authority,
            roles=roles,
            ministry=ministry,
            created=created,
        )
        user.siko_idp_mfa = idp_second_factor(getattr(self, "id_claims", {}))
        return user

    def create_user(self, claims):
        username = claims.get("preferred_username") or claims["email"]
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            username = f"{username}-{claims['sub']}"[:150]
        user = User(username=username[:150])
        user.set_unusable_password()
        return self._apply(user, claims, created=True)

    def update_user(self, user, claims):
        if user.is_superuser:
            raise SuspiciousOperation("Superusers do not sign in by SSO.")
        return self._apply(user, claims, created=False)

    def get_user(self, user_id):
        # Like every other login: inactive users are refused on every request.
        return SikoBackend().get_user(user_id)

    def _get_permissions(self, user_obj, obj, from_name):
        # Model permissions are SikoBackend's (listed too); no second query.
        return set()


@method_decorator(login_not_required, name="dispatch")
class AuthenticateView(OIDCAuthenticationRequestView):
    get_settings = staticmethod(oidc_setting)

    def __init__(self, **kwargs):
        # The endpoints are read on the request (discovery), not on start-up.
        View.__init__(self, **kwargs)

    def dispatch(self, request, *args, **kwargs):
        if not sso_enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = oidc_setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except (requests.RequestException, ImproperlyConfigured, ValueError):
            logger.exception("Identity provider unavailable")
            return render(
                request,
                "konferenz/accounts/sso_refused.html",
                {"unavailable": True},
                status=503,
            )
        self.OIDC_RP_CLIENT_ID = oidc_setting("OIDC_RP_CLIENT_ID")
        return super().dispatch(request, *args, **kwargs)


@method_decorator(login_not_required, name="dispatch")
class CallbackView(OIDCAuthenticationCallbackView):
    get_settings = staticmethod(oidc_setting)

    def dispatch(self, request, *args, **kwargs):
        if not sso_enabled():
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    @property
    def failure_url(self):
        return reverse("konferenz:sso-refused")

    def login_success(self):
        response = super().login_success()
        self.request.session[IDP_MFA_SESSION_KEY] = bool(
            getattr(self.user, "siko_idp_mfa", False)
        )
        return response


def provider_logout_url(request) -> str:
    """After a single sign-on, logging out also ends the provider's session."""
    login_url = reverse("login")
    id_token = request.session.get("oidc_id_token")
    if not (sso_enabled() and id_token):
        return login_url
    try:
        endpoint = discovery().get("end_session_endpoint")
    except (requests.RequestException, ImproperlyConfigured):
        return login_url
    if not endpoint:
        return login_url
    query = urlencode(
        {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": request.build_absolute_uri(login_url),
        }
    )
    return f"{endpoint}?{query}"
