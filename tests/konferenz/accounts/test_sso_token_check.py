"""The ID token's signature is checked against the real provider's keys
(discovery → JWKS): a token signed by anybody else is refused."""

import time

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation

from konferenz.accounts.sso import SikoOIDCBackend, discovery
from tests.idp.provider import CLIENT_ID, CLIENT_SECRET, start_provider


@pytest.fixture
def provider(settings):
    process, issuer = start_provider(
        accounts={},
        redirect_uri="http://127.0.0.1:9/anmelden/polizei-konto/rueckkehr/",
        post_logout_redirect_uri="http://127.0.0.1:9/anmelden/",
    )
    settings.SIKO_OIDC_ISSUER = issuer
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    cache.clear()
    yield issuer
    process.terminate()
    process.wait(timeout=10)
    cache.clear()


def _forged_token(issuer, kid):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = int(time.time())
    claims = {
        "iss": issuer,
        "aud": CLIENT_ID,
        "sub": "mallory",
        "nonce": "n-1",
        "iat": now,
        "exp": now + 300,
    }
    return jwt.encode(claims, key, algorithm="RS256", headers={"kid": kid})


def test_endpoints_come_from_discovery(provider):
    document = discovery()

    assert document["issuer"] == provider
    assert document["token_endpoint"].startswith(provider)
    assert document["jwks_uri"] == SikoOIDCBackend().OIDC_OP_JWKS_ENDPOINT


def test_id_token_signed_with_another_key_is_refused(provider):
    kid = requests.get(discovery()["jwks_uri"], timeout=5).json()["keys"][0]["kid"]
    backend = SikoOIDCBackend()

    with pytest.raises(SuspiciousOperation):
        backend.verify_token(_forged_token(provider, kid), nonce="n-1")
