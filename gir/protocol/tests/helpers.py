import datetime as dt
from typing import Any

from gir.core.clock import AMSTERDAM
from gir.protocol.services import report_save as incident_save


def local(*args: int) -> dt.datetime:
    """A wall-clock time in Amsterdam, e.g. local(2027, 3, 27, 10, 0)."""
    return dt.datetime(*args, tzinfo=AMSTERDAM)


def report(
    actor: Any, *, behaviours: tuple[str, ...] = ("verbal",), victims: list | None = None, **facts: Any
):
    """Submit a report through the real service, as the form would."""
    values = {
        "occurred_at": facts.pop("occurred_at", None),
        "setting": "counter",
        "description": "Klant schold de medewerker uit aan de balie.",
        "injury": "none",
        **facts,
    }
    return incident_save(actor=actor, facts=values, behaviours=behaviours, victims=victims or [], submit=True)


def steps_by_code(incident: Any) -> dict[str, Any]:
    return {step.rule.code: step for step in incident.steps.select_related("rule")}
