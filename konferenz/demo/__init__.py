"""Demo data of the konferenz app: three police authorities from the seed press
releases (Düren, Gelsenkirchen, Lippe), one user per role each, a ministry
user, and their conferences.

The seed conferences (2019–2021) keep their dates; the others are placed
around the day the demo is built for (``relative_dates``), so that the demo
always has open answers, minutes in review and a press release to approve.
Every conference has a stable key (``"dn-next"``); loaders look conferences up
by key, never by a title. Idempotent: a second run on the same day changes
nothing; ``load_demo`` rebuilds the demo authorities' data on another day.

Only ``manage.py load_demo`` imports the demo package; product code never does.
"""

import datetime
import functools
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from konferenz.core.models import Conference, Membership, PoliceAuthority

DEMO_PASSWORD = "SiKo-Demo-2026!"  # noqa: S105 - documented demo password

ROLES = {
    # username suffix: (first name, last name, membership flags)
    "organisation": (
        "Olga",
        "Organisation",
        {"is_organiser": True, "may_read_vs_nfd": True},
    ),
    "protokoll": (
        "Peter",
        "Protokoll",
        {"is_minute_taker": True, "may_read_vs_nfd": True},
    ),
    "leitung": ("Lena", "Leitung", {"is_head": True, "may_read_vs_nfd": True}),
    "presse": ("Paula", "Presse", {"is_press_office": True}),
    "lesen": ("Ludwig", "Lesend", {}),
    "admin": ("Anton", "Administration", {"is_authority_admin": True}),
}

AUTHORITIES = {
    "DN": {
        "file_reference_pattern": "ZA 1.2 – 57.01.01 – {number}/{year}",
        "head_title": "Landrat",
        "head_name": "Wolfgang Spelthahn",
        "privacy_url": "https://polizei.nrw.example/dueren/datenschutz",
        "imprint_url": "https://polizei.nrw.example/dueren/impressum",
        "accessibility_email": "barrierefreiheit.dueren@polizei.nrw.example",
        "press_contact": (
            "Polizei Düren\nPressestelle\nE-Mail: pressestelle.dueren@polizei.nrw.de\n"
            "www.polizei.nrw.de"
        ),
    },
    "GE": {
        "file_reference_pattern": "ZA 1 – 57.01.03 – {number}/{year}",
        "head_title": "Polizeipräsidentin",
        "head_name": "Anne Heselhaus-Schröer",
        "privacy_url": "https://polizei.nrw.example/gelsenkirchen/datenschutz",
        "imprint_url": "https://polizei.nrw.example/gelsenkirchen/impressum",
        "accessibility_email": "barrierefreiheit.gelsenkirchen@polizei.nrw.example",
        "press_contact": (
            "Polizei Gelsenkirchen\nTorsten Sziesze\nTelefon: 0209 / 365 2010\n"
            "E-Mail: pressestelle.gelsenkirchen@polizei.nrw.de\nwww.polizei.nrw.de"
        ),
    },
    "LIP": {
        "file_reference_pattern": "ZA 12 – 57.01 – {number}/{year}",
        "head_title": "Landrat",
        "head_name": "Dr. Axel Lehmann",
        "privacy_url": "https://polizei.nrw.example/lippe/datenschutz",
        "imprint_url": "https://polizei.nrw.example/lippe/impressum",
        "accessibility_email": "barrierefreiheit.lippe@polizei.nrw.example",
        "press_contact": (
            "Polizei Lippe\nPressestelle\nE-Mail: pressestelle.lippe@polizei.nrw.de\n"
            "www.polizei.nrw.de"
        ),
    },
}

DN_VENUE = {
    "venue_name": "Kreishaus Düren",
    "venue_address": "Bismarckstraße 16, 52351 Düren",
    "venue_room": "Großer Sitzungssaal",
}
GE_VENUE = {
    "venue_name": "Polizeipräsidium Gelsenkirchen",
    "venue_address": "Rathausplatz 4, 45879 Gelsenkirchen",
    "venue_room": "Besprechungsraum der Behördenleitung",
}
LIP_VENUE = {
    "venue_name": "Kreishaus Lippe",
    "venue_address": "Felix-Fechenbach-Straße 5, 32756 Detmold",
    "venue_room": "Kreistagssitzungssaal",
}

