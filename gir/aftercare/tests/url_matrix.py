"""The aftercare URLs in the project's access matrix (gir/home/tests/test_url_access_matrix.py):
who reaches each page, which are POST-only, and the URL kwargs for a test world.

Object URLs point at incident_a (reported by "employee", its victim) and at the planned
first conversation of "employee". What was said is for the aftercare role and the employee
only: the handlers (team manager, coordinator) reach none of it (DESIGN §2.5)."""

from conftest import PERSONAS

ALL = frozenset(PERSONAS) | {"councillor"}
WORKER = frozenset({"aftercare"})
REPORT_READERS = frozenset({"aftercare", "director", "coordinator"})
WORKER_AND_EMPLOYEE = frozenset({"aftercare", "employee"})

MATRIX: dict[str, frozenset[str]] = {
    "aftercare:worklist": WORKER,
    "aftercare:mine": ALL,  # everyone has (possibly no) own aftercare
    "aftercare:report": REPORT_READERS,
    "aftercare:report_pdf": REPORT_READERS,
    "aftercare:incident": WORKER,
    "aftercare:schedule_new": WORKER,
    "aftercare:record_new": WORKER,
    "aftercare:decline_new": WORKER,
    "aftercare:request": frozenset({"employee"}),  # the incident's victim
    "aftercare:conversation": WORKER_AND_EMPLOYEE,
    "aftercare:schedule": WORKER,
    "aftercare:invite": WORKER,
    # The calendar file holds only the appointment: the employee may fetch their own.
    "aftercare:ics": WORKER_AND_EMPLOYEE,
    "aftercare:record": WORKER,
    "aftercare:decline": WORKER,
}
POST_ONLY: set[str] = {
    "aftercare:schedule_new",
    "aftercare:record_new",
    "aftercare:decline_new",
    "aftercare:request",
    "aftercare:schedule",
    "aftercare:invite",
    "aftercare:record",
    "aftercare:decline",
}


def url_kwargs(key: str, world) -> dict[str, int]:
    """pk and conversation_pk; the conversation is planned once per test."""
    if not key.startswith("aftercare:"):
        return {}
    import datetime as dt

    from django.utils import timezone

    from gir.aftercare.constants import Stage
    from gir.aftercare.models import Conversation
    from gir.aftercare.services import Employee, conversation_schedule
    from gir.protocol.constants import StepKind

    employee = world.users["employee"]
    conversation = Conversation.objects.filter(
        incident=world.incident_a, employee=employee, stage=Stage.FIRST
    ).first()
    if conversation is None:
        step = world.incident_a.steps.filter(kind=StepKind.AFTERCARE).order_by("due_at", "pk").first()
        conversation = conversation_schedule(
            actor=world.users["aftercare"],
            incident=world.incident_a,
            step=step,
            employee=Employee(employee, ""),
            scheduled_at=timezone.now() + dt.timedelta(days=1),
        )
    return {"pk": world.incident_a.pk, "conversation_pk": conversation.pk}
