"""Chain the audit rows written before the hash chain existed, in id order (ADR 0012).
Runs before the triggers of 0009, which would refuse these UPDATEs."""

import datetime as dt
import hashlib
import json

from django.db import migrations

GENESIS = "0" * 64


def event_hash(prev_hash, at, actor_id, action, target_type, target_id, changes, detail):
    # A frozen copy of gir.audit.chain.event_hash as it was when this migration was written.
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


def chain_rows(apps, schema_editor):
    AuditEvent = apps.get_model("audit", "AuditEvent")
    prev = GENESIS
    batch = []
    fields = ("pk", "at", "actor_id", "action", "target_type", "target_id", "changes", "detail")
    for pk, at, actor_id, action, target_type, target_id, changes, detail in (
        AuditEvent.objects.order_by("pk").values_list(*fields).iterator(chunk_size=2000)
    ):
        digest = event_hash(prev, at, actor_id, action, target_type, target_id, changes, detail)
        batch.append(AuditEvent(pk=pk, prev_hash=prev, hash=digest))
        prev = digest
        if len(batch) >= 2000:
            AuditEvent.objects.bulk_update(batch, ["prev_hash", "hash"])
            batch = []
    AuditEvent.objects.bulk_update(batch, ["prev_hash", "hash"])


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0007_hash_chain_and_checkpoints"),
    ]

    operations = [migrations.RunPython(chain_rows, migrations.RunPython.noop, elidable=False)]
