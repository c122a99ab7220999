"""Demo data of the konferenz app: three police authorities from the seed press
releases (Düren, Gelsenkirchen, Lippe), one user per role each, a ministry
user, and their conferences. Idempotent: running it twice changes nothing.
"""

import datetime

from django.contrib.auth import get_user_model

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
        "head_title": "Landrat",
        "head_name": "Wolfgang Spelthahn",
        "press_contact": (
            "Polizei Düren\nPressestelle\nE-Mail: pressestelle.dueren@polizei.nrw.de\n"
            "www.polizei.nrw.de"
        ),
    },
    "GE": {
        "head_title": "Polizeipräsidentin",
        "head_name": "Anne Heselhaus-Schröer",
        "press_contact": (
            "Polizei Gelsenkirchen\nTorsten Sziesze\nTelefon: 0209 / 365 2010\n"
            "E-Mail: pressestelle.gelsenkirchen@polizei.nrw.de\nwww.polizei.nrw.de"
        ),
    },
    "LIP": {
        "head_title": "Landrat",
        "head_name": "Dr. Axel Lehmann",
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

T = datetime.time
D = datetime.date

#: (press code, title, date, fields); the seeds' facts, then one in planning each.
CONFERENCES = [
    (
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
            "status": Conference.Status.HELD,
        },
    ),
    (
        "DN",
        "Sicherheitskonferenz im Kreis Düren 2026",
        D(2026, 12, 9),
        {
            **DN_VENUE,
            "start_time": T(14, 0),
            "end_time": T(17, 0),
            "host_name": "Jürgen Möller",
            "host_function": "Leitender Polizeidirektor, Abteilungsleiter Polizei",
            "host_represents": "des Landrates",
            "rsvp_deadline": D(2026, 11, 30),
            "proposal_deadline": D(2026, 11, 25),
            "status": Conference.Status.INVITED,
        },
    ),
    (
        "GE",
        "Sicherheitskonferenz Gelsenkirchen",
        D(2019, 4, 29),
        {
            **GE_VENUE,
            "start_time": T(10, 0),
            "end_time": T(13, 0),
            "host_name": "Anne Heselhaus-Schröer",
            "host_function": "Polizeipräsidentin",
            "status": Conference.Status.HELD,
        },
    ),
    (
        "GE",
        "Sicherheitskonferenz Gelsenkirchen 2027",
        D(2027, 4, 26),
        {
            **GE_VENUE,
            "start_time": T(10, 0),
            "end_time": T(13, 0),
            "host_name": "Anne Heselhaus-Schröer",
            "host_function": "Polizeipräsidentin",
            "rsvp_deadline": D(2027, 4, 12),
            "proposal_deadline": D(2027, 3, 29),
            "status": Conference.Status.DRAFT,
        },
    ),
    (
        "LIP",
        "Erste Sicherheitskonferenz im Kreis Lippe",
        D(2019, 11, 19),
        {
            **LIP_VENUE,
            "start_time": T(9, 30),
            "end_time": T(12, 30),
            "host_name": "Dr. Axel Lehmann",
            "host_function": "Landrat und Behördenleiter der Polizei",
            "status": Conference.Status.HELD,
        },
    ),
    (
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
        "LIP",
        "Zweite Sicherheitskonferenz im Kreis Lippe",
        D(2021, 11, 16),
        {
            **LIP_VENUE,
            "start_time": T(9, 30),
            "end_time": T(12, 30),
            "host_name": "Dr. Axel Lehmann",
            "host_function": "Landrat und Behördenleiter der Polizei",
            "status": Conference.Status.HELD,
            "notes": "Über 40 Teilnehmende.",
        },
    ),
    (
        "LIP",
        "Sicherheitskonferenz im Kreis Lippe 2026",
        D(2026, 12, 1),
        {
            **LIP_VENUE,
            "start_time": T(9, 30),
            "end_time": T(13, 0),
            "mode": Conference.Mode.HYBRID,
            "video_link": "https://video.polizei.nrw.example/siko-lippe-2026",
            "host_name": "Dr. Axel Lehmann",
            "host_function": "Landrat und Behördenleiter der Polizei",
            "rsvp_deadline": D(2026, 11, 24),
            "proposal_deadline": D(2026, 11, 17),
            "status": Conference.Status.INVITED,
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
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def load():
    """Create or update the konferenz demo rows; returns the police authorities."""
    authorities = {}
    for code, fields in AUTHORITIES.items():
        pa, _ = upsert(PoliceAuthority, defaults=fields, press_code=code)
        authorities[code] = pa
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

    for code, title, date, fields in CONFERENCES:
        upsert(
            Conference,
            police_authority=authorities[code],
            title=title,
            date=date,
            defaults=fields,
        )
    return authorities
