"""Issue 27: Redis may fail, the truth stays in the database.

These tests run SiKo against a real ``redis-server`` that each test starts
on a free loopback port (never the machine's shared one) and then stops,
pauses (SIGSTOP: it accepts connections and never answers) or restarts from
an older dump. Without the ``redis-server`` binary they are skipped with the
reason.
"""

import shutil
import time

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from bench.faults import RedisServer
from konferenz.core import rediscache
from konferenz.core.classification import Classification
from konferenz.core.models import Membership
from teilnehmer.invitations.models import Invitation
from tests.factories import (
    AgendaItemFactory,
    ConferenceFactory,
    InvitationFactory,
    MembershipFactory,
)
from tests.helpers import sent_token

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        shutil.which("redis-server") is None, reason="redis-server is not installed"
    ),
]

PASSWORD = "Geheim-Passwort-123"
ANSWER_URL = "/einladung/antwort/"
#: Far below the 2 s the issue allows for a request while Redis hangs.
LIMIT_SECONDS = 2.0


@pytest.fixture
def redis_server(tmp_path, settings):
    server = RedisServer(tmp_path)  # the scale-out run's own (bench/faults.py)
    server.start()
    settings.CACHES = rediscache.caches(server.url, timeout=0.25)
    settings.SIKO_REDIS_PAUSE = 1
    rediscache.breaker.reset()
    yield server
    server.stop()
    rediscache.breaker.reset()


@pytest.fixture
def world(police_authority, django_capture_on_commit_callbacks):
    """A conference with an internal and a VS-NfD item, an invitation with
    its partner link, an organiser (VS-NfD) and a reader without clearance,
    each logged in with the password."""
    conference = ConferenceFactory(police_authority=police_authority)
    AgendaItemFactory(conference=conference, title="Lagebild Innenstadt", position=1)
    secret = AgendaItemFactory(
        conference=conference,
        title="Observation Hafen",
        position=2,
        classification=Classification.INTERNAL,
    )
    organiser = MembershipFactory(
        police_authority=police_authority, is_organiser=True, may_read_vs_nfd=True
    ).user
    reader = MembershipFactory(police_authority=police_authority).user
    invitation = InvitationFactory(
        conference=conference,
        contact__first_name="Petra",
        contact__last_name="Beispiel",
        contact__email="petra.beispiel@sta.example",
    )
    token = sent_token(invitation, organiser, django_capture_on_commit_callbacks)
    return {
        "conference": conference,
        "secret": secret,
        "organiser": organiser,
        "reader": reader,
        "invitation": invitation,
        "token": token,
    }


def _login(user):
    client = Client()
    response = client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert response["Location"] != reverse("login")
    return client


def _pages(conference):
    return {
        "dashboard": reverse("konferenz:dashboard"),
        "overview": reverse("konferenz:conference-detail", args=[conference.pk]),
        "agenda": reverse("tagesordnung:agenda", args=[conference.pk]),
        "answers": reverse("invitations:overview", args=[conference.pk]),
    }


def _timed(call):
    started = time.monotonic()
    response = call()
    return response, time.monotonic() - started


def _partner_answers(token, comment):
    partner = Client()
    opened = partner.get(reverse("partner:open", args=[token]))
    assert opened.status_code in (200, 302)
    page = partner.get(ANSWER_URL)
    assert page.status_code == 200
    assert "Petra Beispiel" in page.content.decode()
    response = partner.post(ANSWER_URL, {"answer": "accepted", "comment": comment})
    assert response.status_code == 302
    return partner


def test_redis_stopped_every_page_login_and_partner_answer_work(redis_server, world):
    organiser = _login(world["organiser"])
    for url in _pages(world["conference"]).values():
        assert organiser.get(url).status_code == 200  # warm

    redis_server.stop()

    for name, url in _pages(world["conference"]).items():
        response, seconds = _timed(lambda url=url: organiser.get(url))
        assert response.status_code == 200, name
        assert seconds < LIMIT_SECONDS, name
    agenda = organiser.get(_pages(world["conference"])["agenda"]).content.decode()
    assert "Lagebild Innenstadt" in agenda
    # A login while Redis is gone, and the partner's answer through the link.
    assert (
        _login(world["reader"]).get(reverse("konferenz:dashboard")).status_code == 200
    )
    _partner_answers(world["token"], "Zusage ohne Redis")
    answer = Invitation.objects.get(pk=world["invitation"].pk)
    assert answer.answer == Invitation.Answer.ACCEPTED
    assert answer.comment == "Zusage ohne Redis"
    answers = organiser.get(_pages(world["conference"])["answers"]).content.decode()
    assert "Zusage ohne Redis" in answers

    # Back again: the cache is used again and shows the same truth.
    redis_server.start()
    rediscache.breaker.reset()
    answers = organiser.get(_pages(world["conference"])["answers"]).content.decode()
    assert "Zusage ohne Redis" in answers
    assert redis_server.client().dbsize() > 0


