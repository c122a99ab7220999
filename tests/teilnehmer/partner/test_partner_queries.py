"""Issue 22: the partner page finds its invitation with a narrow query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from konferenz.core import stamps
from tests.factories import InvitationFactory
from tests.helpers import sent_token

pytestmark = pytest.mark.django_db

ANSWER_URL = "/einladung/antwort/"


def _lookup(queries):
    return next(
        q["sql"]
        for q in queries
        if q["sql"].startswith("SELECT") and '"token_hash" =' in q["sql"]
    )


def test_partner_page_lookup_joins_only_what_every_page_needs(
    client, invitation, organiser, conference, django_capture_on_commit_callbacks
):
    token = sent_token(invitation, organiser, django_capture_on_commit_callbacks)
    client.get(f"/einladung/{token}/")
    client.get(ANSWER_URL)
    stamps.touch(conference.pk)  # the agenda is read anew
    with CaptureQueriesContext(connection) as first:
        response = client.get(ANSWER_URL)
    InvitationFactory.create_batch(5, conference=conference)  # touches it too
    with CaptureQueriesContext(connection) as again:
        client.get(ANSWER_URL)
    with CaptureQueriesContext(connection) as cached:
        client.get(ANSWER_URL)

    assert response.status_code == 200
    lookup = _lookup(first.captured_queries)
    # invitation, conference, police authority, contact, authority, sender
    assert lookup.count(" JOIN ") == 5
    assert len(again.captured_queries) == len(first.captured_queries)
    # The page (agenda, proposals, minutes, actions) comes from the cache:
    # only the invitation of the link is read, besides the session and the
    # change stamps (from the database, the truth).
    assert [_lookup(cached.captured_queries)] == [
        q["sql"]
        for q in cached.captured_queries
        if "django_session" not in q["sql"]
        and not q["sql"].startswith('SELECT "konferenz_changestamp"')
    ]
