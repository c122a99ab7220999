from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from konferenz.core import ratelimit, usercache
from tests.factories import MembershipFactory, PoliceAuthorityFactory

#: The rate-limit clock of the tests: it stands still (``_fresh_cache``).
RATE_LIMIT_CLOCK = 1_800_000_000.0


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
