"""Background work of the minutes: the archive copy written after approval."""

from django.core.files.base import ContentFile
from django_tasks import task

from tagesordnung.minutes import exports as minutes_exports
from tagesordnung.minutes.models import Minutes, MinutesSnapshot


@task()
def store_minutes_archive(snapshot_id: int):
    """Write the PDF/A archive copy of an approved version (once)."""
    snapshot = (
        MinutesSnapshot.objects.select_related(
            "minutes__conference__police_authority",
            "minutes__approved_by",
            "minutes__minute_taker",
        )
        .filter(pk=snapshot_id)
        .first()
    )
    if snapshot is None or snapshot.archive:
        return
    minutes = snapshot.minutes
    if (
        minutes.revision != snapshot.revision
        or minutes.status != Minutes.Status.APPROVED
    ):
        return  # a correction began in between: this version is gone
    data = minutes_exports.archive_pdf(minutes)
    name = minutes_exports.archive_file_name(minutes, snapshot.revision)
    snapshot.archive.save(name, ContentFile(data), save=True)
