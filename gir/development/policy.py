"""Access to learning and development (DESIGN §1, §2.6; 004): nobody but the employee
ever reads someone's answers; managers agree the learning goal only; pictures are
aggregated."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from gir.access.kernel import (
    Actor,
    Capability,
    capabilities_of,
    has_capability,
    managed_team_ids,
    member_team_ids,
)
from gir.access.registry import register_menu
from gir.accounts.models import TeamMembership

from .constants import AssessmentStatus
from .models import LearningOffer, SelfAssessment


def can_fill_in_assessment(user: Actor) -> bool:
    """Every employee fills in the matrix and the leerdoelwijzer for themselves."""
    return bool(capabilities_of(user))


def access_own_assessment(user: Actor, pk: int) -> SelfAssessment:
    """A self-assessment, for the employee who fills it in only: nobody else ever reads
    someone's answers (DESIGN §1)."""
    assessment = SelfAssessment.objects.filter(pk=pk, employee_id=getattr(user, "pk", None)).first()
    if assessment is None or not can_fill_in_assessment(user):
        raise Http404
    return assessment


def goals_to_review(user: Actor) -> QuerySet[SelfAssessment]:
    """The submitted self-assessments whose learning goal this manager agrees: those of
    the members of the teams they manage, never their own. Only the goal is shown."""
    teams = managed_team_ids(user)
    if not teams:
        return SelfAssessment.objects.none()
    members = TeamMembership.objects.filter(team_id__in=teams).values("user_id")
    return SelfAssessment.objects.filter(status=AssessmentStatus.SUBMITTED, employee_id__in=members).exclude(
        employee_id=user.pk
    )


def access_goal_review(user: Actor, pk: int) -> SelfAssessment:
    assessment = goals_to_review(user).select_related("employee").filter(pk=pk).first()
    if assessment is None:
        raise Http404
    return assessment


def picture_team_ids(user: Actor) -> frozenset[int] | None:
    """The teams whose aggregated learning picture the user sees: every team (None) for
    the coordinator and directors; otherwise the teams one belongs to or manages."""
    caps = capabilities_of(user)
    if caps & {Capability.MANAGE_LEARNING, Capability.READ_TREND_REPORTS}:
        return None
    return member_team_ids(user) | managed_team_ids(user)


def can_see_team_picture(user: Actor, team_id: int) -> bool:
    teams = picture_team_ids(user)
    return bool(capabilities_of(user)) and (teams is None or team_id in teams)


def can_read_group_pictures(user: Actor) -> bool:
    """The pictures per function group, over the whole organisation (004: "voor
    functiegroepen of teams"): the coordinator and directors."""
    return bool(capabilities_of(user) & {Capability.MANAGE_LEARNING, Capability.READ_TREND_REPORTS})


@dataclass(frozen=True)
class ReaderGroups:
    """The groups one reader can see pictured: these teams (None: every team) and, when
    `function_groups`, every function group over the organisation."""

    team_ids: frozenset[int] | None
    function_groups: bool


def reader_groups(user: Actor) -> ReaderGroups:
    """Every group whose picture this user can see, on any page: the pictures are weighed
    against each other for one reader together (ADR 0022, "Development pictures")."""
    if not capabilities_of(user):
        return ReaderGroups(frozenset(), False)
    return ReaderGroups(picture_team_ids(user), can_read_group_pictures(user))


def can_write_team_goal(user: Actor, team_id: int) -> bool:
    """A team's learning goal is written by who keeps its plan (as
    gir.learning.policy.can_keep_plan): its manager or the coordinator."""
    return has_capability(user, Capability.MANAGE_LEARNING) or team_id in managed_team_ids(user)


def can_manage_offers(user: Actor) -> bool:
    """The coordinator turns team goals into a learning offer (004)."""
    return has_capability(user, Capability.MANAGE_LEARNING)


def offers_visible_to(user: Actor) -> QuerySet[LearningOffer]:
    """Every offer for the coordinator and directors; the organisation's and those of
    one's own teams for everyone else."""
    caps = capabilities_of(user)
    if not caps:
        return LearningOffer.objects.none()
    if caps & {Capability.MANAGE_LEARNING, Capability.READ_IMPROVEMENT_PLANS}:
        return LearningOffer.objects.all()
    return LearningOffer.objects.filter(
        Q(team=None) | Q(team_id__in=member_team_ids(user) | managed_team_ids(user))
    )


def access_offer(user: Actor, pk: int) -> LearningOffer:
    offer = offers_visible_to(user).select_related("team", "goal").filter(pk=pk).first()
    if offer is None:
        raise Http404
    return offer


# Every employee fills in the leerdoelwijzer.
register_menu("development", can_fill_in_assessment)
