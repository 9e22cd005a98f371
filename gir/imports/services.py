"""Writes of the import: keep the upload, its mapping and its dry run, then import every
row, all or none, in short transactions (issue 7 item 4, issue 18 item 4, ADR 0018)."""

import datetime as dt
import hashlib
import logging
import time
from collections.abc import Callable
from functools import partial
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import OperationalError, connection, transaction
from django.db.models import ProtectedError, QuerySet
from django.utils.translation import gettext as _

from gir.accounts.models import User
from gir.audit.models import AuditAction
from gir.audit.services import log_event
from gir.core import clock
from gir.incidents import lifecycle
from gir.incidents.constants import ReporterRole
from gir.incidents.models import Incident, IncidentBehaviour
from gir.incidents.signals import incidents_changed_send
from gir.protocol import services as protocol
from gir.protocol.models import Step

from . import tasks
from .constants import REPORT_ROWS_SHOWN, BatchStatus
from .mapping import FIELDS, guess_mapping
from .models import ImportBatch
from .reading import ImportFileError, Table, read_table
from .validation import CleanRow, DryRun, dry_run

logger = logging.getLogger(__name__)

IMPORTED = "geïmporteerd"


def _read(data: bytes) -> Table:
    try:
        return read_table(data)
    except ImportFileError as error:
        raise ValidationError(str(error), code="unreadable") from error


def batch_upload(*, actor: User, name: str, data: bytes) -> ImportBatch:
    """Keep an uploaded file that reads as a spreadsheet, with a guessed mapping.
    A file that does not read is refused and nothing is kept."""
    table = _read(data)
    batch = ImportBatch(
        uploaded_by=actor,
        original_name=(name or "bestand")[:255],
        kind=table.kind,
        sha256=hashlib.sha256(data).hexdigest(),
        headers=table.headers,
        mapping=guess_mapping(table.headers),
        total=len(table.rows),
    )
    batch.file.save(batch.sha256, ContentFile(data), save=False)
    with transaction.atomic():
        batch.save()
    return batch


def _file_data(batch: ImportBatch) -> bytes:
    with batch.file.open("rb") as handle:
        data: bytes = handle.read()
    if hashlib.sha256(data).hexdigest() != batch.sha256:
        raise ValidationError(_("Het opgeslagen bestand is veranderd sinds het werd geüpload."))
    return data


@transaction.atomic
def batch_check(*, actor: User, batch: ImportBatch, mapping: dict[str, str]) -> DryRun:
    """The dry run with this mapping: the report is kept on the batch; no incident is written."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status not in {BatchStatus.UPLOADED, BatchStatus.CHECKED, BatchStatus.FAILED}:
        raise ValidationError(_("Deze import loopt al of is klaar; de controle kan niet opnieuw."))
    batch.mapping = {spec.key: mapping.get(spec.key, "") for spec in FIELDS}
    table = _read(_file_data(batch))
    result = dry_run(table, batch.mapping)
    batch.report = result.report(ok_rows_kept=REPORT_ROWS_SHOWN)
    batch.total = len(result.rows)
    batch.error_count = len(result.error_rows)
    batch.checked_sha256 = batch.sha256
    batch.checked_at = clock.now()
    batch.status = BatchStatus.CHECKED
    batch.error = ""
    batch.save()
    return result


@transaction.atomic
def batch_import_start(*, actor: User, batch: ImportBatch) -> ImportBatch:
    """Queue the import of a batch whose dry run found no errors."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if not batch.may_import:
        raise ValidationError(_("Importeren kan pas na een controle zonder fouten."))
    batch.status, batch.done, batch.error = BatchStatus.QUEUED, 0, ""
    batch.save(update_fields=["status", "done", "error"])
    transaction.on_commit(partial(tasks.run_import.enqueue, batch.pk))
    return batch