DN_DIRECTIONS = (
    "Mit der Bahn: vom Bahnhof Düren etwa zehn Minuten zu Fuß.\n"
    "Parken: Parkhaus am Kreishaus, Zufahrt über die Bismarckstraße; "
    "Besucherparkplätze sind ausgeschildert.\n"
    "Bitte bringen Sie einen Lichtbildausweis mit; der Empfang im Foyer "
    "weist Ihnen den Weg."
)
LIP_DIRECTIONS = (
    "Mit dem Bus: Haltestelle Kreishaus, Linien des Stadtbusses Detmold.\n"
    "Parken: wenige Besucherparkplätze am Kreishaus; bitte nutzen Sie die "
    "öffentlichen Parkplätze in der Umgebung.\n"
    "Die Videoeinwahl öffnet 15 Minuten vor Beginn."
)

T = datetime.time
D = datetime.date


def nth_weekday(year, month, weekday, n):
    """The ``n``-th ``weekday`` (0 = Monday) of a month."""
    first = D(year, month, 1)
    return first + datetime.timedelta(
        days=(weekday - first.weekday()) % 7 + 7 * (n - 1)
    )


def month_of(today, months):
    """(year, month) ``months`` after (or before) today's month."""
    index = today.year * 12 + today.month - 1 + months
    return index // 12, index % 12 + 1


MON, TUE, WED = 0, 1, 2


def relative_dates(today):
    """The conferences that move with the calendar, by stable key: two next
    month with open answers, one last month (minutes in review, press release
    drafted) and one in planning. Every answer deadline lies after today."""
    return {
        # 2nd Wednesday / 3rd Tuesday of next month: at least 8 days ahead.
        "dn-next": nth_weekday(*month_of(today, 1), WED, 2),
        "lip-next": nth_weekday(*month_of(today, 1), TUE, 3),
        "ge-last": nth_weekday(*month_of(today, -1), MON, 2),
        "ge-planning": nth_weekday(*month_of(today, 5), MON, 4),
    }


def conference_specs(today):
    """(stable key, press code, title, date, fields) of every demo conference:
    the seeds' facts as history, then the ones relative to ``today``."""
    when = relative_dates(today)
    week = datetime.timedelta(days=7)
    return [
        (
            "dn-2019",
            "DN",
            "Erste Sicherheitskonferenz im Kreis Düren",
            D(2019, 10, 30),
            {
                **DN_VENUE,
                "start_time": T(14, 0),
                "end_time": T(17, 0),
                "host_name": "Jürgen Möller",
                "host_function": "Leitender Polizeidirektor, Abteilungsleiter Polizei",
                "host_represents": "des Landrates",
                "status": Conference.Status.PUBLISHED,
            },
        ),
        (
            "dn-next",
            "DN",
            f"Sicherheitskonferenz im Kreis Düren {when['dn-next'].year}",
            when["dn-next"],
            {
                **DN_VENUE,
                "start_time": T(14, 0),
                "end_time": T(17, 0),
                "host_name": "Jürgen Möller",
                "host_function": "Leitender Polizeidirektor, Abteilungsleiter Polizei",
                "host_represents": "des Landrates",
                "rsvp_deadline": when["dn-next"] - week,
                "proposal_deadline": when["dn-next"] - 2 * week,
                "status": Conference.Status.INVITED,
                "directions": DN_DIRECTIONS,
            },
        ),
        (
            "ge-2019",
            "GE",
            "Sicherheitskonferenz Gelsenkirchen",
            D(2019, 4, 29),
            {
                **GE_VENUE,
                "start_time": T(10, 0),
                "end_time": T(13, 0),
                "host_name": "Anne Heselhaus-Schröer",
                "host_function": "Polizeipräsidentin",
                "status": Conference.Status.PUBLISHED,
            },
        ),
        (
            "ge-last",
            "GE",
            f"Sicherheitskonferenz Gelsenkirchen {when['ge-last'].year}",
            when["ge-last"],
            {
                **GE_VENUE,
                "start_time": T(10, 0),
                "end_time": T(13, 0),
                "host_name": "Anne Heselhaus-Schröer",
                "host_function": "Polizeipräsidentin",
                "rsvp_deadline": when["ge-last"] - 2 * week,
                "status": Conference.Status.HELD,
            },
        ),
        (
            "ge-planning",
            "GE",
            f"Sicherheitskonferenz Gelsenkirchen {when['ge-planning'].year}",
            when["ge-planning"],
            {
                **GE_VENUE,
                "start_time": T(10, 0),
                "end_time": T(13, 0),
                "host_name": "Anne Heselhaus-Schröer",
                "host_function": "Polizeipräsidentin",
                "rsvp_deadline": when["ge-planning"] - 2 * week,
                "proposal_deadline": when["ge-planning"] - 4 * week,
                "status": Conference.Status.DRAFT,
            },
        ),
        (
            "lip-2019",
            "LIP",
            "Erste Sicherheitskonferenz im Kreis Lippe",
            D(2019, 11, 19),
            {
                **LIP_VENUE,
                "start_time": T(9, 30),
                "end_time": T(12, 30),
                "host_name": "Dr. Axel Lehmann",
                "host_function": "Landrat und Behördenleiter der Polizei",
                "status": Conference.Status.PUBLISHED,
            },
        ),
        (
            "lip-2020",
            "LIP",
            "Sicherheitskonferenz im Kreis Lippe 2020",
            D(2020, 11, 17),
            {
                **LIP_VENUE,
                "start_time": T(9, 30),
                "end_time": T(12, 30),
                "host_name": "Dr. Axel Lehmann",
                "host_function": "Landrat und Behördenleiter der Polizei",
                "status": Conference.Status.CANCELLED,
                "cancel_reason": "Abgesagt wegen der Corona-Pandemie.",
            },
        ),
        (
            "lip-2021",
            "LIP",
            "Zweite Sicherheitskonferenz im Kreis Lippe",
            D(2021, 11, 16),
            {
                **LIP_VENUE,
                "start_time": T(9, 30),
                "end_time": T(12, 30),
                "host_name": "Dr. Axel Lehmann",
                "host_function": "Landrat und Behördenleiter der Polizei",
                "status": Conference.Status.PUBLISHED,
                "notes": "Über 40 Teilnehmende.",
            },
        ),
        (
            "lip-next",
            "LIP",
            f"Sicherheitskonferenz im Kreis Lippe {when['lip-next'].year}",
            when["lip-next"],
            {
                **LIP_VENUE,
                "start_time": T(9, 30),
                "end_time": T(13, 0),
                "mode": Conference.Mode.HYBRID,
                "video_link": "https://video.polizei.nrw.example/siko-lippe",
                "host_name": "Dr. Axel Lehmann",
                "host_function": "Landrat und Behördenleiter der Polizei",
                "rsvp_deadline": when["lip-next"] - week,
                "proposal_deadline": when["lip-next"] - 2 * week,
                "status": Conference.Status.INVITED,
                "directions": LIP_DIRECTIONS,
            },
        ),
    ]


