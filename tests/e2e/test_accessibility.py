"""axe-core over every main page, with the demo data (real-sized content)."""

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from konferenz.core.models import Conference
from teilnehmer.addressbook.models import Authority
from tests.e2e.conftest import check_accessibility, login

pytestmark = pytest.mark.django_db(transaction=True)

DEMO_PASSWORD = "SiKo-Demo-2026!"


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo")
    settings.DEBUG = False


def _pages():
    held = Conference.objects.get(police_authority__press_code="DN", date__year=2019)
    upcoming = Conference.objects.filter(
        police_authority__press_code="DN", date__gt=timezone.localdate()
    ).get()
    authority = Authority.objects.filter(police_authority__press_code="DN").first()
    return [
        reverse("konferenz:dashboard"),
        reverse("konferenz:conference-list"),
        reverse("konferenz:conference-create"),
        held.get_absolute_url(),
        reverse("konferenz:conference-edit", args=[upcoming.pk]),
        reverse("invitations:overview", args=[upcoming.pk]),
        reverse("invitations:invitees-add", args=[upcoming.pk]),
        reverse("invitations:checkin", args=[upcoming.pk]),
        reverse("tagesordnung:agenda", args=[upcoming.pk]),
        reverse("tagesordnung:agenda", args=[held.pk]),
        reverse("tagesordnung:minutes", args=[held.pk]),
        reverse("tagesordnung:minutes-history", args=[held.pk]),
        reverse("tagesordnung:action-list"),
        reverse("tagesordnung:minutes-search") + "?q=Kinderschutz",
        reverse("tagesordnung:topic-list"),
        reverse("konferenz:press-release", args=[held.pk]),
        reverse("teilnehmer:authority-list"),
        reverse("teilnehmer:authority-detail", args=[authority.pk]),
        reverse("teilnehmer:import-upload"),
        reverse("konferenz:calendar-subscription"),
        reverse("konferenz:statistics"),
    ]


def test_every_main_page_is_accessible(page, live_server, demo):
    login(page, live_server, "dn-organisation", DEMO_PASSWORD)
    for path in _pages():
        response = page.goto(f"{live_server.url}{path}")
        assert response.status == 200, path
        try:
            check_accessibility(page)
        except AssertionError as error:
            raise AssertionError(f"{path}: {error}") from None

    # The ministry's and the press office's own pages.
    page.context.clear_cookies()
    login(page, live_server, "ministerium", DEMO_PASSWORD)
    for name in ("konferenz:ministry-overview", "konferenz:ministry-topics"):
        page.goto(f"{live_server.url}{reverse(name)}")
        check_accessibility(page)

    page.context.clear_cookies()
    login(page, live_server, "dn-presse", DEMO_PASSWORD)
    held = Conference.objects.get(police_authority__press_code="DN", date__year=2019)
    page.goto(
        f"{live_server.url}{reverse('konferenz:press-release-edit', args=[held.pk])}"
    )
    check_accessibility(page)
