"""Requesting exports (issue 7 item 3). The work itself runs in gir.reports.tasks."""

from functools import partial

from django.db import transaction

from gir.accounts.models import OrganisationUnit, User
from gir.audit.models import AuditAction
from gir.audit.services import log_event

from . import tasks
from .figures import Period
from .models import Export


@transaction.atomic
def export_request(*, actor: User, period: Period, unit: OrganisationUnit | None, fmt: str) -> Export:
    """Queue a case-level export; the task writes it and the page shows its progress."""
    export = Export.objects.create(
        requested_by=actor,
        format=fmt,
        filters={
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "unit": unit.pk if unit else None,
        },
    )
    log_event(
        actor=actor,
        action=AuditAction.CASE_EXPORT_REQUESTED,
        target=export,
        detail=f"{period.label}{f', {unit.name}' if unit else ''}",
    )
    transaction.on_commit(partial(tasks.run_export.enqueue, export.pk))
    return export
