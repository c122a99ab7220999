"""Single sign-on binds an account to the provider's issuer and subject, never
to an e-mail address, and never moves an account to another police authority.

Against the real test provider (tests/idp/server.mjs): SiKo's side through the
test client, the provider's login pages through requests."""

import logging
from importlib import import_module

import pytest
import requests
from django.apps import apps
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from konferenz.accounts.models import AccountEvent, SsoIdentity, SsoLinkGrant
from konferenz.core.models import Membership, PoliceAuthority
from tests.factories import MembershipFactory
from tests.idp.provider import CLIENT_ID, CLIENT_SECRET, provider_login, start_provider

pytestmark = pytest.mark.django_db

DORA_EMAIL = "dora.dueren@polizei.nrw.example"
ACCOUNTS = {
    # Somebody at the provider with the e-mail of Düren's local organiser.
    "ge-mallory": {
        "email": DORA_EMAIL,
        "given_name": "Mallory",
        "family_name": "Gelsen",
        "siko_authority": "GE",
        "groups": ["SiKo-GE-Organisation", "SiKo-GE-VS-NfD"],
    },
    # Dora herself at the provider.
    "dn-dora": {
        "email": DORA_EMAIL,
        "given_name": "Dora",
        "family_name": "Düren",
        "siko_authority": "DN",
        "groups": ["SiKo-DN-Organisation"],
    },
    "dn-emil": {
        "email": "emil.neu@polizei.nrw.example",
        "given_name": "Emil",
        "family_name": "Neu",
        "preferred_username": "emil.neu",
        "siko_authority": "DN",
        "groups": ["SiKo-DN-Organisation"],
    },
    # Bound to a Düren account, now said to be of Gelsenkirchen.
    "wechsel-will": {
        "email": "will.wechsel@polizei.nrw.example",
        "given_name": "Will",
        "family_name": "Wechsel",
        "siko_authority": "GE",
        "groups": ["SiKo-GE-Organisation", "SiKo-GE-Administration"],
    },
    "zz-zora": {
        "email": "zora.z@polizei.nrw.example",
        "siko_authority": "ZZ",
        "groups": ["SiKo-ZZ-Organisation"],
    },
}


@pytest.fixture(scope="module")
def provider():
    process, issuer = start_provider(
        accounts=ACCOUNTS,
        redirect_uri="http://testserver/anmelden/polizei-konto/rueckkehr/",
        post_logout_redirect_uri="http://testserver/anmelden/",
    )
    yield issuer
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def issuer(provider, settings):
    settings.SIKO_OIDC_ISSUER = provider
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    return provider


@pytest.fixture
def dueren():
    return PoliceAuthority.objects.get(press_code="DN")


@pytest.fixture
def dora(dueren):
    return MembershipFactory(
        police_authority=dueren,
        is_organiser=True,
        user__username="dora",
        user__email=DORA_EMAIL,
    ).user


@pytest.fixture
def sso_log(caplog):
    """The records of the logger "siko" (which does not propagate to the root)."""
    logger = logging.getLogger("siko")
    logger.addHandler(caplog.handler)
    yield caplog
    logger.removeHandler(caplog.handler)


def sso_login(client, login):
    """The whole login: SiKo → provider (login page) → SiKo's callback."""
    start = client.get(reverse("oidc_authentication_init"))
    back = provider_login(start["Location"], login, session=requests.Session())
    return client.get(back.removeprefix("http://testserver"), follow=True)


def logged_in_user(client):
    return client.session.get("_auth_user_id")


@pytest.mark.parametrize("login", ["ge-mallory", "dn-dora"])
def test_email_of_a_local_account_neither_logs_in_nor_moves_it(
    client, issuer, dora, dueren, login, sso_log
):
    response = sso_login(client, login)

    assert response.status_code == 403
    html = response.content.decode()
    assert "Anmeldung abgelehnt" in html
    assert "muss die Behördenadministration" in html
    assert "verknüpfen" in html
    assert logged_in_user(client) is None
    membership = Membership.objects.get(user=dora)
    assert membership.police_authority == dueren
    assert (membership.is_organiser, membership.may_read_vs_nfd) == (True, False)
    assert not SsoIdentity.objects.exists()
    assert get_user_model().objects.filter(email__iexact=DORA_EMAIL).count() == 1
    event = AccountEvent.objects.get(user=dora, action="sso_refused")
    assert event.police_authority == dueren
    assert login in event.detail
    assert any(login in record.getMessage() for record in sso_log.records)


def test_new_account_is_bound_to_issuer_and_subject(client, issuer):
    sso_login(client, "dn-emil")

    user = get_user_model().objects.get(email="emil.neu@polizei.nrw.example")
    identity = SsoIdentity.objects.get(user=user)
    assert (identity.issuer, identity.subject) == (issuer, "dn-emil")
    assert logged_in_user(client) == str(user.pk)

    # The next login finds the account by the subject, not by the address.
    user.email = "emil.alt@polizei.nrw.example"
    user.save()
    client.logout()
    sso_login(client, "dn-emil")

    assert logged_in_user(client) == str(user.pk)
    assert get_user_model().objects.filter(last_name="Neu").count() == 1


