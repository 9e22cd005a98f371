"""Migration 0008 chains the rows written before the chain existed, then 0009 guards them."""

import datetime as dt

from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

import pytest

from gir.audit.models import AuditEvent
from gir.audit.verify import chain_verify

BEFORE = [("audit", "0007_hash_chain_and_checkpoints")]


@pytest.mark.django_db(transaction=True)
def test_rows_already_there_are_chained_and_then_guarded():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes("audit")
    executor.migrate(BEFORE)
    try:
        old_apps = executor.loader.project_state(BEFORE).apps
        OldEvent = old_apps.get_model("audit", "AuditEvent")
        at = dt.datetime(2025, 5, 1, 9, 30, 15, 123456, tzinfo=dt.UTC)
        for n in range(3):
            OldEvent.objects.create(
                at=at + dt.timedelta(minutes=n),
                action="logged_in",
                target_type="accounts.user",
                target_id=str(n),
                changes={"n": n},
                prev_hash="",
                hash="",
            )
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
    assert chain_verify().intact
    assert chain_verify().checked == 3
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.update(detail="x")
