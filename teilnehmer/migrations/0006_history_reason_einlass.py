"""History rows written at the door said "Check-in"; the product says "Einlass"."""

from django.db import migrations


def forwards(apps, schema_editor):
    history = apps.get_model("teilnehmer", "HistoricalInvitation")
    history.objects.filter(history_change_reason="Check-in").update(
        history_change_reason="Einlass"
    )


class Migration(migrations.Migration):
    dependencies = [
        ("teilnehmer", "0005_merge_deputy_and_deadline"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
