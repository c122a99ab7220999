"""Backup and restore need PostgreSQL (issue 29): on SQLite both commands
refuse in German. (The round trip is tests/ops/test_backup.py: a
transactional test, in a file of its own so that it runs after the others.)"""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection


@pytest.mark.django_db
def test_sqlite_is_refused_in_german():
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite refusal: the suite runs on PostgreSQL")
    with pytest.raises(CommandError, match="nur mit PostgreSQL"):
        call_command("backup")
    with pytest.raises(CommandError, match="nur mit PostgreSQL"):
        call_command("restore", "egal.tar")
