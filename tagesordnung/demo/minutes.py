"""Demo minutes for the seed conferences that were held: entries, decisions
and actions (some done, some open and overdue), in the facts of the seed press
releases, all approved; and the minutes of Gelsenkirchen's conference last
month, in review by the participants until ten days after the demo's day, so
that the head has minutes to approve. Idempotent: a second run on the same day
changes nothing.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from konferenz.core.classification import Classification
from konferenz.demo import upsert
from tagesordnung.agenda.models import AgendaItem
from tagesordnung.minutes.models import (
    ActionItem,
    Decision,
    Minutes,
    MinutesComment,
    MinutesEntry,
)
from tagesordnung.minutes.selectors import snapshot_content
from tagesordnung.minutes.services import minutes_ensure
from teilnehmer.addressbook.models import Authority

PUB, INT, VS = Classification.PUBLIC, Classification.INTERNAL, Classification.VS_NFD
OPEN, WORK, DONE = (
    ActionItem.Status.OPEN,
    ActionItem.Status.IN_PROGRESS,
    ActionItem.Status.DONE,
)
D = datetime.date

# conference key: {agenda item title: (text, classification,
#   [(decision, classification)], [(action, authority name part, due, status,
#   classification)])}; ``due`` is a date or a number of days after the
#   conference.
MINUTES = {
    "ge-2019": {
        "Clankriminalität": (
            "Die Polizei stellt das **Lagebild Clankriminalität** für das "
            "Stadtgebiet vor. Staatsanwaltschaft, Zoll und Stadt berichten über "
            "gemeinsame Kontrollen.",
            INT,
            [("Gemeinsame Kontrollen werden fortgesetzt.", INT)],
            [
                (
                    "Gemeinsames Lagebild Clankriminalität halbjährlich fortschreiben",
                    "Staatsanwaltschaft Essen",
                    D(2019, 10, 31),
                    DONE,
                    INT,
                ),
                (
                    "Verbundkontrollen mit dem Zoll in Shisha-Bars planen",
                    "Hauptzollamt Dortmund",
                    D(2020, 3, 31),
                    WORK,
                    VS,
                ),
            ],
        ),
        "Problembereich Hauptbahnhof": (
            "Die Bundespolizei berichtet über die Lage am Hauptbahnhof; die "
            "Verkehrsbetriebe schildern Vorfälle in Bussen und Bahnen.",
            INT,
            [("Eine gemeinsame Begehung des Hauptbahnhofs findet statt.", INT)],
            [
                (
                    "Gemeinsame Begehung des Hauptbahnhofs mit Stadt und "
                    "Bundespolizei durchführen",
                    "Bundespolizeiinspektion Dortmund",
                    D(2019, 9, 30),
                    OPEN,
                    INT,
                ),
            ],
        ),
        "Fazit und Verabredung zur Wiederholung": (
            "Alle Beteiligten ziehen ein positives Fazit.",
            PUB,
            [("Die Konferenz wird jährlich oder aus Anlass wiederholt.", PUB)],
            [],
        ),
    },
    "dn-2019": {
        "Clankriminalität im Kreis Düren": (
            "Die Kreispolizeibehörde stellt die Lage vor; die Beteiligten "
            "vereinbaren einen engeren Informationsaustausch.",
            INT,
            [("Ansprechpersonen für Clankriminalität werden benannt.", INT)],
            [
                (
                    "Ansprechpersonen für den Informationsaustausch benennen",
                    "Staatsanwaltschaft Aachen",
                    D(2019, 12, 31),
                    DONE,
                    INT,
                ),
                (
                    "Kontrollkonzept mit dem Hauptzollamt abstimmen",
                    "Hauptzollamt Aachen",
                    D(2020, 6, 30),
                    OPEN,
                    INT,
                ),
            ],
        ),
        "Bekämpfung des sexuellen Missbrauchs von Kindern": (
            "Jugendamt und Polizei berichten über die Zusammenarbeit im Kinderschutz.",
            INT,
            [],
            [
                (
                    "Fallkonferenzen Kinderschutz mit dem Jugendamt einrichten",
                    "Jugendamt Kreis Düren",
                    D(2020, 4, 30),
                    WORK,
                    INT,
                ),
            ],
        ),
        "Respektlosigkeit und Gewaltbereitschaft gegenüber Amtsträgern": (
            "Die seit 2017 bestehenden Kooperationen mit den Städten und "
            "Gemeinden werden vorgestellt.",
            PUB,
            [("Die Kooperationen mit den Kommunen werden fortgeführt.", PUB)],
            [],
        ),
    },
    "lip-2021": {
        "Kooperationsvereinbarung der lippischen Jugendämter und der Polizei Lippe": (
            "Die Jugendämter und die Polizei berichten über ihre Erfahrungen "
            "in Gewaltschutz und Kindeswohl.",
            PUB,
            [("Die Kooperationsvereinbarung wird fortgeschrieben.", PUB)],
            [
                (
                    "Kooperationsvereinbarung mit dem Jugendamt Detmold fortschreiben",
                    "Jugendamt Stadt Detmold",
                    D(2022, 6, 30),
                    OPEN,
                    INT,
                ),
            ],
        ),
        "Ordnungspartnerschaften zwischen Kommunen und der Polizei Lippe": (
            "Sieben Ordnungspartnerschaften bestehen; das Netzwerk dient als "
            "Frühwarnsystem.",
            PUB,
            [("Weitere Kommunen werden zu Ordnungspartnerschaften eingeladen.", PUB)],
            [
                (
                    "Weitere Kommunen zu Ordnungspartnerschaften ansprechen",
                    "Kreis Lippe",
                    D(2022, 3, 31),
                    DONE,
                    INT,
                ),
            ],
        ),
    },
    "ge-last": {
        "Allgemeine Sicherheitslage": (
            "Die Polizei stellt die Einsatz-, Kriminalitäts- und "
            "Verkehrsunfalllage des Stadtgebiets vor; die Zahl der "
            "Taschendiebstähle in der Innenstadt ist gestiegen.",
            PUB,
            [("Stadt und Polizei verstärken die Präsenz in der Innenstadt.", PUB)],
            [],
        ),
        "Sicherheit von Großveranstaltungen in der Arena": (
            "Stadt, Polizei und Verkehrsbetriebe berichten über die "
            "Abstimmung vor Großveranstaltungen.",
            PUB,
            [
                (
                    "Vor jeder Großveranstaltung findet eine gemeinsame "
                    "Lagebesprechung statt.",
                    PUB,
                )
            ],
            [
                (
                    "Gemeinsamen Ablaufplan für Großveranstaltungen erstellen",
                    "Stadt Gelsenkirchen",
                    60,
                    OPEN,
                    INT,
                ),
            ],
        ),
        "Clankriminalität: Sicherheitskooperation Ruhr": (
            "Die Direktion Kriminalität berichtet über laufende Verfahren und "
            "gemeinsame Kontrollen.",
            VS,
            [],
            [
                (
                    "Kontrolltermine mit dem Hauptzollamt abstimmen",
                    "Hauptzollamt Dortmund",
                    45,
                    WORK,
                    VS,
                ),
            ],
        ),
        "Hauptbahnhof und Umfeld": (
            "Die Bundespolizei schildert die Lage am Hauptbahnhof.",
            INT,
            [("Eine gemeinsame Begehung wird vereinbart.", INT)],
            [
                (
                    "Begehung des Hauptbahnhofs mit Stadt und Bundespolizei",
                    "Bundespolizeiinspektion Dortmund",
                    30,
                    OPEN,
                    INT,
                ),
            ],
        ),
    },
}


def _authority(police_authority, name):
    return (
        Authority.objects.for_tenant(police_authority)
        .filter(name__icontains=name)
        .order_by("pk")
        .first()
        or Authority.objects.for_tenant(police_authority).order_by("pk").first()
    )


def _completed_on(conference, due, status):
    """Done weeks or months after the conference, before the due date."""
    if status != DONE:
        return None
    days = (due - conference.date).days
    return conference.date + datetime.timedelta(days=max(14, days * 2 // 3))


#: The conference whose minutes are in review, and the comment one participant
#: made (already adopted by the minute-taker).
IN_REVIEW = "ge-last"
COMMENT = (
    "Sicherheit von Großveranstaltungen in der Arena",
    "Bitte ergänzen: Die Verkehrsbetriebe setzen bei Großveranstaltungen "
    "zusätzliche Bahnen ein.",
    "Ergänzt.",
)


def _approve(minutes, conference):
    approved_at = timezone.make_aware(
        datetime.datetime.combine(
            conference.date + datetime.timedelta(days=21), datetime.time(10)
        )
    )
    minutes.status = Minutes.Status.APPROVED
    minutes.approved_at = approved_at
    minutes.save()
    minutes.snapshots.get_or_create(
        revision=minutes.revision,
        defaults={"content": snapshot_content(minutes), "approved_at": approved_at},
    )


def _in_review(minutes, conference, today):
    """Sent to the participants present; comments until ten days from today."""
    taker = (
        get_user_model()
        .objects.filter(
            username=f"{conference.police_authority.press_code.lower()}-protokoll"
        )
        .first()
    )
    upsert(
        Minutes,
        pk=minutes.pk,
        defaults={
            "status": Minutes.Status.IN_REVIEW,
            "minute_taker": taker,
            "comments_until": today + datetime.timedelta(days=10),
        },
    )
    item_title, text, reply = COMMENT
    entry = MinutesEntry.objects.filter(
        minutes=minutes, agenda_item__title=item_title
    ).first()
    present = list(conference.invitations.filter(attended=True).order_by("pk")[:2])
    if entry is not None and len(present) == 2:
        upsert(
            MinutesComment,
            entry=entry,
            invitation=present[1],
            text=text,
            defaults={
                "state": MinutesComment.State.ADOPTED,
                "reply": reply,
                "replied_by": taker,
            },
        )


def load(demo):
    for key, items in MINUTES.items():
        conference = demo.conferences[key]
        minutes = minutes_ensure(conference=conference)
        for item_title, (text, level, decisions, actions) in items.items():
            item = AgendaItem.objects.filter(
                conference=conference, title=item_title
            ).first()
            if item is None:
                continue
            entry = MinutesEntry.objects.get(minutes=minutes, agenda_item=item)
            upsert(
                MinutesEntry,
                pk=entry.pk,
                defaults={"text": text, "classification": level},
            )
            for decision, decision_level in decisions:
                upsert(
                    Decision,
                    entry=entry,
                    text=decision,
                    defaults={"classification": decision_level},
                )
            for description, who, due, status, action_level in actions:
                responsible = _authority(conference.police_authority, who)
                if responsible is None:
                    continue
                if isinstance(due, int):
                    due = conference.date + datetime.timedelta(days=due)
                upsert(
                    ActionItem,
                    entry=entry,
                    description=description,
                    defaults={
                        "conference": conference,
                        "responsible": responsible,
                        "due_date": due,
                        "status": status,
                        "completed_on": _completed_on(conference, due, status),
                        "classification": action_level,
                    },
                )
        if key == IN_REVIEW:
            _in_review(minutes, conference, demo.today)
        elif minutes.status != Minutes.Status.APPROVED:
            _approve(minutes, conference)
