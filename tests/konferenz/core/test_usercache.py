"""Issues 27 and 32: the logged-in user kept in each process
(konferenz/core/usercache.py) – a pickled copy per user under the database's
``accounts`` stamp, the most recent users only, safe for threads.
tests/test_redis_faults.py runs it with a real Redis stopped."""

import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from konferenz.core import usercache

pytestmark = pytest.mark.django_db

FLOOR = "/gibt-es-nicht/"


def _queries(call):
    with CaptureQueriesContext(connection) as queries:
        result = call()
    return result, len(queries)


@pytest.fixture
def process_only(settings):
    """No shared cache: what the process keeps and the database."""
    settings.SIKO_SHARED_CACHE = False
    return settings


def test_without_a_shared_cache_the_floor_needs_only_the_session(
    client, organiser, process_only
):
    client.force_login(organiser)
    client.get(FLOOR)

    response, queries = _queries(lambda: client.get(FLOOR))

    assert response.status_code == 404
    assert "Konferenzen" in response.content.decode()
    assert queries == 1  # the session with the accounts stamp


def test_the_process_keeps_only_the_most_recent_users(
    make_member, police_authority, process_only
):
    process_only.SIKO_USER_CACHE_SIZE = 3
    users = [make_member(police_authority) for _ in range(5)]
    for user in users:
        usercache.load(user.pk)

    assert len(usercache.recent) == 3
    # Outside a request the stamp costs a query of its own.
    newest, queries = _queries(lambda: usercache.load(users[-1].pk))
    assert (newest.username, queries) == (users[-1].username, 1)
    oldest, queries = _queries(lambda: usercache.load(users[0].pk))
    # stamp, user with membership, the two kinds of second-factor device
    assert (oldest.username, queries) == (users[0].username, 4)
    assert len(usercache.recent) == 3


def test_every_request_gets_its_own_copy(organiser, process_only):
    first = usercache.load(organiser.pk)
    first.first_name = "Geändert"
    first.membership.is_authority_admin = True
    first._siko_devices["fremd"] = object()

    second = usercache.load(organiser.pk)
    third = usercache.load(organiser.pk)

    assert second is not first and second.membership is not first.membership
    assert second.first_name == organiser.first_name
    assert not second.membership.is_authority_admin
    assert "fremd" not in second._siko_devices
    assert third is not second and third.membership is not second.membership


def test_a_renewed_stamp_replaces_the_users_copy(organiser, process_only):
    kept = usercache.load(organiser.pk)
    assert kept.membership.is_organiser

    organiser.membership.is_organiser = False
    organiser.membership.save()  # the trigger renews the accounts stamp

    fresh, queries = _queries(lambda: usercache.load(organiser.pk))
    assert not fresh.membership.is_organiser
    assert queries > 1
    assert len(usercache.recent) == 1


def test_a_copy_under_another_stamp_is_never_served(settings):
    recent = usercache.Recent()
    recent.put(7, "alt", {"name": "alt"})

    assert recent.get(7, "neu") is None
    recent.put(7, "neu", {"name": "neu"})
    assert recent.get(7, "neu") == {"name": "neu"}
    assert recent.get(7, "alt") is None
    assert len(recent) == 1


def test_many_threads_keep_the_bound_and_their_own_users(settings):
    settings.SIKO_USER_CACHE_SIZE = 50
    recent = usercache.Recent()
    wrong = []

    def work(number):
        for step in range(400):
            user_id = (number * 37 + step) % 200
            recent.put(user_id, "stempel", {"id": user_id})
            found = recent.get(user_id, "stempel")
            if found is not None and found != {"id": user_id}:
                wrong.append((user_id, found))

    threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert wrong == []
    assert len(recent) == 50
