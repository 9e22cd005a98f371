"""Check the audit log's hash chain (``manage.py verify_audit``; ADR 0012)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from . import chain
from .models import AuditCheckpoint, AuditEvent


@dataclass(frozen=True)
class Break:
    """The first row where the chain does not hold, and why."""

    pk: int
    reason: str


@dataclass(frozen=True)
class Verdict:
    checked: int
    first_break: Break | None

    @property
    def intact(self) -> bool:
        return self.first_break is None


FIELDS = (
    *("pk", "at", "actor_id", "action", "target_type", "target_id", "changes", "detail"),
    *("prev_hash", "hash"),
)


def chain_verify() -> Verdict:
    """Walk the log in chain order from the first row kept (after the newest checkpoint
    of the retention prune, else from the start) and recompute every hash."""
    checkpoint = AuditCheckpoint.objects.order_by("-first_kept_id").first()
    expected_prev = checkpoint.prev_hash if checkpoint else chain.GENESIS
    checked = 0
    rows = AuditEvent.objects.order_by("pk").values_list(*FIELDS).iterator(chunk_size=2000)
    for pk, at, actor_id, action, target_type, target_id, changes, detail, prev_hash, stored in rows:
        if checked == 0 and checkpoint is not None and pk != checkpoint.first_kept_id:
            return Verdict(
                checked,
                Break(
                    pk,
                    _("de eerste regel is niet de regel waar het log is opgeschoond (#%(pk)s)")
                    % {"pk": checkpoint.first_kept_id},
                ),
            )
        if prev_hash != expected_prev:
            return Verdict(checked, Break(pk, _("verwijst niet naar de regel ervoor (ontbreekt er een?)")))
        computed = chain.event_hash(
            prev_hash=prev_hash,
            at=at,
            actor_id=actor_id,
            action=action,
            target_type=target_type,
            target_id=target_id,
            changes=changes,
            detail=detail,
        )
        if computed != stored:
            return Verdict(checked, Break(pk, _("inhoud past niet bij de hash (gewijzigd?)")))
        expected_prev = stored
        checked += 1
    return Verdict(checked, None)
