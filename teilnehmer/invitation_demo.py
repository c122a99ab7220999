"""Demo invitations of the upcoming conferences (Düren 09.12.2026, Lippe
01.12.2026) with a realistic mix of answers: most accepted, some declined,
one deputy with an own invitation, one answer taken by phone, a few open and
one undeliverable address. Idempotent like every demo loader.

One invitation per conference has a fixed demo link so that the partner page
can be tried at once (only with the demo data, never in production):
/einladung/<DEMO_TOKENS value>/.
"""

import datetime
from zoneinfo import ZoneInfo

from konferenz.core.models import Conference, Membership
from konferenz.demo import upsert
from teilnehmer.addressbook.models import Contact
from teilnehmer.invitations import tokens
from teilnehmer.invitations.models import Invitation

BERLIN = ZoneInfo("Europe/Berlin")

#: press code → 43-character demo token of the first invitation
DEMO_TOKENS = {
    "DN": "Demo-Link-Dueren-2026-Einladung-Partner-001",
    "LIP": "Demo-Link-Lippe-2026-Einladung-Partner-0001",
}

UPCOMING = {
    "DN": ("Sicherheitskonferenz im Kreis Düren 2026", datetime.date(2026, 11, 2)),
    "LIP": ("Sicherheitskonferenz im Kreis Lippe 2026", datetime.date(2026, 10, 27)),
}

# Answers in the order of the invited contacts, repeated; None = still open.
PATTERN = [
    "accepted",
    "accepted",
    "declined",
    "accepted",
    "deputy",
    None,
    "accepted",
    "phone",
    "accepted",
    None,
    "declined",
    "accepted",
]

COMMENTS = {
    "declined": "Leider terminlich verhindert – wir bitten um Übersendung des "
    "Protokolls.",
    "phone": "Telefonische Zusage im Vorzimmer.",
}


def _at(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), BERLIN)


def load(authorities):
    for code, (title, sent_day) in UPCOMING.items():
        conference = Conference.objects.get(
            police_authority=authorities[code], title=title
        )
        organiser = (
            Membership.objects.filter(
                police_authority=authorities[code], is_organiser=True
            )
            .select_related("user")
            .order_by("user__username")
            .first()
        )
        sender = organiser.user if organiser else None
        contacts = (
            Contact.objects.filter(
                authority__police_authority=authorities[code], is_leadership=True
            )
            .exclude(email="")
            .select_related("authority")
            .order_by("authority__name", "last_name", "pk")
        )
        for index, contact in enumerate(contacts):
            kind = PATTERN[index % len(PATTERN)]
            answer_day = sent_day + datetime.timedelta(days=2 + index % 9)
            fields = {
                "sent_at": _at(sent_day, 9, 30),
                "sent_by": sender,
                "send_error": "",
                "answer": Invitation.Answer.OPEN,
                "answered_at": None,
                "answer_recorded_by_staff": False,
                "comment": "",
                "deputy_name": "",
                "deputy_function": "",
                "deputy_email": "",
            }
            if index == 0:
                fields["token_hash"] = tokens.token_hash(DEMO_TOKENS[code])
                fields["token_issued_at"] = _at(sent_day, 9, 30)
            if kind is None and index % 2:
                fields["reminded_at"] = _at(sent_day + datetime.timedelta(days=14), 8)
            if kind == "phone":
                fields.update(
                    answer=Invitation.Answer.ACCEPTED,
                    answer_recorded_by_staff=True,
                    comment=COMMENTS["phone"],
                )
            elif kind == "deputy":
                fields.update(
                    answer=Invitation.Answer.DEPUTY,
                    deputy_name="Nicole Stellvertreter",
                    deputy_function=f"Stellv. {contact.function}"[:200],
                    deputy_email=f"nicole.stellvertreter@{contact.email.split('@')[1]}",
                )
            elif kind:
                fields.update(answer=kind, comment=COMMENTS.get(kind, ""))
            if kind:
                fields["answered_at"] = _at(answer_day, 11, 15)
            if index == len(PATTERN) + 1:
                # An address the mail server refused: no answer can have come.
                fields.update(
                    sent_at=None,
                    send_error="550 5.1.1 Empfänger unbekannt",
                    answer=Invitation.Answer.OPEN,
                    answered_at=None,
                    comment="",
                )
            invitation, _ = upsert(
                Invitation, conference=conference, contact=contact, defaults=fields
            )
            if kind == "deputy":
                deputy_contact, _ = upsert(
                    Contact,
                    authority=contact.authority,
                    email=fields["deputy_email"],
                    defaults={
                        "salutation": Contact.Salutation.MS,
                        "first_name": "Nicole",
                        "last_name": "Stellvertreter",
                        "function": fields["deputy_function"],
                        "is_leadership": False,
                    },
                )
                upsert(
                    Invitation,
                    conference=conference,
                    contact=deputy_contact,
                    defaults={
                        "deputy_for": invitation,
                        "sent_at": fields["answered_at"],
                        "sent_by": sender,
                        "answer": Invitation.Answer.ACCEPTED,
                        "answered_at": fields["answered_at"]
                        + datetime.timedelta(hours=3),
                    },
                )
