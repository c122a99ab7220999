"""Upgrades tested (issue 29): a database at the migration state of the
previous release (before the partner link for the year, issue 28) is
migrated to the current state and keeps its data.

The rows are made with the current factories, the schema is then migrated
back to the previous release (its columns of the newer migrations dropped),
one row is changed there through the historical model - as the old code would
have written it - and the database is migrated forward again, as
``manage.py migrate`` does on an upgrade (with the trigger handling of
konferenz/core/stamps.py)."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from konferenz.core import stamps
from teilnehmer.invitations.models import Invitation
from tests.factories import AgendaItemFactory, AttachmentFactory, InvitationFactory

#: The leaf migrations of the previous release (main before issue 28).
PREVIOUS_RELEASE = [
    ("konferenz", "0012_change_stamps_and_rate_counts"),
    ("teilnehmer", "0006_history_reason_einlass"),
    ("tagesordnung", "0008_merge_comment_state_and_classification"),
]
TABLES = (
    "konferenz_conference",
    "konferenz_policeauthority",
    "teilnehmer_invitation",
    "teilnehmer_contact",
    "tagesordnung_agendaitem",
    "tagesordnung_attachment",
)


def _snapshot():
    with connection.cursor() as cursor:
        counts = {}
        for table in TABLES:
            cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed names
            counts[table] = cursor.fetchone()[0]
    invitations = sorted(
        Invitation.objects.values_list("pk", "conference_id", "contact_id", "answer")
    )
    return counts, invitations


@pytest.mark.django_db(transaction=True)
def test_previous_release_migrates_to_current_with_its_data(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path)
    invitation = InvitationFactory()
    InvitationFactory(conference=invitation.conference)
    attachment = AttachmentFactory(
        item=AgendaItemFactory(conference=invitation.conference)
    )
    content = attachment.file.open("rb").read()
    before = _snapshot()

    # Back to the previous release's schema with the command, as an operator
    # would: its triggers are written for the columns the database has (a
    # trigger naming a missing column would refuse every write).
    for app, name in PREVIOUS_RELEASE:
        call_command("migrate", app, name, verbosity=0)
    executor = MigrationExecutor(connection)
    old_apps = executor.loader.project_state(PREVIOUS_RELEASE).apps
    OldInvitation = old_apps.get_model("teilnehmer", "Invitation")
    assert "link_secret" not in {f.name for f in OldInvitation._meta.get_fields()}
    # What the old code writes: a row, and its files below MEDIA_ROOT (the
    # store in the database came with issue 29).
    OldInvitation.objects.filter(pk=invitation.pk).update(token_hash="a" * 64)
    assert "konferenz_storedfile" not in connection.introspection.table_names()
    old_file = tmp_path / attachment.file.name
    old_file.parent.mkdir(parents=True)
    old_file.write_bytes(content)

    call_command("migrate", verbosity=0)

    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    assert _snapshot() == before
    assert stamps._existing(connection)  # the triggers are back
    upgraded = Invitation.objects.get(pk=invitation.pk)
    assert upgraded.token_hash == "a" * 64
    # The columns of the new release start empty for old rows.
    assert upgraded.link_secret == ""
    assert upgraded.previous_token_hash is None
    assert upgraded.link_mailed_at is None
    # The old release's file moved into the database's store.
    with type(attachment).objects.get(pk=attachment.pk).file.open("rb") as stored:
        assert stored.read() == content
