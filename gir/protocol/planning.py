"""What one rule asks of one incident: the pure part of the plan (DESIGN §2.2).

`services.plan_update` applies it to an incident's stored steps; the bulk filler of
`gir.demo` applies it to steps it has not written yet. Both go through `rule_plan`,
so there is one copy of the planning logic."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from .constants import DeadlineAnchor, StepOwner, StepStatus
from .deadlines import add_period
from .facts import conditions_hold
from .models import ProtocolRule


class EarlierStep(Protocol):
    """A step of the same plan, stored or still in memory."""

    @property
    def kind(self) -> str: ...
    @property
    def status(self) -> str: ...
    @property
    def outcome(self) -> str: ...
    @property
    def completed_at(self) -> dt.datetime | None: ...


@dataclass(frozen=True)
class RulePlan[S: EarlierStep]:
    """The step a rule asks for: counted from `base`, after `depends_on` when the rule
    follows another step."""

    base: dt.datetime
    due_at: dt.datetime
    aim_at: dt.datetime | None
    owner: str
    depends_on: S | None


def step_owner(rule: ProtocolRule, *, restricted: bool) -> str:
    # The restricted track keeps everything with the mayor, the clerk and the
    # coordinator (001 §6.4): other owners' steps go to the incident's handler.
    if restricted and rule.owner not in (StepOwner.HANDLER, StepOwner.COORDINATOR):
        return StepOwner.HANDLER
    return str(rule.owner)


def rule_plan[S: EarlierStep](
    rule: ProtocolRule, *, facts: Any, start: dt.datetime, steps: Sequence[S], restricted: bool
) -> RulePlan[S] | None:
    """The step `rule` asks of an incident with these facts (an Incident, or anything
    with its attributes) and these steps so far; None when the rule does not apply.
    A rule anchored on a step counts from the first step of that kind done with a
    matching outcome, and does not apply before there is one."""
    applies = conditions_hold(rule.conditions, rule.match, facts)
    base, depends_on = start, None
    if rule.anchor == DeadlineAnchor.STEP:
        depends_on = next(
            (
                step
                for step in steps
                if step.kind == rule.after_kind
                and step.status == StepStatus.DONE
                and (not rule.after_outcomes or step.outcome in rule.after_outcomes)
            ),
            None,
        )
        if depends_on is None or depends_on.completed_at is None:
            return None
        base = depends_on.completed_at
    if not applies:
        return None
    return RulePlan(
        base=base,
        due_at=add_period(base, rule.deadline_amount, rule.deadline_unit),
        aim_at=add_period(base, rule.aim_amount, rule.deadline_unit) if rule.aim_amount else None,
        owner=step_owner(rule, restricted=restricted),
        depends_on=depends_on,
    )
