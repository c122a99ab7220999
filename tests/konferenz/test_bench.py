import datetime

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from konferenz.core.models import Conference
from konferenz.management.commands import seed_bench
from tagesordnung.agenda.models import AgendaItem
from tagesordnung.minutes.models import ActionItem, Minutes
from teilnehmer.addressbook.models import Contact
from teilnehmer.invitations import tokens
from teilnehmer.invitations.models import Invitation

pytestmark = pytest.mark.django_db


def test_seed_bench_refuses_without_force_when_debug_is_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="--force"):
        call_command("seed_bench")


def test_seed_bench_is_reproducible_and_sized(monkeypatch, settings):
    settings.DEBUG = True
    monkeypatch.setattr(seed_bench, "AUTHORITIES_PER_TENANT", 20)
    monkeypatch.setattr(seed_bench, "INVITATIONS_PER_CONFERENCE", 5)
    monkeypatch.setattr(seed_bench, "YEARS", 2)

    call_command("seed_bench")

    concurrency = Conference.objects.get(title=seed_bench.CONCURRENCY_TITLE)
    assert Conference.objects.count() == 47 * 2 * 2 + 1
    assert Contact.objects.count() == 47 * 20 * 4
    assert Invitation.objects.exclude(conference=concurrency).count() == 47 * 2 * 2 * 5
    assert concurrency.invitations.count() == 80  # all of Düren's 20 × 4 contacts
    assert AgendaItem.objects.count() == 47 * 2 * 2 * 12
    past = Conference.objects.filter(date__lt=datetime.date(2026, 11, 22)).exclude(
        status="cancelled"
    )
    assert Minutes.objects.count() == past.count() > 0
    assert ActionItem.objects.count() == past.count() * 5
    partner = tokens.find_invitation(seed_bench.PARTNER_TOKEN)
    assert partner.conference.police_authority.press_code == "DN"
    with pytest.raises(CommandError, match="leere"):
        call_command("seed_bench")


def test_query_count_header_only_when_enabled(client, reader, settings):
    settings.MIDDLEWARE = [
        "konferenz.querycount.QueryCountMiddleware",
        *settings.MIDDLEWARE,
    ]
    client.force_login(reader)

    response = client.get("/")

    assert int(response["X-SiKo-Queries"]) > 0
    plain = Client()
    settings.MIDDLEWARE = settings.MIDDLEWARE[1:]
    plain.force_login(reader)
    assert "X-SiKo-Queries" not in plain.get("/")
