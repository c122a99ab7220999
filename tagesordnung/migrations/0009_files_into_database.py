"""The attachments and archive copies that SiKo before issue 29 kept below
``MEDIA_ROOT`` move into the database's file store
(konferenz/core/dbstorage.py). Idempotent: a file already in the store is
left alone, so running it again (or on a second host) copies nothing twice.
The files in ``MEDIA_ROOT`` stay where they are; remove them once a backup
of the migrated database is checked (README, "Aktualisieren")."""

from django.conf import settings
from django.db import migrations

from konferenz.core.dbstorage import import_files


def copy_files(apps, schema_editor):
    Attachment = apps.get_model("tagesordnung", "Attachment")
    MinutesSnapshot = apps.get_model("tagesordnung", "MinutesSnapshot")
    StoredFile = apps.get_model("konferenz", "StoredFile")
    names = [
        *Attachment.objects.values_list("file", flat=True),
        *MinutesSnapshot.objects.values_list("archive", flat=True),
    ]
    copied, already, missing = import_files(settings.MEDIA_ROOT, names, StoredFile)
    if copied or missing:
        print(  # noqa: T201 - the operator reads it during migrate
            f"\n  Dateien aus {settings.MEDIA_ROOT} in die Datenbank übernommen: "
            f"{copied}, schon vorhanden: {already}, nicht gefunden: {missing}"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("konferenz", "0018_stored_files"),
        ("tagesordnung", "0008_merge_comment_state_and_classification"),
    ]

    operations = [
        migrations.RunPython(copy_files, migrations.RunPython.noop),
    ]
