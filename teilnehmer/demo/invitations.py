"""Demo invitations of the conferences next month (Düren, Lippe), sent three
weeks before the day the demo is built for, with a realistic mix of answers:
most accepted, some declined, one deputy with an own invitation, one answer
taken by phone, a few open and one undeliverable address; and the invitations
of Gelsenkirchen's conference last month, whose participants now review the
minutes. Idempotent like every demo loader.

One invitation per conference has a fixed demo link so that the partner page
can be tried at once (only with the demo data, never in production):
/einladung/<DEMO_TOKENS value>/. The first one of each is still open.
"""

import datetime
from zoneinfo import ZoneInfo

from konferenz.core.models import Membership
from konferenz.demo import upsert
from teilnehmer.addressbook.models import Contact
from teilnehmer.invitations import tokens
from teilnehmer.invitations.models import Invitation

BERLIN = ZoneInfo("Europe/Berlin")

#: conference key → 43-character demo token of its first invitation (the
#: links of the README; the same on every day)
DEMO_TOKENS = {
    "dn-next": "Demo-Link-Dueren-Einladung-Partner-00000001",
    "lip-next": "Demo-Link-Lippe-Einladung-Partner-000000001",
    "ge-last": "Demo-Link-Gelsenkirchen-Protokoll-000000001",
}

#: The conferences with open answers.
UPCOMING = ["dn-next", "lip-next"]
#: How many days before the demo's day the invitations went out.
SENT_DAYS_AGO = 21

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


def _sender(police_authority):
    organiser = (
        Membership.objects.filter(police_authority=police_authority, is_organiser=True)
        .select_related("user")
        .order_by("user__username")
        .first()
    )
    return organiser.user if organiser else None


def _contacts(police_authority):
    return (
        Contact.objects.filter(
            authority__police_authority=police_authority, is_leadership=True
        )
        .exclude(email="")
        .select_related("authority")
        .order_by("authority__name", "last_name", "pk")
    )


def _held(demo, key):
    """Everyone invited accepted; all but every fifth came. The first one
    present holds the demo link (to comment on the minutes)."""
    conference = demo.conferences[key]
    sent_day = conference.date - datetime.timedelta(days=42)
    sender = _sender(conference.police_authority)
    for index, contact in enumerate(_contacts(conference.police_authority)):
        fields = {
            "sent_at": _at(sent_day, 9, 30),
            "sent_by": sender,
            "answer": Invitation.Answer.ACCEPTED,
            "answered_at": _at(sent_day + datetime.timedelta(days=3 + index % 7), 10),
            "attended": index % 5 != 4,
        }
        if index == 0:
            fields["token_hash"] = tokens.token_hash(DEMO_TOKENS[key])
            fields["token_issued_at"] = _at(sent_day, 9, 30)
        upsert(Invitation, conference=conference, contact=contact, defaults=fields)


def load(demo):
    _held(demo, "ge-last")
    sent_day = demo.today - datetime.timedelta(days=SENT_DAYS_AGO)
    for key in UPCOMING:
        conference = demo.conferences[key]
        sender = _sender(conference.police_authority)
        for index, contact in enumerate(_contacts(conference.police_authority)):
            # The demo link's invitation waits for its answer.
            kind = None if index == 0 else PATTERN[index % len(PATTERN)]
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
                fields["token_hash"] = tokens.token_hash(DEMO_TOKENS[key])
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
