"""Demo press releases: every conference of the demo that took place gets the
release SiKo drafts from its public facts. The one of Gelsenkirchen's
conference last month stays a draft waiting for the head's approval (so the
press office and the head have something to do); the others were approved
and published the day after, as the real ones were.
Idempotent: an existing release is left as it is (it may have been edited)."""

import datetime

from django.contrib.auth import get_user_model

from konferenz.core.models import Conference
from konferenz.core.selectors import HELD_STATUSES
from konferenz.press import services
from konferenz.press.models import PressRelease

#: The conference whose release waits for approval.
DRAFT = "ge-last"


def load(demo):
    User = get_user_model()
    draft = demo.conferences[DRAFT]
    for code, police_authority in demo.authorities.items():
        press = User.objects.get(username=f"{code.lower()}-presse")
        head = User.objects.get(username=f"{code.lower()}-leitung")
        conferences = Conference.objects.for_tenant(police_authority).filter(
            status__in=HELD_STATUSES, date__lte=demo.today
        )
        for conference in conferences.order_by("date"):
            if PressRelease.objects.filter(conference=conference).exists():
                continue
            release = services.press_release_generate(conference=conference, user=press)
            if conference.pk != draft.pk:
                services.press_release_approve(release=release, user=head)
                services.press_release_publish(
                    release=release,
                    published_on=conference.date + datetime.timedelta(days=1),
                )
