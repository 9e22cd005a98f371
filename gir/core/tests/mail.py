"""A mail server that is down for the first sends: for the tests that see a reminder
retried after a failed mail (ADR 0003, `gir.core.reminders.claim_and_send`)."""

import smtplib
import sys
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager

from django.core.mail import EmailMessage
from django.core.mail.backends import locmem
from django.test import override_settings


class FailingEmailBackend(locmem.EmailBackend):
    """Refuses the first batches of messages it is told to, then delivers to `mail.outbox`
    as locmem does."""

    # On the class: Django makes a new backend for every send.
    failures_left = 0

    def send_messages(self, messages: Sequence[EmailMessage]) -> int:
        if FailingEmailBackend.failures_left:
            FailingEmailBackend.failures_left -= 1
            raise smtplib.SMTPServerDisconnected("mail server down")
        return int(super().send_messages(messages))


@contextmanager
def mail_fails(*, times: int) -> Iterator[None]:
    """Within the block the first `times` sends fail like an SMTP server that went away."""
    # MAILERS, not EMAIL_BACKEND: with MAILERS set (config/settings.py) Django ignores
    # EMAIL_BACKEND.
    backend = f"{__name__}.{FailingEmailBackend.__qualname__}"
    FailingEmailBackend.failures_left = times
    try:
        with override_settings(MAILERS={"default": {"BACKEND": backend}}):
            yield
    finally:
        FailingEmailBackend.failures_left = 0


def mail_fails_once() -> AbstractContextManager[None]:
    return mail_fails(times=1)


def mail_server_down() -> AbstractContextManager[None]:
    """Every send within the block fails."""
    return mail_fails(times=sys.maxsize)
