"""The demo (``manage.py load_demo``) on any day: the README's partner links
answer, the head has minutes and a press release to approve, a second load
changes nothing, a load on another day renews the dates, and ``--reset``
removes everything the demo made, history rows included."""

import datetime
import io
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from konferenz.core.models import Conference, ConferenceTransition
from konferenz.press.models import PressRelease
from tagesordnung.minutes.models import Minutes
from teilnehmer.addressbook.models import Contact
from teilnehmer.invitations.models import Invitation
from teilnehmer.partner.views import SESSION_KEY

pytestmark = pytest.mark.django_db

BERLIN = ZoneInfo("Europe/Berlin")
ROOT = Path(settings.BASE_DIR)
README_LINK = re.compile(r"http://127\.0\.0\.1:8000(/einladung/[A-Za-z0-9_-]{43}/)")


@pytest.fixture
def day(monkeypatch, settings):
    """Freeze "now" at 10:00 Berlin time of the given day (``timezone.now``
    is what every date of the demo and the deadline checks read)."""
    settings.DEBUG = True

    def freeze(date):
        instant = datetime.datetime.combine(date, datetime.time(10), BERLIN)
        monkeypatch.setattr(timezone, "now", lambda: instant)
        return date

    return freeze


def _load(*args):
    call_command("load_demo", *args, stdout=io.StringIO())


def _readme_links():
    links = README_LINK.findall((ROOT / "README.md").read_text(encoding="utf-8"))
    assert len(links) == 3, links
    return links


def _history_counts():
    return {
        model.__name__: model._default_manager.count()
        for app in ("konferenz", "teilnehmer", "tagesordnung")
        for model in apps.get_app_config(app).get_models()
        if model.__name__.startswith("Historical")
    }


@pytest.mark.parametrize(
    "today",
    [
        datetime.date(2026, 12, 1),  # the day the fixed demo had gone stale
        datetime.date(2027, 1, 31),  # a month's last day
        datetime.date(2028, 2, 29),  # leap day, two years on
    ],
)
def test_demo_works_on_any_day(client, day, today):
    day(today)
    _load()

    # The README's partner links of the conferences next month take an answer.
    for path in _readme_links()[:2]:
        page = client.get(path, follow=True)
        assert page.status_code == 200
        html = page.content.decode()
        assert "Antwort senden" in html, path
        assert "Die Antwortfrist ist abgelaufen" not in html
        response = client.post(page.redirect_chain[-1][0], {"answer": "accepted"})
        assert response.status_code == 302
        invitation = Invitation.objects.get(pk=_linked(client))
        assert invitation.answer == Invitation.Answer.ACCEPTED
        assert invitation.conference.date.month == (today.month % 12) + 1

    # Last month's minutes are in review by the participants present …
    minutes = Minutes.objects.get(
        conference__police_authority__press_code="GE",
        conference__date__lt=today,
        conference__date__gte=today - datetime.timedelta(days=62),
    )
    assert minutes.status == Minutes.Status.IN_REVIEW
    assert minutes.comments_until > today
    # … and the link of a participant present shows the draft to comment on.
    page = client.get(_readme_links()[2], follow=True).content.decode()
    assert "Kommentar" in page
    # The press release of that conference waits for the head's approval.
    release = PressRelease.objects.get(conference=minutes.conference)
    assert release.status == PressRelease.Status.DRAFT
    # The head approves both.
    client.force_login(get_user_model().objects.get(username="ge-leitung"))
    conference = minutes.conference
    # The comment period still runs: the head confirms approving before its end.
    client.post(
        reverse("tagesordnung:minutes-transition", args=[conference.pk]),
        {"step": "approve", "period_ok": "on"},
    )
    client.post(reverse("konferenz:press-release-approve", args=[conference.pk]))
    minutes.refresh_from_db()
    release.refresh_from_db()
    assert minutes.status == Minutes.Status.APPROVED
    assert release.status == PressRelease.Status.APPROVED
    # The seed conferences are history.
    held = Conference.objects.filter(
        police_authority__press_code__in=["DN", "GE", "LIP"], date__year__lte=2021
    )
    assert set(held.values_list("date", flat=True)) >= {
        datetime.date(2019, 10, 30),
        datetime.date(2019, 4, 29),
        datetime.date(2019, 11, 19),
        datetime.date(2020, 11, 17),
        datetime.date(2021, 11, 16),
    }


def _linked(client):
    return Invitation.objects.get(token_hash=client.session[SESSION_KEY]).pk


def test_demo_on_another_day_moves_its_dates_and_leaves_no_stale_rows(client, day):
    day(datetime.date(2026, 11, 2))
    _load()
    dn_before = Conference.objects.filter(police_authority__press_code="DN").count()

    day(datetime.date(2027, 3, 15))
    _load()

    dn = Conference.objects.filter(police_authority__press_code="DN")
    assert dn.count() == dn_before
    assert not dn.filter(date=datetime.date(2026, 12, 9)).exists()
    page = client.get(_readme_links()[0], follow=True).content.decode()
    assert "Mittwoch, 14.04.2027" in page
    assert "Antwort senden" in page
    # The renewed conferences' history starts afresh: one row per conference.
    for conference in dn.filter(date__year__gte=2026):
        assert conference.history.count() == 1


