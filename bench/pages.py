"""The pages bench/run.py measures, resolved against the seeded database."""

import datetime
import json

from django.urls import reverse

from konferenz.core.models import Conference, PoliceAuthority
from konferenz.management.commands.seed_bench import (
    BENCH_PASSWORD,
    MINISTRY_USER,
    PARTNER_TOKEN,
)
from tagesordnung.agenda.models import Topic

TODAY = datetime.date(2026, 11, 22)  # the seed's fixed "today"


def pages():
    tenant = PoliceAuthority.objects.get(press_code="DN")
    staff = {"user": "bench-dn-1", "password": BENCH_PASSWORD}
    conferences = Conference.objects.for_tenant(tenant)
    past = conferences.filter(date__lt=TODAY).order_by("-date").first()
    upcoming = conferences.filter(date__gte=TODAY).order_by("date").first()

    ministry = {"user": MINISTRY_USER, "password": BENCH_PASSWORD}
    topic = Topic.objects.filter(police_authority__isnull=True).order_by("pk").first()

    def page(name, label, path, **extra):
        return {"name": name, "label": label, "path": path, **staff, **extra}

    return [
        page("dashboard", "Übersicht", reverse("konferenz:dashboard")),
        page("conference_list", "Konferenzliste", reverse("konferenz:conference-list")),
        page("conference_detail", "Konferenz (Überblick)", past.get_absolute_url()),
        page(
            "answers",
            "Antworten (60 Einladungen)",
            reverse("invitations:overview", args=[upcoming.pk]),
        ),
        page("agenda", "Tagesordnung", reverse("tagesordnung:agenda", args=[past.pk])),
        page("addressbook", "Adressbuch", reverse("teilnehmer:authority-list")),
        page(
            "addressbook_search",
            "Adressbuch-Suche",
            reverse("teilnehmer:authority-list") + "?q=M%C3%BCller",
        ),
        {
            "name": "partner",
            "label": "Partnerlink-Seite",
            "path": reverse("partner:answer"),
            "open": reverse("partner:open", args=[PARTNER_TOKEN]),
        },
        page(
            "press",
            "Pressemitteilung",
            reverse("konferenz:press-release", args=[past.pk]),
        ),
        page("minutes", "Protokoll", reverse("tagesordnung:minutes", args=[past.pk])),
        page("actions", "Maßnahmen", reverse("tagesordnung:action-list")),
        page("statistics", "Statistik (10 Jahre)", reverse("konferenz:statistics")),
        page(
            "ministry",
            "Landesübersicht (47 × 10 Jahre)",
            reverse("konferenz:ministry-overview"),
            **ministry,
        ),
        page(
            "ministry_topics",
            "Themenkarte (47 × 10 Jahre)",
            reverse("konferenz:ministry-topics") + f"?thema={topic.pk}",
            **ministry,
        ),
        page(
            "agenda_pdf",
            "Tagesordnung (PDF)",
            reverse("tagesordnung:agenda-export", args=[past.pk, "pdf"]),
        ),
    ]


def main():
    print(json.dumps(pages()))
