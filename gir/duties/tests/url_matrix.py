"""The duties URLs in the project's access matrix (gir/home/tests/test_url_access_matrix.py).

Everyone reads the calendar and the duty table. The task URL points at a task of the
monthly alarm-button test owned by "employee" (made once per test): the owner, the
coordinator and directors reach it. The duty table's editing is the coordinator's; the
policy evaluation URL points at this year's (not yet started): coordinator and directors."""

import datetime as dt

from conftest import PERSONAS

ALL = frozenset(PERSONAS) | {"councillor"}
EVALUATION_READERS = frozenset({"coordinator", "director"})

MATRIX: dict[str, frozenset[str]] = {
    "duties:calendar": ALL,
    "duties:task": frozenset({"employee", "coordinator", "director"}),
    "duties:table": ALL,
    "duties:duty_add": frozenset({"coordinator"}),
    "duties:duty": frozenset({"coordinator"}),
    "duties:policy_evaluations": EVALUATION_READERS,
    "duties:policy_evaluation": EVALUATION_READERS,
}
POST_ONLY: set[str] = set()

MATRIX_DUTY = "Matrix: test de alarmknoppen"


def url_kwargs(key: str, world) -> dict[str, int]:
    if not key.startswith("duties:"):
        return {}
    from django.utils import timezone

    from gir.duties.constants import Frequency, Holder
    from gir.duties.models import Duty
    from gir.duties.services import DutyInput, duty_save

    if key == "duties:policy_evaluation":
        return {"year": timezone.localdate().year}
    if key not in ("duties:task", "duties:duty"):
        return {}
    duty = Duty.objects.filter(text=MATRIX_DUTY).first()
    if duty is None:
        duty = duty_save(
            actor=world.users["coordinator"],
            data=DutyInput(
                holder=Holder.FACILITIES,
                text=MATRIX_DUTY,
                frequency=Frequency.MONTHLY,
                owner=world.users["employee"],
                first_due_on=timezone.localdate() + dt.timedelta(days=3),
            ),
        )
    if key == "duties:duty":
        return {"pk": duty.pk}
    return {"pk": duty.tasks.order_by("due_on").first().pk}
