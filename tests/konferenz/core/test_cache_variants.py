"""Issue 33: every cached page's key names each permission its template asks
for. Two readers of one authority who differ in one role must each see the
page as it is rendered for them, whoever filled the cache first: if a key left
out a permission the template checks, the second reader would get the first
one's buttons, links or classified rows.

Probed on the demo (every feature has data there) for each cached staff page
and each role, in both orders (with the role first, and without it first)."""

import io
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from konferenz.accounts.services import ROLE_FIELDS
from konferenz.core.models import Conference, PoliceAuthority
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

#: What differs between two renderings of the same page for the same reader:
#: the masked CSRF token (64 letters and digits), put in after the cache.
VOLATILE = re.compile(r"\b[A-Za-z0-9]{64}\b")


def _pages(tenant):
    conferences = Conference.objects.filter(police_authority=tenant)
    past = (
        conferences.filter(minutes__isnull=False, press_release__isnull=False)
        .order_by("-date")
        .first()
    )
    upcoming = conferences.order_by("-date").first()
    assert past is not None and upcoming is not None
    pages = [
        reverse("konferenz:dashboard"),
        reverse("konferenz:conference-list"),
        reverse("teilnehmer:authority-list"),
        reverse("tagesordnung:action-list"),
        reverse("konferenz:statistics"),
    ]
    pages += [
        reverse("konferenz:conference-detail", args=[past.pk]),
        reverse("tagesordnung:minutes", args=[past.pk]),
        reverse("konferenz:press-release", args=[past.pk]),
    ]
    for conference in {past, upcoming}:  # answers and proposals before the day
        pages += [
            reverse("invitations:overview", args=[conference.pk]),
            reverse("tagesordnung:agenda", args=[conference.pk]),
        ]
    return pages


def _reader(tenant, roles):
    user = MembershipFactory(police_authority=tenant, **dict.fromkeys(roles, True)).user
    client = Client()
    client.force_login(user)
    return client


def _page(client, url):
    response = client.get(url)
    return response.status_code, VOLATILE.sub("…", response.content.decode())


def _differs(first, second, url):
    """What ``second`` sees after ``first`` filled the cache, when it is not
    what ``second`` sees from a cold cache."""
    cache.clear()
    _page(first, url)
    after_first = _page(second, url)
    cache.clear()
    alone = _page(second, url)
    return after_first != alone


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo", stdout=io.StringIO())
    settings.DEBUG = False


def test_no_cached_page_serves_one_role_to_another(demo):
    tenant = PoliceAuthority.objects.get(press_code="GE")
    every_role = set(ROLE_FIELDS.values())
    # A press-office-only account sees public facts only (view_internal).
    pairs = [(every_role, every_role - {field}) for field in sorted(every_role)]
    pairs.append(({"is_press_office"}, set()))
    pairs.append(({"is_press_office"}, {"is_organiser"}))
    pages = _pages(tenant)
    wrong = []
    for with_role, without in pairs:
        a, b = _reader(tenant, with_role), _reader(tenant, without)
        for url in pages:
            for first, second, who in ((a, b, "without"), (b, a, "with")):
                if _differs(first, second, url):
                    gone = sorted(with_role - without)
                    wrong.append(f"{url}: reader {who} {gone} got the other's page")
    assert not wrong, "\n".join(wrong)
