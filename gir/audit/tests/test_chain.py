"""Each audit row carries the hash of the row before it; verify_audit finds the first
row that does not fit (issue 17 item 7)."""

import datetime as dt
import io
import threading

from django.core.management import CommandError, call_command
from django.db import connection, transaction

import pytest

from gir.accounts.tests.factories import UserFactory
from gir.audit import chain
from gir.audit.models import AuditAction, AuditEvent
from gir.audit.services import log_event
from gir.audit.verify import chain_verify
from gir.core import clock
from gir.core.clock import AMSTERDAM

pytestmark = pytest.mark.django_db


def disable_guards() -> None:
    """What an attacker with the owner's rights on the database does first."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the test's own pending FK checks
            cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS audit_event_no_update")
            cursor.execute("DROP TRIGGER IF EXISTS audit_event_no_delete")


def tamper(sql: str, params: list) -> None:
    disable_guards()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def verify() -> str:
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


@pytest.fixture
def logged() -> list[AuditEvent]:
    actor = UserFactory()
    events = [log_event(actor=actor, action=AuditAction.LOGGED_IN, target=actor)]
    # Written at another moment and zone (the demo's history), with changes that a JSON
    # column gives back in another shape (a tuple, a non-string key).
    with clock.at(dt.datetime(2026, 3, 29, 2, 30, tzinfo=dt.UTC).astimezone(AMSTERDAM)):
        events.append(
            log_event(
                actor=actor,
                action=AuditAction.ROLE_GRANTED,
                target=actor,
                changes={"voor": ("medewerker",), 1: "één"},
            )
        )
    failed = AuditAction.LOGIN_FAILED
    events.append(log_event(actor=None, action=failed, target=None, target_type="accounts.user"))
    viewed = AuditAction.AUDIT_LOG_VIEWED
    events += AuditEvent.objects.bulk_create([AuditEvent(action=viewed, target_type="audit") for _ in "ab"])
    events.append(AuditEvent.objects.create(action=AuditAction.LOGGED_OUT, target_type="accounts.user"))
    return events


def test_every_row_links_to_the_one_before(logged):
    rows = list(AuditEvent.objects.order_by("pk"))
    assert [r.pk for r in rows] == [e.pk for e in logged]
    assert rows[0].prev_hash == chain.GENESIS
    for before, row in zip(rows, rows[1:], strict=False):
        assert row.prev_hash == before.hash
        assert row.hash == row.compute_hash() != before.hash
    assert chain_verify().intact
    assert verify() == "Audit log intact: 6 rows checked.\n"


def test_verify_names_the_first_row_edited_behind_the_triggers(logged):
    tamper("UPDATE audit_auditevent SET actor_id = NULL WHERE id = %s", [logged[1].pk])
    tamper("UPDATE audit_auditevent SET detail = %s WHERE id = %s", ["niets gebeurd", logged[4].pk])
    with pytest.raises(CommandError) as raised:
        verify()
    assert raised.value.returncode == 1
    assert f"broken at row {logged[1].pk}:" in str(raised.value)
    assert "gewijzigd" in str(raised.value)


def test_verify_names_the_row_after_one_removed(logged):
    tamper("DELETE FROM audit_auditevent WHERE id = %s", [logged[3].pk])
    verdict = chain_verify()
    assert verdict.first_break is not None
    assert verdict.first_break.pk == logged[4].pk
    assert verdict.checked == 3


def test_verify_finds_a_row_rewritten_with_a_fresh_hash_of_its_own(logged):
    """Recomputing the edited row's own hash does not help: the next row points at the old one."""
    row = AuditEvent.objects.get(pk=logged[2].pk)
    row.detail = "herschreven"
    tamper(
        "UPDATE audit_auditevent SET detail = %s, hash = %s WHERE id = %s",
        [row.detail, row.compute_hash(), row.pk],
    )
    assert chain_verify().first_break.pk == logged[3].pk


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite takes the write lock at BEGIN")
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_do_not_fork_the_chain():
    """Two transactions append at once; the advisory lock makes the second wait for the
    first to commit, so each chains onto the row the other wrote."""
    actor = UserFactory()
    first_has_written = threading.Event()

    def writer(name: str, hold: float) -> None:
        try:
            for _round in range(3):
                with transaction.atomic():
                    log_event(actor=actor, action=AuditAction.LOGGED_IN, target=None, detail=name)
                    first_has_written.set()
                    threading.Event().wait(hold)  # still inside the transaction
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=("a", 0.2))]
    threads[0].start()
    first_has_written.wait(5)
    threads.append(threading.Thread(target=writer, args=("b", 0.05)))
    threads[1].start()
    for thread in threads:
        thread.join(30)
    hashes = list(AuditEvent.objects.values_list("prev_hash", flat=True))
    assert len(hashes) == len(set(hashes)) == 6
    assert chain_verify().intact
