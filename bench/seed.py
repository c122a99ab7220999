"""Benchmark data: a state-wide dataset, reproducible from a fixed seed.

47 police authorities × 10 years × 2 conferences, each with 60 invitations with
answers; a 300-authority / 1,200-contact address book per police authority; two
staff users per authority (``bench-<code>-1``/``-2``, password BENCH_PASSWORD).
Minutes, decisions and actions come from ``bench/seed_minutes.py``. Runs only
under the benchmark's settings (``bench/settings.py``): ``manage.py seed_bench``.

Rows are written with ``bulk_create`` in batches; history tables are not filled
(the benchmark measures reading pages, not the audit trail).
"""

import datetime
import random
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management.base import CommandError
from django.db import connection, transaction

from konferenz.core.classification import Classification
from konferenz.core.models import Conference, Membership, PoliceAuthority
from tagesordnung.agenda.models import AgendaItem, Topic
from teilnehmer.addressbook.models import Authority, Contact
from teilnehmer.invitations import tokens
from teilnehmer.invitations.models import Invitation

from .seed_minutes import seed_minutes

SEED = 2019
BENCH_PASSWORD = "Bench-Passwort-2026!"  # noqa: S105 - benchmark users only
#: The benchmark users' TOTP key (hex, as django-otp stores it).
TOTP_KEY = "3132333435363738393031323334353637383930"
YEARS = 10
CONFERENCES_PER_YEAR = 2
INVITATIONS_PER_CONFERENCE = 60
AUTHORITIES_PER_TENANT = 300
CONTACTS_PER_AUTHORITY = 4
AGENDA_ITEMS_PER_CONFERENCE = 12
BATCH = 2000
#: The partner link bench/run.py opens (a valid token: 43 base64url characters).
PARTNER_TOKEN = "Bench-Partner-Link-" + "0" * 24
#: Conference whose 200 invitations answer at the same time (concurrency test).
CONCURRENCY_TITLE = "Gleichzeitigkeitstest"
CONCURRENCY_INVITATIONS = 200


def concurrency_token(n):
    return f"Bench-Gleichzeitig-{n:04d}-" + "x" * 19


KINDS = [k for k, _ in Authority.Kind.choices]
FIRST = ["Anna", "Jonas", "Maria", "Lukas", "Sophie", "Felix", "Laura", "Paul", "Julia"]
LAST = [
    "Müller",
    "Schmidt",
    "Schneider",
    "Fischer",
    "Weber",
    "Meyer",
    "Wagner",
    "Becker",
]
FUNCTIONS = [
    "Leitender Oberstaatsanwalt",
    "Direktorin des Amtsgerichts",
    "Bürgermeister",
    "Leiterin des Ordnungsamtes",
    "Leiter der Bundespolizeiinspektion",
    "Vorsteherin des Finanzamtes",
]


def _seed_address_book(rng, tenants):
    authorities = []
    for pa in tenants:
        for i in range(AUTHORITIES_PER_TENANT):
            prefix = rng.choice(["Stadt", "Amt", "Behörde"])
            authorities.append(
                Authority(
                    police_authority=pa,
                    name=f"{prefix} {pa.press_code}-{i:03d}",
                    kind=rng.choice(KINDS),
                    city=pa.seat,
                    email=f"poststelle{i}@{pa.press_code.lower()}.bench.example",
                )
            )
    Authority.objects.bulk_create(authorities, batch_size=BATCH)
    authorities = list(Authority.objects.filter(police_authority__in=tenants))
    contacts = []
    for authority in authorities:
        for j in range(CONTACTS_PER_AUTHORITY):
            first, last = rng.choice(FIRST), rng.choice(LAST)
            contacts.append(
                Contact(
                    authority=authority,
                    salutation=rng.choice(["Frau", "Herr"]),
                    first_name=first,
                    last_name=last,
                    function=rng.choice(FUNCTIONS),
                    email=f"{first.lower()}.{authority.pk}.{j}@bench.example",
                    is_leadership=j == 0,
                )
            )
    Contact.objects.bulk_create(contacts, batch_size=BATCH)


