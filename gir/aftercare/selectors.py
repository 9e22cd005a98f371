"""Reads of the aftercare pages (DESIGN §2.5). Each starts from a queryset the access
policy gave (aftercare_incidents, or one incident it let through) and loads what the
page shows in a fixed number of queries."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext

from gir.core import clock
from gir.incidents.constants import IncidentStatus
from gir.incidents.models import Incident
from gir.protocol.constants import StepKind, StepStatus
from gir.protocol.models import Step

from .constants import ConversationStatus, Stage
from .forms import employee_key
from .models import Conversation
from .services import Employee, stage_of

OPEN_INCIDENT_STATUSES = (IncidentStatus.REPORTED, IncidentStatus.IN_PROGRESS)
UPCOMING_SHOWN = 20


@dataclass
class Row:
    """One step × employee: the conversation, if there is one yet."""

    step: Step
    stage: int
    employee: Employee
    key: str
    conversation: Conversation | None

    @property
    def stage_label(self) -> str:
        return str(Stage(self.stage).label)

    @property
    def status_label(self) -> str:
        if self.conversation is not None:
            return self.conversation.get_status_display()
        if self.step.status == StepStatus.WAIVED:
            return str(StepStatus.WAIVED.label)
        if self.step.status == StepStatus.LAPSED:
            return str(StepStatus.LAPSED.label)
        return gettext("Nog niet gepland")

    @property
    def status_class(self) -> str:
        if self.conversation is None:
            return "overdue" if self.step.is_overdue else ("waived" if not self.step.is_open else "draft")
        return {
            ConversationStatus.HELD: "done",
            ConversationStatus.DECLINED: "waived",
            ConversationStatus.CANCELLED: "waived",
            ConversationStatus.REQUESTED: "reported",
        }.get(self.conversation.status, "open")

    @property
    def workable(self) -> bool:
        """Can a new time, a record or a declined offer still be set from this row?"""
        return self.step.is_open and (self.conversation is None or not self.conversation.is_finished)


def employees_from(incident: Incident) -> list[Employee]:
    """employees_of() on an incident whose victims (with users) and reporter are loaded."""
    victims = [Employee(v.user, "" if v.user_id else v.name) for v in incident.victims.all()]
    return victims or [Employee(incident.reporter, "")]


def _rows(step: Step) -> list[Row]:
    by_key = {employee_key(c.employee_id, c.employee_name): c for c in step.aftercare_conversations.all()}
    rows = []
    for employee in employees_from(step.incident):
        key = employee_key(employee.user.pk if employee.user else None, employee.name)
        rows.append(Row(step, stage_of(step), employee, key, by_key.get(key)))
    return rows


def _steps(incidents: QuerySet[Incident]) -> QuerySet[Step]:
    return (
        Step.objects.filter(kind=StepKind.AFTERCARE, incident__in=incidents)
        .select_related("incident__reporter", "rule")
        .prefetch_related(
            Prefetch("incident__victims", queryset=_victims()),
            Prefetch("aftercare_conversations", queryset=Conversation.objects.select_related("employee")),
        )
    )


def _victims() -> QuerySet[Any]:
    from gir.incidents.models import Victim

    return Victim.objects.select_related("user").order_by("pk")


def open_steps(incidents: QuerySet[Incident]) -> QuerySet[Step]:
    """The open aftercare steps of the open incidents, earliest deadline first."""
    return (
        _steps(incidents.filter(status__in=OPEN_INCIDENT_STATUSES))
        .filter(status=StepStatus.OPEN)
        .order_by("due_at", "pk")
    )


def step_rows(steps: list[Step]) -> list[dict[str, Any]]:
    """The worklist's steps, each with its employees and their conversation."""
    return [{"step": step, "stage": stage_of(step), "rows": _rows(step)} for step in steps]


def waiting_requests(incidents: QuerySet[Incident]) -> QuerySet[Conversation]:
    """Aftercare asked for later that nobody has planned yet, oldest first."""
    return (
        Conversation.objects.filter(
            incident__in=incidents, stage=Stage.LATER, status=ConversationStatus.REQUESTED
        )
        .select_related("incident", "employee")
        .order_by("requested_at", "pk")
    )


def upcoming(incidents: QuerySet[Incident]) -> list[Conversation]:
    """The next planned conversations, from a little before now on."""
    return list(
        Conversation.objects.filter(
            incident__in=incidents,
            status=ConversationStatus.SCHEDULED,
            scheduled_at__gte=clock.now() - dt.timedelta(hours=1),
        )
        .select_related("incident", "employee")
        .order_by("scheduled_at", "pk")[:UPCOMING_SHOWN]
    )


def incident_page(incident: Incident) -> dict[str, Any]:
    """The incident's aftercare: the facts it needs, its steps × employees, and
    the conversations asked for later."""
    incident = (
        Incident.objects.select_related("reporter")
        .prefetch_related("behaviours", Prefetch("victims", queryset=_victims()))
        .get(pk=incident.pk)
    )
    steps = list(_steps(Incident.objects.filter(pk=incident.pk)).order_by("due_at", "pk"))
    later = list(
        Conversation.objects.filter(incident=incident, stage=Stage.LATER)
        .select_related("employee")
        .order_by("requested_at", "created_at", "pk")
    )
    return {
        "incident": incident,
        "employees": employees_from(incident),
        "rows": [row for step in steps for row in _rows(step)],
        "later": later,
    }


def conversations_of(user: Any) -> QuerySet[Conversation]:
    """The user's own conversations, newest first."""
    return (
        Conversation.objects.filter(employee=user)
        .select_related("incident", "worker")
        .order_by("-created_at", "-pk")
    )


def victim_incidents(user: Any) -> QuerySet[Incident]:
    """The submitted incidents aimed at this user (where can_request_aftercare holds)."""
    return (
        Incident.objects.filter(victims__user=user)
        .exclude(status=IncidentStatus.DRAFT)
        .distinct()
        .order_by("-occurred_at", "-pk")
    )


def incident_conversations(incident: Incident) -> list[Conversation]:
    return list(
        Conversation.objects.filter(incident=incident)
        .select_related("employee")
        .order_by("stage", "created_at", "pk")
    )
