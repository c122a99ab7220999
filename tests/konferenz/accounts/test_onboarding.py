"""Issue 30: the state administration onboards existing police authorities in
the app (the 44 preloaded ones without users): the list counts users and
administrations, invites the first (or a further) Behördenadministration one
by one or from a CSV/XLSX list with a preview. (Who may open which page:
tests/test_route_matrix.py.)"""

import datetime
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook

from konferenz.accounts import onboarding
from konferenz.accounts.models import AccountEvent
from teilnehmer.addressbook import spreadsheet
from tests.factories import PoliceAuthorityFactory, UserFactory
from tests.helpers import page_queries

pytestmark = pytest.mark.django_db

LIST = reverse("konferenz:police-authority-list")
UPLOAD = reverse("konferenz:police-authority-admins-upload")
PREVIEW = reverse("konferenz:police-authority-admins-preview")
SEND = reverse("konferenz:police-authority-admins-send")
PASSWORD_LINK = re.compile(r"https?://[^/\s]+(/passwort/neu/\S+/)")


@pytest.fixture
def state_admin():
    return get_user_model().objects.create_superuser(
        "landesadmin", "landesadmin@polizei.nrw.example", "Geheim-Passwort-123"
    )


@pytest.fixture
def state_client(client, state_admin):
    client.force_login(state_admin)
    return client


@pytest.fixture
def empty_authority():
    """Like the preloaded authorities: no user at all."""
    return PoliceAuthorityFactory(
        name="Kreispolizeibehörde Testkreis", press_code="HXT"
    )


def _invite(client, authority, capture, **extra):
    data = {
        "username": "hxt-admin",
        "first_name": "Hanna",
        "last_name": "Hoexter",
        "email": "hanna.hoexter@polizei.nrw.example",
        **extra,
    }
    with capture(execute=True):
        return client.post(
            reverse("konferenz:police-authority-admin-invite", args=[authority.pk]),
            data,
        )


def _row_of(page, name):
    body = page.split("<tbody>")[1].split("</tbody>")[0]
    return next(row for row in body.split("<tr>") if name in row)


# --- the list ----------------------------------------------------------------


def test_list_counts_users_and_admins_and_offers_the_right_invitation(
    state_client, empty_authority, make_member
):
    staffed = PoliceAuthorityFactory(name="Polizeipräsidium Mitte")
    make_member(staffed, is_authority_admin=True)
    make_member(staffed, is_organiser=True)
    gone = make_member(staffed, is_authority_admin=True)
    gone.is_active = False
    gone.save()

    page = state_client.get(LIST).content.decode()

    empty_row = _row_of(page, "Kreispolizeibehörde Testkreis")
    assert "<td>0</td><td>0</td>" in empty_row
    assert "Erste Behördenadministration" in empty_row
    staffed_row = _row_of(page, "Polizeipräsidium Mitte")
    assert "<td>2</td><td>1</td>" in staffed_row
    assert "Weitere Behördenadministration" in staffed_row
    assert "Erste Behördenadministration" not in staffed_row


def test_list_reads_everything_in_a_fixed_number_of_queries(state_client, make_member):
    for _n in range(3):
        make_member(PoliceAuthorityFactory(), is_authority_admin=True)
    few = page_queries(state_client, LIST)
    for _n in range(10):
        authority = PoliceAuthorityFactory()
        make_member(authority, is_authority_admin=True)
        make_member(authority, is_head=True)

    many = page_queries(state_client, LIST)

    assert many.response.status_code == 200
    assert many.total == few.total
    assert many.in_templates == []


# --- one invitation ---------------------------------------------------------


def test_invitation_creates_an_unusable_account_mails_and_logs_it(
    state_client, state_admin, empty_authority, django_capture_on_commit_callbacks
):
    form = state_client.get(
        reverse("konferenz:police-authority-admin-invite", args=[empty_authority.pk])
    )
    assert 'value="hxt-admin"' in form.content.decode()

    response = _invite(
        state_client, empty_authority, django_capture_on_commit_callbacks
    )

    assert response.status_code == 302
    user = get_user_model().objects.get(username="hxt-admin")
    assert not user.has_usable_password()
    assert user.membership.police_authority == empty_authority
    assert user.membership.is_authority_admin
    assert [m.to for m in mail.outbox] == [["hanna.hoexter@polizei.nrw.example"]]
    body = mail.outbox[0].body
    assert (
        "Sie sind die Behördenadministration von Kreispolizeibehörde Testkreis" in body
    )
    assert "zweiten Faktor" in body
    event = AccountEvent.objects.get(user=user)
    assert (event.action, event.actor, event.police_authority) == (
        "invited",
        state_admin,
        empty_authority,
    )
    page = state_client.get(LIST).content.decode()
    assert "Weitere Behördenadministration" in _row_of(page, "Testkreis")
    # the invite page shows the new administration and who invited her when
    again = state_client.get(
        reverse("konferenz:police-authority-admin-invite", args=[empty_authority.pk])
    ).content.decode()
    assert "Hanna Hoexter" in again
    assert "Eingeladen" in again
    assert "landesadmin" in again


