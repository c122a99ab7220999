from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from konferenz.core import backup, database


class Command(BaseCommand):
    help = (
        "Restores an archive of `manage.py backup` (decrypted with "
        "SIKO_BACKUP_KEY if encrypted) into an empty database, then ends "
        "every session and renews every change stamp. See "
        "konferenz/core/backup.py."
    )
    # The database is empty before: no system check may read it.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("archive")

    def handle(self, *args, archive, **options):
        self.stdout.write(
            gettext("Database: %(database)s") % {"database": database.describe()}
        )
        try:
            manifest = backup.restore(archive)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(
                gettext(
                    "Restored: %(files)s file(s); all sessions ended, all cached "
                    "pages invalid. Now restart the app servers and workers."
                )
                % {"files": len(manifest["files"])}
            )
        )
