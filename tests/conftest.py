from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test import Client, TestCase, TransactionTestCase
from django.utils import timezone

from konferenz.core import ratelimit, usercache
from tests.factories import MembershipFactory, PoliceAuthorityFactory

#: The rate-limit clock of the tests: it stands still (``_fresh_cache``).
RATE_LIMIT_CLOCK = 1_800_000_000.0

#: The database as the migrations left it, and the blocker to reach it with.
PRELOADED = pytest.StashKey[tuple]()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker, request):
    """The test database, and a copy of the rows its migrations preload.

    A transactional test empties the database when it ends (the 47 police
    authorities, the shared topics, content types included). xdist's
    ``--dist loadfile`` hands out files by size, not in pytest-django's
    order, so ordinary tests may follow on the same worker;
    ``pytest_runtest_teardown`` puts the copy back after each such test."""
    with django_db_blocker.unblock():
        rows = connection.creation.serialize_db_to_string()
    request.config.stash[PRELOADED] = (django_db_blocker, rows)
    return django_db_setup


def _transactional(item):
    """Whether pytest-django flushes the database after ``item``."""
    cls = getattr(item, "cls", None)
    if cls is not None and issubclass(cls, TransactionTestCase):
        return not issubclass(cls, TestCase)
    marker = item.get_closest_marker("django_db")
    if marker and (
        marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
    ):
        return True
    names = getattr(item, "fixturenames", ())
    return "transactional_db" in names or "live_server" in names


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """After a transactional test, the preloaded rows are back."""
    try:
        return (yield)
    finally:
        preloaded = item.config.stash.get(PRELOADED, None)
        if nextitem is not None and preloaded and _transactional(item):
            blocker, rows = preloaded
            with blocker.unblock():
                # Left by the test's flush: the content types and permissions
                # that post_migrate re-created (new keys), change stamps.
                # Deleting them is cheaper than a second flush (PostgreSQL).
                for model in apps.get_models():
                    if model._base_manager.exists():
                        model._base_manager.all().delete()
                connection.creation.deserialize_db_from_string(rows)
                connection.close()
            # Cached by post_migrate with the deleted keys.
            ContentType.objects.clear_cache()


@pytest.fixture(autouse=True)
def _fresh_cache(monkeypatch):
    """Rate-limit counts live in the cache; every test starts without any,
    and without users kept in the process (konferenz/core/usercache.py).

    Their windows are fixed slices of the clock (konferenz/core/ratelimit.py):
    a test whose requests straddled a slice's end would see its count start
    again. The rate-limit clock therefore stands still."""
    cache.clear()
    usercache.recent.clear()
    monkeypatch.setattr(
        ratelimit, "time", SimpleNamespace(time=lambda: RATE_LIMIT_CLOCK)
    )


@pytest.fixture
def police_authority(db):
    return PoliceAuthorityFactory()


@pytest.fixture
def other_police_authority(db):
    return PoliceAuthorityFactory()


@pytest.fixture
def make_member(db):
    """A user of ``police_authority`` (default: a new one) with the given roles."""

    def make(police_authority=None, **roles):
        kwargs = {"police_authority": police_authority} if police_authority else {}
        return MembershipFactory(**kwargs, **roles).user

    return make


@pytest.fixture
def organiser(make_member, police_authority):
    return make_member(police_authority, is_organiser=True, may_read_vs_nfd=True)


@pytest.fixture
def reader(make_member, police_authority):
    return make_member(police_authority)


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


@pytest.fixture
def reader_client(reader):
    """A second browser, logged in as ``reader`` (no roles)."""
    client = Client()
    client.force_login(reader)
    return client


@pytest.fixture
def ministry_client(client):
    client.force_login(MembershipFactory(police_authority=None, is_ministry=True).user)
    return client


@pytest.fixture
def today():
    return timezone.localdate()
