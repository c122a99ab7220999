"""Actions get the day they were done; done actions of before get it from their
progress notes or their history where these show it.

Where neither shows when an action became done (it was recorded as done from
the start, or its history is gone), the day stays empty: the statistics leave
such actions out of the median rather than count the day of the upgrade.
"""

from django.db import migrations, models
from django.db.models import Max
from django.utils import timezone

DONE = "done"


def fill_completed_on(apps, schema_editor):
    ActionItem = apps.get_model("tagesordnung", "ActionItem")
    ActionProgress = apps.get_model("tagesordnung", "ActionProgress")
    History = apps.get_model("tagesordnung", "HistoricalActionItem")
    done = ActionItem.objects.filter(status=DONE, completed_on__isnull=True)
    days = {
        row["action_id"]: timezone.localdate(row["at"])
        for row in ActionProgress.objects.filter(action__in=done, status=DONE)
        .values("action_id")
        .annotate(at=Max("created_at"))
        .order_by()
    }
    # Without a note: the last change of the history from not done to done.
    previous = {}
    for pk, status, at in (
        History.objects.filter(id__in=done.exclude(pk__in=list(days)).values("pk"))
        .order_by("id", "history_id")
        .values_list("id", "status", "history_date")
    ):
        if status == DONE and previous.get(pk, DONE) != DONE:
            days[pk] = timezone.localdate(at)
        previous[pk] = status
    for pk, day in days.items():
        ActionItem.objects.filter(pk=pk).update(completed_on=day)


class Migration(migrations.Migration):
    dependencies = [
        ("tagesordnung", "0009_files_into_database"),
    ]

    operations = [
        migrations.AddField(
            model_name="actionitem",
            name="completed_on",
            field=models.DateField(blank=True, null=True, verbose_name="completed on"),
        ),
        migrations.AddField(
            model_name="historicalactionitem",
            name="completed_on",
            field=models.DateField(blank=True, null=True, verbose_name="completed on"),
        ),
        migrations.RunPython(fill_completed_on, migrations.RunPython.noop),
    ]