def _seed_conferences(rng, tenants, today):
    conferences = []
    first_year = today.year - YEARS + 1
    for pa in tenants:
        for year in range(first_year, today.year + 1):
            for n in range(CONFERENCES_PER_YEAR):
                # May and December: the last year's second one is still ahead.
                date = datetime.date(year, 5 + 7 * n, 10 + rng.randrange(15))
                past = date < today
                conferences.append(
                    Conference(
                        police_authority=pa,
                        title=f"Sicherheitskonferenz {pa.area} {year}/{n + 1}",
                        date=date,
                        start_time=datetime.time(9, 0),
                        end_time=datetime.time(13, 0),
                        venue_name=f"Polizeipräsidium {pa.seat}",
                        venue_address=f"Hauptstraße 1, {pa.seat}",
                        host_name=pa.head_name or "Behördenleitung",
                        host_function=pa.head_title,
                        rsvp_deadline=date - datetime.timedelta(days=14),
                        proposal_deadline=date - datetime.timedelta(days=21),
                        status=(
                            Conference.Status.PUBLISHED
                            if past
                            else Conference.Status.INVITED
                        ),
                    )
                )
    Conference.objects.bulk_create(conferences, batch_size=BATCH)


def _seed_invitations(rng, tenants):
    answers = [a for a, _ in Invitation.Answer.choices]
    contacts_by_pa = {}
    for pk, pa_id in Contact.objects.filter(
        authority__police_authority__in=tenants
    ).values_list("pk", "authority__police_authority_id"):
        contacts_by_pa.setdefault(pa_id, []).append(pk)
    invitations = []
    for conference in Conference.objects.filter(police_authority__in=tenants).only(
        "pk", "police_authority_id", "date"
    ):
        for contact_id in rng.sample(
            contacts_by_pa[conference.police_authority_id], INVITATIONS_PER_CONFERENCE
        ):
            answer = rng.choice(answers)
            invitations.append(
                Invitation(
                    conference_id=conference.pk,
                    contact_id=contact_id,
                    answer=answer,
                    deputy_name="Vertretung" if answer == "deputy" else "",
                    comment=rng.choice(
                        ["", "", "Wir kommen gern.", "Leider verhindert."]
                    ),
                    attended=answer in ("accepted", "deputy"),
                )
            )
    Invitation.objects.bulk_create(invitations, batch_size=BATCH)


def _seed_agenda(rng, tenants):
    topics = list(Topic.objects.filter(police_authority__isnull=True))
    classifications = (
        [Classification.PUBLIC] * 5
        + [Classification.INTERNAL] * 5
        + [Classification.VS_NFD] * 2
    )
    items = []
    for conference_id in Conference.objects.filter(
        police_authority__in=tenants
    ).values_list("pk", flat=True):
        for position in range(AGENDA_ITEMS_PER_CONFERENCE):
            topic = rng.choice(topics)
            items.append(
                AgendaItem(
                    conference_id=conference_id,
                    position=position,
                    title=topic.name[:180],
                    topic=topic,
                    description="Bericht und Aussprache.",
                    presenter_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                    presenter_authority="Polizei",
                    duration_minutes=rng.choice([10, 15, 20, 30]),
                    classification=classifications[position],
                )
            )
    AgendaItem.objects.bulk_create(items, batch_size=BATCH)


def _seed_partner_links(tenants, today):
    """A known partner link for the benchmark, and the concurrency conference."""
    pa = next(t for t in tenants if t.press_code == "DN")
    upcoming = (
        Conference.objects.filter(police_authority=pa, date__gte=today)
        .order_by("date")
        .first()
    )
    invitation = upcoming.invitations.order_by("pk").first()
    invitation.token_hash = tokens.token_hash(PARTNER_TOKEN)
    invitation.token_issued_at = upcoming.created_at
    invitation.answer = Invitation.Answer.OPEN
    invitation.save()
    conference = Conference.objects.create(
        police_authority=pa,
        title=CONCURRENCY_TITLE,
        date=today + datetime.timedelta(days=60),
        start_time=datetime.time(9, 0),
        end_time=datetime.time(12, 0),
        rsvp_deadline=today + datetime.timedelta(days=50),
        status=Conference.Status.INVITED,
    )
    contacts = Contact.objects.filter(authority__police_authority=pa).order_by("pk")[
        :CONCURRENCY_INVITATIONS
    ]
    Invitation.objects.bulk_create(
        Invitation(
            conference=conference,
            contact=contact,
            token_hash=tokens.token_hash(concurrency_token(n)),
        )
        for n, contact in enumerate(contacts)
    )


