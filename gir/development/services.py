"""Writes of learning and development (DESIGN §2.6; 004): an employee's self-assessment
and personal learning goal, the manager's agreement to it, team goals and the
coordinator's learning offer. Every function runs in one transaction and writes the
audit log; edits carry the version they started from, so concurrent edits never
overwrite each other silently."""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gir.accounts.models import OrganisationUnit, User
from gir.audit.models import AuditAction
from gir.audit.services import log_event
from gir.core import clock
from gir.core.exceptions import ConcurrentEditError

from . import notices
from .constants import Answer, AssessmentStatus, GoalStatus, Level, OfferKind
from .models import (
    Aspect,
    Competency,
    CompetencyAnswer,
    LearningOffer,
    OfferSession,
    Questionnaire,
    SelfAssessment,
    StatementAnswer,
    TeamGoal,
)


def questionnaire_of(user: User) -> Questionnaire | None:
    """The leerdoelwijzer of the user's function group, if it has one in use."""
    if user.function_group_id is None:
        return None
    return Questionnaire.objects.filter(function_group_id=user.function_group_id, is_active=True).first()


@transaction.atomic
def assessment_start(*, actor: User, questionnaire: Questionnaire | None = None) -> SelfAssessment:
    """The employee's draft: the one they have, or a new one with the leerdoelwijzer of
    their function group (or the one they chose). One draft at a time."""
    draft = SelfAssessment.objects.filter(employee=actor, status=AssessmentStatus.DRAFT).first()
    if draft is not None:
        return draft
    try:
        with transaction.atomic():
            draft = SelfAssessment.objects.create(
                employee=actor, questionnaire=questionnaire or questionnaire_of(actor)
            )
    except IntegrityError:  # a second tab started one at the same moment
        return SelfAssessment.objects.get(employee=actor, status=AssessmentStatus.DRAFT)
    log_event(actor=actor, action=AuditAction.CREATED, target=draft, detail=_("Zelfscan begonnen"))
    return draft


@dataclass(frozen=True)
class SaveResult:
    assessment: SelfAssessment
    # What is still missing before the assessment counts; empty when it was submitted.
    missing: list[str] = field(default_factory=list)

    @property
    def submitted(self) -> bool:
        return self.assessment.status == AssessmentStatus.SUBMITTED


def _missing(assessment: SelfAssessment, learning_goal: str) -> list[str]:
    missing = []
    if assessment.questionnaire is not None:
        statements = assessment.questionnaire.statements.count()
        answered = assessment.answers.count()
        if answered < statements:
            missing.append(
                _("%(open)s van de %(total)s uitspraken van de leerdoelwijzer hebben nog geen antwoord.")
                % {"open": statements - answered, "total": statements}
            )
    competencies = Competency.objects.filter(is_active=True).count()
    rated = assessment.levels.filter(competency__is_active=True).count()
    if rated < competencies:
        missing.append(
            _("%(open)s van de %(total)s competenties van de matrix hebben nog geen niveau.")
            % {"open": competencies - rated, "total": competencies}
        )
    if not learning_goal.strip():
        missing.append(_("Je persoonlijke leerdoel is nog niet ingevuld."))
    return missing


@transaction.atomic
def assessment_save(
    *,
    actor: User,
    assessment: SelfAssessment,
    answers: dict[int, int],
    levels: dict[int, int],
    learning_goal: str,
    submit: bool = False,
    expected_version: int | None = None,
) -> SaveResult:
    """Keep what the employee filled in. Submitting hands it in only when every statement
    and every competency is answered and the learning goal is written; otherwise it stays
    a draft, saved, that counts nowhere (004), and the result says what is missing."""
    current = (
        SelfAssessment.objects.select_for_update(of=("self",))
        .select_related("questionnaire")
        .get(pk=assessment.pk)
    )
    if current.employee_id != actor.pk:
        raise ValidationError(_("Alleen wie de zelfscan invult, kan hem bewaren."))
    if current.status != AssessmentStatus.DRAFT:
        raise ValidationError(_("Deze zelfscan is ingeleverd en verandert niet meer."))
    if expected_version is not None and current.version != expected_version:
        raise ConcurrentEditError
    statement_ids = (
        set(current.questionnaire.statements.values_list("pk", flat=True)) if current.questionnaire else set()
    )
    competency_ids = set(Competency.objects.filter(is_active=True).values_list("pk", flat=True))
    if not set(answers) <= statement_ids or not set(answers.values()) <= set(Answer.values):
        raise ValidationError(_("Een antwoord hoort niet bij deze leerdoelwijzer. Laad de pagina opnieuw."))
    if not set(levels) <= competency_ids or not set(levels.values()) <= set(Level.values):
        raise ValidationError(_("Een niveau hoort niet bij de matrix. Laad de pagina opnieuw."))

    current.answers.all().delete()
    StatementAnswer.objects.bulk_create(
        StatementAnswer(assessment=current, statement_id=pk, answer=value) for pk, value in answers.items()
    )
    current.levels.all().delete()
    CompetencyAnswer.objects.bulk_create(
        CompetencyAnswer(assessment=current, competency_id=pk, level=value) for pk, value in levels.items()
    )
    current.learning_goal = learning_goal.strip()
    missing = _missing(current, learning_goal) if submit else []
    if submit and not missing:
        current.status, current.submitted_at = AssessmentStatus.SUBMITTED, clock.now()
        current.goal_status = GoalStatus.PROPOSED
    current.version += 1
    current.save()
    log_event(
        actor=actor,
        action=AuditAction.UPDATED,
        target=current,
        detail=_("Zelfscan ingeleverd")
        if current.status == AssessmentStatus.SUBMITTED
        else _("Zelfscan bewaard"),
    )
    if current.status == AssessmentStatus.SUBMITTED:
        transaction.on_commit(lambda: notices.goal_proposed(current))
    return SaveResult(current, missing)


