"""`claim_and_send` (ADR 0003): a reminder is claimed, sent and committed at once, so it
goes out exactly once, and a mail that fails is sent on the next round.

The reminder here is a row of Django's own session table, because core imports no GIR
app; the kinds of reminder that use the primitive test it again with their own rows."""

import datetime as dt
import threading
import time
from collections.abc import Callable

from django.contrib.sessions.models import Session
from django.core import mail
from django.core.mail import send_mail
from django.db import connection
from django.utils import timezone

import pytest

from gir.core.reminders import claim_and_send

from .mail import mail_fails_once

UNSENT, SENT = "unsent", "sent"


def reminder() -> Session:
    return Session.objects.create(
        session_key="reminder", session_data=UNSENT, expire_date=timezone.now() + dt.timedelta(days=1)
    )


def round_of(row: Session, send: Callable[[], int]) -> int:
    return claim_and_send(
        unclaimed=Session.objects.filter(pk=row.pk, session_data=UNSENT),
        claim={"session_data": SENT},
        send=send,
        what="the test reminder",
    )


def mail_it() -> int:
    return send_mail("Herinnering", "Een taak wacht.", None, ["eigenaar@example.org"])


def state(row: Session) -> str:
    return Session.objects.values_list("session_data", flat=True).get(pk=row.pk)


@pytest.mark.django_db
class TestClaimAndSend:
    def test_sends_once_and_keeps_the_claim(self) -> None:
        row = reminder()
        assert round_of(row, mail_it) == 1
        assert state(row) == SENT
        assert round_of(row, mail_it) == 0
        assert len(mail.outbox) == 1

    def test_nobody_to_mail_still_keeps_the_claim(self) -> None:
        row = reminder()
        assert round_of(row, lambda: 0) == 0
        assert state(row) == SENT

    def test_a_failed_mail_is_sent_on_the_next_round_exactly_once(self) -> None:
        row = reminder()
        with mail_fails_once():
            assert round_of(row, mail_it) == 0
            assert state(row) == UNSENT
            assert mail.outbox == []
            assert round_of(row, mail_it) == 1
            assert round_of(row, mail_it) == 0
        assert state(row) == SENT
        assert [m.to for m in mail.outbox] == [["eigenaar@example.org"]]

    def test_what_the_send_wrote_rolls_back_with_the_claim(self) -> None:
        row = reminder()
        other = Session.objects.create(
            session_key="other", session_data=UNSENT, expire_date=timezone.now() + dt.timedelta(days=1)
        )

        def write_then_mail() -> int:
            Session.objects.filter(pk=other.pk).update(session_data="touched")
            return mail_it()

        with mail_fails_once():
            assert round_of(row, write_then_mail) == 0
        assert (state(row), state(other)) == (UNSENT, UNSENT)


def wait_for_a_lock_wait(deadline: float = 10.0) -> None:
    """Until another connection of this database waits for a row lock (PostgreSQL)."""
    end = time.monotonic() + deadline
    with connection.cursor() as cursor:
        while time.monotonic() < end:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            waiting = cursor.fetchone()
            if waiting and waiting[0]:
                return
            time.sleep(0.02)
    raise AssertionError("the second round never waited for the first one's claim")


# Committed data (two threads); the data the migrations ship is put back by shipped_data.
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite lets one writer in at a time")
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("shipped_data")
@pytest.mark.parametrize("first_fails", [False, True], ids=["first-sends", "first-fails"])
def test_two_rounds_at_once_send_exactly_once(first_fails: bool) -> None:
    """The second round waits for the first one's claim; it sends only if the first failed."""
    row = reminder()
    claimed, release = threading.Event(), threading.Event()
    sent: dict[str, int] = {}

    def first_send() -> int:
        claimed.set()
        assert release.wait(timeout=10)
        if first_fails:
            raise OSError("mail server down")
        return 1

    def run(name: str, send: Callable[[], int]) -> None:
        try:
            sent[name] = round_of(row, send)
        finally:
            connection.close()

    first = threading.Thread(target=run, args=("first", first_send))
    second = threading.Thread(target=run, args=("second", lambda: 1))
    first.start()
    assert claimed.wait(timeout=10)
    second.start()
    try:
        wait_for_a_lock_wait()
    finally:
        release.set()
        first.join(timeout=10)
        second.join(timeout=10)
    assert sent == ({"first": 0, "second": 1} if first_fails else {"first": 1, "second": 0})
    assert state(row) == SENT
