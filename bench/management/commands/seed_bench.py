"""``manage.py seed_bench`` under the benchmark's settings (bench/settings.py)."""

from django.core.management.base import BaseCommand

from bench.seed import seed


class Command(BaseCommand):
    help = (
        "Generates the benchmark dataset (fixed random seed). Refuses on existing data."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Run even though DEBUG is off."
        )

    def handle(self, *args, force=False, **options):
        seed(self.stdout, force=force)
