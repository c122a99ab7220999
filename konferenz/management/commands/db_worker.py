"""``manage.py db_worker``: django-tasks-db's worker with SiKo's sweep.

This command has the name of django-tasks-db's own and takes its place (the
app ``konferenz`` comes before ``django_tasks_db`` in INSTALLED_APPS), so every
worker recovers what a dead one left behind: at start and every
``--sweep-interval`` seconds it marks tasks "running" without a worker as
failed and takes outbox mails back from dead workers (konferenz/core/worker.py).
Every ``SIKO_PRERENDER_INTERVAL`` seconds it renders the documents of the
conferences changed since its last look (konferenz/core/prerender.py).
"""

import os

from django.conf import settings
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands import db_worker

from konferenz.core import changestamp, prerender, worker


class Command(db_worker.Command):
    help = (
        "Run a database background worker; it also recovers tasks and outbox "
        "mails of workers that died (konferenz/core/worker.py)"
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--sweep-interval",
            type=db_worker.valid_interval,
            default=settings.SIKO_WORKER_SWEEP_INTERVAL,
            help="Seconds between two sweeps for lost tasks and outbox mails "
            "(default: SIKO_WORKER_SWEEP_INTERVAL, %(default)r)",
        )

    def handle(self, *args, sweep_interval, **options):
        reloading = options["reload"] and not options["batch"]
        if not reloading or os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            # Only the process that runs tasks sweeps (with --reload that is
            # the child the reloader starts).
            worker.sweep_safely()
            if sweep_interval and not options["batch"]:
                worker.Sweeper(sweep_interval).start()
            # Rendered documents help only in a cache every process shares.
            prerender_on = settings.SIKO_PRERENDER_INTERVAL and changestamp.enabled()
            if prerender_on and not options["batch"]:
                prerender.Prerenderer(settings.SIKO_PRERENDER_INTERVAL).start()
        return super().handle(*args, **options)
