"""User management by the Behördenadministration and set-up of a police
authority by the state: list, invite, roles, deactivate, second-factor reset,
history. (Who may open which page: tests/test_route_matrix.py.)"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from konferenz.accounts.models import AccountEvent
from konferenz.core.models import Membership, PoliceAuthority

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(make_member, police_authority):
    return make_member(police_authority, is_authority_admin=True)


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


def test_user_list_shows_roles_last_login_and_only_own_authority(
    admin_client, organiser, make_member, other_police_authority
):
    organiser.last_login = timezone.make_aware(timezone.datetime(2026, 5, 4, 9, 30))
    organiser.save()
    stranger = make_member(other_police_authority, is_organiser=True)

    html = admin_client.get(reverse("konferenz:user-list")).content.decode()

    assert organiser.username in html
    assert "Organisation" in html
    assert "04.05.2026" in html
    assert stranger.username not in html


def test_user_list_query_count_does_not_grow(
    admin_client, make_member, police_authority, django_assert_num_queries
):
    make_member(police_authority)
    admin_client.get(reverse("konferenz:user-list"))  # session and user cached
    with django_assert_num_queries(3) as one:
        admin_client.get(reverse("konferenz:user-list"))
    count = len(one.captured_queries)  # the next request empties the log
    for _ in range(5):
        make_member(police_authority, is_head=True)
    # New memberships renew the stamp of the cached users: read once anew.
    admin_client.get(reverse("konferenz:user-list"))
    with django_assert_num_queries(count):
        admin_client.get(reverse("konferenz:user-list"))


def test_invite_creates_user_mails_link_and_invitee_sets_password(
    admin_client, admin_user, police_authority, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("konferenz:user-invite"),
            {
                "username": "neu-organisation",
                "first_name": "Nina",
                "last_name": "Neu",
                "email": "nina.neu@polizei.nrw.example",
                "roles": ["organiser", "vs_nfd"],
            },
        )

    assert response.status_code == 302
    user = get_user_model().objects.get(username="neu-organisation")
    assert not user.has_usable_password()
    assert user.membership.police_authority == police_authority
    assert (user.membership.is_organiser, user.membership.may_read_vs_nfd) == (
        True,
        True,
    )
    assert [m.to for m in mail.outbox] == [["nina.neu@polizei.nrw.example"]]
    assert mail.outbox[0].subject == "Ihr Zugang zu SiKo"
    link = re.search(r"https?://\S+/passwort/neu/\S+/", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    invitee = Client()
    form_url = invitee.get("/" + path)["Location"]
    weak = invitee.post(form_url, {"new_password1": "123", "new_password2": "123"})
    assert "zu kurz" in weak.content.decode()
    done = invitee.post(
        form_url,
        {
            "new_password1": "Sicheres-Passwort-2026",
            "new_password2": "Sicheres-Passwort-2026",
        },
    )
    assert done.status_code == 302
    assert (
        invitee.post(
            reverse("login"),
            {"username": "neu-organisation", "password": "Sicheres-Passwort-2026"},
        ).status_code
        == 302
    )
    event = AccountEvent.objects.get(user=user)
    assert (event.action, event.actor) == ("invited", admin_user)


def test_invite_refuses_a_taken_user_name_in_german(admin_client, organiser):
    response = admin_client.post(
        reverse("konferenz:user-invite"),
        {
            "username": organiser.username,
            "first_name": "X",
            "last_name": "Y",
            "email": "x@example.org",
        },
    )

    assert response.status_code == 200
    assert "Dieser Benutzername ist bereits vergeben." in response.content.decode()


def test_change_roles_is_saved_and_in_the_history(admin_client, admin_user, reader):
    response = admin_client.post(
        reverse("konferenz:user-detail", args=[reader.pk]),
        {"roles": ["head", "vs_nfd"]},
    )

    assert response.status_code == 302
    membership = Membership.objects.get(user=reader)
    assert (membership.is_head, membership.may_read_vs_nfd) == (True, True)
    assert membership.is_organiser is False
    page = admin_client.get(reverse("konferenz:user-detail", args=[reader.pk]))
    assert "Rollen geändert: Behördenleitung" in page.content.decode()


def test_admin_cannot_remove_own_administration(admin_client, admin_user):
    response = admin_client.post(
        reverse("konferenz:user-detail", args=[admin_user.pk]), {"roles": ["head"]}
    )

    assert "nicht selbst entziehen" in response.content.decode()
    assert Membership.objects.get(user=admin_user).is_authority_admin


def test_deactivated_user_session_ends_at_once(admin_client, reader):
    reader_client = Client()
    reader_client.force_login(reader)
    assert reader_client.get(reverse("konferenz:dashboard")).status_code == 200

    admin_client.post(reverse("konferenz:user-deactivate", args=[reader.pk]))

    response = reader_client.get(reverse("konferenz:dashboard"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    reader.refresh_from_db()
    assert reader.is_active is False
    assert AccountEvent.objects.filter(user=reader, action="deactivated").exists()


def test_reset_second_factor_removes_devices(admin_client, reader):
    TOTPDevice.objects.create(user=reader, name="App", confirmed=True)

    admin_client.post(reverse("konferenz:user-mfa-reset", args=[reader.pk]))

    assert not TOTPDevice.objects.filter(user=reader).exists()
    assert AccountEvent.objects.filter(user=reader, action="mfa_reset").exists()


def test_authority_admin_gets_404_for_user_of_another_authority(
    admin_client, make_member, other_police_authority
):
    stranger = make_member(other_police_authority)

    for name in ("user-deactivate", "user-mfa-reset"):
        response = admin_client.post(reverse(f"konferenz:{name}", args=[stranger.pk]))
        assert response.status_code == 404
    stranger.refresh_from_db()
    assert stranger.is_active


def _setup_data(**extra):
    return {
        "name": "Polizeipräsidium Neustadt",
        "short_name": "Polizei Neustadt",
        "kind": "pp",
        "press_code": "ns",
        "seat": "Neustadt",
        "area": "Neustadt",
        "address": "Hauptstraße 1\n12345 Neustadt",
        "head_title": "Polizeipräsident",
        "head_name": "Max Muster",
        "press_contact": "Pressestelle\nTelefon 0000",
        "file_reference_pattern": "ST 1 – 57.01.01",
        "admin_username": "ns-admin",
        "admin_first_name": "Petra",
        "admin_last_name": "Admin",
        "admin_email": "petra.admin@polizei.nrw.example",
        **extra,
    }


@pytest.mark.parametrize("who", ["ministry", "superuser"])
def test_state_sets_up_authority_with_first_administration(
    client, who, django_capture_on_commit_callbacks
):
    if who == "ministry":
        user = Membership.objects.create(
            user=get_user_model().objects.create(username="mi"), is_ministry=True
        ).user
    else:
        user = get_user_model().objects.create_superuser("root", "r@x.example", "x")
    client.force_login(user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("konferenz:police-authority-setup"), _setup_data()
        )

    assert response.status_code == 302
    authority = PoliceAuthority.objects.get(press_code="NS")
    assert authority.file_reference_pattern == "ST 1 – 57.01.01"
    admin = get_user_model().objects.get(username="ns-admin")
    assert admin.membership.police_authority == authority
    assert admin.membership.is_authority_admin
    assert [m.to for m in mail.outbox] == [["petra.admin@polizei.nrw.example"]]
    assert AccountEvent.objects.filter(
        police_authority=authority, action="authority_created", actor=user
    ).exists()
    # the new authority's history shows the set-up (a row without a user)
    client.force_login(admin)
    history = client.get(reverse("konferenz:user-list")).content.decode()
    assert "Polizeibehörde eingerichtet: Polizeipräsidium Neustadt" in history


def test_setup_refuses_taken_press_code(client):
    client.force_login(get_user_model().objects.create_superuser("root", "", "x"))
    PoliceAuthority.objects.filter(
        press_code="DN"
    ).exists() or PoliceAuthority.objects.create(
        name="Düren", short_name="Polizei Düren", kind="pp", press_code="DN"
    )

    response = client.post(
        reverse("konferenz:police-authority-setup"), _setup_data(press_code="dn")
    )

    assert "Dieses Pressekürzel ist bereits vergeben." in response.content.decode()
