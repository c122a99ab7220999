import itertools

import pytest

from konferenz.core import workflow
from konferenz.core.models import Conference, ConferenceTransition
from tests.factories import ConferenceFactory, UserFactory

Status = Conference.Status

ALLOWED_PAIRS = {
    (Status.DRAFT, Status.INVITED),
    (Status.DRAFT, Status.CANCELLED),
    (Status.INVITED, Status.HELD),
    (Status.INVITED, Status.CANCELLED),
    (Status.HELD, Status.MINUTES_APPROVED),
    (Status.MINUTES_APPROVED, Status.PUBLISHED),
}


@pytest.mark.django_db
@pytest.mark.parametrize("source,target", sorted(ALLOWED_PAIRS))
def test_allowed_transition_changes_status_and_is_recorded(source, target):
    user = UserFactory()
    conference = ConferenceFactory(status=source)
    # Each step with what its precondition asks (see test_status_guards.py)
    workflow.transition(
        conference,
        target,
        by=user,
        note="Unwetterwarnung",
        cause=CAUSES.get(target, workflow.Cause.MANUAL),
        without_press_release=target == Status.PUBLISHED,
        today=conference.date,
    )

    conference.refresh_from_db()
    assert conference.status == target
    step = ConferenceTransition.objects.get(conference=conference)
    assert (step.from_status, step.to_status, step.by) == (source, target, user)
    if target == Status.CANCELLED:
        assert conference.cancel_reason == "Unwetterwarnung"


CAUSES = {Status.MINUTES_APPROVED: workflow.Cause.MINUTES_APPROVAL}

FORBIDDEN_PAIRS = sorted(
    set(itertools.product(Status, Status)) - ALLOWED_PAIRS,
)


@pytest.mark.django_db
@pytest.mark.parametrize("source,target", FORBIDDEN_PAIRS)
def test_forbidden_transition_changes_nothing(source, target):
    conference = ConferenceFactory(status=source)
    with pytest.raises(workflow.TransitionError) as error:
        workflow.transition(
            conference,
            target,
            by=UserFactory(),
            note="x",
            cause=CAUSES.get(target, workflow.Cause.MANUAL),
            without_press_release=True,
            today=conference.date,
        )

    assert "kann nicht von" in str(error.value)
    conference.refresh_from_db()
    assert conference.status == source
    assert not ConferenceTransition.objects.exists()


@pytest.mark.django_db
def test_cancellation_needs_a_reason():
    conference = ConferenceFactory(status=Status.DRAFT)
    with pytest.raises(workflow.TransitionError, match="Grund"):
        workflow.transition(conference, Status.CANCELLED, by=UserFactory(), note=" ")
    conference.refresh_from_db()
    assert conference.status == Status.DRAFT