def incident_import_row(*, actor: User, row: CleanRow, now: dt.datetime) -> Incident:
    """One row as a submitted incident, reported on behalf by the importer: closed when
    the old registration says so, otherwise with a handler and a follow-up plan."""
    incident = Incident(
        reporter=actor,
        reporter_role=ReporterRole.ON_BEHALF,
        team_id=row.unit_id,
        imported_at=now,
        import_reference=row.reference,
        occurred_at=row.occurred_at,
        setting=row.setting,
        location_id=row.location_id,
        description=row.description,
        escalation_level=row.escalation_level,
        perpetrator_known=row.perpetrator_known,
        injury=row.injury,
    )
    lifecycle.imported(incident, closed=row.closed, at=now)
    incident.full_clean(exclude=["reporter", "team", "location"])
    incident.save()
    IncidentBehaviour.objects.bulk_create(
        IncidentBehaviour(incident=incident, kind=k) for k in row.behaviours
    )
    log_event(actor=actor, action=AuditAction.CREATED, target=incident, detail=IMPORTED)
    if not row.closed:
        # The plan counts from the moment it happened, so most deadlines are long past;
        # notices_plan leaves those alone for imported incidents.
        protocol.handler_ensure(actor=None, incident=incident)
        protocol.plan_update(actor=None, incident=incident)
    return incident


def import_progress(batch: ImportBatch) -> int:
    """The rows imported so far: each chunk commits its count on the batch."""
    return batch.done


def _fail(batch_pk: int, message: str) -> None:
    ImportBatch.objects.filter(pk=batch_pk).update(status=BatchStatus.FAILED, error=message[:500])


# How much one transaction writes (ADR 0018). A transaction holds SQLite's write lock,
# and on PostgreSQL the audit log's append lock, until it ends: a chunk commits after a
# quarter of a second or CHUNK_ROWS rows, whichever comes first, so other writers get
# their turn however fast this machine or these rows are.
CHUNK_SECONDS = 0.25
CHUNK_ROWS = 200
# After a chunk, SQLite's other writers need a moment: SQLite has no queue of waiters,
# each one polls (its busy handler sleeps up to 100 ms between tries), so an importer
# that began its next chunk at once could keep them out until they time out.
# PostgreSQL wakes the waiters itself.
SQLITE_PAUSE_S = 0.1
CHUNK_TRIES = 5


def batch_import_run(batch_id: int) -> str:
    """Import every row of a queued batch, all or none, in chunks of CHUNK_ROWS rows.

    The rows are checked again first (another import may have brought some of them in
    since the dry run). Each chunk commits on its own with the count so far on the
    batch, which says "bezig" until the last chunk is in; then one short transaction
    writes the batch's audit entry and "klaar". When anything fails on the way, the
    incidents already written are removed again (batch_undo) and the batch says that
    nothing was imported. A run that finds its batch still "bezig" is the retry of a
    run whose worker died half-way: it undoes that run's chunks the same way.
    """
    batch = ImportBatch.objects.select_related("uploaded_by").filter(pk=batch_id).first()
    if batch is None:
        return "skipped"
    if batch.status == BatchStatus.IMPORTING:
        removed, kept = batch_undo(batch)
        logger.warning(
            "Import %s was cut off half-way; %s incidents removed, %s kept", batch.pk, removed, kept
        )
        _fail(batch.pk, _undone_message(_("De import is afgebroken."), kept))
        return "failed"
    now = clock.now()
    # Like every write of the import: on SQLite another writer may hold the lock just then.
    started = _in_transaction(_batch_start, pk=batch.pk, now=now)
    if not started:
        return "skipped"
    batch.imported_at = now
    actor = batch.uploaded_by
    try:
        table = _read(_file_data(batch))
        result = dry_run(table, batch.mapping, now=now)
        if not result.is_clean:
            raise ValidationError(
                _("Vlak voor het importeren had %(count)s rij(en) een fout; controleer opnieuw.")
                % {"count": len(result.error_rows) or len(result.columns)}
            )
        rows = result.rows
        done = 0
        while done < len(rows):
            done = _in_transaction(_chunk_write, rows=rows, start=done, actor=actor, now=now, batch=batch)
            if connection.vendor == "sqlite" and done < len(rows):
                time.sleep(SQLITE_PAUSE_S)
        _in_transaction(_batch_done, actor=actor, now=now, batch=batch, count=len(rows))
    except ValidationError as error:
        _removed, kept = batch_undo(batch)
        _fail(batch.pk, _undone_message(" ".join(error.messages), kept))
        return "failed"
    except Exception as error:  # the batch says it failed; the log has the details
        logger.exception("Import %s failed", batch.pk)
        _removed, kept = batch_undo(batch)
        message = _("De import is afgebroken: %(error)s") % {"error": error}
        _fail(batch.pk, _undone_message(message, kept))
        return "failed"
    return "done"


