"""Helpers for the learning-and-development tests: members of a team and their
self-assessments, filled in through the services."""

import datetime as dt
from typing import Any

import time_machine

from gir.accounts.models import FunctionGroup, OrganisationUnit, User
from gir.accounts.tests.factories import TeamMembershipFactory, UserFactory
from gir.core import clock
from gir.development import services
from gir.development.constants import Answer, Level
from gir.development.models import Competency, Questionnaire, SelfAssessment
from gir.development.selectors import picture_date


def questionnaire() -> Questionnaire:
    """The shipped leerdoelwijzer of Werkpleinen (statements of all five aspects)."""
    return Questionnaire.objects.select_related("function_group").get(function_group__name="Werkpleinen")


def member(team: OrganisationUnit, **kwargs: Any) -> User:
    user = UserFactory(function_group=FunctionGroup.objects.get(name="Werkpleinen"), **kwargs)
    TeamMembershipFactory(user=user, team=team)
    return user


def all_answers(assessment: SelfAssessment, answer: int = Answer.SOMETIMES) -> dict[int, int]:
    return {pk: answer for pk in assessment.questionnaire.statements.values_list("pk", flat=True)}


def all_levels(level: int = Level.KNOWS_HOW) -> dict[int, int]:
    return {pk: level for pk in Competency.objects.filter(is_active=True).values_list("pk", flat=True)}


def hand_in(
    employee: User,
    *,
    answer: int = Answer.SOMETIMES,
    level: int = Level.KNOWS_HOW,
    goal: str = "Ik wil beter grenzen stellen aan de balie.",
) -> SelfAssessment:
    """A complete self-assessment of the employee, handed in."""
    draft = services.assessment_start(actor=employee, questionnaire=questionnaire())
    result = services.assessment_save(
        actor=employee,
        assessment=draft,
        answers=all_answers(draft, answer),
        levels=all_levels(level),
        learning_goal=goal,
        submit=True,
    )
    assert result.submitted, result.missing
    return result.assessment


def next_quarter() -> time_machine.travel:
    """To the morning of the first day of the next calendar quarter: from then on the
    pictures count what was handed in before (ADR 0022)."""
    start = picture_date()
    month = start.month + 3
    day = dt.date(start.year + (month > 12), (month - 1) % 12 + 1, 1)
    return time_machine.travel(dt.datetime.combine(day, dt.time(9), clock.AMSTERDAM), tick=True)
