"""An email backend that always fails, as an unreachable mail server would."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class Backend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPException("550 Postfach nicht gefunden")
