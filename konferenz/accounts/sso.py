"""Single sign-on with the police identity provider (OpenID Connect).

mozilla-django-oidc does the protocol: authorization code flow with PKCE and
nonce, the token request, the ID token's signature against the provider's
JWKS. This module adds what SiKo needs around it: the endpoints from the
provider's discovery document, the ID token's issuer and audience, the
mapping of claims and groups to a police authority and roles (just-in-time
user and membership), the provider's second factor (``amr``/``acr``) and the
logout at the provider.

An account is found by the provider's issuer + subject (``SsoIdentity``),
never by its e-mail address: an unbound login with the address of an existing
account is refused unless that account's authority administration allowed the
link (``SsoLinkGrant``), and no login moves an account to another police
authority (README, "Bindung an das Polizei-Konto").
"""

import logging
from urllib.parse import urlencode, urlsplit

import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured, SuspiciousOperation
from django.db import IntegrityError, transaction
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
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
from konferenz.accounts.models import AccountEvent, SsoLinkGrant
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
#: session key: the origin of the provider's end-session endpoint (CSP)
LOGOUT_ORIGIN_SESSION_KEY = "siko_sso_logout_origin"
#: the reasons a single sign-on is refused (each has its text on the page)
NO_ROLE = "no_role"
UNKNOWN_AUTHORITY = "unknown_authority"
EMAIL_TAKEN = "email_taken"
AUTHORITY_CHANGED = "authority_changed"


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


def authority_code(claims: dict) -> str:
    """The press code the claims name as the user's police authority."""
    return str(claims.get(settings.SIKO_OIDC_AUTHORITY_CLAIM) or "").strip()


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
    code = authority_code(claims)
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

    def _refuse(self, reason, message, *args, users=(), detail=""):
        """Refuse this login: the reason for the page, a warning in the log
        and, for existing accounts concerned, a row in their history."""
        self.request.session[REFUSAL_SESSION_KEY] = reason
        logger.warning("SSO refused: " + message, *args)
        for user in users:
            membership = Membership.objects.filter(user=user).first()
            services.account_event_log(
                action=AccountEvent.Action.SSO_REFUSED,
                user=user,
                police_authority=membership.police_authority if membership else None,
                detail=detail,
            )
        raise SuspiciousOperation(f"Single sign-on refused: {reason}")

    def verify_claims(self, claims):
        police_authority, roles, ministry = roles_from_claims(claims)
        self.mapped = (police_authority, roles, ministry)
        if police_authority is None and not ministry:
            code = authority_code(claims)
            if (
                code
                and not PoliceAuthority.objects.filter(press_code__iexact=code).exists()
            ):
                self._refuse(
                    UNKNOWN_AUTHORITY,
                    "unknown police authority %r for sub=%s",
                    code,
                    claims.get("sub"),
                )
            self._refuse(NO_ROLE, "no SiKo role for sub=%s", claims.get("sub"))
        return bool(claims.get("email") and claims.get("sub"))

    def filter_users_by_claims(self, claims):
        """The account bound to the provider's issuer and subject."""
        return self.UserModel.objects.filter(
            sso_identities__issuer=settings.SIKO_OIDC_ISSUER,
            sso_identities__subject=claims["sub"],
        )

    def get_or_create_user(self, access_token, id_token, payload):
        claims = self.get_userinfo(access_token, id_token, payload)
        if not self.verify_claims(claims):
            raise SuspiciousOperation("Claims verification failed")
        bound = self.filter_users_by_claims(claims).first()
        if bound is not None:
            return self.update_user(bound, claims)
        same_address = list(
            self.UserModel.objects.filter(email__iexact=claims["email"])
        )
        if same_address:
            return self.link_user(same_address, claims)
        try:
            return self.create_user(claims)
        except IntegrityError as error:
            # The same first login twice at once: the other one bound it.
            raise SuspiciousOperation("Police account bound meanwhile.") from error

    def _claimed(self) -> str:
        police_authority, _roles, ministry = self.mapped
        return police_authority.press_code if police_authority else gettext("Ministry")

    def _same_tenant(self, user) -> bool:
        """The claims name the police authority (or the ministry) the account
        already belongs to."""
        membership = Membership.objects.filter(user=user).first()
        if membership is None:
            return True
        police_authority, _roles, ministry = self.mapped
        return membership.is_ministry == ministry and (
            membership.police_authority_id
            == (police_authority.pk if police_authority else None)
        )

    def _refuse_authority_change(self, user, claims):
        self._refuse(
            AUTHORITY_CHANGED,
            "sub=%s names %s, account %s belongs to another police authority",
            claims["sub"],
            self._claimed(),
            user.username,
            users=[user],
            detail=gettext("Police account %(subject)s names %(authority)s")
            % {"subject": claims["sub"], "authority": self._claimed()},
        )

    def link_user(self, users, claims):
        """An unbound login with the address of existing accounts: bound only
        to the one whose authority administration allowed the link, and only
        if the claims name that account's police authority."""
        granted = [
            user
            for user in users
            if not user.is_superuser
            and SsoLinkGrant.objects.filter(
                user=user, valid_until__gt=timezone.now()
            ).exists()
        ]
        if len(granted) != 1:
            self._refuse(
                EMAIL_TAKEN,
                "sub=%s has the e-mail address of account(s) %s, not linked",
                claims["sub"],
                ", ".join(user.username for user in users),
                users=users,
                detail=gettext(
                    "Police account %(subject)s (%(authority)s) with this "
                    "e-mail address, not linked"
                )
                % {"subject": claims["sub"], "authority": self._claimed()},
            )
        user = granted[0]
        if not self._same_tenant(user):
            self._refuse_authority_change(user, claims)
        if not services.sso_identity_bind(
            user=user,
            issuer=settings.SIKO_OIDC_ISSUER,
            subject=claims["sub"],
            linked=True,
        ):
            self._refuse(
                EMAIL_TAKEN, "link of account %s no longer allowed", user.username
            )
        return self.update_user(user, claims)

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

    @transaction.atomic
    def create_user(self, claims):
        username = claims.get("preferred_username") or claims["email"]
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            username = f"{username}-{claims['sub']}"[:150]
        user = User(username=username[:150])
        user.set_unusable_password()
        user = self._apply(user, claims, created=True)
        services.sso_identity_bind(
            user=user, issuer=settings.SIKO_OIDC_ISSUER, subject=claims["sub"]
        )
        return user

    def update_user(self, user, claims):
        if user.is_superuser:
            raise SuspiciousOperation("Superusers do not sign in by SSO.")
        if not self._same_tenant(user):
            self._refuse_authority_change(user, claims)
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
        origin = _origin(_end_session_endpoint())
        if origin:
            self.request.session[LOGOUT_ORIGIN_SESSION_KEY] = origin
        return response


