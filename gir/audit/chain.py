"""The hash chain of the audit log (issue 17 item 7; ADR 0012).

Every row carries the hash of the row before it (``prev_hash``) and its own hash over
its content and that previous hash (``hash``), so a row edited, removed or slipped in
by someone with rights on the database breaks the chain at that row: ``manage.py
verify_audit`` finds it. The order of the chain is the order of the ids.

Appends are serialised inside the writing transaction, so two writers never chain
onto the same row: on PostgreSQL by a transaction-level advisory lock (held until the
transaction ends, so the next writer sees the row this one added), on SQLite by the
write lock that GIR's IMMEDIATE transactions take at BEGIN.

This module knows no models: the migration that chained the rows already there uses
a frozen copy of ``event_hash``, and ``AuditEventQuerySet.bulk_create`` uses this one.
"""

import datetime as dt
import hashlib
import json
from typing import Any

from django.db import connections

# The previous hash of the very first row.
GENESIS = "0" * 64
# The key of the advisory lock that serialises appends on PostgreSQL ("GIRAUDIT").
LOCK_KEY = 0x4749524155444954


def normalised(changes: Any) -> Any:
    """What a JSON column gives back for this value (tuples become lists, keys strings),
    so the hash of a row written equals the hash of the row read."""
    return json.loads(json.dumps(changes))


def event_hash(
    *,
    prev_hash: str,
    at: dt.datetime,
    actor_id: int | None,
    action: str,
    target_type: str,
    target_id: str,
    changes: Any,
    detail: str,
) -> str:
    """SHA-256 over the previous hash and the row's content, as canonical JSON."""
    content = [
        prev_hash,
        at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        actor_id,
        action,
        target_type,
        target_id,
        changes,
        detail,
    ]
    text = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def lock(using: str) -> None:
    """Take the chain for the rest of the transaction (call inside ``atomic``)."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
    # SQLite: GIR opens every transaction with BEGIN IMMEDIATE (settings.DATABASES), which
    # holds the database's one write lock from the start; nothing more to take.
