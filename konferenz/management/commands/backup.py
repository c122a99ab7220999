from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from konferenz.core import backup, database


class Command(BaseCommand):
    help = (
        "Writes one dated archive (siko-backup-YYYYmmdd-HHMMSS.tar) with the "
        "PostgreSQL database (pg_dump) and every stored file; --verify checks "
        "an archive instead. See konferenz/core/backup.py."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir", default="var/backups", help="Folder of the archive."
        )
        parser.add_argument(
            "--verify", metavar="ARCHIVE", help="Check an archive against its manifest."
        )

    def handle(self, *args, output_dir="var/backups", verify=None, **options):
        try:
            if verify:
                manifest = backup.verify(verify)
                self.stdout.write(
                    self.style.SUCCESS(
                        gettext(
                            "Backup intact: %(files)s file(s), %(migrations)s "
                            "migration(s), made %(at)s."
                        )
                        % {
                            "files": len(manifest["media"]),
                            "migrations": len(manifest["migrations"]),
                            "at": manifest["created_at"],
                        }
                    )
                )
                return
            self.stdout.write(
                gettext("Database: %(database)s") % {"database": database.describe()}
            )
            path = backup.backup(output_dir)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(str(path)))
