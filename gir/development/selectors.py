"""Reads of learning and development: the aggregated picture of a group (004: "door de
resultaten samen te voegen"), never one person's answers, and only for a group of at
least MIN_GROUP_SIZE people who handed in their self-assessment (DESIGN §1).

Pictures cannot be differenced (ADR 0022, "Development pictures"): they count the
self-assessments handed in before the start of the current quarter only, so a new one
moves no picture until the next quarter; and of all the groups one reader can see, a
group is pictured only when no other one, nor any union of function groups (or of teams
that share nobody), differs from it by 1 to MIN_GROUP_SIZE - 1 people
(`distinguishable`)."""

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from gir.accounts.constants import UnitKind
from gir.accounts.models import FunctionGroup, OrganisationUnit, TeamMembership
from gir.core import clock

from .constants import MIN_GROUP_SIZE, Answer, AssessmentStatus, Level
from .models import Aspect, Competency, CompetencyAnswer, SelfAssessment, StatementAnswer
from .policy import ReaderGroups


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
    # The day the picture stands at: self-assessments handed in from then on do not count.
    as_of: dt.date | None = None
    # Hidden because another group the reader sees differs from it by 1 to 4 people.
    too_close: bool = field(default=False)

    @property
    def is_shown(self) -> bool:
        return self.respondents >= MIN_GROUP_SIZE and not self.too_close

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


def _pictures(
    assessments_by_group: dict[Any, list[int]], as_of: dt.date, too_close: Iterable[Any] = ()
) -> dict[Any, Picture]:
    """The picture of each group of self-assessments, in a fixed number of queries; the
    answers of a group below the minimum size, or too close to another, are never even
    counted."""
    hidden = set(too_close)
    shown = {
        group: ids
        for group, ids in assessments_by_group.items()
        if len(ids) >= MIN_GROUP_SIZE and group not in hidden
    }
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
            pictures[group] = Picture(len(ids), [], [], as_of, group in hidden)
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
        pictures[group] = Picture(len(ids), aspects, competencies, as_of)
    return pictures


# --- Published per quarter -------------------------------------------------------------------


def picture_date(today: dt.date | None = None) -> dt.date:
    """The day the pictures stand at: the first day of the current calendar quarter.
    Only self-assessments handed in before it count, so one person handing in a new one
    moves no picture until the next quarter."""
    today = today or clock.today()
    return dt.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)


def _counted_before(as_of: dt.date) -> dt.datetime:
    """The start of that day in Amsterdam: what is handed in from then on does not count."""
    return timezone.make_aware(dt.datetime.combine(as_of, dt.time.min), clock.AMSTERDAM)


def latest_submitted(employee_ids: QuerySet[Any] | list[int], as_of: dt.date | None = None) -> list[int]:
    """The newest self-assessment of each of these employees handed in before `as_of`."""
    rows = SelfAssessment.objects.filter(
        employee_id__in=employee_ids,
        status=AssessmentStatus.SUBMITTED,
        submitted_at__lt=_counted_before(as_of or picture_date()),
    ).values_list("employee_id", "submitted_at", "pk", "employee_id")
    return [pk for _, pk, _ in _latest_per_employee(rows).values()]


def picture_of(employee_ids: QuerySet[Any] | list[int]) -> Picture:
    """The aggregated picture of a group of employees as it stood at the start of the
    quarter; empty below the minimum size, so nothing about a small group is ever
    computed. Not checked against other groups: pages use `visible_pictures`."""
    as_of = picture_date()
    return _pictures({None: latest_submitted(employee_ids, as_of)}, as_of)[None]


def team_members(team_id: int) -> QuerySet[Any]:
    """The people of a team, members and managers alike."""
    return TeamMembership.objects.filter(team_id=team_id, user__is_active=True).values("user_id")


def team_picture(team_id: int) -> Picture:
    return picture_of(team_members(team_id))


def function_group_picture(function_group_id: int) -> Picture:
    return function_group_pictures([function_group_id])[function_group_id]


def function_group_pictures(function_group_ids: list[int]) -> dict[int, Picture]:
    """The picture of each of these function groups over the whole organisation, in a
    fixed number of queries however many groups there are. Not checked against other
    groups: pages use `visible_pictures`."""
    as_of = picture_date()
    rows = SelfAssessment.objects.filter(
        status=AssessmentStatus.SUBMITTED,
        submitted_at__lt=_counted_before(as_of),
        employee__is_active=True,
        employee__function_group_id__in=function_group_ids,
    ).values_list("employee_id", "submitted_at", "pk", "employee__function_group_id")
    by_group: dict[Any, list[int]] = {group: [] for group in function_group_ids}
    for _, pk, group in _latest_per_employee(rows).values():
        by_group[group].append(pk)
    return _pictures(by_group, as_of)


# --- No two pictures one reader sees differ by a few people -----------------------------------

TEAM = "team"
FUNCTION_GROUP = "function_group"
GroupKey = tuple[str, int]


def _close(a: frozenset[int], b: frozenset[int]) -> bool:
    """Two groups whose pictures subtracted give the answers of 1 to 4 people."""
    return 0 < len(a ^ b) < MIN_GROUP_SIZE


