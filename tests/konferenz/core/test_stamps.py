"""Issue 27: no watched write escapes. The change stamps live in the database
and its triggers renew them (konferenz/core/stamps.py), whoever writes and
however: ``save()``, ``QuerySet.update()``, ``bulk_create``,
``bulk_update``, a queryset's raw delete, raw SQL, a command without Redis."""

import datetime

import factory
import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from simple_history.models import HistoricalChanges

from konferenz.core import stamps
from konferenz.core.models import ChangeStamp, Conference
from tagesordnung.agenda.models import AgendaItem
from teilnehmer.invitations.models import Invitation
from tests import factories

pytestmark = pytest.mark.django_db

#: Models no cached page or document shows, each with its reason.
UNWATCHED = {
    "konferenz.AccountEvent": "the account history page is not cached",
    "konferenz.SsoIdentity": "the user page (not cached) and single sign-on",
    "konferenz.SsoLinkGrant": "the user page (not cached) and single sign-on",
    "konferenz.CalendarFeed": "a secret of its user, never shown",
    "konferenz.ChangeStamp": "the stamps themselves",
    "konferenz.OutboxMail": "the outbox, shown only in the Django admin",
    "konferenz.RateCount": "rate-limit counters",
    "konferenz.StoredFile": "file bytes, read through their attachment or archive",
    "teilnehmer.AddressBookImport": "an upload's preview, never cached",
    "teilnehmer.ContactCheck": "the authority page and the contact check, not cached",
    "teilnehmer.ContactCheckSettings": "the contact check page, not cached",
    "tagesordnung.ClassifiedReadLog": "the VS-NfD read log, written per view",
}


def _tokens():
    return dict(ChangeStamp.objects.values_list("key", "token"))


def _renewed(before):
    after = _tokens()
    return {key for key, token in after.items() if before.get(key) != token}


def _conference_keys(conference):
    return {
        stamps.conference_key(conference.pk),
        stamps.tenant_key(conference.police_authority_id),
    }


def _app_models():
    for label in ("konferenz", "teilnehmer", "tagesordnung"):
        for model in apps.get_app_config(label).get_models():
            if not issubclass(model, HistoricalChanges):
                yield model


def test_every_model_is_watched_or_named_as_not_shown():
    watched = stamps.watched()
    missing = [
        m._meta.label
        for m in _app_models()
        if m._meta.label not in watched and m._meta.label not in UNWATCHED
    ]
    assert missing == []


def test_every_watched_table_has_its_triggers():
    installed = {name for name, _table in stamps._existing(connection)}
    per_table = 3 if connection.vendor == "sqlite" else 2
    assert len(installed) == per_table * len(stamps.watched())


def _factory_for(label):
    model = apps.get_model(label)
    for value in vars(factories).values():
        if (
            isinstance(value, type)
            and issubclass(value, factory.django.DjangoModelFactory)
            and value._meta.model is model
        ):
            return value
    return None


@pytest.mark.parametrize(
    "label",
    sorted(
        label
        for label, entry in stamps.watched().items()
        if "_" not in label.split(".")[1]  # many-to-many tables: below
        and entry.conference is not None
    ),
)
def test_insert_and_raw_delete_renew_the_conference(label):
    row = _factory_for(label)()
    model = type(row)
    path = stamps.path_of(model)
    conference = Conference.objects.get(
        pk=row.pk
        if path == ""
        else model._base_manager.filter(pk=row.pk).values_list(path, flat=True).get()
    )
    before = _tokens()

    # Django's fast delete, no signal at all.
    model._base_manager.filter(pk=row.pk)._raw_delete(connection.alias)

    assert _conference_keys(conference) <= _renewed(before)


@pytest.mark.parametrize(
    "label",
    sorted(
        label
        for label, entry in stamps.watched().items()
        if entry.conference is None and _factory_for(label) is not None
    ),
)
def test_rows_shown_everywhere_renew_all(label):
    before = _tokens()
    row = _factory_for(label)()
    assert stamps.ALL in _renewed(before)
    before = _tokens()
    type(row)._base_manager.filter(pk=row.pk)._raw_delete(connection.alias)
    assert stamps.ALL in _renewed(before)


