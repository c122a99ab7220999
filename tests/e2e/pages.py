"""The main pages of every role, with the demo data: one list for the browser
tests that look at each page (phone width, valid HTML, axe)."""

import datetime
import importlib

from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from konferenz.core.models import Conference
from tagesordnung.minutes.models import Minutes
from teilnehmer.addressbook.models import Authority
from teilnehmer.invitations import tokens
from teilnehmer.invitations.models import Invitation
from tests.e2e.conftest import login

DEMO_PASSWORD = "SiKo-Demo-2026!"

#: Two rows for one authority that is new in the file (the import preview).
IMPORT_CSV = (
    "Behörde;Art;Straße;PLZ;Ort;E-Mail Behörde;Telefon Behörde;Website;"
    "Anrede;Titel;Vorname;Nachname;Funktion;E-Mail;Telefon;Leitung\n"
    "Stadt Musterstadt;Stadt / Gemeinde (inkl. Ordnungsamt);Kaiserplatz 2-4;"
    "52349;Musterstadt;;;;Herr;;Frank;Peters;Bürgermeister;"
    "f.peters@musterstadt.example;02421 25-0;ja\n"
    "Stadt Musterstadt;Stadt / Gemeinde (inkl. Ordnungsamt);Kaiserplatz 2-4;"
    "52349;Musterstadt;;;;Frau;;Anna;Weber;Leiterin des Ordnungsamtes;"
    "a.weber@musterstadt.example;02421 25-1;nein\n"
)


#: The rows the data migrations create; a transactional test's flush removes
#: them, so the demo puts them back first.
DATA_MIGRATIONS = (
    "konferenz.migrations.0002_police_authorities",
    "konferenz.migrations.0005_policeauthority_region",
    "tagesordnung.migrations.0002_standard_topics",
)


def load_demo(settings):
    if not apps.get_model("konferenz", "PoliceAuthority").objects.exists():
        for module in DATA_MIGRATIONS:
            migration = importlib.import_module(module)
            (migration.create if hasattr(migration, "create") else migration.assign)(
                apps, None
            )
    settings.DEBUG = True
    call_command("load_demo")
    settings.DEBUG = False


def _held_and_upcoming():
    conferences = Conference.objects.filter(police_authority__press_code="DN")
    held = (
        conferences.filter(date__lt=timezone.localdate(), minutes__isnull=False)
        .order_by("-date")
        .first()
    )
    upcoming = conferences.order_by("-date").first()
    return held, upcoming


def _partner_link():
    """A fresh personal link to the upcoming Düren conference."""
    _, upcoming = _held_and_upcoming()
    invitation = Invitation.objects.filter(conference=upcoming).first()
    token = tokens.new_token()
    invitation.token_hash = tokens.token_hash(token)
    invitation.save(update_fields=["token_hash"])
    return f"/einladung/{token}/"


def _import_preview(page, live_server, tmp_path):
    upload = tmp_path / "adressen.csv"
    upload.write_text(IMPORT_CSV, encoding="utf-8")
    page.goto(f"{live_server.url}{reverse('teilnehmer:import-upload')}")
    page.get_by_label("Datei").set_input_files(str(upload))
    with page.expect_navigation():
        page.get_by_role("button", name="Vorschau anzeigen").click()
    return page.url.removeprefix(live_server.url)


def main_pages():
    """(username or None, path or callable) for every main page; a callable
    takes (page, live_server, tmp_path), goes to the page and returns its path.

    The held conference's minutes are put back to draft, so that the minutes
    page shows its editing forms."""
    held, upcoming = _held_and_upcoming()
    Minutes.objects.filter(conference=held).update(status=Minutes.Status.DRAFT)
    if upcoming.date < timezone.localdate():
        # The demo's planned conference lies in the past (fixed dates):
        # Einlass and answers are for a coming conference.
        Conference.objects.filter(pk=upcoming.pk).update(
            date=timezone.localdate() + datetime.timedelta(days=30)
        )
    authority = Authority.objects.filter(police_authority__press_code="DN").first()
    dueren = authority.police_authority
    organiser = [
        reverse("konferenz:dashboard"),
        reverse("konferenz:conference-list"),
        reverse("konferenz:conference-create"),
        reverse("konferenz:conference-edit", args=[upcoming.pk]),
        held.get_absolute_url(),
        upcoming.get_absolute_url(),
        reverse("tagesordnung:agenda", args=[upcoming.pk]),
        reverse("tagesordnung:agenda", args=[held.pk]),
        reverse("tagesordnung:minutes", args=[held.pk]),
        reverse("tagesordnung:minutes-history", args=[held.pk]),
        reverse("tagesordnung:action-list"),
        reverse("tagesordnung:minutes-search") + "?q=Kinderschutz",
        reverse("tagesordnung:topic-list"),
        reverse("teilnehmer:authority-list"),
        reverse("teilnehmer:authority-detail", args=[authority.pk]),
        reverse("teilnehmer:import-upload"),
        _import_preview,
        reverse("konferenz:press-release", args=[held.pk]),
        reverse("konferenz:statistics"),
        reverse("konferenz:calendar-subscription"),
        reverse("invitations:overview", args=[upcoming.pk]),
        reverse("invitations:invitees-add", args=[upcoming.pk]),
        reverse("invitations:checkin", args=[upcoming.pk]),
        "/gibt-es-nicht/",
    ]
    pages = [("dn-organisation", path) for path in organiser]
    pages += [
        ("dn-protokoll", reverse("tagesordnung:minutes", args=[held.pk])),
        ("dn-leitung", reverse("konferenz:dashboard")),
        ("dn-presse", reverse("konferenz:press-release-edit", args=[held.pk])),
        ("dn-lesen", reverse("konferenz:dashboard")),
        ("dn-lesen", reverse("konferenz:conference-create")),  # 403 page
        ("dn-admin", reverse("konferenz:user-list")),
        ("ministerium", reverse("konferenz:ministry-overview")),
        ("ministerium", reverse("konferenz:ministry-topics")),
        ("ministerium", reverse("konferenz:police-authority-list")),
        (
            "ministerium",
            reverse("konferenz:police-authority-admin-invite", args=[dueren.pk]),
        ),
        ("ministerium", reverse("konferenz:police-authority-admins-upload")),
        (None, reverse("login")),
        (None, _partner_link()),
    ]
    return pages


def walk(page, live_server, tmp_path, visit):
    """Visit every main page as its role; ``visit(page, path, response)`` is
    called on each (response is None for pages reached by a form)."""
    current = "-"
    for username, target in main_pages():
        if username != current:
            page.context.clear_cookies()
            if username:
                login(page, live_server, username, DEMO_PASSWORD)
                page.wait_for_load_state()
            current = username
        if callable(target):
            path = target(page, live_server, tmp_path)
            response = None
        else:
            path = target
            response = page.goto(f"{live_server.url}{path}")
        visit(page, f"{username or 'ohne Anmeldung'} {path}", response)