@transaction.atomic
def goal_rewrite(
    *, actor: User, assessment: SelfAssessment, learning_goal: str, expected_version: int | None
) -> SelfAssessment:
    """The employee rewrites a learning goal that came back for discussion."""
    current = SelfAssessment.objects.select_for_update().get(pk=assessment.pk)
    if current.employee_id != actor.pk or current.goal_status != GoalStatus.RETURNED:
        raise ValidationError(_("Dit leerdoel kun je nu niet aanpassen."))
    if expected_version is not None and current.version != expected_version:
        raise ConcurrentEditError
    if not learning_goal.strip():
        raise ValidationError({"learning_goal": _("Schrijf je persoonlijke leerdoel op.")})
    current.learning_goal, current.goal_status = learning_goal.strip(), GoalStatus.PROPOSED
    current.version += 1
    current.save()
    log_event(actor=actor, action=AuditAction.UPDATED, target=current, detail=_("Leerdoel aangepast"))
    transaction.on_commit(lambda: notices.goal_proposed(current))
    return current


@transaction.atomic
def goal_review(
    *,
    actor: User,
    assessment: SelfAssessment,
    confirm: bool,
    comment: str = "",
    expected_version: int | None = None,
) -> SelfAssessment:
    """The manager confirms the learning goal, or sends it back with a comment to talk
    it over (004: "overleg hierover met je leidinggevende")."""
    current = SelfAssessment.objects.select_for_update().get(pk=assessment.pk)
    if expected_version is not None and current.version != expected_version:
        raise ConcurrentEditError
    if current.goal_status != GoalStatus.PROPOSED:
        raise ValidationError(_("Dit leerdoel wacht niet op een reactie."))
    if not confirm and not comment.strip():
        raise ValidationError({"comment": _("Schrijf erbij wat je met de medewerker wilt bespreken.")})
    current.goal_status = GoalStatus.CONFIRMED if confirm else GoalStatus.RETURNED
    current.manager_comment = comment.strip()
    current.goal_reviewed_by, current.goal_reviewed_at = actor, clock.now()
    current.version += 1
    current.save()
    log_event(
        actor=actor,
        action=AuditAction.UPDATED,
        target=current,
        detail=_("Leerdoel bevestigd") if confirm else _("Leerdoel terug voor overleg"),
    )
    transaction.on_commit(lambda: notices.goal_reviewed(current))
    return current


@transaction.atomic
def team_goal_add(
    *,
    actor: User,
    team: OrganisationUnit,
    text: str,
    aspect: Aspect | None = None,
    competency: Competency | None = None,
) -> TeamGoal:
    """What the team wants to learn, drawn from its picture (004 "Leren als team")."""
    if not text.strip():
        raise ValidationError({"text": _("Schrijf op wat het team wil leren.")})
    goal = TeamGoal.objects.create(
        team=team, text=text.strip(), aspect=aspect, competency=competency, written_by=actor
    )
    log_event(actor=actor, action=AuditAction.CREATED, target=goal, detail=goal.text[:100])
    return goal


@dataclass(frozen=True)
class SessionInput:
    date: dt.date | None
    place: str = ""


@transaction.atomic
def offer_save(
    *,
    actor: User,
    team: OrganisationUnit | None,
    kind: str,
    title: str,
    sessions: list[SessionInput],
    description: str = "",
    goal: TeamGoal | None = None,
    offer: LearningOffer | None = None,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> LearningOffer:
    """The coordinator's learning offer for a team or the organisation (team None), with
    its planned dates: at least one, none newly planned in the past."""
    today = today or clock.today()
    current = None
    if offer is not None:
        current = LearningOffer.objects.select_for_update().get(pk=offer.pk)
        if expected_version is not None and current.version != expected_version:
            raise ConcurrentEditError
    known = set(current.sessions.values_list("date", flat=True)) if current else set()
    dates = [(s.date, s.place) for s in sessions if s.date is not None]
    errors: dict[str, str] = {}
    if kind not in OfferKind.values:
        errors["kind"] = _("Kies de soort aanbod.")
    if not title.strip():
        errors["title"] = _("Geef het aanbod een titel.")
    if not dates:
        errors["sessions"] = _("Plan minstens één datum.")
    elif any(day < today and day not in known for day, _place in dates):
        errors["sessions"] = _("Een geplande datum ligt in het verleden. Kies vandaag of later.")
    if goal is not None and team is not None and goal.team_id != team.pk:
        errors["goal"] = _("Dit leerdoel is van een ander team.")
    if errors:
        raise ValidationError(errors)
    creating = current is None
    current = current or LearningOffer(created_by=actor)
    current.team, current.goal, current.kind = team, goal, kind
    current.title, current.description = title.strip()[:200], description.strip()
    if not creating:
        current.version += 1
    current.save()
    current.sessions.all().delete()
    OfferSession.objects.bulk_create(
        OfferSession(offer=current, date=day, place=place.strip()[:200])
        for day, place in sorted(dates, key=lambda pair: pair[0])
    )
    log_event(
        actor=actor,
        action=AuditAction.CREATED if creating else AuditAction.UPDATED,
        target=current,
        detail=current.title,
    )
    return current
