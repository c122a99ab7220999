"""Single sign-on in the browser against a real OpenID Connect provider.

The provider (npm package oidc-provider, tests/idp/server.mjs) runs as its own
process: real discovery, authorization code flow with PKCE, RS256-signed ID
token checked against its JWKS; nothing is mocked.
"""

import pytest
from django.core.cache import cache
from playwright.sync_api import expect

from konferenz.accounts.models import AccountEvent
from konferenz.core.models import Membership
from tests.factories import PoliceAuthorityFactory
from tests.idp.provider import CLIENT_ID, CLIENT_SECRET, start_provider

pytestmark = pytest.mark.django_db(transaction=True)

ACCOUNTS = {
    "anna": {
        "email": "anna.schmitz@polizei.nrw.example",
        "email_verified": True,
        "given_name": "Anna",
        "family_name": "Schmitz",
        "preferred_username": "anna.schmitz",
        "siko_authority": "XT",
        "groups": ["SiKo-XT-Organisation", "SiKo-XT-VS-NfD", "Kantine"],
    },
    "bernd": {
        "email": "bernd.roth@polizei.nrw.example",
        "given_name": "Bernd",
        "family_name": "Roth",
        "siko_authority": "XT",
        "groups": ["Kantine"],
    },
}


@pytest.fixture
def idp(live_server, settings):
    process, issuer = start_provider(
        accounts=ACCOUNTS,
        redirect_uri=f"{live_server.url}/anmelden/polizei-konto/rueckkehr/",
        post_logout_redirect_uri=f"{live_server.url}/anmelden/",
    )
    settings.SIKO_OIDC_ISSUER = issuer
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    cache.clear()
    yield issuer
    process.terminate()
    process.wait(timeout=10)


def _sso_login(page, live_server, login):
    page.goto(f"{live_server.url}/anmelden/")
    page.get_by_role("link", name="Mit Polizei-Konto anmelden").click()
    page.locator("input[name=login]").fill(login)
    page.locator("input[name=password]").fill("beliebig")
    page.get_by_role("button", name="Sign-in").click()


def test_staff_signs_in_with_police_account_gets_mapped_roles_and_logs_out(
    page, live_server, idp
):
    authority = PoliceAuthorityFactory(press_code="XT", name="Polizeipräsidium XT")

    _sso_login(page, live_server, "anna")

    expect(
        page.get_by_role("heading", name="Übersicht – Polizeipräsidium XT")
    ).to_be_visible()
    membership = Membership.objects.select_related("user").get(
        user__email="anna.schmitz@polizei.nrw.example"
    )
    assert membership.police_authority == authority
    assert (membership.is_organiser, membership.may_read_vs_nfd) == (True, True)
    assert (membership.is_head, membership.is_authority_admin) == (False, False)
    assert membership.user.get_full_name() == "Anna Schmitz"
    assert not membership.user.has_usable_password()
    assert AccountEvent.objects.get(user=membership.user).action == "sso_created"

    # Logout ends the session here and at the provider.
    page.get_by_role("button", name="Anna Schmitz").click()
    page.get_by_role("button", name="Abmelden").click()
    page.get_by_role("button", name="Yes, sign me out").click()
    expect(page.get_by_role("heading", name="Anmeldung bei SiKo")).to_be_visible()
    page.get_by_role("link", name="Mit Polizei-Konto anmelden").click()
    expect(page.locator("input[name=login]")).to_be_visible()


def test_police_account_without_siko_group_is_refused_in_german(page, live_server, idp):
    PoliceAuthorityFactory(press_code="XT")

    _sso_login(page, live_server, "bernd")

    expect(page.get_by_role("heading", name="Anmeldung abgelehnt")).to_be_visible()
    expect(page.get_by_text("keine Rolle in SiKo")).to_be_visible()
    assert not Membership.objects.filter(
        user__email="bernd.roth@polizei.nrw.example"
    ).exists()


def test_logout_under_sikos_own_csp_ends_the_provider_session(
    browser, live_server, idp
):
    """Without bypassing SiKo's Content-Security-Policy: the logout form's
    redirect to the provider's end-session endpoint must be allowed by
    form-action, else the provider session stays and the next single sign-on
    needs no credentials."""
    PoliceAuthorityFactory(press_code="XT", name="Polizeipräsidium XT")
    context = browser.new_context(locale="de-DE", reduced_motion="reduce")
    page = context.new_page()
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    _sso_login(page, live_server, "anna")
    expect(
        page.get_by_role("heading", name="Übersicht – Polizeipräsidium XT")
    ).to_be_visible()

    page.get_by_role("button", name="Anna Schmitz").click()
    page.get_by_role("button", name="Abmelden").click()
    page.get_by_role("button", name="Yes, sign me out").click()
    expect(page.get_by_role("heading", name="Anmeldung bei SiKo")).to_be_visible()
    page.get_by_role("link", name="Mit Polizei-Konto anmelden").click()

    expect(page.locator("input[name=login]")).to_be_visible()
    assert not blocked
    context.close()
