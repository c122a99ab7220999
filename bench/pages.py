"""The pages bench/run.py measures, resolved against the seeded database.

Each page names its login (``user``: staff, ministry, or ``partner`` for the
partner link's session), the status it must answer, and its targets as a
fraction of the ceiling (``None``: measured, no target): ``target`` for the
warm run (every part from the cache; issue 22), ``cold_target`` for the cold
run (every page-cache lookup misses, as for the first reader after a
change; issue 32). With Redis stopped every
page must reach at least its cold figure of the same run (bench/run.py).
"""

import datetime
import json

from django.urls import reverse

from bench.seed import MINISTRY_USER, PARTNER_TOKEN
from konferenz.core.models import Conference, PoliceAuthority
from tagesordnung.agenda.models import Topic

TODAY = datetime.date(2026, 11, 22)  # the seed's fixed "today"
STAFF_USER = "bench-dn-1"
#: Where the floor page lives (bench/urls.py, only under bench/settings.py).
FLOOR_PATH = "/bench/boden/"
#: The three pages that together show what a peer's single event page shows.
COMBINED = ("answers", "agenda", "minutes")
COMBINED_TARGET = 0.03
#: The same three pages cold (issue 32: five times the peer's 0.0027).
COMBINED_COLD_TARGET = 0.0135
#: The cold targets of issue 32 (8 clients, PostgreSQL, seed_bench); they
#: include issue 27's rule that the cold figures it measured must not get
#: worse (overview 0.027, answers 0.012, minutes 0.010, agenda PDF 0.0024).
COLD_TARGETS = {
    **dict.fromkeys(
        ("hub", "dashboard", "conference_list", "addressbook", "press"), 0.05
    ),
    **dict.fromkeys(("answers", "agenda", "minutes", "actions", "partner"), 0.03),
    "statistics": 0.02,
    "agenda_pdf": 0.005,
    "minutes_pdf": 0.005,
    "ministry": 0.02,
}


def pages():
    tenant = PoliceAuthority.objects.get(press_code="DN")
    conferences = Conference.objects.for_tenant(tenant)
    past = conferences.filter(date__lt=TODAY).order_by("-date").first()
    upcoming = conferences.filter(date__gte=TODAY).order_by("date").first()
    topic = Topic.objects.filter(police_authority__isnull=True).order_by("pk").first()

    def page(name, label, path, target, user=STAFF_USER, status=200):
        return {
            "name": name,
            "label": label,
            "path": path,
            "target": target,
            "cold_target": COLD_TARGETS.get(name),
            "user": user,
            "status": status,
        }

    return [
        page("floor", "Boden (angemeldet, 20 KB)", FLOOR_PATH, 0.3),
        page("not_found", "404 (angemeldet)", "/gibt-es-nicht/", None, status=404),
        page("hub", "Konferenz (Überblick)", past.get_absolute_url(), 0.1),
        page("dashboard", "Übersicht", reverse("konferenz:dashboard"), 0.1),
        page(
            "conference_list",
            "Konferenzliste",
            reverse("konferenz:conference-list"),
            0.1,
        ),
        page("addressbook", "Adressbuch", reverse("teilnehmer:authority-list"), 0.1),
        page(
            "addressbook_search",
            "Adressbuch-Suche",
            reverse("teilnehmer:authority-list") + "?q=M%C3%BCller",
            None,
        ),
        page(
            "press",
            "Pressemitteilung",
            reverse("konferenz:press-release", args=[past.pk]),
            0.1,
        ),
        page(
            "answers",
            "Antworten (60 Einladungen)",
            reverse("invitations:overview", args=[upcoming.pk]),
            0.05,
        ),
        page(
            "agenda",
            "Tagesordnung (12 Punkte)",
            reverse("tagesordnung:agenda", args=[past.pk]),
            0.05,
        ),
        page(
            "minutes",
            "Protokoll",
            reverse("tagesordnung:minutes", args=[past.pk]),
            0.05,
        ),
        page("actions", "Maßnahmen", reverse("tagesordnung:action-list"), 0.05),
        page(
            "partner",
            "Partnerlink-Seite",
            reverse("partner:answer"),
            0.05,
            user="partner",
        ),
        page(
            "agenda_pdf",
            "Tagesordnung (PDF)",
            reverse("tagesordnung:agenda-export", args=[past.pk, "pdf"]),
            0.02,
        ),
        page(
            "minutes_pdf",
            "Protokoll (PDF)",
            reverse("tagesordnung:minutes-export", args=[past.pk, "pdf"]),
            0.02,
        ),
        page(
            "statistics", "Statistik (10 Jahre)", reverse("konferenz:statistics"), None
        ),
        page(
            "ministry",
            "Landesübersicht (47 × 10 Jahre)",
            reverse("konferenz:ministry-overview"),
            0.02,
            user=MINISTRY_USER,
        ),
        page(
            "ministry_topics",
            "Themenkarte (47 × 10 Jahre)",
            reverse("konferenz:ministry-topics") + f"?thema={topic.pk}",
            None,
            user=MINISTRY_USER,
        ),
    ]


def main():
    print(
        json.dumps(
            {
                "pages": pages(),
                "partner_open": reverse("partner:open", args=[PARTNER_TOKEN]),
            }
        )
    )
