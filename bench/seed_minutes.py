"""Benchmark rows of the minutes: for every past conference approved minutes
with an entry per agenda item, decisions and ~5 actions (bulk_create, no
history). A step of ``bench.seed.seed``."""

import datetime

from django.utils import timezone

from konferenz.core.models import Conference
from tagesordnung.agenda.models import AgendaItem
from tagesordnung.minutes.models import ActionItem, Decision, Minutes, MinutesEntry
from teilnehmer.addressbook.models import Authority

TODAY = datetime.date(2026, 11, 22)
ACTIONS_PER_CONFERENCE = 5
BATCH = 2000
TEXT = (
    "Die Beteiligten berichten zur Lage und vereinbaren das weitere Vorgehen. "
    "Schwerpunkte sind Clankriminalität, Brennpunkte und Großveranstaltungen."
)


def seed_minutes(rng, tenants):
    conferences = list(
        Conference.objects.filter(police_authority__in=tenants, date__lt=TODAY)
        .exclude(status=Conference.Status.CANCELLED)
        .values_list("pk", "police_authority_id", "date")
    )
    now = timezone.now()
    Minutes.objects.bulk_create(
        [
            Minutes(
                conference_id=pk,
                status=Minutes.Status.APPROVED,
                approved_at=now,
            )
            for pk, _, _ in conferences
        ],
        batch_size=BATCH,
    )
    minutes_of = dict(
        Minutes.objects.filter(
            conference_id__in=[c[0] for c in conferences]
        ).values_list("conference_id", "pk")
    )
    items = AgendaItem.objects.filter(conference_id__in=minutes_of).values_list(
        "pk", "conference_id", "classification"
    )
    MinutesEntry.objects.bulk_create(
        [
            MinutesEntry(
                minutes_id=minutes_of[conference_id],
                agenda_item_id=pk,
                text=TEXT,
                classification=classification
                if classification == "vs_nfd"
                else "internal",
            )
            for pk, conference_id, classification in items
        ],
        batch_size=BATCH,
    )
    entries = {}
    for pk, minutes_id in MinutesEntry.objects.filter(
        minutes_id__in=minutes_of.values()
    ).values_list("pk", "minutes_id"):
        entries.setdefault(minutes_id, []).append(pk)
    authorities = {}
    for pk, tenant in Authority.objects.filter(
        police_authority__in=tenants
    ).values_list("pk", "police_authority_id"):
        authorities.setdefault(tenant, []).append(pk)
    decisions, actions = [], []
    statuses = [s for s, _ in ActionItem.Status.choices]
    for conference_id, tenant, date in conferences:
        own = sorted(entries.get(minutes_of[conference_id], []))
        for entry_id in own[:3]:
            decisions.append(
                Decision(entry_id=entry_id, text="Das Vorgehen wird fortgesetzt.")
            )
        for n in range(ACTIONS_PER_CONFERENCE):
            status = rng.choice(statuses)
            done = status == ActionItem.Status.DONE
            actions.append(
                ActionItem(
                    conference_id=conference_id,
                    entry_id=own[n % len(own)],
                    description=f"Maßnahme {n + 1}: gemeinsame Kontrollen abstimmen",
                    responsible_id=rng.choice(authorities[tenant]),
                    due_date=date + datetime.timedelta(days=90 + 30 * n),
                    status=status,
                    completed_on=date + datetime.timedelta(days=60 + 30 * n)
                    if done
                    else None,
                )
            )
    Decision.objects.bulk_create(decisions, batch_size=BATCH)
    ActionItem.objects.bulk_create(actions, batch_size=BATCH)
