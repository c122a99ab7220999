from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from konferenz import demo as konferenz_demo
from konferenz.press import demo as press_demo
from konferenz.statistics import demo as statistics_demo
from tagesordnung import demo as tagesordnung_demo
from tagesordnung import minutes_demo
from teilnehmer import demo as teilnehmer_demo
from teilnehmer import invitation_demo

# Each app adds its part of the demo; each ``load`` gets the police authorities
# by press code and must be idempotent.
DEMO_LOADERS = [
    teilnehmer_demo.load,
    invitation_demo.load,
    tagesordnung_demo.load,
    minutes_demo.load,
    # Earlier years and the other 44 authorities, for the statistics.
    statistics_demo.load,
    # Last: the releases are drafted from the public agenda and decisions.
    press_demo.load,
]


class Command(BaseCommand):
    help = "Loads the demo data (Düren, Gelsenkirchen, Lippe). Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even though DEBUG is off (never on a production database).",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG ist aus: Demodaten werden nur mit --force geladen "
                "(niemals in eine Produktionsdatenbank)."
            )
        with transaction.atomic():
            authorities = konferenz_demo.load()
            for load in DEMO_LOADERS:
                load(authorities)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demodaten geladen. Anmeldung z. B. als „dn-organisation“ mit dem "
                f"Passwort „{konferenz_demo.DEMO_PASSWORD}“."
            )
        )
