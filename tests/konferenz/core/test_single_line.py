"""Single-line fields refuse line breaks and control characters (issue 16)."""

import datetime
import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from konferenz.core.models import Conference
from konferenz.core.singleline import SingleLineMixin, is_single_line_field
from teilnehmer.invitations.models import Invitation
from tests.factories import ConferenceFactory, InvitationFactory

pytestmark = pytest.mark.django_db

MESSAGE = "Bitte schreiben Sie dies in eine Zeile"
APPS = ("konferenz", "teilnehmer", "tagesordnung")
#: Django's own sign-in form: the user name never reaches a mail or a file.
EXEMPT = {"LoginForm"}


def _form_modules():
    """Every module of the apps that may define a form (``forms``,
    ``*_forms``, ``press.forms`` …)."""
    for app in APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{app}."):
            if info.name.rpartition(".")[2].endswith("forms"):
                yield info.name


def test_the_form_modules_are_found():
    assert {
        "konferenz.conferences.forms",
        "konferenz.press.forms",
        "teilnehmer.invitations.forms",
        "tagesordnung.minutes.forms",
    } <= set(_form_modules())


def _form_classes():
    for module_name in _form_modules():
        module = importlib.import_module(module_name)
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(cls, forms.BaseForm)
                and cls.__module__ == module_name
                and name not in EXEMPT
            ):
                yield cls


def test_every_form_with_a_one_line_text_field_uses_the_rule():
    missing = [
        f"{cls.__module__}.{cls.__name__}"
        for cls in _form_classes()
        if any(is_single_line_field(f) for f in cls.base_fields.values())
        and not issubclass(cls, SingleLineMixin)
    ]

    assert missing == []


def test_crafted_title_with_line_break_is_refused_and_mail_still_works(
    organiser_client, police_authority
):
    date = timezone.localdate() + datetime.timedelta(days=60)

    response = organiser_client.post(
        reverse("konferenz:conference-create"),
        {
            "title": "Sicherheitskonferenz\r\nATTENDEE:mailto:evil@example.com",
            "kind": "main",
            "date": date.isoformat(),
            "start_time": "09:00",
            "end_time": "12:00",
            "venue_name": "Präsidium",
            "venue_address": "Straße 1",
            "mode": "in_person",
            "host_name": "Dr. Muster",
            "confirm_warnings": "on",
        },
    )

    assert response.status_code in (200, 400)
    assert MESSAGE in response.content.decode()
    assert not Conference.objects.exists()


@pytest.mark.parametrize(
    "value", ["Dr.\nMuster", "Dr.\rMuster", "Dr.\x0bMuster", "Dr.\u2028Muster"]
)
def test_partner_deputy_name_with_line_break_is_refused(client, value):
    from teilnehmer.invitations import tokens

    today = timezone.localdate()
    token = tokens.new_token()
    invitation = InvitationFactory(
        conference=ConferenceFactory(
            date=today + datetime.timedelta(days=20),
            rsvp_deadline=today + datetime.timedelta(days=10),
        ),
        token_hash=tokens.token_hash(token),
    )
    client.get(reverse("partner:open", args=[token]))

    response = client.post(
        reverse("partner:answer"),
        {
            "answer": "deputy",
            "deputy_name": value,
            "deputy_function": "Leitung",
            "deputy_email": "vertretung@sta.example",
        },
    )

    assert response.status_code == 400
    assert MESSAGE in response.content.decode()
    invitation.refresh_from_db()
    assert invitation.answer == Invitation.Answer.OPEN
    assert mail.outbox == []


def test_walk_in_and_contact_names_are_single_line(organiser_client, police_authority):
    from tests.factories import AuthorityFactory

    authority = AuthorityFactory(police_authority=police_authority)

    response = organiser_client.post(
        reverse("teilnehmer:contact-create", args=[authority.pk]),
        {"last_name": "Muster\nBcc: x@example.com", "confirm_duplicate": "on"},
    )

    assert MESSAGE in response.content.decode()
    assert not authority.contacts.exists()
