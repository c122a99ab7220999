"""Second factor: TOTP enrolment, login with TOTP or a recovery code, and the
requirement for VS-NfD readers and administrators."""

import base64
import time

import pyotp
import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from konferenz.accounts import mfa, views
from konferenz.core.models import RateCount

pytestmark = pytest.mark.django_db

PASSWORD = "Geheim-Passwort-123"


@pytest.fixture(autouse=True)
def _fresh_failure_counts():
    # wrong codes are counted per user in the cache
    cache.clear()
    yield
    cache.clear()


def _totp(device):
    return pyotp.TOTP(base64.b32encode(device.bin_key).decode())


def _enrol(client, user):
    """Set up TOTP through the page; returns (pyotp generator, recovery codes)."""
    client.get(reverse("konferenz:mfa-setup"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    totp = _totp(device)
    response = client.post(
        reverse("konferenz:mfa-setup"), {"password": PASSWORD, "token": totp.now()}
    )
    assert response.status_code == 200
    codes = list(response.context["codes"])
    return totp, codes


def _password_login(client, user):
    return client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD}
    )


def test_enrolment_shows_qr_code_and_ten_recovery_codes(client, organiser):
    client.force_login(organiser)

    page = client.get(reverse("konferenz:mfa-setup"))
    totp, codes = _enrol(client, organiser)

    html = page.content.decode()
    assert 'src="data:image/svg+xml' in html
    assert "Zweiter Faktor" in html
    assert len(codes) == 10 and len(set(codes)) == 10
    assert TOTPDevice.objects.get(user=organiser).confirmed
    assert organiser.account_events.get().action == "mfa_enrolled"


def test_wrong_code_at_enrolment_gives_german_error(client, organiser):
    client.force_login(organiser)
    client.get(reverse("konferenz:mfa-setup"))

    response = client.post(
        reverse("konferenz:mfa-setup"), {"password": PASSWORD, "token": "000000"}
    )

    assert "Der Code ist nicht richtig" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=organiser, confirmed=True).exists()


def test_login_with_totp_after_password(organiser):
    setup = Client()
    setup.force_login(organiser)
    totp, _codes = _enrol(setup, organiser)
    client = Client()

    response = _password_login(client, organiser)

    assert response.status_code == 302
    assert response["Location"] == reverse("konferenz:mfa-verify")
    # not logged in yet: the dashboard sends to the login page
    assert client.get(reverse("konferenz:dashboard")).status_code == 302
    # the enrolment used this window's code; a code is accepted only once
    next_code = totp.at(time.time() + 30)
    response = client.post(reverse("konferenz:mfa-verify"), {"token": next_code})
    assert response.status_code == 302
    assert client.get(reverse("konferenz:dashboard")).status_code == 200


def test_login_with_recovery_code_works_once(organiser):
    setup = Client()
    setup.force_login(organiser)
    _totp_gen, codes = _enrol(setup, organiser)

    first = Client()
    _password_login(first, organiser)
    response = first.post(reverse("konferenz:mfa-verify"), {"token": codes[0]})
    second = Client()
    _password_login(second, organiser)
    again = second.post(reverse("konferenz:mfa-verify"), {"token": codes[0]})

    assert response.status_code == 302
    assert first.get(reverse("konferenz:dashboard")).status_code == 200
    assert "Der Code ist nicht richtig" in again.content.decode()
    assert StaticToken.objects.filter(device__user=organiser).count() == 9


def test_five_wrong_codes_end_the_login(organiser):
    setup = Client()
    setup.force_login(organiser)
    _enrol(setup, organiser)
    client = Client()
    _password_login(client, organiser)

    for _ in range(5):
        response = client.post(reverse("konferenz:mfa-verify"), {"token": "123456"})

    assert response.status_code == 302
    assert response["Location"] == reverse("login")
    assert client.get(reverse("konferenz:mfa-verify"))["Location"] == reverse("login")


def test_wrong_codes_of_a_login_are_counted_in_the_database(organiser):
    setup = Client()
    setup.force_login(organiser)
    _enrol(setup, organiser)
    client = Client()
    _password_login(client, organiser)

    for _ in range(3):
        client.post(reverse("konferenz:mfa-verify"), {"token": "123456"})

    login = client.session[views.ATTEMPT_SESSION_KEY]
    assert RateCount.objects.get(key__contains=f":{login}:").count == 3


def test_a_new_password_login_has_five_tries_again(organiser):
    setup = Client()
    setup.force_login(organiser)
    _enrol(setup, organiser)
    client = Client()
    _password_login(client, organiser)
    for _ in range(4):
        client.post(reverse("konferenz:mfa-verify"), {"token": "123456"})

    _password_login(client, organiser)
    for _ in range(4):
        response = client.post(reverse("konferenz:mfa-verify"), {"token": "123456"})

    assert response.status_code == 200
    assert client.get(reverse("konferenz:mfa-verify")).status_code == 200


def test_vs_nfd_reader_without_second_factor_is_sent_to_enrolment(
    client, organiser, settings
):
    settings.SIKO_MFA_REQUIRED = True

    _password_login(client, organiser)
    response = client.get(reverse("konferenz:conference-list"))

    assert response.status_code == 302
    assert response["Location"] == reverse("konferenz:mfa-setup")
    assert client.get(reverse("konferenz:mfa-setup")).status_code == 200


def test_vs_nfd_reader_reads_after_enrolment(client, organiser, settings):
    settings.SIKO_MFA_REQUIRED = True
    _password_login(client, organiser)

    _enrol(client, organiser)

    assert client.get(reverse("konferenz:conference-list")).status_code == 200


def test_reader_without_vs_nfd_needs_no_second_factor(client, reader, settings):
    settings.SIKO_MFA_REQUIRED = True

    _password_login(client, reader)

    assert client.get(reverse("konferenz:conference-list")).status_code == 200


def test_administrators_need_a_second_factor(make_member, police_authority, settings):
    settings.SIKO_MFA_REQUIRED = True
    admin = make_member(police_authority, is_authority_admin=True)
    superuser = type(admin).objects.create_superuser("root", "r@example.org", "x")

    assert mfa.second_factor_required(admin)
    assert mfa.second_factor_required(superuser)


def test_identity_provider_mfa_counts(client, organiser, settings):
    settings.SIKO_MFA_REQUIRED = True
    client.force_login(organiser)
    session = client.session
    session[mfa.IDP_MFA_SESSION_KEY] = True
    session.save()

    assert client.get(reverse("konferenz:conference-list")).status_code == 200


def test_wrong_codes_over_many_logins_pause_the_user(organiser):
    setup = Client()
    setup.force_login(organiser)
    totp, _codes = _enrol(setup, organiser)
    for _ in range(2):
        client = Client()
        _password_login(client, organiser)
        for _ in range(5):
            client.post(reverse("konferenz:mfa-verify"), {"token": "123456"})
    client = Client()
    _password_login(client, organiser)

    response = client.post(
        reverse("konferenz:mfa-verify"), {"token": totp.at(time.time() + 30)}
    )

    assert "Bitte warten Sie 15 Minuten" in response.content.decode()