def test_the_link_sets_a_password_then_login_asks_for_the_second_factor(
    state_client, empty_authority, django_capture_on_commit_callbacks, settings
):
    _invite(state_client, empty_authority, django_capture_on_commit_callbacks)
    path = PASSWORD_LINK.search(mail.outbox[0].body).group(1)
    invitee = Client()
    form_url = invitee.get(path)["Location"]
    assert "Passwort" in invitee.get(form_url).content.decode()
    done = invitee.post(
        form_url,
        {
            "new_password1": "Hannas-Passwort-2026",
            "new_password2": "Hannas-Passwort-2026",
        },
    )
    assert done.status_code == 302

    settings.SIKO_MFA_REQUIRED = True
    login = invitee.post(
        reverse("login"),
        {"username": "hxt-admin", "password": "Hannas-Passwort-2026"},
        follow=True,
    )

    assert login.redirect_chain[-1][0] == reverse("konferenz:mfa-setup")
    assert "Ihr Passwort" in login.content.decode()
    # used once: the same link now gives the German page
    used = Client().get(path, follow=True).content.decode()
    assert "ungültig" in used
    assert "bereits verwendet" in used


def test_an_expired_link_gives_the_german_page(
    state_client, empty_authority, django_capture_on_commit_callbacks, monkeypatch
):
    _invite(state_client, empty_authority, django_capture_on_commit_callbacks)
    path = PASSWORD_LINK.search(mail.outbox[0].body).group(1)
    later = datetime.datetime.now() + datetime.timedelta(days=4)
    monkeypatch.setattr(PasswordResetTokenGenerator, "_now", lambda self: later)

    page = Client().get(path, follow=True).content.decode()

    assert "abgelaufen" in page
    assert "Neuen Link anfordern" in page
    assert 'name="new_password1"' not in page


def test_invitation_refuses_an_address_in_use_in_german_and_keeps_the_input(
    state_client, empty_authority, django_capture_on_commit_callbacks, reader
):
    response = _invite(
        state_client,
        empty_authority,
        django_capture_on_commit_callbacks,
        email=reader.email.upper(),
    )

    assert response.status_code == 400
    page = response.content.decode()
    assert "Es gibt bereits einen Benutzer mit dieser E-Mail-Adresse." in page
    assert 'value="Hanna"' in page
    assert not get_user_model().objects.filter(username="hxt-admin").exists()
    assert mail.outbox == []


def test_authority_admin_cannot_invite_for_any_authority(
    make_member, police_authority, empty_authority, django_capture_on_commit_callbacks
):
    client = Client()
    client.force_login(make_member(police_authority, is_authority_admin=True))

    own = _invite(client, police_authority, django_capture_on_commit_callbacks)
    other = _invite(client, empty_authority, django_capture_on_commit_callbacks)
    bulk = client.post(SEND)

    assert (own.status_code, other.status_code, bulk.status_code) == (403, 403, 403)
    assert not get_user_model().objects.filter(username="hxt-admin").exists()


def test_setup_of_a_preloaded_authority_points_to_the_invitation(
    state_client, empty_authority
):
    response = state_client.post(
        reverse("konferenz:police-authority-setup"), {"press_code": "hxt"}
    )

    page = response.content.decode()
    assert "Dieses Pressekürzel ist bereits vergeben." in page
    assert (
        "Kreispolizeibehörde Testkreis ist bereits in SiKo angelegt: Laden Sie "
        "ihre Behördenadministration aus der Liste der Polizeibehörden ein."
    ) in page


def test_an_overlong_email_address_is_refused_in_german(
    state_client, empty_authority, django_capture_on_commit_callbacks
):
    response = _invite(
        state_client,
        empty_authority,
        django_capture_on_commit_callbacks,
        email="a" * 250 + "@x.example",
    )

    assert response.status_code == 400
    assert not get_user_model().objects.filter(username="hxt-admin").exists()


def test_unknown_authority_is_404(state_client):
    response = state_client.get(
        reverse("konferenz:police-authority-admin-invite", args=[999999])
    )

    assert response.status_code == 404


# --- the list of invitations from a file --------------------------------------


def _csv(text, name="administrationen.csv", encoding="utf-8"):
    return SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")


