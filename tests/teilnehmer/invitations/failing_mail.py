"""An email backend that always fails as a mail server refusing the recipient
does: a permanent 550 answer to RCPT TO."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class Backend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPRecipientsRefused(
            {
                address: (550, b"Postfach nicht gefunden")
                for message in email_messages
                for address in message.recipients()
            }
        )
