"""The retention run (issue 19 item 4, ADR 0023): for every kind of record on the
schedule, what is older than its rule's period is anonymised or deleted, in batches
of short transactions, and each kind's count goes into the deletion log. A dry run
counts what the real run would erase, and erases nothing."""

import datetime as dt
import logging
from typing import Any

from django.db import transaction

from gir.audit.models import AuditAction
from gir.audit.services import log_event
from gir.core import clock
from gir.core import retention as registry
from gir.core.exceptions import ConcurrentEditError, StorageUnavailable

from .retention_models import DeletionLog, RetentionRule

logger = logging.getLogger(__name__)

BATCH_SIZE = 200
# A safety stop: at most this many batches of one kind per run (the rest waits a night).
MAX_BATCHES = 500


def period_of(kind: registry.RecordKind, rule: RetentionRule) -> int:
    """The period in days: the rule's, or the setting of a kind its own task erases."""
    return kind.fixed_days() if kind.fixed_days is not None else rule.days


def scheduled() -> list[tuple[registry.RecordKind, RetentionRule]]:
    """The registered kinds that have a rule, in the schedule's order."""
    rules = {rule.key: rule for rule in RetentionRule.objects.all()}
    return [(kind, rules[kind.key]) for kind in registry.kinds() if kind.key in rules]


def retention_run(
    *, dry_run: bool, actor: Any = None, now: dt.datetime | None = None, batch_size: int = BATCH_SIZE
) -> list[DeletionLog]:
    """Run the schedule once; one DeletionLog row per kind."""
    now = now or clock.now()
    logs = []
    for kind, rule in scheduled():
        days = period_of(kind, rule)
        cutoff = now - dt.timedelta(days=days)
        log = DeletionLog(
            run_at=now,
            kind=kind.key,
            rule=rule,
            days=days,
            cutoff=cutoff,
            dry_run=dry_run,
            count=0,
            left_to_own_task=kind.erase is None,
            started_by=actor if getattr(actor, "pk", None) else None,
        )
        try:
            if dry_run or kind.erase is None:
                log.count = kind.count(cutoff)
            else:
                log.count, log.batches = _erase(kind, rule, cutoff, days, batch_size)
        except StorageUnavailable as error:
            logger.error("Retention of %s stopped: the file store failed (%s)", kind.key, error)
            log.error = f"Bestandsopslag niet bereikbaar: {error}"[:300]
        log.finished_at = clock.now()
        log.save()
        logs.append(log)
    return logs


def _erase(
    kind: registry.RecordKind, rule: RetentionRule, cutoff: dt.datetime, days: int, batch_size: int
) -> tuple[int, int]:
    """Erase what is due, a batch per transaction; (records, batches)."""
    assert kind.erase is not None
    total = batches = 0
    while batches < MAX_BATCHES:
        with transaction.atomic():
            keys = list(kind.due(cutoff)[:batch_size])
            if not keys:
                break
            erased = kind.erase(keys)
            log_event(
                actor=None,
                action=AuditAction.RECORDS_ERASED,
                target=rule,
                changes={"soort": kind.key, "aantal": erased, "termijn_dagen": days},
            )
        total, batches = total + erased, batches + 1
        if erased < len(keys):
            break  # what is left is not erasable now (held meanwhile): no endless loop
    return total, batches


@transaction.atomic
def retention_rule_update(*, actor: Any, rule: RetentionRule, days: int, version: int) -> RetentionRule:
    """Change a rule's period, checked against the version the form showed."""
    stored = RetentionRule.objects.select_for_update().get(pk=rule.pk)
    if stored.version != version:
        raise ConcurrentEditError
    before = stored.days
    stored.days = days
    stored.version += 1
    stored.changed_by = actor
    stored.changed_at = clock.now()
    stored.save(update_fields=["days", "version", "changed_by", "changed_at"])
    log_event(
        actor=actor,
        action=AuditAction.RETENTION_RULE_CHANGED,
        target=stored,
        changes={"soort": stored.key, "termijn_dagen": [before, days]},
    )
    return stored