def test_login_never_moves_a_bound_account_to_another_authority(
    client, issuer, dueren, sso_log
):
    will = MembershipFactory(
        police_authority=dueren, is_organiser=True, user__username="will"
    ).user
    SsoIdentity.objects.create(user=will, issuer=issuer, subject="wechsel-will")

    response = sso_login(client, "wechsel-will")

    assert response.status_code == 403
    assert "gehört in SiKo zu einer anderen Polizeibehörde" in response.content.decode()
    assert logged_in_user(client) is None
    membership = Membership.objects.get(user=will)
    assert membership.police_authority == dueren
    assert (membership.is_organiser, membership.is_authority_admin) == (True, False)
    event = AccountEvent.objects.get(user=will, action="sso_refused")
    assert event.police_authority == dueren
    assert "GE" in event.detail
    assert any("wechsel-will" in record.getMessage() for record in sso_log.records)


def test_unknown_authority_is_refused_in_german(client, issuer):
    response = sso_login(client, "zz-zora")

    assert response.status_code == 403
    assert "Polizeibehörde, die SiKo nicht kennt" in response.content.decode()
    assert not get_user_model().objects.filter(email="zora.z@polizei.nrw.example")


@pytest.fixture
def dueren_admin_client(dueren, make_member):
    admin_client = Client()
    admin_client.force_login(make_member(dueren, is_authority_admin=True))
    return admin_client


def test_authority_admin_links_a_local_account_and_the_next_login_binds_it(
    client, issuer, dora, dueren, dueren_admin_client
):
    Membership.objects.filter(user=dora).update(is_head=True)
    link = reverse("konferenz:user-sso-link", args=[dora.pk])
    page = dueren_admin_client.get(reverse("konferenz:user-detail", args=[dora.pk]))
    assert "Mit Polizei-Konto verknüpfen" in page.content.decode()

    page = dueren_admin_client.post(link, follow=True)

    html = page.content.decode()
    assert "Die nächste Anmeldung mit dem Polizei-Konto" in html
    assert AccountEvent.objects.filter(
        user=dora, action="sso_link_allowed", police_authority=dueren
    ).exists()

    # Somebody of another authority with Dora's address still gets nothing.
    assert sso_login(client, "ge-mallory").status_code == 403
    assert logged_in_user(client) is None

    sso_login(client, "dn-dora")

    assert logged_in_user(client) == str(dora.pk)
    identity = SsoIdentity.objects.get(user=dora)
    assert (identity.issuer, identity.subject) == (issuer, "dn-dora")
    assert AccountEvent.objects.filter(user=dora, action="sso_linked").exists()
    # Within the same authority the roles follow the provider's groups.
    membership = Membership.objects.get(user=dora)
    assert membership.police_authority == dueren
    assert (membership.is_organiser, membership.is_head) == (True, False)
    assert AccountEvent.objects.filter(user=dora, action="sso_updated").exists()
    page = dueren_admin_client.get(reverse("konferenz:user-detail", args=[dora.pk]))
    assert "verknüpft seit" in page.content.decode()
    assert "Mit Polizei-Konto verknüpfen" not in page.content.decode()


def test_link_of_another_authoritys_account_is_not_found(
    issuer, dora, make_member, other_police_authority
):
    stranger = Client()
    stranger.force_login(make_member(other_police_authority, is_authority_admin=True))

    response = stranger.post(reverse("konferenz:user-sso-link", args=[dora.pk]))

    assert response.status_code == 404
    assert not AccountEvent.objects.filter(user=dora).exists()


def test_pages_of_a_single_sign_on_session_may_post_logout_to_the_provider(
    client, issuer, dora
):
    sso_login(client, "dn-emil")

    policy = client.get(reverse("konferenz:dashboard"))["Content-Security-Policy"]

    form_action = next(
        part for part in policy.split(";") if part.strip().startswith("form-action")
    )
    assert form_action.split() == ["form-action", "'self'", issuer]
    logout = client.post(reverse("logout"))
    assert logout["Location"].startswith(f"{issuer}/session/end?id_token_hint=")

    local = client
    local.force_login(dora)
    policy = local.get(reverse("konferenz:dashboard"))["Content-Security-Policy"]
    assert issuer not in policy


def test_accounts_sso_created_before_the_binding_bind_at_their_next_login(
    client, issuer, dueren
):
    migration = import_module(
        "konferenz.migrations.0015_sso_link_accounts_created_by_sso"
    )
    emil = MembershipFactory(
        police_authority=dueren,
        user__username="emil.neu",
        user__email="emil.neu@polizei.nrw.example",
    ).user
    emil.set_unusable_password()
    emil.save()
    AccountEvent.objects.create(user=emil, action="sso_created")
    local = MembershipFactory(police_authority=dueren).user  # has a password
    AccountEvent.objects.create(user=local, action="sso_created")

    migration.allow_link_of_sso_accounts(apps, None)
    sso_login(client, "dn-emil")

    assert logged_in_user(client) == str(emil.pk)
    assert SsoIdentity.objects.get(user=emil).subject == "dn-emil"
    assert not SsoLinkGrant.objects.filter(user=local).exists()
