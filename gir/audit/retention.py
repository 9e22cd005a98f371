"""The audit log on the retention schedule (issue 19 item 4, ADR 0023). Its period is
GIR_AUDIT_RETENTION_DAYS and its own nightly prune removes it from the old end of the
chain (``services.audit_prune``, ADR 0012), possibly as another database account: the
schedule shows it and the dry run counts it; the retention run leaves it to the prune."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from gir.core.retention import Action, RecordKind, register_kind

from .models import AuditEvent


def audit_due(cutoff: dt.datetime) -> QuerySet[Any, Any]:
    return AuditEvent.objects.filter(at__lt=cutoff).values_list("pk", flat=True)


register_kind(
    RecordKind(
        key="audit_log",
        label=_("Auditlog"),
        action=Action.DELETE,
        due=audit_due,
        fixed_days=lambda: int(settings.GIR_AUDIT_RETENTION_DAYS),
        order=110,
    )
)
