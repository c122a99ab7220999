from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext

from konferenz.core import database
from konferenz.press import signoff
from teilnehmer.addressbook import services


class Command(BaseCommand):
    help = (
        "Anonymises contact persons inactive for longer than the retention period "
        "(SIKO_CONTACT_RETENTION_DAYS, default 730 days) and erases the IP "
        "addresses of quote approvals older than it. Run it daily, e.g. by cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Retention period in days (overrides SIKO_CONTACT_RETENTION_DAYS).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only count the contact persons that would be anonymised.",
        )

    def handle(self, *args, days=None, dry_run=False, **options):
        days = settings.SIKO_CONTACT_RETENTION_DAYS if days is None else days
        if days < 1:
            raise CommandError(gettext("The retention period must be at least 1 day."))
        now = timezone.now()
        # Say what is touched before touching it.
        self.stdout.write(
            gettext("Database: %(database)s") % {"database": database.describe()}
        )
        if dry_run:
            count = services.contacts_due_for_purge(
                now=now, retention_days=days
            ).count()
            self.stdout.write(
                gettext(
                    "%(count)s contact person(s) would be anonymised"
                    " (period: %(days)s days)."
                )
                % {"count": count, "days": days}
            )
            return
        count = services.contacts_purge(now=now, retention_days=days)
        # The addresses quoted persons answered from: kept no longer either.
        addresses = signoff.approval_ips_purge(now=now, retention_days=days)
        self.stdout.write(
            gettext("%(count)s IP address(es) of quote approvals erased.")
            % {"count": addresses}
        )
        self.stdout.write(
            self.style.SUCCESS(
                gettext(
                    "%(count)s contact person(s) anonymised (period: %(days)s days)."
                )
                % {"count": count, "days": days}
            )
        )