def upsert(model, defaults=None, **lookup):
    """Like ``update_or_create``, but saves only when a value differs, so that a
    second run adds no history rows."""
    defaults = defaults or {}
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        return model.objects.create(**lookup, **defaults), True
    changed = [name for name, value in defaults.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, defaults[name])
        obj.save()
    return obj, False


def _user(username, first_name, last_name, email):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"first_name": first_name, "last_name": last_name, "email": email},
    )
    if created:
        # One slow (Argon2) hash for all demo users: they share the password.
        user.password = _demo_password_hash()
        user.save(update_fields=["password"])
    return user


@functools.cache
def _demo_password_hash():
    return make_password(DEMO_PASSWORD)


@dataclass
class Demo:
    """What the loaders share: the day the demo is built for, the police
    authorities by press code and the conferences by stable key."""

    today: datetime.date
    authorities: dict = field(default_factory=dict)
    conferences: dict = field(default_factory=dict)


def usernames():
    names = [f"{code.lower()}-{suffix}" for code in AUTHORITIES for suffix in ROLES]
    return [*names, "ministerium", "admin"]


def load(today):
    """Create or update the konferenz demo rows for ``today``."""
    demo = Demo(today=today)
    for code, fields in AUTHORITIES.items():
        pa, _ = upsert(PoliceAuthority, defaults=fields, press_code=code)
        demo.authorities[code] = pa
        for suffix, (first, last, flags) in ROLES.items():
            username = f"{code.lower()}-{suffix}"
            user = _user(username, first, last, f"{username}@polizei.nrw.example")
            upsert(
                Membership,
                user=user,
                defaults={"police_authority": pa, "is_ministry": False, **flags},
            )
    ministry = _user(
        "ministerium", "Miriam", "Ministerium", "ministerium@im.nrw.example"
    )
    upsert(
        Membership,
        user=ministry,
        defaults={"police_authority": None, "is_ministry": True},
    )
    admin = _user("admin", "Ada", "Administration", "admin@polizei.nrw.example")
    if not admin.is_superuser:
        admin.is_staff = admin.is_superuser = True
        admin.save(update_fields=["is_staff", "is_superuser"])

    for key, code, title, date, fields in conference_specs(today):
        # The stable key is the authority and the day the key gives for today.
        demo.conferences[key], _ = upsert(
            Conference,
            police_authority=demo.authorities[code],
            date=date,
            defaults={"title": title, **fields},
        )
    return demo