def test_redis_hung_every_request_answers_quickly(redis_server, world):
    organiser = _login(world["organiser"])
    for url in _pages(world["conference"]).values():
        organiser.get(url)

    redis_server.pause()
    try:
        slowest = 0.0
        for name, url in _pages(world["conference"]).items():
            response, seconds = _timed(lambda url=url: organiser.get(url))
            assert response.status_code == 200, name
            slowest = max(slowest, seconds)
        response, seconds = _timed(lambda: _login(world["reader"]))
        slowest = max(slowest, seconds)
        partner, seconds = _timed(lambda: _partner_answers(world["token"], "Hängt"))
        slowest = max(slowest, seconds)
    finally:
        redis_server.resume()

    assert slowest < LIMIT_SECONDS
    assert Invitation.objects.get(pk=world["invitation"].pk).comment == "Hängt"


def test_redis_restored_from_an_older_snapshot_serves_nothing_stale(
    redis_server, world
):
    conference = world["conference"]
    organiser = _login(world["organiser"])
    reader = _login(world["reader"])
    leaving = _login(world["organiser"])
    pages = _pages(conference)
    for client in (organiser, reader, leaving):
        for url in pages.values():
            assert client.get(url).status_code == 200
    assert "Observation Hafen" in reader.get(pages["agenda"]).content.decode()
    redis_server.client().save()  # the snapshot

    # Changes after the snapshot: the item is raised to VS-NfD, a partner
    # answers, a session logs out.
    secret = world["secret"]
    secret.classification = Classification.VS_NFD
    secret.save()
    _partner_answers(world["token"], "Nach dem Schnappschuss")
    assert leaving.post(reverse("logout")).status_code == 302
    for client in (organiser, reader):
        for url in pages.values():
            client.get(url)

    # Redis dies and comes back from the older dump.
    redis_server.stop()
    redis_server.start()
    rediscache.breaker.reset()
    assert redis_server.client().dbsize() > 0  # the old entries are back

    assert "Observation Hafen" not in reader.get(pages["agenda"]).content.decode()
    assert "Observation Hafen" in organiser.get(pages["agenda"]).content.decode()
    answers = organiser.get(pages["answers"]).content.decode()
    assert "Nach dem Schnappschuss" in answers
    response = leaving.get(pages["dashboard"])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_database_rolled_back_under_a_live_cache_shows_the_database(
    redis_server, world
):
    """A restore brings back an older database while Redis keeps what it
    rendered since. A rolled-back transaction is the same in small: the
    cache was filled from rows the database then no longer has."""
    from django.db import transaction

    organiser = _login(world["organiser"])
    url = _pages(world["conference"])["answers"]
    organiser.get(url)

    class Restore(Exception):
        pass

    with pytest.raises(Restore), transaction.atomic():
        Invitation.objects.filter(pk=world["invitation"].pk).update(
            comment="Nur im verworfenen Stand"
        )
        assert "Nur im verworfenen Stand" in organiser.get(url).content.decode()
        raise Restore

    assert "Nur im verworfenen Stand" not in organiser.get(url).content.decode()


def test_a_new_build_serves_no_part_of_the_old_one(redis_server, world, monkeypatch):
    from konferenz.core import changestamp

    built = []

    def build():
        built.append(1)
        return f"Teil {len(built)}"

    conference = world["conference"]
    first = changestamp.cached(kind="probe", conference_id=conference.pk, build=build)
    again = changestamp.cached(kind="probe", conference_id=conference.pk, build=build)
    assert (first, again, len(built)) == ("Teil 1", "Teil 1", 1)

    monkeypatch.setattr(changestamp, "build_id", lambda: "eine-neue-fassung")
    after = changestamp.cached(kind="probe", conference_id=conference.pk, build=build)

    assert after == "Teil 2"


def test_cache_is_really_used_when_redis_runs(redis_server, world):
    organiser = _login(world["organiser"])
    organiser.get(_pages(world["conference"])["agenda"])
    keys = [key.decode() for key in redis_server.client().keys("*")]
    assert any(":part:" in key and "agenda-page" in key for key in keys)
    assert any(":user:" in key for key in keys)
    assert cache.get("nicht-da") is None


def test_a_hung_redis_costs_one_timeout_then_is_skipped(redis_server, settings):
    settings.SIKO_REDIS_PAUSE = 5
    cache.set("probe", "da", 60)
    assert cache.get("probe") == "da"

    redis_server.pause()
    try:
        started = time.monotonic()
        answers = [cache.get("probe") for _ in range(20)]
        seconds = time.monotonic() - started
    finally:
        redis_server.resume()

    assert answers == [None] * 20  # a miss, never an error
    assert seconds < 1.0  # one timeout (0.25 s), then the breaker skips Redis
    assert rediscache.breaker.is_open()


