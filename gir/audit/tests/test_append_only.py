"""The audit log is append-only at the database (issue 17 item 7): UPDATE and DELETE of
its rows are refused by triggers, through the ORM and in raw SQL, on SQLite and on
PostgreSQL (run with DATABASE_URL=postgres://… for the latter)."""

from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

import pytest

from gir.accounts.tests.factories import UserFactory
from gir.audit.models import AuditAction, AuditCheckpoint, AuditEvent
from gir.audit.services import log_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def events() -> list[AuditEvent]:
    actor = UserFactory()
    return [log_event(actor=actor, action=AuditAction.LOGGED_IN, target=None, detail=str(n)) for n in "012"]


def refused(statement) -> str:
    """Run ``statement`` in a savepoint; it must be refused by the database."""
    with pytest.raises(DatabaseError) as raised, transaction.atomic():
        statement()
    return str(raised.value)


def raw(sql: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_the_orm_cannot_update_an_audit_row(events):
    event = events[1]
    event.detail = "rewritten"
    assert "append-only" in refused(event.save)
    assert "append-only" in refused(lambda: AuditEvent.objects.filter(pk=event.pk).update(detail="rewritten"))
    assert "append-only" in refused(lambda: AuditEvent.objects.update(actor=None))
    assert AuditEvent.objects.get(pk=event.pk).detail == "1"


def test_the_orm_cannot_delete_an_audit_row(events):
    assert "append-only" in refused(events[0].delete)
    assert "append-only" in refused(lambda: AuditEvent.objects.filter(pk=events[2].pk).delete())
    assert "append-only" in refused(AuditEvent.objects.all().delete)
    assert AuditEvent.objects.count() == 3


def test_raw_sql_cannot_update_or_delete_an_audit_row(events):
    pk = events[1].pk
    update = "UPDATE audit_auditevent SET detail = %s WHERE id = %s"
    assert "append-only" in refused(lambda: raw(update, ["x", pk]))
    assert "append-only" in refused(lambda: raw("UPDATE audit_auditevent SET hash = %s", ["0" * 64]))
    assert "append-only" in refused(lambda: raw("DELETE FROM audit_auditevent WHERE id = %s", [pk]))
    assert "append-only" in refused(lambda: raw("DELETE FROM audit_auditevent", []))
    assert list(AuditEvent.objects.order_by("pk").values_list("detail", flat=True)) == [
        "0",
        "1",
        "2",
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TRUNCATE is PostgreSQL's (SQLite has none)")
def test_postgresql_refuses_truncate(events):
    raw("SET CONSTRAINTS ALL IMMEDIATE", [])  # else the inserts' pending FK checks refuse it first
    assert "append-only" in refused(lambda: raw("TRUNCATE audit_auditevent", []))
    assert "append-only" in refused(lambda: raw("TRUNCATE audit_auditcheckpoint", []))
    assert AuditEvent.objects.count() == 3


def test_checkpoints_only_move_forward_to_a_row_that_exists(events):
    def checkpoint(first_kept_id: int) -> None:
        AuditCheckpoint.objects.create(
            made_at=events[0].at,
            first_kept_id=first_kept_id,
            prev_hash=events[0].hash,
            pruned=1,
            pruned_through=events[0].at,
            retention_days=1,
        )

    assert "checkpoint refused" in refused(lambda: checkpoint(events[2].pk + 1000))  # no such row
    checkpoint(events[1].pk)
    assert "checkpoint refused" in refused(lambda: checkpoint(events[1].pk))  # not further on
    assert "checkpoint refused" in refused(lambda: checkpoint(events[0].pk))  # backwards
    kept = AuditCheckpoint.objects.get()
    assert "append-only" in refused(lambda: AuditCheckpoint.objects.update(first_kept_id=events[2].pk))
    assert "append-only" in refused(kept.delete)
    # Below the checkpoint a row may go (the prune); from it on, none.
    assert "append-only" in refused(events[1].delete)
    events[0].delete()
    remaining = AuditEvent.objects.values_list("pk", flat=True).order_by("pk")
    assert list(remaining) == [events[1].pk, events[2].pk]


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_log_and_leaves_the_guards_in_place():
    """What the test runner does after every transactional test (SQLite: DELETE,
    PostgreSQL: TRUNCATE): only flush, in its own transaction, lifts the triggers."""
    actor = UserFactory()
    log_event(actor=actor, action=AuditAction.LOGGED_IN, target=actor)
    call_command("flush", interactive=False, verbosity=0)
    assert AuditEvent.objects.count() == 0
    actor = UserFactory()
    event = log_event(actor=actor, action=AuditAction.LOGGED_IN, target=actor)
    assert "append-only" in refused(lambda: AuditEvent.objects.filter(pk=event.pk).update(detail="x"))
    assert "append-only" in refused(lambda: raw("DELETE FROM audit_auditevent", []))
