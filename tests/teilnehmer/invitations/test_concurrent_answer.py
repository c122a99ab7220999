"""Two submits at the same moment (two tabs) on a real database server."""

import threading

import pytest
from django.db import connection

from teilnehmer.addressbook.models import Contact
from teilnehmer.invitations import services
from teilnehmer.invitations.models import Invitation
from tests.factories import InvitationFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor == "sqlite",
        reason="SQLite serialises every write transaction anyway; the row lock "
        "is exercised on PostgreSQL",
    ),
]


def test_simultaneous_deputy_answers_leave_one_consistent_state(police_authority):
    invitation = InvitationFactory(conference__police_authority=police_authority)
    barrier = threading.Barrier(2)
    errors = []

    def submit(name, email):
        try:
            barrier.wait()
            services.invitation_answer(
                invitation=invitation,
                answer="deputy",
                deputy_name=name,
                deputy_email=email,
            )
        except Exception as error:  # noqa: BLE001 - collected for the assert
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=submit, args=("Klaus Vertreter", "klaus@sta.example")),
        threading.Thread(
            target=submit, args=("Karla Vertreterin", "karla@sta.example")
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    invitation.refresh_from_db()
    deputies = list(Invitation.objects.filter(deputy_for=invitation))
    assert len(deputies) == 1
    assert deputies[0].contact.email == invitation.deputy_email
    # A deputy named by the partner waits for staff's confirmation outside the
    # address book (issue 16); one such contact, not two.
    assert Contact.all_objects.filter(email=invitation.deputy_email).count() == 1