def _end_session_endpoint() -> str:
    try:
        return discovery().get("end_session_endpoint") or ""
    except (requests.RequestException, ImproperlyConfigured, ValueError):
        return ""


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


class ProviderLogoutCSPMiddleware:
    """The logout form of a single-sign-on session posts to SiKo, which
    redirects to the provider's end-session endpoint: the browser follows
    that redirect only if the page's CSP ``form-action`` allows the
    provider's origin. Allowed on exactly these pages, for exactly that
    origin, noted in the session at login (no request to the provider here);
    settings.CONTENT_SECURITY_POLICY keeps ``'self'`` everywhere else.
    Listed after csp.middleware.CSPMiddleware, so that it sees the response
    first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        origin = session.get(LOGOUT_ORIGIN_SESSION_KEY) if session else None
        if origin and session.get("oidc_id_token"):
            update = dict(getattr(response, "_csp_update", None) or {})
            update["form-action"] = [*update.get("form-action", []), origin]
            response._csp_update = update
        return response


def provider_logout_url(request) -> str:
    """After a single sign-on, logging out also ends the provider's session."""
    login_url = reverse("login")
    id_token = request.session.get("oidc_id_token")
    if not (sso_enabled() and id_token):
        return login_url
    endpoint = _end_session_endpoint()
    if not endpoint:
        return login_url
    query = urlencode(
        {
            "id_token_hint": id_token,
            "post_logout_redirect_uri": request.build_absolute_uri(login_url),
        }
    )
    return f"{endpoint}?{query}"
