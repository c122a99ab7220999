"""Every model of the three apps has a factory, and every factory makes a valid
row that belongs to one police authority.

A new model without a factory in ``tests/factories.py`` fails
``test_every_model_has_a_factory``. The historical models of
django-simple-history are left out: they are written by saving the tracked
row, never built on their own.
"""

import factory
import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models
from simple_history.models import HistoricalChanges

from konferenz.core.models import PoliceAuthority
from tests import factories

APPS = ("konferenz", "teilnehmer", "tagesordnung")

#: Fields ``full_clean`` cannot judge on a factory row, per model: none so far.
NOT_CLEANED = {}
#: Rows of the machinery, of no police authority: change stamps, rate counts,
#: the outbox, the stored files' bytes (their owner is the row whose field
#: names them).
OF_NO_AUTHORITY = {
    "konferenz.ChangeStamp",
    "konferenz.OutboxMail",
    "konferenz.RateCount",
    "konferenz.StoredFile",
}


def _models():
    found = []
    for label in APPS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.abstract or model._meta.proxy:
                continue
            if issubclass(model, HistoricalChanges):
                continue
            found.append(model)
    return found


def _factories():
    """{model: factory} of the DjangoModelFactory classes in tests/factories.py
    (the first one per model; subclasses such as MemberFactory come later)."""
    registry = {}
    for value in vars(factories).values():
        if (
            isinstance(value, type)
            and issubclass(value, factory.django.DjangoModelFactory)
            and value._meta.model is not None
        ):
            registry.setdefault(value._meta.get_model_class(), value)
    return registry


def _label(model):
    return model._meta.label


def test_every_model_has_a_factory():
    registry = _factories()

    missing = [_label(m) for m in _models() if m not in registry]

    assert len(_models()) >= 25
    assert missing == []


def _authorities(instance, seen=None):
    """The police authorities a row reaches through its foreign keys (a user
    reaches those of their memberships)."""
    seen = set() if seen is None else seen
    key = (type(instance), instance.pk)
    if key in seen:
        return set()
    seen.add(key)
    if isinstance(instance, PoliceAuthority):
        return {instance.pk}
    found = set()
    if isinstance(instance, get_user_model()):
        membership = getattr(instance, "membership", None)
        if membership is not None and membership.police_authority_id:
            found.add(membership.police_authority_id)
        return found
    for field in instance._meta.concrete_fields:
        if isinstance(field, models.ForeignKey | models.OneToOneField):
            related = getattr(instance, field.name)
            if related is not None:
                found |= _authorities(related, seen)
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("model", _models(), ids=_label)
def test_factory_makes_a_valid_row_of_one_police_authority(model):
    model_factory = _factories()[model]

    instance = model_factory()
    instance.refresh_from_db()

    instance.full_clean(exclude=NOT_CLEANED.get(_label(model)))
    assert len(_authorities(instance)) == (0 if _label(model) in OF_NO_AUTHORITY else 1)


@pytest.mark.django_db
def test_a_decision_and_its_agenda_item_belong_to_the_same_conference():
    decision = factories.DecisionFactory()

    entry = decision.entry
    assert entry.agenda_item.conference == entry.minutes.conference


@pytest.mark.django_db
def test_a_comment_comes_from_an_invitation_to_the_conference_of_its_minutes():
    comment = factories.MinutesCommentFactory()

    assert comment.invitation.conference == comment.entry.minutes.conference
    assert (
        comment.invitation.contact.authority.police_authority
        == comment.entry.minutes.conference.police_authority
    )


@pytest.mark.django_db
def test_users_acting_on_a_row_are_members_of_its_police_authority():
    transition = factories.ConferenceTransitionFactory()

    assert transition.by.membership.police_authority == (
        transition.conference.police_authority
    )
