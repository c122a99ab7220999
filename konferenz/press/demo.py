"""Demo press releases: every conference of the demo that took place gets the
release SiKo drafts from its public facts; those older than a month are
approved by the head and published the day after, as the real ones were.
Idempotent: an existing release is left as it is (it may have been edited)."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from konferenz.core.models import Conference
from konferenz.press import services
from konferenz.press.models import PressRelease

#: How long after the conference a demo release is still only a draft.
DRAFT_DAYS = 30


def load(authorities):
    User = get_user_model()
    today = timezone.localdate()
    for code, police_authority in authorities.items():
        press = User.objects.get(username=f"{code.lower()}-presse")
        head = User.objects.get(username=f"{code.lower()}-leitung")
        conferences = Conference.objects.for_tenant(police_authority).filter(
            status__in=services.PRESS_STATUSES, date__lte=today
        )
        for conference in conferences.order_by("date"):
            if PressRelease.objects.filter(conference=conference).exists():
                continue
            release = services.press_release_generate(conference=conference, user=press)
            if (today - conference.date).days > DRAFT_DAYS:
                services.press_release_approve(release=release, user=head)
                services.press_release_publish(
                    release=release,
                    published_on=conference.date + datetime.timedelta(days=1),
                )
