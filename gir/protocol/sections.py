"""The follow-up plan on the incident page (registered in apps.py with gir.incidents.page.incident_page)."""

from collections.abc import Mapping
from typing import Any

from gir.incidents.models import Incident
from gir.incidents.policy import is_handler

from .constants import StepKind
from .forms import ReasonForm
from .policy import can_work_aftercare
from .selectors import plan_of


def plan_part(user: Any, incident: Incident, forms: Mapping[str, Any]) -> dict[str, Any]:
    """The steps, what this user may record of them, and the reopen form."""
    is_handler_of = is_handler(user, incident)
    steps = plan_of(incident)
    works_aftercare = can_work_aftercare(user, incident)
    return {
        # Handlers see what was recorded; the reporter follows the steps (DESIGN §1).
        "show_step_records": is_handler_of,
        # Aftercare talks are the aftercare team's to record, on their own page.
        "workable_step_ids": {
            s.pk
            for s in steps
            if s.is_open and is_handler_of and (s.kind != StepKind.AFTERCARE or works_aftercare)
        },
        "steps": steps,
        "open_required": [s for s in steps if s.is_open and s.is_required],
        "reopen_form": forms.get("reopen_form") or ReasonForm(),
    }
