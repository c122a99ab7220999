"""The pages bench/run.py measures, resolved against the seeded database."""

import json

from django.urls import reverse

from konferenz.management.commands.seed_bench import BENCH_PASSWORD
from konferenz.models import Conference, PoliceAuthority


def pages():
    tenant = PoliceAuthority.objects.get(press_code="DN")
    staff = {"user": "bench-dn-1", "password": BENCH_PASSWORD}
    past = (
        Conference.objects.for_tenant(tenant)
        .filter(status=Conference.Status.PUBLISHED)
        .order_by("-date")
        .first()
    )
    return [
        {
            "name": "dashboard",
            "label": "Übersicht",
            "path": reverse("konferenz:dashboard"),
            **staff,
        },
        {
            "name": "conference_list",
            "label": "Konferenzliste",
            "path": reverse("konferenz:conference-list"),
            **staff,
        },
        {
            "name": "conference_detail",
            "label": "Konferenz (Überblick)",
            "path": past.get_absolute_url(),
            **staff,
        },
        {
            "name": "addressbook",
            "label": "Adressbuch",
            "path": reverse("teilnehmer:authority-list"),
            **staff,
        },
    ]


def main():
    print(json.dumps(pages()))