def _xlsx(rows, name="administrationen.xlsx"):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def authorities(make_member):
    """Three authorities without users, one with an administration."""
    empty = [
        PoliceAuthorityFactory(name=f"Kreispolizeibehörde Leer {code}", press_code=code)
        for code in ("LA", "LB", "LC")
    ]
    staffed = PoliceAuthorityFactory(name="Polizeipräsidium Besetzt", press_code="BES")
    make_member(staffed, is_authority_admin=True)
    return empty, staffed


def test_preview_lists_valid_rows_and_every_error_in_german(
    state_client, authorities, reader
):
    text = (
        "Behördenkürzel;Name;E-Mail\n"
        "LA;Anna Alpha;anna.alpha@polizei.nrw.example\n"
        "POL-LB;Beta, Bernd;bernd.beta@polizei.nrw.example\n"
        "XX;Xaver Unbekannt;xaver@polizei.nrw.example\n"
        "LC;Carla Keinemail;keine-adresse\n"
        f"LC;Carla Vergeben;{reader.email}\n"
        "BES;Doris Doppelt;doris@polizei.nrw.example\n"
        "la;Anna Nochmal;anna.nochmal@polizei.nrw.example\n"
        "LC;;anna.alpha@polizei.nrw.example\n"
        f"LC;Lang Adresse;{'a' * 250}@x.example\n"
    )

    response = state_client.post(UPLOAD, {"file": _csv(text)}, follow=True)

    assert response.redirect_chain[-1][0] == PREVIEW
    page = response.content.decode()
    assert "2 Einladungen bereit" in page
    assert "7 fehlerhafte Zeilen" in page
    for reason in (
        "Unbekanntes Behördenkürzel „XX“.",
        "Ungültige E-Mail-Adresse „keine-adresse“.",
        "Es gibt bereits einen Benutzer mit dieser E-Mail-Adresse.",
        "Polizeipräsidium Besetzt hat bereits eine Behördenadministration.",
        "Das Behördenkürzel „LA“ steht schon in Zeile 2 der Datei.",
        "Die E-Mail-Adresse steht schon in Zeile 2 der Datei.",
        "Der Name fehlt.",
        f"Ungültige E-Mail-Adresse „{'a' * 250}@x.example“.",
    ):
        assert reason in page, reason
    assert "la-admin" in page
    assert "Bernd Beta" in page
    assert mail.outbox == []
    assert not get_user_model().objects.filter(username="la-admin").exists()


def test_send_invites_the_valid_rows_only_and_logs_each(
    state_client, state_admin, authorities, django_capture_on_commit_callbacks
):
    (la, lb, _lc), _staffed = authorities
    state_client.post(
        UPLOAD,
        {
            "file": _xlsx(
                [
                    ["Kürzel", "Name", "E-Mail"],
                    ["LA", "Anna Alpha", "anna.alpha@polizei.nrw.example"],
                    ["LB", "Bernd Beta", "bernd.beta@polizei.nrw.example"],
                    ["BES", "Doris Doppelt", "doris@polizei.nrw.example"],
                ]
            )
        },
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = state_client.post(SEND, follow=True)

    assert "2 Einladungen wurden versendet; 1 Zeilen mit Fehlern" in (
        response.content.decode()
    )
    assert sorted(m.to[0] for m in mail.outbox) == [
        "anna.alpha@polizei.nrw.example",
        "bernd.beta@polizei.nrw.example",
    ]
    anna = get_user_model().objects.get(username="la-admin")
    assert (anna.first_name, anna.last_name) == ("Anna", "Alpha")
    assert anna.membership.police_authority == la
    assert anna.membership.is_authority_admin
    assert not anna.has_usable_password()
    assert set(
        AccountEvent.objects.filter(action="invited", actor=state_admin).values_list(
            "user__username", "police_authority"
        )
    ) == {("la-admin", la.pk), ("lb-admin", lb.pk)}
    assert not get_user_model().objects.filter(email="doris@polizei.nrw.example")
    # the list is gone: sending twice invites nobody twice
    assert state_client.get(PREVIEW)["Location"] == UPLOAD
    state_client.post(SEND)
    assert len(mail.outbox) == 2


def test_send_checks_again_an_authority_invited_in_between(
    state_client, authorities, make_member, django_capture_on_commit_callbacks
):
    (la, _lb, _lc), _staffed = authorities
    state_client.post(
        UPLOAD, {"file": _csv("Kürzel;Name;E-Mail\nLA;Anna Alpha;anna@x.example\n")}
    )
    make_member(la, is_authority_admin=True)

    with django_capture_on_commit_callbacks(execute=True):
        state_client.post(SEND)

    assert mail.outbox == []
    assert not get_user_model().objects.filter(email="anna@x.example").exists()


def test_a_taken_user_name_gets_a_number(state_client, authorities):
    UserFactory(username="la-admin")

    state_client.post(
        UPLOAD, {"file": _csv("Kürzel;Name;E-Mail\nLA;Anna Alpha;anna@x.example\n")}
    )
    page = state_client.get(PREVIEW).content.decode()

    assert "la-admin-2" in page


def test_windows_1252_file_is_read(state_client, authorities):
    text = "Behördenkürzel;Name;E-Mail\nLA;Jürgen Müller;juergen@x.example\n"

    page = state_client.post(
        UPLOAD, {"file": _csv(text, encoding="cp1252")}, follow=True
    ).content.decode()

    assert "Jürgen Müller" in page
    assert "1 Einladung bereit" in page


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (lambda: _csv(""), "Die übertragene Datei ist leer."),
        (
            lambda: _csv("Behörde;Person\nLA;Anna\n"),
            "Behördenkürzel, Name, E-Mail.",
        ),
        (
            lambda: _csv("Kürzel;Name;E-Mail\n"),
            "Die Datei enthält unter den Überschriften keine Zeilen.",
        ),
        (
            lambda: SimpleUploadedFile("liste.xlsx", b"kein Excel"),
            "Die Excel-Datei konnte nicht gelesen werden.",
        ),
        (
            lambda: SimpleUploadedFile("liste.pdf", b"%PDF-1.4"),
            "Bitte laden Sie eine Excel-Datei (.xlsx) oder eine CSV-Datei hoch.",
        ),
        (
            lambda: _csv(
                "Kürzel;Name;E-Mail\n"
                + "".join(f"LA;Anna {n};a{n}@x.example\n" for n in range(201))
            ),
            "mehr als 200 Zeilen",
        ),
        (
            lambda: SimpleUploadedFile(
                "liste.csv",
                "Kürzel;Name;E-Mail\n".encode() + b"LA;\x81\x8d;a@x.example",
            ),
            "weder UTF-8- noch Windows-1252-kodiert",
        ),
    ],
)
def test_a_bad_file_gets_a_german_message_and_nothing_is_lost(
    state_client, authorities, upload, message
):
    response = state_client.post(UPLOAD, {"file": upload()})

    assert response.status_code == 400
    assert message in response.content.decode()
    assert state_client.get(PREVIEW)["Location"] == UPLOAD


