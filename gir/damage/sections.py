"""The damage card on the incident page (DESIGN §2.4)."""

from typing import Any

from gir.incidents.models import Incident
from gir.police.policy import can_work_police_and_damage

from .selectors import incident_totals


def damage_section(user: Any, incident: Incident) -> dict[str, Any] | None:
    """The card's content for who works the incident's damage file, once there is damage
    to speak of: the reporter ticked material damage, or items or claims were recorded."""
    if not can_work_police_and_damage(user, incident):
        return None
    totals = incident_totals(incident)
    if not (incident.material_damage or totals["item_count"] or totals["claim_count"]):
        return None
    return {"totals": totals}