def _chunk_write(*, rows: list[Any], start: int, actor: User, now: dt.datetime, batch: ImportBatch) -> int:
    """Rows from `start` on, until the chunk's time or size is up; returns the next row."""
    began = time.monotonic()
    written: list[int] = []
    for row in rows[start : start + CHUNK_ROWS]:
        assert row.clean is not None
        written.append(incident_import_row(actor=actor, row=row.clean, now=now).pk)
        if time.monotonic() - began >= CHUNK_SECONDS:
            break
    incidents_changed_send(Incident.objects.filter(pk__in=written))
    ImportBatch.objects.filter(pk=batch.pk).update(done=start + len(written))
    return start + len(written)


def _batch_done(*, actor: User, now: dt.datetime, batch: ImportBatch, count: int) -> None:
    log_event(
        actor=actor,
        action=AuditAction.CREATED,
        target=batch,
        detail=_("%(count)s meldingen geïmporteerd uit %(name)s")
        % {"count": count, "name": batch.original_name},
    )
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=BatchStatus.DONE, done=count, total=count, imported_at=now
    )


def _batch_start(*, pk: int, now: dt.datetime) -> int:
    return ImportBatch.objects.filter(pk=pk, status=BatchStatus.QUEUED).update(
        status=BatchStatus.IMPORTING, done=0, imported_at=now
    )


def _in_transaction[T](write: Callable[..., T], **kwargs: Any) -> T:
    """One transaction of the import or its undo. One that found SQLite locked for longer
    than its busy timeout rolled back whole, so it runs again, a few times."""
    for attempt in range(1, CHUNK_TRIES + 1):
        try:
            with transaction.atomic():
                return write(**kwargs)
        except OperationalError as error:
            if attempt == CHUNK_TRIES or "is locked" not in str(error):
                raise
            logger.warning("Import: database locked, %s again", write.__name__)
            time.sleep(SQLITE_PAUSE_S * attempt)
    raise AssertionError("unreachable")


def _undone_message(reason: str, kept: int) -> str:
    if not kept:
        return f"{reason} " + _("Er is niets geïmporteerd.")
    return f"{reason} " + _(
        "%(count)s geïmporteerde melding(en) zijn niet verwijderd, omdat er intussen gegevens aan zijn "
        "toegevoegd; bekijk ze bij deze import."
    ) % {"count": kept}


def batch_undo(batch: ImportBatch) -> tuple[int, int]:
    """Remove the incidents a failed or cut-off run of the batch wrote, in short
    transactions. The audit log keeps their "aangemaakt" entries (it is append-only) and
    gets an "import teruggedraaid" entry for each; the figures count them no more. An
    incident to which someone added data meanwhile (evidence, a police report: rows that
    protect it) stays. Returns (removed, kept)."""
    if batch.imported_at is None:
        return 0, 0
    written = Incident.objects.filter(imported_at=batch.imported_at, reporter_id=batch.uploaded_by_id)
    removed, kept = 0, set[int]()
    size = max(1, CHUNK_ROWS // 4)  # an audit entry and a delete per incident: a quarter of a chunk
    while ids := list(written.exclude(pk__in=kept).order_by("pk").values_list("pk", flat=True)[:size]):
        try:
            _in_transaction(_incidents_remove, ids=ids, actor=batch.uploaded_by, batch=batch)
            removed += len(ids)
        except ProtectedError:
            for pk in ids:  # one by one, to find the ones that must stay
                try:
                    _in_transaction(_incidents_remove, ids=[pk], actor=batch.uploaded_by, batch=batch)
                    removed += 1
                except ProtectedError:
                    kept.add(pk)
    return removed, len(kept)


def _incidents_remove(*, ids: list[int], actor: User, batch: ImportBatch) -> None:
    incidents = Incident.objects.filter(pk__in=ids)
    incidents_changed_send(incidents)  # their months are counted again, without them
    detail = _("import teruggedraaid: %(name)s") % {"name": batch.original_name}
    for incident in incidents.only("pk"):
        log_event(actor=actor, action=AuditAction.IMPORT_UNDONE, target=incident, detail=detail)
    Step.objects.filter(incident_id__in=ids).delete()
    incidents.delete()


def imported_incidents(batch: ImportBatch) -> QuerySet[Incident]:
    """The incidents a batch brought in: they share its import moment and importer."""
    if batch.imported_at is None:
        return Incident.objects.none()
    return Incident.objects.filter(imported_at=batch.imported_at, reporter_id=batch.uploaded_by_id)
