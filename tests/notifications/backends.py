"""Email backends that fail, to test retries."""

from __future__ import annotations

import smtplib

from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend


class FailingBackend(BaseEmailBackend):
    attempts = 0

    def send_messages(self, email_messages):  # type: ignore[no-untyped-def]
        type(self).attempts += 1
        raise smtplib.SMTPServerDisconnected("the relay went away")


class FlakyBackend(LocmemBackend):
    """Fails the first two sends, then delivers to the locmem outbox."""

    attempts = 0

    def send_messages(self, messages):  # type: ignore[no-untyped-def]
        type(self).attempts += 1
        if type(self).attempts <= 2:
            raise smtplib.SMTPServerDisconnected("try again")
        if not hasattr(mail, "outbox"):
            mail.outbox = []
        return super().send_messages(messages)