def test_update_bulk_update_and_raw_sql_renew_and_an_unchanged_row_does_not():
    item = factories.AgendaItemFactory()
    conference = item.conference
    other = factories.AgendaItemFactory()  # another conference
    before = _tokens()

    AgendaItem.objects.filter(pk=item.pk).update(title="Neu über update()")
    assert _renewed(before) == _conference_keys(conference)

    before = _tokens()
    AgendaItem.objects.filter(pk=item.pk).update(title="Neu über update()")
    assert _renewed(before) == set()  # nothing changed: nothing renewed

    before = _tokens()
    item.title = "Neu über bulk_update"
    AgendaItem.objects.bulk_update([item], ["title"])
    assert _renewed(before) == _conference_keys(conference)

    before = _tokens()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE tagesordnung_agendaitem SET title = %s WHERE id = %s",
            ["Neu über SQL", item.pk],
        )
    assert _renewed(before) == _conference_keys(conference)
    assert _conference_keys(other.conference).isdisjoint(_renewed(before))


def test_a_row_moved_to_another_conference_renews_both():
    item = factories.AgendaItemFactory()
    old = item.conference
    new = factories.ConferenceFactory(police_authority=old.police_authority)
    before = _tokens()

    AgendaItem.objects.filter(pk=item.pk).update(conference=new)

    assert _conference_keys(old) | _conference_keys(new) <= _renewed(before)


def test_bulk_create_renews_the_conference():
    conference = factories.ConferenceFactory()
    contacts = factories.ContactFactory.create_batch(
        3, authority__police_authority=conference.police_authority
    )
    before = _tokens()

    Invitation.objects.bulk_create(
        [Invitation(conference=conference, contact=c) for c in contacts]
    )

    assert _conference_keys(conference) <= _renewed(before)


def test_a_deep_row_finds_its_conference_through_its_parents():
    decision = factories.DecisionFactory()
    conference = decision.entry.minutes.conference
    before = _tokens()

    type(decision).objects.filter(pk=decision.pk).update(text="Anders beschlossen")

    assert _renewed(before) == _conference_keys(conference)


def test_the_distribution_list_renews_its_minutes_conference():
    minutes = factories.MinutesFactory()
    invitation = factories.InvitationFactory(conference=minutes.conference)
    before = _tokens()

    minutes.distribution.add(invitation)

    assert _conference_keys(minutes.conference) <= _renewed(before)


def test_a_login_renews_nothing_but_a_deactivation_renews_the_accounts():
    user = factories.MembershipFactory().user
    before = _tokens()

    get_user_model().objects.filter(pk=user.pk).update(last_login=timezone.now())
    assert _renewed(before) == set()

    get_user_model().objects.filter(pk=user.pk).update(is_active=False)
    assert {stamps.ALL, stamps.ACCOUNTS} <= _renewed(before)


def test_using_a_second_factor_renews_nothing_but_confirming_it_does():
    user = factories.MembershipFactory().user
    device = TOTPDevice.objects.create(user=user, name="App", confirmed=False)
    before = _tokens()

    TOTPDevice.objects.filter(pk=device.pk).update(last_t=12345, drift=1)
    assert _renewed(before) == set()

    TOTPDevice.objects.filter(pk=device.pk).update(confirmed=True)
    assert stamps.ACCOUNTS in _renewed(before)


def test_a_rolled_back_change_leaves_the_stamps_as_they_were():
    from django.db import transaction

    conference = factories.ConferenceFactory()
    before = _tokens()

    with pytest.raises(RuntimeError), transaction.atomic():
        Conference.objects.filter(pk=conference.pk).update(
            date=datetime.date(2031, 5, 5)
        )
        raise RuntimeError

    assert _renewed(before) == set()


def test_a_stamp_without_a_row_is_created_on_first_read():
    key = stamps.tenant_key(987654)
    assert not ChangeStamp.objects.filter(key=key).exists()

    first = stamps.read([key])[key]

    assert first and stamps.read([key])[key] == first