def _seed_press(tenants, today):
    """A generated press release for Düren's latest past conference."""
    from konferenz.press.services import press_release_generate

    pa = next(t for t in tenants if t.press_code == "DN")
    conference = (
        Conference.objects.filter(police_authority=pa, date__lt=today)
        .order_by("-date")
        .first()
    )
    user = get_user_model().objects.get(username="bench-dn-1")
    press_release_generate(conference=conference, user=user)


#: The ministry's benchmark user (state overview and topic map).
MINISTRY_USER = "bench-ministerium"


def _seed_users(tenants):
    User = get_user_model()
    password = make_password(BENCH_PASSWORD)
    ministry = User.objects.create(username=MINISTRY_USER, password=password)
    Membership.objects.create(user=ministry, police_authority=None, is_ministry=True)
    for pa in tenants:
        for n in (1, 2):
            user = User.objects.create(
                username=f"bench-{pa.press_code.lower()}-{n}", password=password
            )
            Membership.objects.create(
                user=user,
                police_authority=pa,
                is_organiser=n == 1,
                is_minute_taker=True,
                is_head=n == 2,
                may_read_vs_nfd=True,
            )


def _seed_second_factor():
    """A confirmed TOTP device with a known key for every benchmark user, so
    that the benchmark logs in as a real user does (password, then code)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.bulk_create(
        TOTPDevice(user=user, name="Benchmark", key=TOTP_KEY, confirmed=True)
        for user in get_user_model().objects.filter(username__startswith="bench-")
    )


def seed(stdout=None, *, force=False):
    """Fill an empty, migrated database with the benchmark data."""
    if not settings.DEBUG and not force:
        raise CommandError("DEBUG ist aus: seed_bench läuft nur mit --force.")
    if Conference.objects.exists() or Authority.objects.exists():
        raise CommandError(
            "Die Datenbank enthält bereits Konferenzen oder Adressen; "
            "seed_bench braucht eine leere, migrierte Datenbank."
        )
    rng = random.Random(SEED)
    today = datetime.date(2026, 11, 22)
    tenants = list(PoliceAuthority.objects.order_by("press_code"))
    started = time.monotonic()
    steps = [
        ("Benutzer", lambda: _seed_users(tenants)),
        ("Zweiter Faktor", _seed_second_factor),
        ("Adressbuch", lambda: _seed_address_book(rng, tenants)),
        ("Konferenzen", lambda: _seed_conferences(rng, tenants, today)),
        ("Einladungen", lambda: _seed_invitations(rng, tenants)),
        ("Tagesordnungen", lambda: _seed_agenda(rng, tenants)),
        ("Partnerlinks", lambda: _seed_partner_links(tenants, today)),
        ("Pressemitteilung", lambda: _seed_press(tenants, today)),
        ("Protokolle", lambda: seed_minutes(rng, tenants)),
    ]
    for label, step in steps:
        t0 = time.monotonic()
        with transaction.atomic():
            step()
        if stdout is not None:
            stdout.write(f"{label}: {time.monotonic() - t0:.1f} s\n")
    _analyze()
    if stdout is not None:
        stdout.write(f"Benchmarkdaten erzeugt in {time.monotonic() - started:.1f} s.\n")


def _analyze():
    """The planner's statistics of the fresh tables, as autovacuum keeps them
    in production: without them PostgreSQL takes the freshly filled tables for
    nearly empty and picks plans no production database runs (issue 32: the
    statistics page read 56,600 invitations through the index of
    ``deputy_for IS NULL`` once per conference), and an autovacuum that does
    run would change the plans in the middle of a measurement."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
