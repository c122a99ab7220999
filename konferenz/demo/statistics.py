"""Demo history for the statistics: earlier years of the three demo authorities
and plausible held / cancelled / missing years for the other 44.

Deterministic (no randomness) and idempotent like every demo loader.
"""

import datetime
import zlib

from konferenz.core.classification import Classification
from konferenz.core.models import Conference, PoliceAuthority
from konferenz.demo import upsert
from tagesordnung.agenda.models import AgendaItem, Topic
from teilnehmer.addressbook.models import Contact
from teilnehmer.invitations.models import Invitation

FIRST_YEAR = 2019
#: In ``notes`` of the other authorities' statistics conferences, so that a
#: reset finds them.
STATISTICS_NOTE = "Demodaten für die Statistik."
#: Later years of the demo authorities (their 2019–2021 come from the seeds).
DEMO_YEARS = {
    "DN": {2022: "held", 2023: "held", 2025: "held"},
    "GE": {2021: "held", 2022: "held", 2023: "cancelled", 2024: "held", 2025: "held"},
    "LIP": {2022: "held", 2023: "held", 2024: "held", 2025: "held"},
}
TOPICS_PER_CONFERENCE = 3


def _number(*parts):
    return zlib.crc32("-".join(map(str, parts)).encode())


def _state(code, year):
    """Most authorities meet; Covid cancelled many in 2020; a few miss a year."""
    n = _number(code, year) % 10
    if year == 2020 and n < 4:
        return "cancelled"
    if n == 0:
        return "missing"
    return "held"


def _conference(pa, year, state, today, notes=""):
    n = _number(pa.press_code, year)
    date = datetime.date(year, 3 + n % 8, 3 + n % 24)
    conference, _ = upsert(
        Conference,
        police_authority=pa,
        date=date,
        defaults={
            "title": f"Sicherheitskonferenz {pa.area} {year}",
            "notes": notes,
            "start_time": datetime.time(10),
            "end_time": datetime.time(13),
            "venue_name": f"Polizei {pa.seat}",
            "status": Conference.Status.CANCELLED
            if state == "cancelled"
            else Conference.Status.PUBLISHED
            if date <= today
            else Conference.Status.INVITED,
            "cancel_reason": "Pandemielage" if state == "cancelled" else "",
        },
    )
    return conference


def _agenda(conference, topics):
    n = _number(conference.police_authority.press_code, conference.date.year)
    chosen = [topics[(n + 3 * i) % len(topics)] for i in range(TOPICS_PER_CONFERENCE)]
    wanted = {
        topic.name: {
            "position": position,
            "topic_id": topic.pk,
            "classification": Classification.PUBLIC,
        }
        for position, topic in enumerate(dict.fromkeys(chosen), start=1)
    }
    wanted["Lagebild (nicht öffentlich)"] = {
        "position": 10,
        "topic_id": None,
        "classification": Classification.INTERNAL,
    }
    existing = {
        item.title: item
        for item in AgendaItem.objects.filter(conference=conference, title__in=wanted)
    }
    # Hundreds of conferences: the missing items in one query each.
    AgendaItem.objects.bulk_create(
        AgendaItem(conference=conference, title=title, **fields)
        for title, fields in wanted.items()
        if title not in existing
    )
    for title, item in existing.items():
        upsert(AgendaItem, pk=item.pk, defaults=wanted[title])


def _invitations(conference, contacts):
    """Answers and attendance that differ by kind of partner."""
    for i, contact in enumerate(contacts):
        n = _number(contact.pk, conference.date.year) % 10
        declined = n < 2 or contact.authority.kind == "customs"
        upsert(
            Invitation,
            conference=conference,
            contact=contact,
            defaults={
                "answer": Invitation.Answer.DECLINED
                if declined
                else Invitation.Answer.ACCEPTED,
                "attended": None if declined else (n + i) % 7 != 0,
            },
        )


def load(demo):
    topics = list(Topic.objects.filter(police_authority__isnull=True).order_by("pk"))
    for pa in PoliceAuthority.objects.exclude(press_code__in=DEMO_YEARS):
        for year in range(FIRST_YEAR, demo.today.year + 1):
            state = _state(pa.press_code, year)
            if state == "missing":
                continue
            conference = _conference(pa, year, state, demo.today, STATISTICS_NOTE)
            if state == "held" and topics and conference.status != "invited":
                _agenda(conference, topics)
    for code, years in DEMO_YEARS.items():
        pa = demo.authorities[code]
        # A year with a conference of the demo itself gets no second one.
        taken = {
            c.date.year for c in demo.conferences.values() if c.police_authority == pa
        }
        contacts = list(
            Contact.objects.for_tenant(pa)
            .filter(is_leadership=True, active=True)
            .select_related("authority")
            .order_by("pk")
        )
        for year, state in years.items():
            if year in taken:
                continue
            conference = _conference(pa, year, state, demo.today)
            if state == "held":
                if topics:
                    _agenda(conference, topics)
                _invitations(conference, contacts)
