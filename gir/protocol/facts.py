"""The incident facts a rule may test (DESIGN §2.2: kind of behaviour, A–E scale,
injury, setting, damage, victim type). A rule naming anything else is refused."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gir.incidents.constants import (
    AggressionType,
    BehaviourKind,
    DigitalClassification,
    EscalationLevel,
    Injury,
    Setting,
    VictimKind,
)
from gir.incidents.models import Incident

from .constants import ConditionMatch, ConditionOp

YES_NO = [("yes", gettext_lazy("ja")), ("no", gettext_lazy("nee"))]


def _yes_no(value: bool) -> set[str]:
    return {"yes" if value else "no"}


@dataclass(frozen=True)
class Fact:
    label: Any
    choices: list[tuple[str, Any]]
    values_of: Callable[[Incident], set[str]]


def _one(value: str) -> set[str]:
    return {value} if value else set()


# The values are read from an incident whose behaviours and victims are prefetched.
FACTS: dict[str, Fact] = {
    "behaviour": Fact(
        gettext_lazy("Soort gedrag"),
        BehaviourKind.choices,
        lambda i: {b.kind for b in i.behaviours.all()},
    ),
    "escalation_level": Fact(
        gettext_lazy("Ernst (A–E)"), EscalationLevel.choices, lambda i: _one(i.escalation_level)
    ),
    "aggression_type": Fact(
        gettext_lazy("Soort agressie"), AggressionType.choices, lambda i: _one(i.aggression_type)
    ),
    "setting": Fact(gettext_lazy("Situatie"), Setting.choices, lambda i: _one(i.setting)),
    "injury": Fact(gettext_lazy("Letsel"), Injury.choices, lambda i: _one(i.injury)),
    "material_damage": Fact(gettext_lazy("Materiële schade"), YES_NO, lambda i: _yes_no(i.material_damage)),
    "victim_kind": Fact(
        gettext_lazy("Soort slachtoffer"), VictimKind.choices, lambda i: {v.kind for v in i.victims.all()}
    ),
    "digital_classification": Fact(
        gettext_lazy("Classificatie online agressie"),
        DigitalClassification.choices,
        lambda i: _one(i.digital_classification),
    ),
    "police_called": Fact(
        gettext_lazy("Politie ter plaatse gebeld"), YES_NO, lambda i: _yes_no(i.police_called)
    ),
}


def condition_holds(condition: dict[str, Any], incident: Incident) -> bool:
    present = FACTS[condition["field"]].values_of(incident)
    hit = bool(present & set(condition["values"]))
    return hit if condition.get("op", ConditionOp.IN) == ConditionOp.IN else not hit


def conditions_hold(conditions: list[dict[str, Any]], match: str, incident: Incident) -> bool:
    """No conditions: the rule applies to every incident."""
    if not conditions:
        return True
    results = (condition_holds(c, incident) for c in conditions)
    return all(results) if match == ConditionMatch.ALL else any(results)


def validate_conditions(conditions: Any) -> None:
    """Refuse a condition on an unknown fact, with an unknown value or operator."""
    if not isinstance(conditions, list):
        raise ValidationError(_("De voorwaarden moeten een lijst zijn."))
    errors = []
    for number, condition in enumerate(conditions, start=1):
        if not isinstance(condition, dict):
            errors.append(_("Voorwaarde %(n)s is onleesbaar.") % {"n": number})
            continue
        field = condition.get("field")
        fact = FACTS.get(field)  # type: ignore[arg-type]
        if fact is None:
            errors.append(
                _("Voorwaarde %(n)s gaat over een gegeven dat niet bestaat: ‘%(field)s’.")
                % {"n": number, "field": field}
            )
            continue
        if condition.get("op", ConditionOp.IN) not in ConditionOp.values:
            errors.append(_("Voorwaarde %(n)s heeft een onbekende vergelijking.") % {"n": number})
        values = condition.get("values")
        if not isinstance(values, list) or not values:
            errors.append(_("Voorwaarde %(n)s noemt geen waarden.") % {"n": number})
            continue
        known = {value for value, _label in fact.choices}
        unknown = [str(v) for v in values if v not in known]
        if unknown:
            errors.append(
                _("Voorwaarde %(n)s (%(label)s) kent deze waarden niet: %(values)s.")
                % {"n": number, "label": fact.label, "values": ", ".join(unknown)}
            )
    if errors:
        raise ValidationError(errors)


def describe_conditions(conditions: list[dict[str, Any]], match: str) -> str:
    """The conditions in plain Dutch, for the rule list."""
    if not conditions:
        return _("Altijd")
    parts = []
    for condition in conditions:
        fact = FACTS.get(condition.get("field", ""))
        if fact is None:
            continue
        labels = dict(fact.choices)
        values = ", ".join(str(labels.get(v, v)) for v in condition.get("values", []))
        op = ConditionOp(condition.get("op", ConditionOp.IN)).label
        parts.append(f"{fact.label} {op}: {values}")
    joiner = _(" en ") if match == ConditionMatch.ALL else _(" of ")
    return joiner.join(parts)
