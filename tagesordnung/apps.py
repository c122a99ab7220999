from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TagesordnungConfig(AppConfig):
    name = "tagesordnung"
    verbose_name = _("Agenda and minutes")

    def ready(self):
        from konferenz.management.commands import seed_bench
        from tagesordnung.bench import seed_minutes

        if seed_minutes not in seed_bench.BENCH_SEEDERS:
            seed_bench.BENCH_SEEDERS.append(seed_minutes)
