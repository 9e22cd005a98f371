"""Background work of the reports (DESIGN §3): long exports run here, with their
progress, and the dashboard's figures are counted ahead (gir.reports.tallies)."""

import datetime as dt
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.tasks import task

from crontask import cron

from gir.core import clock
from gir.core.exceptions import StorageUnavailable

logger = logging.getLogger(__name__)


@cron(settings.GIR_FIGURES_SCHEDULE)
@task
def count_changed_figures() -> int:
    """Count the figures of the months that changed, so the dashboard finds them ready:
    queued when a change commits (one waiting at a time) and every few minutes. Then
    solve the directors' suppression of the new counts (ADR 0022)."""
    from . import figures, tallies

    counted = tallies.refresh()
    figures.prepare_suppression()
    return counted


@cron(settings.GIR_FIGURES_REBUILD_SCHEDULE)
@task
def count_all_figures() -> int:
    """Count every figure again: also what changed past the services (a function group)."""
    from . import figures, tallies

    counted = tallies.rebuild()
    figures.prune_suppression()
    figures.prepare_suppression()
    return counted


@task
def run_export(export_id: int) -> str:
    """Write the case-level export of an Export row, telling the row how far it is."""
    from gir.accounts.models import OrganisationUnit

    from .constants import ExportStatus
    from .exports import case_file
    from .figures import Period, in_scope
    from .models import Export
    from .policy import can_export_cases, dashboard_incidents

    export = Export.objects.select_related("requested_by").filter(pk=export_id).first()
    if export is None or export.status != ExportStatus.QUEUED:
        return "skipped"
    user = export.requested_by
    if not can_export_cases(user):  # the role may have changed since it was asked
        Export.objects.filter(pk=export.pk).update(status=ExportStatus.FAILED, error="geen toegang meer")
        return "refused"
    period = Period(
        dt.date.fromisoformat(export.filters["start"]), dt.date.fromisoformat(export.filters["end"])
    )
    unit = (
        OrganisationUnit.objects.filter(pk=export.filters.get("unit")).first()
        if export.filters.get("unit")
        else None
    )
    incidents = in_scope(dashboard_incidents(user), period, unit)
    total = incidents.count()
    Export.objects.filter(pk=export.pk).update(status=ExportStatus.RUNNING, total=total)

    def progress(done: int) -> None:
        Export.objects.filter(pk=export_id).update(done=done)

    try:
        data = case_file(incidents, export.format, progress)
    except Exception as error:  # the row says it failed; the log has the details
        logger.exception("Export %s failed", export.pk)
        Export.objects.filter(pk=export.pk).update(status=ExportStatus.FAILED, error=str(error)[:300])
        return "failed"
    name = f"meldingen-{period.start:%Y%m%d}-{period.end:%Y%m%d}.{export.format}"
    try:
        with transaction.atomic():
            export = Export.objects.select_for_update().get(pk=export.pk)
            export.file.save(name, ContentFile(data), save=False)
            export.status, export.done, export.finished_at = ExportStatus.DONE, total, clock.now()
            export.save()
    except StorageUnavailable:  # logged by the storage; the row says so to the user
        Export.objects.filter(pk=export_id).update(
            status=ExportStatus.FAILED, error="de bestandsopslag is niet bereikbaar"
        )
        return "failed"
    return "done"
