"""Behind the reverse proxy: the client address, the login lockout and the
limits on guessed links (issue 16)."""

import pytest
from django.test import Client
from django.urls import reverse

from konferenz.conferences.services import calendar_feed_issue
from konferenz.core.client import client_address
from teilnehmer.invitations import tokens
from teilnehmer.invitations.models import Invitation
from tests.factories import ConferenceFactory, InvitationFactory, MembershipFactory
from tests.helpers import login

pytestmark = pytest.mark.django_db

PASSWORD = "Geheim-Passwort-123"
PROXY = "127.0.0.1"


def _behind_proxy(address):
    """A browser at ``address``, seen through nginx on the same machine."""
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)


class _Request:
    def __init__(self, **meta):
        self.META = meta


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ({"REMOTE_ADDR": "203.0.113.7"}, "203.0.113.7"),
        # Someone outside the proxy cannot choose their address.
        (
            {"REMOTE_ADDR": "203.0.113.7", "HTTP_X_FORWARDED_FOR": "198.51.100.1"},
            "203.0.113.7",
        ),
        (
            {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "198.51.100.1"},
            "198.51.100.1",
        ),
        # nginx appends the address it saw: what the client wrote stays left.
        (
            {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "1.2.3.4, 198.51.100.1"},
            "198.51.100.1",
        ),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "kaputt"}, PROXY),
    ],
)
def test_client_address_believes_only_the_trusted_proxy(meta, expected):
    assert client_address(_Request(**meta)) == expected


def test_client_address_with_two_proxies_in_a_row(settings):
    settings.SIKO_PROXY_COUNT = 2
    request = _Request(
        REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.1, 10.0.0.5"
    )

    assert client_address(request) == "198.51.100.1"


def test_lockout_from_another_address_does_not_hit_the_victim(police_authority):
    MembershipFactory(police_authority=police_authority, user__username="dn-orga")
    attacker = _behind_proxy("203.0.113.66")
    for _ in range(6):
        login(attacker, "dn-orga", "falsch")

    victim = login(_behind_proxy("198.51.100.20"), "dn-orga", PASSWORD)

    assert login(attacker, "dn-orga", PASSWORD).status_code == 429
    assert victim.status_code == 302
    assert victim["Location"] == reverse("konferenz:dashboard")


def test_forged_forwarded_header_does_not_escape_the_lockout(police_authority):
    MembershipFactory(police_authority=police_authority, user__username="dn-orga")
    for n in range(5):
        login(
            Client(REMOTE_ADDR="203.0.113.66", HTTP_X_FORWARDED_FOR=f"10.9.9.{n}"),
            "dn-orga",
            "falsch",
        )

    response = login(
        Client(REMOTE_ADDR="203.0.113.66", HTTP_X_FORWARDED_FOR="10.9.9.99"),
        "dn-orga",
        PASSWORD,
    )

    assert response.status_code == 429


def test_200_partners_behind_one_proxy_all_get_their_page(police_authority):
    conference = ConferenceFactory(police_authority=police_authority)
    links = []
    for n in range(200):
        token = tokens.new_token()
        InvitationFactory(conference=conference, token_hash=tokens.token_hash(token))
        links.append((f"198.51.{n // 250}.{n % 250 + 1}", token))
    # An attacker behind the same proxy guesses first and is refused ...
    attacker = _behind_proxy("203.0.113.66")
    guesses = [attacker.get(f"/einladung/{tokens.new_token()}/") for _ in range(31)]
    assert guesses[0].status_code == 404
    assert guesses[-1].status_code == 429

    # ... while every partner opens their page, twice.
    statuses = set()
    for address, token in links:
        partner = _behind_proxy(address)
        statuses.add(partner.get(f"/einladung/{token}/").status_code)
        statuses.add(partner.get(reverse("partner:answer")).status_code)
        statuses.add(partner.get(reverse("partner:answer")).status_code)

    assert statuses == {302, 200}
    assert Invitation.objects.filter(conference=conference).count() == 200


def test_one_partner_reloading_often_is_never_refused(police_authority, settings):
    settings.SIKO_PARTNER_RATE_LIMIT = (5, 300)
    token = tokens.new_token()
    InvitationFactory(
        conference__police_authority=police_authority,
        token_hash=tokens.token_hash(token),
    )
    partner = _behind_proxy("198.51.100.5")

    statuses = {partner.get(f"/einladung/{token}/").status_code for _ in range(20)}

    assert statuses == {302}


def test_calendar_feed_guesses_are_limited(police_authority, settings):
    settings.SIKO_PARTNER_RATE_LIMIT = (5, 300)
    user = MembershipFactory(police_authority=police_authority).user
    token = calendar_feed_issue(user=user)
    guesser = _behind_proxy("203.0.113.66")
    url = reverse("konferenz:calendar-feed", args=[tokens.new_token()])
    statuses = [guesser.get(url).status_code for _ in range(6)]
    own = reverse("konferenz:calendar-feed", args=[token])

    assert statuses == [404] * 5 + [429]
    assert guesser.get(own).status_code == 429
    assert _behind_proxy("198.51.100.5").get(own).status_code == 200


def test_one_link_cannot_flood_the_organisers_but_its_neighbours_can_post(
    police_authority, settings
):
    settings.SIKO_PARTNER_RATE_LIMIT = (5, 300)
    conference = ConferenceFactory(police_authority=police_authority)
    first, second = tokens.new_token(), tokens.new_token()
    InvitationFactory(conference=conference, token_hash=tokens.token_hash(first))
    InvitationFactory(conference=conference, token_hash=tokens.token_hash(second))
    flooder = _behind_proxy("198.51.100.5")
    neighbour = _behind_proxy("198.51.100.5")
    flooder.get(f"/einladung/{first}/")
    neighbour.get(f"/einladung/{second}/")

    statuses = [
        flooder.post(reverse("partner:proposal"), {"title": f"Thema {n}"}).status_code
        for n in range(6)
    ]
    other = neighbour.post(reverse("partner:proposal"), {"title": "Mein Thema"})

    assert statuses == [302] * 5 + [429]
    assert other.status_code == 302


def test_a_mistyped_trusted_proxy_is_reported_by_check(settings):
    from django.core.checks import run_checks

    settings.SIKO_TRUSTED_PROXIES = ["127.0.0.1", "nginx.local"]

    assert "siko.E016" in {m.id for m in run_checks()}
