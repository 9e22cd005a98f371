"""The police part of the incident page (gir/templates/police/incident_section.html)."""

from typing import Any

from gir.incidents.models import Incident
from gir.protocol.constants import StepKind

from . import selectors
from .policy import can_work_police_and_damage
from .services import aangifte_expected


def police_section(user: Any, incident: Incident) -> dict[str, Any] | None:
    """A summary of the police file for those who work it; None for everyone else."""
    if not can_work_police_and_damage(user, incident):
        return None
    return {
        "reports": list(selectors.reports_of(incident)),
        "expected": aangifte_expected(incident),
        "police_step": selectors.open_step(incident, StepKind.POLICE_REPORT),
    }
