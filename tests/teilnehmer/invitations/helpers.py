"""Helpers of the invitation tests: send through the task, read the link."""

import re

from django.core import mail

from teilnehmer.invitations import services

LINK = re.compile(r"/einladung/([A-Za-z0-9_-]{43})/")


def send(invitations, user, django_capture_on_commit_callbacks, personal_text=""):
    with django_capture_on_commit_callbacks(execute=True):
        services.invitations_send(
            invitations=invitations, user=user, personal_text=personal_text
        )


def token_from(message):
    return LINK.search(message.body).group(1)


def sent_token(invitation, user, django_capture_on_commit_callbacks):
    """Send the invitation and return the token from the mail."""
    mail.outbox.clear()
    send([invitation], user, django_capture_on_commit_callbacks)
    return token_from(mail.outbox[-1])
