"""The superuser's start page, the German admin, and the password reset."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse

from konferenz.accounts.sso import (
    idp_second_factor,
    membership_sync_from_claims,
    roles_from_claims,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser():
    return get_user_model().objects.create_superuser(
        "admin", "admin@polizei.nrw.example", "Geheim-Passwort-123"
    )


def test_superuser_lands_on_start_page_with_admin_and_setup(client, superuser):
    response = client.post(
        reverse("login"), {"username": "admin", "password": "Geheim-Passwort-123"}
    )
    page = client.get(response["Location"])

    html = page.content.decode()
    assert page.status_code == 200
    assert reverse("admin:index") in html
    assert reverse("konferenz:police-authority-list") in html
    assert "Zugriff verweigert" not in html
    # no menu link that would answer 403
    for link in (
        reverse("konferenz:conference-list"),
        reverse("teilnehmer:authority-list"),
        reverse("tagesordnung:action-list"),
    ):
        assert f'href="{link}"' not in html


def test_user_without_authority_gets_a_german_hint_not_403(client, make_member):
    user = get_user_model().objects.create_user("neu", password="x")
    client.force_login(user)

    response = client.get(reverse("konferenz:dashboard"))

    assert response.status_code == 200
    assert "noch keiner Polizeibehörde zugeordnet" in response.content.decode()


def test_django_admin_is_german_including_third_party_apps(client, superuser):
    client.force_login(superuser)

    index = client.get(reverse("admin:index")).content.decode()
    add_user = client.get(reverse("admin:auth_user_add")).content.decode()

    for english in ("Axes", "Tasks Database Backend", "Task Results", "Otp_Totp"):
        assert f">{english}<" not in index, english
    assert "Anmeldesperre" in index
    assert "Hintergrundaufgaben" in index
    assert "Zweiter Faktor (TOTP)" in index
    assert "After you’ve created a user" not in add_user
    assert "Password-based authentication" not in add_user
    assert "Nachdem Sie den Benutzer angelegt haben" in add_user


def _reset(client, email):
    """Ask for a reset link; the mail leaves through the outbox after the
    commit (the test's transaction never commits: its callbacks run here)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("password_reset"), {"email": email})


def test_password_reset_does_not_reveal_whether_an_account_exists(reader):
    known = _reset(Client(), reader.email)
    mails_after_known = len(mail.outbox)
    unknown = _reset(Client(), "niemand@polizei.nrw.example")

    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == reverse("password_reset_done")
    assert mails_after_known == 1 and len(mail.outbox) == 1
    assert mail.outbox[0].to == [reader.email]
    done = Client().get(known["Location"]).content.decode()
    assert "Wenn es ein Konto mit dieser Adresse gibt" in done


def test_password_reset_link_sets_a_password_checked_by_validators(client, reader):
    _reset(client, reader.email)
    link = re.search(r"https?://\S+", mail.outbox[0].body).group(0)
    form_url = client.get(link.split("8000", 1)[-1])["Location"]

    weak = client.post(
        form_url, {"new_password1": "passwort", "new_password2": "passwort"}
    )
    strong = client.post(
        form_url,
        {
            "new_password1": "Neues-Passwort-2026",
            "new_password2": "Neues-Passwort-2026",
        },
    )

    assert "zu kurz" in weak.content.decode() or "zu gängig" in weak.content.decode()
    assert strong["Location"] == reverse("password_reset_complete")
    reader.refresh_from_db()
    assert reader.check_password("Neues-Passwort-2026")


def test_local_login_can_be_switched_off(client, reader, settings):
    settings.SIKO_LOCAL_LOGIN = False

    page = client.get(reverse("login")).content.decode()
    response = client.post(
        reverse("login"),
        {"username": reader.username, "password": "Geheim-Passwort-123"},
    )

    assert 'name="password"' not in page
    assert response.status_code == 403


def test_groups_map_to_authority_and_roles(police_authority):
    claims = {
        "siko_authority": police_authority.press_code.lower(),
        "groups": [
            f"SiKo-{police_authority.press_code}-Leitung",
            f"SiKo-{police_authority.press_code}-Administration",
            "SiKo-XX-Organisation",
        ],
    }

    assert roles_from_claims(claims) == (
        police_authority,
        {"head", "authority_admin"},
        False,
    )


def test_claims_without_mapped_group_grant_nothing(police_authority):
    claims = {"siko_authority": police_authority.press_code, "groups": ["Kantine"]}

    assert roles_from_claims(claims) == (None, set(), False)
    assert roles_from_claims({"groups": ["SiKo-Ministerium"]}) == (None, set(), True)


def test_provider_second_factor_read_from_amr_and_acr(settings):
    settings.SIKO_OIDC_MFA_ACR = ["urn:polizei:mfa"]

    assert idp_second_factor({"amr": ["pwd", "otp"]})
    assert idp_second_factor({"acr": "urn:polizei:mfa"})
    assert not idp_second_factor({"amr": ["pwd"], "acr": "urn:polizei:pwd"})


def test_invitee_without_password_can_request_a_new_link_sso_user_cannot(
    make_member, police_authority
):
    invitee = make_member(police_authority)
    invitee.set_unusable_password()
    invitee.save()
    sso_user = make_member(police_authority)
    sso_user.set_unusable_password()
    sso_user.last_login = sso_user.date_joined
    sso_user.save()

    _reset(Client(), invitee.email)
    _reset(Client(), sso_user.email)

    assert [m.to for m in mail.outbox] == [[invitee.email]]


def test_sso_login_updates_roles_of_an_existing_member(make_member, police_authority):
    user = make_member(police_authority, is_organiser=True, may_read_vs_nfd=True)

    membership_sync_from_claims(
        user=user,
        police_authority=police_authority,
        roles={"head"},
        ministry=False,
        created=False,
    )

    user.membership.refresh_from_db()
    assert (user.membership.is_head, user.membership.is_organiser) == (True, False)
    assert user.membership.may_read_vs_nfd is False
    assert user.account_events.get().action == "sso_updated"
