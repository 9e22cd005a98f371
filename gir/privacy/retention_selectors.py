"""Reads of the retention schedule, its log and the legal holds (ADR 0023)."""

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from gir.core import retention as registry
from gir.incidents.models import Incident, LegalHold

from .policy import can_set_legal_holds
from .retention_models import DeletionLog, RetentionRule
from .retention_services import period_of, scheduled


@dataclass(frozen=True)
class ScheduleRow:
    rule: RetentionRule
    label: str
    action: str
    days: int
    fixed: bool


def schedule_rows() -> list[ScheduleRow]:
    return [
        ScheduleRow(
            rule=rule,
            label=str(kind.label),
            action=kind.action,
            days=period_of(kind, rule),
            fixed=kind.fixed_days is not None,
        )
        for kind, rule in scheduled()
    ]


def label_of(key: str) -> str:
    kind = registry.kind_of(key)
    return str(kind.label) if kind else key


def deletion_log() -> QuerySet[DeletionLog]:
    return DeletionLog.objects.select_related("started_by").order_by("-run_at", "rule_id", "pk")


def legal_holds() -> QuerySet[LegalHold]:
    return LegalHold.objects.select_related("incident", "set_by").order_by("-set_at", "-pk")


def incident_retention_section(user: Any, incident: Incident) -> dict[str, Any] | None:
    """The legal hold of one incident, for who may set one (None: not shown)."""
    if incident.is_draft or not can_set_legal_holds(user):
        return None
    return {"hold": LegalHold.objects.select_related("set_by").filter(incident=incident).first()}
