"""Issue 30, second factor: a reset ends the user's sessions, enrolment asks
for the password again, one code is accepted once (device rows locked), the
ministry needs a factor, and the pause after wrong codes is said."""

import base64
import datetime
import io
import time

import pyotp
import pytest
from axes.models import AccessAttempt
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from konferenz.accounts import mfa
from konferenz.core.classification import Classification
from tests.factories import ActionItemFactory, MembershipFactory

pytestmark = pytest.mark.django_db

PASSWORD = "Geheim-Passwort-123"
SECRET = "Geheime Observation abstimmen"


def _totp(device):
    return pyotp.TOTP(base64.b32encode(device.bin_key).decode())


def _password_login(client, user):
    return client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD}
    )


def _enrol(client, user):
    client.get(reverse("konferenz:mfa-setup"))
    totp = _totp(TOTPDevice.objects.get(user=user, confirmed=False))
    response = client.post(
        reverse("konferenz:mfa-setup"), {"password": PASSWORD, "token": totp.now()}
    )
    assert response.status_code == 200
    assert TOTPDevice.objects.get(user=user).confirmed
    return totp


def _sessions_of(user):
    return [
        s
        for s in Session.objects.all()
        if s.get_decoded().get("_auth_user_id") == str(user.pk)
    ]


def test_reset_ends_every_session_and_setup_needs_the_password(
    client, organiser, make_member, settings
):
    settings.SIKO_MFA_REQUIRED = True
    ActionItemFactory(
        entry__minutes__conference__police_authority=organiser.membership.police_authority,
        entry__minutes__conference__date=datetime.date(2025, 11, 5),
        description=SECRET,
        due_date=datetime.date(2025, 12, 1),
        classification=Classification.VS_NFD,
    )
    # password, then set-up of the authenticator, then VS-NfD content
    _password_login(client, organiser)
    totp = _enrol(client, organiser)
    second = Client()
    _password_login(second, organiser)
    second.post(reverse("konferenz:mfa-verify"), {"token": totp.at(time.time() + 30)})
    assert SECRET in client.get(reverse("konferenz:dashboard")).content.decode()
    assert SECRET in second.get(reverse("konferenz:dashboard")).content.decode()
    admin = make_member(organiser.membership.police_authority, is_authority_admin=True)
    admin_client = Client()
    admin_client.force_login(admin)
    session = admin_client.session
    session[mfa.IDP_MFA_SESSION_KEY] = True
    session.save()

    response = admin_client.post(
        reverse("konferenz:user-mfa-reset", args=[organiser.pk])
    )

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=organiser).exists()
    assert _sessions_of(organiser) == []
    for old in (client, second):
        response = old.get(reverse("konferenz:dashboard"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        # not sent to set-up: that session is gone
        setup = old.get(reverse("konferenz:mfa-setup"))
        assert setup.status_code == 302
        assert setup["Location"].startswith(reverse("login"))
    # a new login is sent to set-up, which asks for the password again
    _password_login(client, organiser)
    assert client.get(reverse("konferenz:dashboard"))["Location"] == reverse(
        "konferenz:mfa-setup"
    )
    client.get(reverse("konferenz:mfa-setup"))
    new_totp = _totp(TOTPDevice.objects.get(user=organiser, confirmed=False))
    refused = client.post(reverse("konferenz:mfa-setup"), {"token": new_totp.now()})
    wrong = client.post(
        reverse("konferenz:mfa-setup"),
        {"password": "falsch-falsch-falsch", "token": new_totp.now()},
    )
    assert not TOTPDevice.objects.filter(user=organiser, confirmed=True).exists()
    assert "Dieses Feld ist zwingend erforderlich" in refused.content.decode()
    assert "Das Passwort ist nicht richtig" in wrong.content.decode()
    assert client.get(reverse("konferenz:dashboard")).status_code == 302


def test_setup_in_a_session_without_password_is_refused(client, organiser):
    client.force_login(organiser)
    client.get(reverse("konferenz:mfa-setup"))
    totp = _totp(TOTPDevice.objects.get(user=organiser, confirmed=False))

    response = client.post(reverse("konferenz:mfa-setup"), {"token": totp.now()})

    assert response.status_code == 200
    assert "codes" not in response.context
    assert not TOTPDevice.objects.filter(user=organiser, confirmed=True).exists()


def test_account_without_password_enrols_only_soon_after_login(client, organiser):
    organiser.set_unusable_password()
    organiser.save()
    client.force_login(organiser)
    client.get(reverse("konferenz:mfa-setup"))
    totp = _totp(TOTPDevice.objects.get(user=organiser, confirmed=False))
    session = client.session
    session[mfa.LOGIN_AT_SESSION_KEY] = time.time() - mfa.FRESH_LOGIN_SECONDS - 1
    session.save()

    stale = client.post(reverse("konferenz:mfa-setup"), {"token": totp.now()})
    client.force_login(organiser)  # a fresh login (e.g. single sign-on again)
    fresh = client.post(reverse("konferenz:mfa-setup"), {"token": totp.now()})

    assert "melden Sie sich zu Ihrer Sicherheit erneut an" in stale.content.decode()
    assert len(fresh.context["codes"]) == 10


def test_one_code_is_accepted_once(organiser):
    device = TOTPDevice.objects.create(user=organiser, name="App", confirmed=True)
    code = _totp(device).now()

    first = mfa.verify_token(user=organiser, token=code)
    second = mfa.verify_token(user=organiser, token=code)

    assert first == device
    assert second is None


def test_correct_code_during_the_pause_says_to_wait(organiser, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 30
    setup = Client()
    setup.force_login(organiser)
    totp = _enrol(setup, organiser)
    client = Client()
    _password_login(client, organiser)

    wrong = client.post(reverse("konferenz:mfa-verify"), {"token": "123456"})
    right = client.post(
        reverse("konferenz:mfa-verify"), {"token": totp.at(time.time() + 30)}
    )

    assert "Der Code ist nicht richtig" in wrong.content.decode()
    page = right.content.decode()
    assert "Der Code ist nicht richtig" not in page
    assert "Bitte warten Sie" in page
    assert "Sekunden" in page


def test_wait_message_names_the_seconds(organiser):
    device = TOTPDevice.objects.create(user=organiser, name="App", confirmed=True)
    device.throttling_failure_count = 3
    device.throttling_failure_timestamp = timezone.now()
    device.save()

    with pytest.raises(mfa.Throttled) as throttled:
        mfa.verify_token(user=organiser, token=_totp(device).now())

    assert 1 <= throttled.value.seconds <= 4


def test_everyone_who_can_change_who_may_log_in_needs_a_second_factor(
    make_member, police_authority, settings
):
    settings.SIKO_MFA_REQUIRED = True
    ministry = MembershipFactory(police_authority=None, is_ministry=True).user
    admin = make_member(police_authority, is_authority_admin=True)
    state = type(admin).objects.create_superuser("land", "l@example.org", "x")

    assert mfa.second_factor_required(ministry)
    assert mfa.second_factor_required(admin)
    assert mfa.second_factor_required(state)


def test_ministry_is_sent_to_setup(client, settings):
    settings.SIKO_MFA_REQUIRED = True
    ministry = MembershipFactory(police_authority=None, is_ministry=True).user
    client.force_login(ministry)

    response = client.get(reverse("konferenz:police-authority-list"))

    assert response.status_code == 302
    assert response["Location"] == reverse("konferenz:mfa-setup")


def test_state_administration_factor_is_reset_from_the_shell(client):
    state = MembershipFactory(police_authority=None, is_ministry=True).user
    TOTPDevice.objects.create(user=state, name="App", confirmed=True)
    client.force_login(state)

    call_command("mfa_reset", state.username, stdout=io.StringIO())

    assert not TOTPDevice.objects.filter(user=state).exists()
    assert _sessions_of(state) == []
    assert state.account_events.get().action == "mfa_reset"


def test_wrong_passwords_at_setup_count_towards_the_login_lockout(
    client, organiser, settings
):
    settings.SIKO_MFA_REQUIRED = True
    _password_login(client, organiser)
    client.get(reverse("konferenz:mfa-setup"))
    totp = _totp(TOTPDevice.objects.get(user=organiser, confirmed=False))

    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("konferenz:mfa-setup"), {"password": "falsch", "token": totp.now()}
        )
    response = client.post(
        reverse("konferenz:mfa-setup"), {"password": PASSWORD, "token": totp.now()}
    )

    assert response.status_code == 429
    assert "vorübergehend gesperrt" in response.content.decode()
    assert (
        AccessAttempt.objects.get(username=organiser.username).failures_since_start >= 5
    )
    assert not TOTPDevice.objects.filter(user=organiser, confirmed=True).exists()
    # The password login is locked as well.
    assert (
        Client()
        .post(reverse("login"), {"username": organiser.username, "password": PASSWORD})
        .status_code
        == 429
    )


@pytest.mark.parametrize("kind", ["totpdevice", "staticdevice"])
def test_deleting_a_device_in_the_django_admin_ends_the_users_sessions(
    client, organiser, settings, kind
):
    settings.SIKO_MFA_REQUIRED = True
    _password_login(client, organiser)
    _enrol(client, organiser)
    assert client.get(reverse("konferenz:dashboard")).status_code == 200
    device = {
        "totpdevice": TOTPDevice,
        "staticdevice": StaticDevice,
    }[kind].objects.get(user=organiser)
    superuser = get_user_model().objects.create_superuser(
        "landesadmin", "landesadmin@polizei.nrw.example", PASSWORD
    )
    admin = Client()
    admin.force_login(superuser)
    session = admin.session
    session[mfa.IDP_MFA_SESSION_KEY] = True
    session.save()
    app = "otp_totp" if kind == "totpdevice" else "otp_static"

    response = admin.post(
        reverse(f"admin:{app}_{kind}_delete", args=[device.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not type(device).objects.filter(pk=device.pk).exists()
    assert _sessions_of(organiser) == []
    assert client.get(reverse("konferenz:dashboard"))["Location"].startswith(
        reverse("login")
    )


def test_starting_a_new_setup_keeps_the_session(client, organiser, settings):
    """Only confirmed devices end sessions: the unconfirmed one that set-up
    replaces does not."""
    client.force_login(organiser)
    client.get(reverse("konferenz:mfa-setup"))
    mfa.totp_device_start(user=organiser)

    assert _sessions_of(organiser) != []