# The logged-in user kept in the process as well (konferenz/core/usercache.py)

#: A logged-in 404: base.html and nothing of its own (the floor).
FLOOR = "/gibt-es-nicht/"
#: The queries of a page whose cached parts all miss, with the user known:
#: as many with Redis running as with Redis stopped.
MISSED_QUERIES = {"floor": 1, "dashboard": 6, "overview": 5, "agenda": 6, "answers": 4}


def _counted(client, url):
    """The response and the number of its SQL queries."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def _queries(client, url):
    return _counted(client, url)[1]


def _redis_gets(redis_server):
    stats = redis_server.client().info("commandstats")
    return stats.get("cmdstat_get", {}).get("calls", 0)


def test_redis_stopped_a_page_costs_the_queries_of_a_page_cache_miss(
    redis_server, world
):
    organiser = _login(world["organiser"])
    pages = {"floor": FLOOR, **_pages(world["conference"])}
    missed = {}
    for name, url in pages.items():
        organiser.get(url)
        redis_server.client().flushall()  # every cached part (and user) is gone
        missed[name] = _queries(organiser, url)

    redis_server.stop()

    stopped = {name: _queries(organiser, url) for name, url in pages.items()}
    assert stopped == missed == MISSED_QUERIES


def test_the_floor_asks_redis_nothing_for_a_user_the_process_knows(redis_server, world):
    organiser = _login(world["organiser"])
    organiser.get(FLOOR)
    asked = _redis_gets(redis_server)

    response = organiser.get(FLOOR)

    assert response.status_code == 404
    assert "Konferenzen" in response.content.decode()
    assert _redis_gets(redis_server) == asked


def _verified_session(user):
    device = TOTPDevice.objects.create(user=user, name="App", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client, device


def test_redis_stopped_a_verified_session_costs_one_query(
    redis_server, world, settings
):
    settings.SIKO_MFA_REQUIRED = True
    organiser, _device = _verified_session(world["organiser"])
    assert organiser.get(FLOOR).status_code == 404

    redis_server.stop()

    response, queries = _counted(organiser, FLOOR)
    assert response.status_code == 404  # not sent to the second factor
    assert queries == 1


def _redis(redis_server, state):
    if state == "stopped":
        redis_server.stop()


@pytest.mark.parametrize("state", ["running", "stopped"])
def test_a_role_changed_elsewhere_counts_at_the_next_request(
    redis_server, world, state
):
    reader = _login(world["reader"])
    users = reverse("konferenz:user-list")
    assert reader.get(users).status_code == 403
    _redis(redis_server, state)

    # Another process, straight in the database (no signal of this one).
    Membership.objects.filter(user=world["reader"]).update(is_authority_admin=True)
    assert reader.get(users).status_code == 200

    Membership.objects.filter(user=world["reader"]).update(is_authority_admin=False)
    assert reader.get(users).status_code == 403


@pytest.mark.parametrize("state", ["running", "stopped"])
def test_a_membership_removed_elsewhere_is_refused_at_the_next_request(
    redis_server, world, state
):
    reader = _login(world["reader"])
    overview = _pages(world["conference"])["overview"]
    assert reader.get(overview).status_code == 200
    _redis(redis_server, state)

    Membership.objects.filter(user=world["reader"])._raw_delete("default")

    response = reader.get(overview)
    assert response.status_code in (403, 404)
    assert world["conference"].title not in response.content.decode()


@pytest.mark.parametrize("state", ["running", "stopped"])
def test_a_user_deactivated_elsewhere_is_refused_at_the_next_request(
    redis_server, world, state
):
    organiser = _login(world["organiser"])
    dashboard = reverse("konferenz:dashboard")
    assert organiser.get(dashboard).status_code == 200
    _redis(redis_server, state)

    get_user_model().objects.filter(pk=world["organiser"].pk).update(is_active=False)

    response = organiser.get(dashboard)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("state", ["running", "stopped"])
def test_a_device_removed_elsewhere_counts_at_the_next_request(
    redis_server, world, settings, state
):
    settings.SIKO_MFA_REQUIRED = True
    organiser, device = _verified_session(world["organiser"])
    dashboard = reverse("konferenz:dashboard")
    assert organiser.get(dashboard).status_code == 200
    _redis(redis_server, state)

    # Raw SQL: no signal ends the session; only the trigger sees it.
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {device._meta.db_table} WHERE id = %s",  # noqa: S608
            [device.pk],
        )

    response = organiser.get(dashboard)
    assert response.status_code == 302
    assert response["Location"] == reverse("konferenz:mfa-setup")
