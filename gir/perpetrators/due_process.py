"""Due process and the fairness guard of a measure (issue 19 item 6): the facts the
person may answer, the term for that answer, and when GIR asks for an explicit reason.

The facts are what the person may read and an objection committee needs: when, the
kind of place, the kinds of behaviour and the level of 001 §2.1. Never the report's
free text, the victims or the reporter: those would name employees (001 §1.2)."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from gir.incidents.constants import EscalationLevel
from gir.incidents.models import Incident

from .constants import HEARING_GUARD_KINDS, MINOR_LEVELS, SANCTION_KINDS, Hearing


@dataclass(frozen=True)
class Fact:
    reference: str
    date: str
    place: str
    behaviours: list[str]
    level: str


def incident_fact(incident: Incident) -> Fact:
    """One incident as facts. An unsaved incident (a letter preview) has no behaviours."""
    when = timezone.localtime(incident.occurred_at).strftime("%d-%m-%Y") if incident.occurred_at else ""
    behaviours = [str(b.get_kind_display()) for b in incident.behaviours.all()] if incident.pk else []
    level = str(EscalationLevel(incident.escalation_level).label) if incident.escalation_level else ""
    return Fact(
        reference=incident.reference,
        date=when,
        place=str(incident.get_setting_display()) if incident.setting else "",
        behaviours=behaviours,
        level=level,
    )


def measure_facts(incidents: Iterable[Incident]) -> list[Fact]:
    """The facts of a measure's incidents, oldest first."""
    ordered = sorted(incidents, key=lambda i: (i.occurred_at or i.created_at or timezone.now(), i.pk or 0))
    return [incident_fact(incident) for incident in ordered]


def facts_summary(incidents: Iterable[Incident]) -> str:
    """The summary of the report for the letter to the person: one line per incident."""
    lines = []
    for fact in measure_facts(incidents):
        line = _("- Op %(date)s, %(place)s") % {
            "date": fact.date or _("een onbekende datum"),
            "place": (fact.place or _("plaats onbekend")).lower(),
        }
        if fact.behaviours:
            line += ": " + "; ".join(b.lower() for b in fact.behaviours)
        if fact.level:
            line += ". " + _("Ernst: %(level)s") % {"level": fact.level}
        lines.append(line + ".")
    return "\n".join(lines)


def only_minor_behaviour(incidents: Iterable[Incident]) -> bool:
    """Whether the incidents' highest known level is A or B of 001 §2.1 (emotion and
    criticism). An incident without a level does not count against it."""
    levels = {incident.escalation_level for incident in incidents} - {""}
    return bool(levels) and levels <= MINOR_LEVELS


def needs_minor_behaviour_reason(kind: str, incidents: Iterable[Incident]) -> bool:
    return kind in SANCTION_KINDS and only_minor_behaviour(incidents)


def needs_unheard_reason(kind: str, hearing: str) -> bool:
    """A written warning or a ban decided while the person was not heard."""
    return kind in HEARING_GUARD_KINDS and hearing != Hearing.HEARD


def term_running(answer_by: dt.date | None, answer_received_on: dt.date | None, today: dt.date) -> bool:
    """The person may still answer in writing and has not yet done so."""
    return answer_by is not None and answer_received_on is None and today <= answer_by