def test_a_too_big_file_gets_a_german_message(state_client, authorities, monkeypatch):
    monkeypatch.setattr(spreadsheet, "MAX_UPLOAD_BYTES", 10)

    response = state_client.post(
        UPLOAD, {"file": _csv("Kürzel;Name;E-Mail\nLA;Anna;anna@x.example\n")}
    )

    assert response.status_code == 400
    assert "Die Datei ist größer als 5 MB." in response.content.decode()


def test_the_plan_reads_in_a_fixed_number_of_queries(authorities):
    def queries(count):
        rows = [
            {"code": "LA", "name": f"Anna {n}", "email": f"a{n}@x.example", "line": n}
            for n in range(count)
        ]
        with CaptureQueriesContext(connection) as context:
            onboarding.build_plan(rows)
        return len(context.captured_queries)

    assert queries(2) == queries(40)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Erika Muster", ("Erika", "Muster")),
        ("Muster, Erika", ("Erika", "Muster")),
        ("Anna Lena von Berg", ("Anna Lena von", "Berg")),
        ("Muster", ("", "Muster")),
    ],
)
def test_split_name(name, expected):
    assert onboarding.split_name(name) == expected


# --- the user list of an authority ------------------------------------------


def test_user_list_filters_by_vs_nfd_clearance(make_member, police_authority):
    admin = make_member(police_authority, is_authority_admin=True)
    cleared = make_member(police_authority, is_organiser=True, may_read_vs_nfd=True)
    uncleared = make_member(police_authority, is_press_office=True)
    client = Client()
    client.force_login(admin)
    url = reverse("konferenz:user-list")

    def listed(**params):
        page = client.get(url, params).content.decode()
        return page.split("<tbody>")[1].split("</tbody>")[0]

    only_cleared = listed(vs_nfd="1")
    only_uncleared = listed(vs_nfd="0")
    everybody = listed()
    nonsense = listed(vs_nfd="vielleicht")

    assert cleared.last_name in only_cleared
    assert uncleared.last_name not in only_cleared
    assert "Darf VS-NfD lesen" in only_cleared
    assert uncleared.last_name in only_uncleared
    assert admin.last_name in only_uncleared
    assert cleared.last_name not in only_uncleared
    assert all(u.last_name in everybody for u in (admin, cleared, uncleared))
    assert all(u.last_name in nonsense for u in (admin, cleared, uncleared))
    assert (
        '<option value="1" selected>Darf VS-NfD lesen</option>'
        in client.get(url, {"vs_nfd": "1"}).content.decode()
    )
