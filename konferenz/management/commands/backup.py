from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from konferenz.core import backup, backupcrypt, database


class Command(BaseCommand):
    help = (
        "Writes one dated archive (siko-backup-YYYYmmdd-HHMMSS.tar) with the "
        "PostgreSQL database (pg_dump), which holds every stored file; "
        "--encrypt with the key in SIKO_BACKUP_KEY; --verify checks an archive "
        "instead; --new-key prints a new key. See konferenz/core/backup.py."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output-dir", default="var/backups", help="Folder of the archive."
        )
        parser.add_argument(
            "--verify", metavar="ARCHIVE", help="Check an archive against its manifest."
        )
        parser.add_argument(
            "--encrypt",
            action="store_true",
            help="Encrypt the archive with the key in SIKO_BACKUP_KEY.",
        )
        parser.add_argument(
            "--new-key",
            action="store_true",
            help="Print a new key for SIKO_BACKUP_KEY and do nothing else.",
        )

    def handle(
        self,
        *args,
        output_dir="var/backups",
        verify=None,
        encrypt=False,
        new_key=False,
        **options,
    ):
        if new_key:
            self.stdout.write(backupcrypt.new_key())
            return
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
                            "files": len(manifest["files"]),
                            "migrations": len(manifest["migrations"]),
                            "at": manifest["created_at"],
                        }
                    )
                )
                return
            self.stdout.write(
                gettext("Database: %(database)s") % {"database": database.describe()}
            )
            path = backup.backup(output_dir, encrypt=encrypt)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(str(path)))
