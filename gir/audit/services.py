import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Count, Max

from gir.core import clock

from . import chain
from .models import AuditAction, AuditCheckpoint, AuditEvent


def target_label(target: models.Model) -> str:
    return target._meta.label_lower


def log_event(
    *,
    actor: Any,
    action: AuditAction,
    target: models.Model | None,
    target_type: str = "",
    changes: dict[str, Any] | None = None,
    detail: str = "",
) -> AuditEvent:
    """Append one entry to the audit log. Call it inside the writing transaction: the
    entry is chained to the one before it (gir.audit.chain), and on PostgreSQL other
    writers of the log wait until that transaction ends. An event about no single
    object (a search) names only its target_type."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        target_type=target_label(target) if target is not None else target_type,
        target_id=str(target.pk) if target is not None else "",
        changes=changes or {},
        detail=detail[:300],
    )


def audit_prune(*, now: dt.datetime | None = None) -> AuditCheckpoint | None:
    """Remove the rows older than GIR_AUDIT_RETENTION_DAYS from the old end of the log.

    Only a run of rows from the start of the chain goes: the first row (in chain order)
    that is young enough, and everything after it, stays, so the log that remains is one
    unbroken chain. A checkpoint records where it was cut and the hash the first kept
    row links to; the database allows the DELETE only below that checkpoint. The newest
    row always stays, as the anchor of the next append."""
    days = settings.GIR_AUDIT_RETENTION_DAYS
    cutoff = (now or clock.now()) - dt.timedelta(days=days)
    with transaction.atomic():
        chain.lock(AuditEvent.objects.db)
        first_kept = (
            AuditEvent.objects.filter(at__gte=cutoff).order_by("pk").first()
            or AuditEvent.objects.order_by("-pk").first()
        )
        if first_kept is None:
            return None
        doomed = AuditEvent.objects.filter(pk__lt=first_kept.pk)
        summary = doomed.aggregate(count=Count("pk"), through=Max("at"))
        if not summary["count"]:
            return None
        checkpoint = AuditCheckpoint.objects.create(
            made_at=now or clock.now(),
            first_kept_id=first_kept.pk,
            prev_hash=first_kept.prev_hash,
            pruned=summary["count"],
            pruned_through=summary["through"],
            retention_days=days,
        )
        doomed.delete()
    return checkpoint
