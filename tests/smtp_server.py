"""A real SMTP server for the outbox tests (aiosmtpd on a free loopback port).

It records every message it accepts (the count that matters: how often a mail
really arrived), can refuse chosen recipients permanently (550) or for now
(451), and can run a callback when a recipient is announced (the worker-kill
test kills the worker there, before the message is handed over).
"""

import email
import email.policy
import socket
import threading
from collections import Counter

from aiosmtpd.controller import Controller


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Handler:
    def __init__(self):
        self.lock = threading.Lock()
        self.messages = []  # (recipients, email.message.EmailMessage)
        self.refuse = {}  # address → SMTP answer (e.g. "550 5.1.1 …")
        self.on_recipient = None  # callable(address), may return an answer

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.on_recipient is not None:
            answer = self.on_recipient(address)
            if answer:
                return answer
        answer = self.refuse.get(address)
        if answer:
            return answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(
            envelope.original_content or envelope.content, policy=email.policy.default
        )
        with self.lock:
            self.messages.append((list(envelope.rcpt_tos), message))
            number = len(self.messages)
        return f"250 2.0.0 Ok: queued as TEST{number:05d}"


class SMTPServer:
    """``start()``/``stop()`` on a fixed port, so a test can take the server
    down and bring it up again at the same address."""

    def __init__(self, port=None):
        self.port = port or free_port()
        self.handler = Handler()
        self.controller = None

    def start(self):
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self.controller.start()
        return self

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    @property
    def messages(self):
        with self.handler.lock:
            return list(self.handler.messages)

    def recipients(self):
        """How often each address received a message."""
        return Counter(
            address for recipients, _message in self.messages for address in recipients
        )

    def settings(self, settings):
        """Point Django's SMTP backend (pytest-django ``settings``) here."""
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = self.port
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_TIMEOUT = 10