def test_demo_twice_on_one_day_adds_no_rows(day):
    day(datetime.date(2026, 12, 1))
    _load()
    first = _history_counts()
    conferences = Conference.objects.count()

    _load()

    assert _history_counts() == first
    assert Conference.objects.count() == conferences


def test_demo_reset_removes_everything_it_made_history_included(day):
    day(datetime.date(2026, 12, 1))
    _load()
    assert any(_history_counts().values())
    # Someone tried the demo: a status change and an edit with history.
    conference = Conference.objects.filter(
        police_authority__press_code="GE", status=Conference.Status.DRAFT
    ).get()
    ConferenceTransition.objects.create(
        conference=conference,
        from_status=Conference.Status.DRAFT,
        to_status=Conference.Status.INVITED,
    )
    conference.status = Conference.Status.INVITED
    conference.save()

    _load("--reset")

    assert set(_history_counts().values()) == {0}
    assert not Conference.objects.exists()
    assert not ConferenceTransition.objects.exists()
    assert not Contact.objects.exists()
    assert not get_user_model().objects.filter(username="dn-organisation").exists()


def test_demo_people_fit_their_functions(day):
    day(datetime.date(2026, 12, 1))
    _load()

    people = list(Contact.objects.values_list("function", "salutation"))
    women = {s for f, s in people if re.match(r"\w+in\b|Vorsitzende\b", f)}
    men = {s for f, s in people if re.match(r"(Leiter|Direktor|Vorsteher)\b", f)}
    assert women == {"Frau"}
    assert men == {"Herr"}
    assert not Contact.objects.filter(
        first_name="Frank", last_name="Seidel", function__contains="Leiterin"
    ).exists()


def test_product_code_does_not_import_the_demo():
    demo_import = re.compile(r"^\s*(from|import)\s+\S*\bdemo\b", re.MULTILINE)
    offenders = []
    for app in ("konferenz", "teilnehmer", "tagesordnung"):
        for path in (ROOT / app).rglob("*.py"):
            relative = path.relative_to(ROOT).as_posix()
            if "/demo/" in relative or relative.endswith("load_demo.py"):
                continue
            if demo_import.search(path.read_text(encoding="utf-8")):
                offenders.append(relative)
    assert offenders == []
    for app in ("konferenz", "teilnehmer", "tagesordnung"):
        assert (ROOT / app / "demo" / "__init__.py").exists()
        assert not (ROOT / app / "demo.py").exists()


def test_make_run_installs_only_what_running_needs():
    """``make run`` (what the README's demo starts with) installs the package
    without the test and development extras; ``make test`` adds them."""
    import shutil
    import subprocess

    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")

    def dry_run(target):
        result = subprocess.run(  # noqa: S603
            [make, "-n", "-B", target], cwd=ROOT, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
        return [line for line in result.stdout.splitlines() if "pip install" in line]

    run = dry_run("run")
    assert any(line.endswith("install --quiet -e .") for line in run)
    assert not [line for line in run if "[" in line]
    assert any("[dev,e2e]" in line for line in dry_run("test"))


def test_demo_history_shows_one_status_for_finished_conferences(day):
    """Past conferences whose minutes are approved and whose press release is
    out read "Veröffentlicht", the seeds' 2019 ones as much as 2022–2025."""
    today = day(datetime.date(2026, 12, 6))
    _load()

    finished = Conference.objects.filter(
        police_authority__press_code__in=["DN", "GE", "LIP"],
        date__lt=today - datetime.timedelta(days=62),
    ).exclude(status=Conference.Status.CANCELLED)

    assert finished.filter(date__year=2019).count() == 3
    assert set(finished.values_list("status", flat=True)) == {
        Conference.Status.PUBLISHED
    }
    approved = Minutes.objects.filter(
        status=Minutes.Status.APPROVED, conference__in=finished
    )
    assert approved.count() >= 3
    published = PressRelease.objects.filter(conference__in=finished)
    assert set(published.values_list("status", flat=True)) == {
        PressRelease.Status.PUBLISHED
    }


def _readme_demo_section():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return text[text.index("### Demo-Zugänge") : text.index("## Was SiKo kann")]


def test_readme_demo_section_names_only_what_a_clone_has_and_the_menu_shows():
    from django.utils import translation

    from konferenz.core.navigation import MAIN_MENU

    section = _readme_demo_section()
    with translation.override("de"):
        menu = {str(row[1]) for row in MAIN_MENU}
    table = "\n".join(line for line in section.splitlines() if line.startswith("|"))
    named = re.findall(r"„([^“]+)“", table)

    assert "../shared" not in section
    assert named, "Die Demo-Tabelle nennt keine Menüpunkte"
    assert set(named) <= menu, set(named) - menu