def _close_to_a_union(group: frozenset[int], disjoint: list[frozenset[int]]) -> bool:
    """Whether some union of these disjoint groups (function groups: each person has
    one; or teams that share nobody) differs from `group` by 1 to 4 people. Their
    pictures add up, so a reader has the picture of every union. The difference with the
    union of a choice S is |group - all| + sum over S of |g - group| + sum over the
    others of |g & group|: each group adds one of two numbers, so the reachable sums
    (capped at MIN_GROUP_SIZE) are found one group at a time, never trying the subsets
    one by one."""
    outside = len(group - frozenset().union(*disjoint))
    reachable = {min(outside, MIN_GROUP_SIZE)}
    for other in disjoint:
        left_out, taken_in = len(group & other), len(other - group)
        reachable = {min(s + n, MIN_GROUP_SIZE) for s in reachable for n in (left_out, taken_in)}
    return any(0 < s < MIN_GROUP_SIZE for s in reachable)


def _apart(respondents: dict[GroupKey, frozenset[int]], keys: list[GroupKey]) -> set[GroupKey]:
    """The teams among `keys` that share nobody with another of them: their pictures add
    up to the picture of their union."""
    teams = [key for key in keys if key[0] == TEAM]
    return {
        key
        for key in teams
        if not any(respondents[key] & respondents[other] for other in teams if other != key)
    }


def distinguishable(respondents: dict[GroupKey, frozenset[int]]) -> set[GroupKey]:
    """Of the groups one reader can see (their respondents), those that may be pictured:
    at least MIN_GROUP_SIZE respondents, and 1 to MIN_GROUP_SIZE - 1 people (0 is the
    same picture) away from none of: another pictured group; for a team, a union of
    pictured function groups (the organisation among them); for a function group, a
    union of pictured teams that share nobody with another team.

    Deterministic: function groups are taken first (they are disjoint, so never close to
    each other); then the teams, the largest first (ties by id), each pictured only when
    it is not close to what is pictured already, nor makes a union of teams close to a
    function group. So of two close teams the smaller is hidden, and of a team and a
    function group (or a union) the team."""
    order = sorted(
        (key for key, people in respondents.items() if len(people) >= MIN_GROUP_SIZE),
        key=lambda key: (key[0] != FUNCTION_GROUP, -len(respondents[key]), key),
    )
    apart = _apart(respondents, order)
    pictured: list[GroupKey] = []
    for key in order:
        people = respondents[key]
        if any(_close(people, respondents[other]) for other in pictured):
            continue
        if key[0] == TEAM:
            function_groups = [other for other in pictured if other[0] == FUNCTION_GROUP]
            if _close_to_a_union(people, [respondents[other] for other in function_groups]):
                continue
            # Unions without this team were weighed when their last team was added.
            teams = [respondents[other] for other in [*pictured, key] if other in apart]
            if key in apart and any(_close_to_a_union(respondents[f], teams) for f in function_groups):
                continue
        pictured.append(key)
    return set(pictured)


def visible_pictures(reader: ReaderGroups, wanted: Iterable[GroupKey]) -> dict[GroupKey, Picture]:
    """The pictures of the `wanted` groups as this reader may see them: as they stood
    at the start of the quarter, a group too close to another the reader can see hidden
    (`Picture.too_close`). Every group the reader can see is weighed, whichever are
    wanted; a fixed number of queries however many teams and groups there are."""
    as_of = picture_date()
    teams = OrganisationUnit.objects.filter(kind=UnitKind.TEAM)
    if reader.team_ids is not None:
        teams = teams.filter(pk__in=reader.team_ids)
    memberships = list(
        TeamMembership.objects.filter(team__in=teams, user__is_active=True).values_list("team_id", "user_id")
    )
    group_ids = list(FunctionGroup.objects.values_list("pk", flat=True)) if reader.function_groups else []
    rows = SelfAssessment.objects.filter(
        status=AssessmentStatus.SUBMITTED,
        submitted_at__lt=_counted_before(as_of),
        employee__is_active=True,
    )
    if reader.team_ids is not None or not reader.function_groups:
        rows = rows.filter(employee_id__in={user_id for _, user_id in memberships})
    latest = _latest_per_employee(
        rows.values_list("employee_id", "submitted_at", "pk", "employee__function_group_id")
    )
    respondents: dict[GroupKey, set[int]] = {(TEAM, pk): set() for pk in teams.values_list("pk", flat=True)}
    respondents.update({(FUNCTION_GROUP, pk): set() for pk in group_ids})
    for team_id, user_id in memberships:
        if user_id in latest:
            respondents[TEAM, team_id].add(user_id)
    if reader.function_groups:
        for employee_id, (_, _, group_id) in latest.items():
            if group_id is not None:
                respondents[FUNCTION_GROUP, group_id].add(employee_id)
    frozen = {key: frozenset(people) for key, people in respondents.items()}
    pictured = distinguishable(frozen)
    wanted = [key for key in wanted if key in frozen]
    too_close = [key for key in wanted if len(frozen[key]) >= MIN_GROUP_SIZE and key not in pictured]
    assessments = {key: [latest[employee][1] for employee in frozen[key]] for key in wanted}
    return _pictures(assessments, as_of, too_close)
