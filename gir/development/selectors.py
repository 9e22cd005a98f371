"""Reads of learning and development: the aggregated picture of a group (004: "door de
resultaten samen te voegen"), never one person's answers, and only for a group of at
least MIN_GROUP_SIZE people who handed in their self-assessment (DESIGN §1)."""

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

from gir.accounts.models import TeamMembership

from .constants import MIN_GROUP_SIZE, Answer, AssessmentStatus, Level
from .models import Aspect, Competency, CompetencyAnswer, SelfAssessment, StatementAnswer


@dataclass(frozen=True)
class Share:
    label: str
    count: int
    percent: int


@dataclass(frozen=True)
class PictureRow:
    """One aspect or competency: how the answers of the group fall over the scale."""

    name: str
    total: int
    shares: list[Share]

    @property
    def low_percent(self) -> int:
        """The share of the two lowest answers: where the group sees room to learn."""
        return sum(share.percent for share in self.shares[-2:])


@dataclass(frozen=True)
class Picture:
    respondents: int
    aspects: list[PictureRow]
    competencies: list[PictureRow]

    @property
    def is_shown(self) -> bool:
        return self.respondents >= MIN_GROUP_SIZE

    @property
    def min_group_size(self) -> int:
        return MIN_GROUP_SIZE


def _row(name: str, counts: Counter[int], scale: list[tuple[int, str]]) -> PictureRow:
    total = sum(counts.values())
    shares = [
        Share(str(label), counts[value], round(100 * counts[value] / total) if total else 0)
        for value, label in scale
    ]
    return PictureRow(name, total, shares)


def latest_submitted(employee_ids: QuerySet[Any] | list[int]) -> list[int]:
    """The newest handed-in self-assessment of each of these employees: older ones and
    drafts never count."""
    latest: dict[int, tuple[Any, int]] = {}
    rows = SelfAssessment.objects.filter(
        employee_id__in=employee_ids, status=AssessmentStatus.SUBMITTED
    ).values_list("employee_id", "submitted_at", "pk")
    for employee_id, submitted_at, pk in rows:
        if employee_id not in latest or (submitted_at, pk) > latest[employee_id]:
            latest[employee_id] = (submitted_at, pk)
    return [pk for _, pk in latest.values()]


def picture_of(employee_ids: QuerySet[Any] | list[int]) -> Picture:
    """The aggregated picture of a group of employees; empty below the minimum size, so
    nothing about a small group is ever computed for a page."""
    assessments = latest_submitted(employee_ids)
    if len(assessments) < MIN_GROUP_SIZE:
        return Picture(len(assessments), [], [])
    by_aspect: dict[int, Counter[int]] = {}
    answers = (
        StatementAnswer.objects.filter(assessment_id__in=assessments)
        .values_list("statement__aspect_id", "answer")
        .annotate(n=Count("pk"))
    )
    for aspect_id, answer, n in answers:
        by_aspect.setdefault(aspect_id, Counter())[answer] = n
    by_competency: dict[int, Counter[int]] = {}
    levels = (
        CompetencyAnswer.objects.filter(assessment_id__in=assessments)
        .values_list("competency_id", "level")
        .annotate(n=Count("pk"))
    )
    for competency_id, level, n in levels:
        by_competency.setdefault(competency_id, Counter())[level] = n
    answer_scale = [(a.value, a.label) for a in Answer]  # altijd ... nooit
    level_scale = [(level.value, level.label) for level in reversed(Level)]  # highest first
    aspects = [
        _row(aspect.name, by_aspect[aspect.pk], answer_scale)
        for aspect in Aspect.objects.filter(pk__in=list(by_aspect))
    ]
    competencies = [
        _row(competency.name, by_competency[competency.pk], level_scale)
        for competency in Competency.objects.filter(pk__in=list(by_competency))
    ]
    return Picture(len(assessments), aspects, competencies)


def team_members(team_id: int) -> QuerySet[Any]:
    """The people of a team, members and managers alike."""
    return TeamMembership.objects.filter(team_id=team_id, user__is_active=True).values("user_id")


def team_picture(team_id: int) -> Picture:
    return picture_of(team_members(team_id))


def function_group_picture(function_group_id: int) -> Picture:
    from gir.accounts.models import User

    return picture_of(User.objects.filter(function_group_id=function_group_id, is_active=True).values("pk"))
