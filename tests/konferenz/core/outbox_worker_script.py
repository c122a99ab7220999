"""Helper process of the worker-kill test (test_outbox_worker.py), run with
the product's settings against the database the workers use:

    python -m tests.konferenz.core.outbox_worker_script seed 40
    python -m tests.konferenz.core.outbox_worker_script report

``seed`` sends ``n`` invitations as the staff page does (outbox rows and their
tasks, committed); ``report`` prints the outbox and task states as JSON.
"""

import json
import sys

import django


def seed(n):
    from django.db import transaction

    from teilnehmer.invitations import services
    from tests.factories import ConferenceFactory, InvitationFactory, MembershipFactory

    user = MembershipFactory(is_organiser=True).user
    conference = ConferenceFactory(police_authority=user.membership.police_authority)
    invitations = [
        InvitationFactory(
            conference=conference, contact__email=f"partner{i:03d}@partner.example"
        )
        for i in range(n)
    ]
    with transaction.atomic():
        services.invitations_send(invitations=invitations, user=user)


def report():
    from collections import Counter

    from django_tasks_db.models import DBTaskResult

    from konferenz.core.models import OutboxMail

    rows = OutboxMail.objects.order_by("pk")
    tasks = DBTaskResult.objects.all()
    print(
        json.dumps(
            {
                "outbox": dict(Counter(rows.values_list("status", flat=True))),
                "attempts": dict(Counter(rows.values_list("attempts", flat=True))),
                "tasks": dict(Counter(tasks.values_list("status", flat=True))),
                "lost": list(
                    tasks.filter(status="FAILED").values_list(
                        "exception_class_path", flat=True
                    )
                ),
                "workers": dict(
                    Counter(
                        w
                        for ids in tasks.values_list("worker_ids", flat=True)
                        for w in ids
                    )
                ),
            }
        )
    )


if __name__ == "__main__":
    django.setup()
    if sys.argv[1] == "seed":
        seed(int(sys.argv[2]))
    else:
        report()
