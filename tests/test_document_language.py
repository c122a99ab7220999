"""Documents, mails and history texts are German even when another language
is active (a worker, a management command, a future second UI language)."""

import datetime
import importlib
import inspect
import io
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import TestCase
from django.utils import translation

from konferenz.core.classification import Audience
from konferenz.documents.ics import conference_event
from tagesordnung.agenda.exports import agenda_docx
from tagesordnung.agenda.services import carry_over_item_ensure
from teilnehmer.invitations.services import invitation_revoke_link
from tests.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    ConferenceFactory,
    InvitationFactory,
)
from tests.helpers import docx_text

pytestmark = pytest.mark.django_db


def test_agenda_docx_is_german_while_english_is_active():
    conference = ConferenceFactory(host_name="Dr. Erika Muster")
    AgendaItemFactory(conference=conference, title="Lagebild", position=1)

    with translation.override("en"):
        text = docx_text(
            agenda_docx(conference=conference, audience=Audience.PARTICIPANT)
        )

    assert "Fassung für die Teilnehmenden" in text
    assert "TOP 1" in text
    assert "Referent/in" in text
    assert "Voraussichtliches Ende:" in text


def test_reminder_mail_subject_is_german_while_english_is_active():
    action = ActionItemFactory(due_date=datetime.date(2020, 1, 1))

    # The outbox renders the mail after the commit, still in English here.
    with translation.override("en"), TestCase.captureOnCommitCallbacks(execute=True):
        call_command("remind_overdue_actions", stdout=io.StringIO())

    (message,) = mail.outbox
    assert message.subject == (
        f"Erinnerung: Maßnahme aus „{action.conference.title}“ ist fällig"
    )


def test_history_reason_is_stored_in_german_while_english_is_active(organiser):
    invitation = InvitationFactory(
        conference__police_authority=organiser.membership.police_authority
    )

    with translation.override("en"):
        invitation_revoke_link(invitation=invitation, user=organiser)

    reason = invitation.history.first().history_change_reason
    assert reason == f"Link gesperrt durch {organiser.username}"


def test_carry_over_item_title_is_german_while_english_is_active():
    conference = ConferenceFactory()

    with translation.override("en"):
        item = carry_over_item_ensure(conference=conference)

    assert item.title == "Bericht zu offenen Maßnahmen"


def test_calendar_entry_is_german_while_english_is_active():
    conference = ConferenceFactory(host_name="Dr. Erika Muster")

    with translation.override("en"):
        event = conference_event(conference)

    assert "Gastgeber/in: Dr. Erika Muster" in str(event["description"])


#: The modules that write documents, and what a document writer is called.
DOCUMENT_MODULES = [
    "konferenz.press.exports",
    "konferenz.statistics.exports",
    "tagesordnung.agenda.exports",
    "tagesordnung.minutes.exports",
    "teilnehmer.addressbook.exports",
    "teilnehmer.addressbook.spreadsheet",
    "teilnehmer.invitations.exports",
    "konferenz.documents.ics",
]
WRITER = re.compile(r"^[a-z].*_(pdf|docx|xlsx|csv|json)$|^(export|conference_event)$")


@pytest.mark.parametrize("module_name", DOCUMENT_MODULES)
def test_every_document_writer_runs_in_the_document_language(module_name):
    module = importlib.import_module(module_name)
    writers = [
        name
        for name, value in vars(module).items()
        if WRITER.match(name)
        and inspect.isfunction(value)
        and value.__module__ == module_name
    ]
    assert writers, module_name
    unmarked = [
        name
        for name in writers
        if not getattr(getattr(module, name), "in_document_language", False)
    ]
    assert not unmarked
