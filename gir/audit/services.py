from typing import Any

from django.db import models

from .models import AuditAction, AuditEvent


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
    """Append one entry to the audit log. Call it inside the writing transaction.
    An event about no single object (a search) names only its target_type."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        target_type=target_label(target) if target is not None else target_type,
        target_id=str(target.pk) if target is not None else "",
        changes=changes or {},
        detail=detail[:300],
    )
