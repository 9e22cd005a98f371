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


def _latest_per_employee(rows: Any) -> dict[int, tuple[Any, int, Any]]:
    """From rows (employee, submitted at, assessment, group), each employee's newest
    handed-in self-assessment: older ones and drafts never count."""
    latest: dict[int, tuple[Any, int, Any]] = {}
    for employee_id, submitted_at, pk, group in rows:
        if employee_id not in latest or (submitted_at, pk) > latest[employee_id][:2]:
            latest[employee_id] = (submitted_at, pk, group)
    return latest


def _pictures(assessments_by_group: dict[Any, list[int]]) -> dict[Any, Picture]:
    """The picture of each group of self-assessments, in a fixed number of queries; the
    answers of a group below the minimum size are never even counted."""
    shown = {group: ids for group, ids in assessments_by_group.items() if len(ids) >= MIN_GROUP_SIZE}
    group_of = {pk: group for group, ids in shown.items() for pk in ids}
    by_aspect: dict[Any, dict[int, Counter[int]]] = {group: {} for group in shown}
    by_competency: dict[Any, dict[int, Counter[int]]] = {group: {} for group in shown}
    if group_of:
        answers = (
            StatementAnswer.objects.filter(assessment_id__in=list(group_of))
            .values_list("assessment_id", "statement__aspect_id", "answer")
            .annotate(n=Count("pk"))
        )
        for assessment_id, aspect_id, answer, n in answers:
            by_aspect[group_of[assessment_id]].setdefault(aspect_id, Counter())[answer] += n
        levels = (
            CompetencyAnswer.objects.filter(assessment_id__in=list(group_of))
            .values_list("assessment_id", "competency_id", "level")
            .annotate(n=Count("pk"))
        )
        for assessment_id, competency_id, level, n in levels:
            by_competency[group_of[assessment_id]].setdefault(competency_id, Counter())[level] += n
    aspect_list = list(Aspect.objects.all()) if group_of else []
    competency_list = list(Competency.objects.all()) if group_of else []
    answer_scale = [(a.value, a.label) for a in Answer]  # altijd ... nooit
    level_scale = [(level.value, level.label) for level in reversed(Level)]  # highest first
    pictures = {}
    for group, ids in assessments_by_group.items():
        if group not in shown:
            pictures[group] = Picture(len(ids), [], [])
            continue
        aspects = [
            _row(a.name, by_aspect[group][a.pk], answer_scale)
            for a in aspect_list
            if a.pk in by_aspect[group]
        ]
        competencies = [
            _row(c.name, by_competency[group][c.pk], level_scale)
            for c in competency_list
            if c.pk in by_competency[group]
        ]
        pictures[group] = Picture(len(ids), aspects, competencies)
    return pictures


def latest_submitted(employee_ids: QuerySet[Any] | list[int]) -> list[int]:
    """The newest handed-in self-assessment of each of these employees."""
    rows = SelfAssessment.objects.filter(
        employee_id__in=employee_ids, status=AssessmentStatus.SUBMITTED
    ).values_list("employee_id", "submitted_at", "pk", "employee_id")
    return [pk for _, pk, _ in _latest_per_employee(rows).values()]


def picture_of(employee_ids: QuerySet[Any] | list[int]) -> Picture:
    """The aggregated picture of a group of employees; empty below the minimum size, so
    nothing about a small group is ever computed for a page."""
    return _pictures({None: latest_submitted(employee_ids)})[None]


def team_members(team_id: int) -> QuerySet[Any]:
    """The people of a team, members and managers alike."""
    return TeamMembership.objects.filter(team_id=team_id, user__is_active=True).values("user_id")


def team_picture(team_id: int) -> Picture:
    return picture_of(team_members(team_id))


def function_group_picture(function_group_id: int) -> Picture:
    return function_group_pictures([function_group_id])[function_group_id]


def function_group_pictures(function_group_ids: list[int]) -> dict[int, Picture]:
    """The picture of each of these function groups over the whole organisation, in a
    fixed number of queries however many groups there are."""
    rows = SelfAssessment.objects.filter(
        status=AssessmentStatus.SUBMITTED,
        employee__is_active=True,
        employee__function_group_id__in=function_group_ids,
    ).values_list("employee_id", "submitted_at", "pk", "employee__function_group_id")
    by_group: dict[Any, list[int]] = {group: [] for group in function_group_ids}
    for _, pk, group in _latest_per_employee(rows).values():
        by_group[group].append(pk)
    return _pictures(by_group)
