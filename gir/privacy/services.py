"""The privacy officer's reading of the audit log is itself logged (issue 17 item 7)."""

import datetime as dt
from typing import Any

from django.db import transaction

from gir.audit.models import AuditAction
from gir.audit.services import log_event

LOG = "audit.auditevent"


def _filters_for_log(filters: dict[str, Any]) -> dict[str, str]:
    return {
        key: value.isoformat() if isinstance(value, dt.date) else str(value) for key, value in filters.items()
    }


@transaction.atomic
def audit_log_viewed(*, actor: Any, filters: dict[str, Any], page: int) -> None:
    log_event(
        actor=actor,
        action=AuditAction.AUDIT_LOG_VIEWED,
        target=None,
        target_type=LOG,
        changes={"filters": _filters_for_log(filters), "pagina": page},
    )


@transaction.atomic
def audit_log_exported(*, actor: Any, filters: dict[str, Any], fmt: str, rows: int) -> None:
    log_event(
        actor=actor,
        action=AuditAction.AUDIT_LOG_EXPORTED,
        target=None,
        target_type=LOG,
        changes={"filters": _filters_for_log(filters), "regels": rows},
        detail=fmt,
    )
