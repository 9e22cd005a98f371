"""The employee's side of learning and development (DESIGN §2.6; 004 "Leren en
ontwikkelen"): the overview, the self-assessment (development matrix, leerdoelwijzer and
personal learning goal) and the manager's agreement to the goal, which never shows the
answers. Each view asks the access policy, parses a form, calls a service and renders or
redirects."""

from typing import Any

from django.contrib import messages
from django.db.models import Min, Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from gir.access.kernel import managed_team_ids
from gir.accounts.constants import UnitKind
from gir.accounts.models import OrganisationUnit, TeamMembership
from gir.core import clock
from gir.core.forms import submit
from gir.core.http import forbid_unless

from . import services
from .constants import AssessmentStatus, GoalStatus
from .forms import (
    ANSWER_PREFIX,
    LEVEL_PREFIX,
    AssessmentForm,
    GoalReviewForm,
    GoalRewriteForm,
    QuestionnaireChoiceForm,
)
from .models import Competency, CompetencyAnswer, LearningOffer, SelfAssessment, StatementAnswer
from .policy import (
    access_goal_review,
    access_own_assessment,
    can_fill_in_assessment,
    can_manage_offers,
    can_read_group_pictures,
    goals_to_review,
    offers_visible_to,
    picture_team_ids,
)

OWN_STALE = gettext_lazy(
    "Deze zelfscan is intussen ook ergens anders bewaard, bijvoorbeeld in een ander tabblad. "
    "Wat je hier invulde, staat hieronder nog maar is niet bewaard. Kies opnieuw "
    "‘Tussentijds opslaan’ of ‘Inleveren’ om deze versie te bewaren."
)
REVIEW_STALE = gettext_lazy(
    "Dit leerdoel is intussen veranderd of al beoordeeld. Bekijk hieronder hoe het er nu voor staat."
)
HOME_OFFERS = 5


def upcoming_offers(offers: QuerySet[LearningOffer]) -> QuerySet[LearningOffer]:
    """The offers with their next planned date (None when all dates are past), the
    upcoming ones first, with their dates and team loaded."""
    today = clock.today()
    return (
        offers.annotate(next_on=Min("sessions__date", filter=Q(sessions__date__gte=today)))
        .select_related("team", "goal")
        .prefetch_related("sessions")
        .order_by("next_on", "-created_at", "-pk")
    )


# --- Overview ----------------------------------------------------------------------------


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """My self-assessments, the pictures of my teams, the goals waiting for me as a
    manager and the upcoming learning offer. A constant number of queries."""
    user = request.user
    forbid_unless(can_fill_in_assessment(user))
    assessments = list(
        SelfAssessment.objects.filter(employee=user).select_related("questionnaire__function_group")[:20]
    )
    draft = next((a for a in assessments if a.status == AssessmentStatus.DRAFT), None)
    team_ids = picture_team_ids(user)
    teams = OrganisationUnit.objects.filter(kind=UnitKind.TEAM, is_active=True).order_by("name", "pk")
    if team_ids is not None:
        teams = teams.filter(pk__in=team_ids)
    manager = bool(managed_team_ids(user))
    waiting = goals_to_review(user).filter(goal_status=GoalStatus.PROPOSED).count() if manager else 0
    offers = list(upcoming_offers(offers_visible_to(user)).filter(next_on__isnull=False)[:HOME_OFFERS])
    context = {
        "assessments": assessments,
        "draft": draft,
        "teams": list(teams) if team_ids is None or team_ids else [],
        "group_pictures": can_read_group_pictures(user),
        "manager": manager,
        "waiting": waiting,
        "offers": offers,
        "can_manage_offers": can_manage_offers(user),
    }
    return render(request, "development/home.html", context)


# --- The self-assessment ----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def start(request: HttpRequest) -> HttpResponse:
    """Choose the leerdoelwijzer (the own function group's is chosen already) and begin;
    whoever has a draft continues it."""
    user = request.user
    forbid_unless(can_fill_in_assessment(user))
    draft = SelfAssessment.objects.filter(employee=user, status=AssessmentStatus.DRAFT).first()
    if draft is not None:
        return redirect("development:assessment", pk=draft.pk)
    status = 200
    if request.method == "POST":
        form = QuestionnaireChoiceForm(request.POST)
        if not form.fields["questionnaire"].queryset.exists():
            # No leerdoelwijzer in use: the matrix and the goal alone.
            return redirect("development:assessment", pk=services.assessment_start(actor=user).pk)
        if form.is_valid():
            assessment = services.assessment_start(
                actor=user, questionnaire=form.cleaned_data["questionnaire"]
            )
            return redirect("development:assessment", pk=assessment.pk)
        status = 400
    else:
        own = services.questionnaire_of(user)
        form = QuestionnaireChoiceForm(initial={"questionnaire": own.pk if own else None})
    return render(request, "development/assessment_start.html", {"form": form}, status=status)


def _assessment_form(assessment: SelfAssessment, data: Any = None, **kwargs: Any) -> AssessmentForm:
    statements = []
    if assessment.questionnaire_id is not None:
        statements = list(assessment.questionnaire.statements.select_related("aspect"))
    return AssessmentForm(
        data,
        competencies=list(Competency.objects.filter(is_active=True)),
        statements=statements,
        goal_prompt=assessment.questionnaire.goal_prompt if assessment.questionnaire_id else "",
        **kwargs,
    )


def _stored(assessment: SelfAssessment) -> dict[str, Any]:
    initial: dict[str, Any] = {"learning_goal": assessment.learning_goal, "version": assessment.version}
    for statement_id, answer in assessment.answers.values_list("statement_id", "answer"):
        initial[f"{ANSWER_PREFIX}{statement_id}"] = answer
    for competency_id, level in assessment.levels.values_list("competency_id", "level"):
        initial[f"{LEVEL_PREFIX}{competency_id}"] = level
    return initial


def _rebound(assessment: SelfAssessment, post: QueryDict, version: int) -> AssessmentForm:
    """What was typed, with the version now stored: the next save keeps it."""
    data = post.copy()
    data["version"] = str(version)
    form = _assessment_form(assessment, data)
    form.is_valid()
    return form


@require_http_methods(["GET", "POST"])
def assessment(request: HttpRequest, pk: int) -> HttpResponse:
    """The employee's own self-assessment: a draft is one form of three parts; a submitted
    one is read back, with its goal's status, and a returned goal can be rewritten."""
    user = request.user
    current = access_own_assessment(user, pk)
    if current.status == AssessmentStatus.SUBMITTED:
        return _submitted(request, current)

    def page(form: AssessmentForm, status: int = 200, missing: list[Any] | None = None) -> HttpResponse:
        context = {"assessment": current, "form": form, "missing": missing or []}
        return render(request, "development/assessment_form.html", context, status=status)

    if request.method == "GET":
        return page(_assessment_form(current, initial=_stored(current)))
    form = _assessment_form(current, request.POST)
    submit_ = request.POST.get("action") == "submit"

    def stale() -> HttpResponse:
        fresh = SelfAssessment.objects.get(pk=current.pk)
        if fresh.status == AssessmentStatus.SUBMITTED:
            messages.warning(request, _("Deze zelfscan is intussen ingeleverd, in een ander venster."))
            return redirect("development:assessment", pk=current.pk)
        rebound = _rebound(current, request.POST, fresh.version)
        rebound.add_error(None, OWN_STALE)
        return page(rebound, 409)

    def done(result: Any) -> HttpResponse:
        if result.submitted:
            messages.success(
                request, _("Je zelfscan is ingeleverd. Je leidinggevende krijgt bericht over je leerdoel.")
            )
            return redirect("development:assessment", pk=current.pk)
        if not submit_:
            messages.success(request, _("Je zelfscan is bewaard. Je kunt later verder invullen."))
            return redirect("development:assessment", pk=current.pk)
        # Handed in half-filled: kept as a draft; say what is missing and where.
        rebound = _rebound(current, request.POST, result.assessment.version)
        rebound.mark_open()
        anchors = rebound.open_anchors()
        if len(anchors) != len(result.missing):
            anchors = [""] * len(result.missing)
        return page(rebound, 200, list(zip(result.missing, anchors, strict=True)))

    return submit(
        request,
        form,
        lambda d: services.assessment_save(
            actor=user,
            assessment=current,
            answers=form.answers(),
            levels=form.levels(),
            learning_goal=d["learning_goal"],
            submit=submit_,
            expected_version=d["version"],
        ),
        done=done,
        page=lambda status: page(form, status),
        on_stale=stale,
    )


def _submitted(request: HttpRequest, current: SelfAssessment) -> HttpResponse:

    def page(form: GoalRewriteForm | None, status: int = 200) -> HttpResponse:
        answers = StatementAnswer.objects.filter(assessment=current).select_related("statement__aspect")
        levels = CompetencyAnswer.objects.filter(assessment=current).select_related("competency")
        context = {
            "assessment": SelfAssessment.objects.select_related(
                "questionnaire__function_group", "goal_reviewed_by"
            ).get(pk=current.pk),
            "answers": sorted(answers, key=lambda a: (a.statement.position, a.statement_id)),
            "levels": sorted(levels, key=lambda a: (a.competency.position, a.competency.name)),
            "form": form,
        }
        return render(request, "development/assessment_detail.html", context, status=status)

    if request.method == "POST":
        form = GoalRewriteForm(request.POST)
        return submit(
            request,
            form,
            lambda d: services.goal_rewrite(
                actor=request.user,
                assessment=current,
                learning_goal=d["learning_goal"],
                expected_version=d["version"],
            ),
            done=lambda _result: redirect("development:assessment", pk=current.pk),
            page=lambda status: page(form, status),
            success=_("Je nieuwe leerdoel staat klaar voor je leidinggevende."),
            stale=REVIEW_STALE,
        )
    if current.goal_status == GoalStatus.RETURNED:
        return page(
            GoalRewriteForm(initial={"learning_goal": current.learning_goal, "version": current.version})
        )
    return page(None)


# --- The manager's agreement to the goal --------------------------------------------------


def _with_teams(assessments: QuerySet[SelfAssessment], user: Any) -> QuerySet[SelfAssessment]:
    """The employee and the teams this manager manages them in; never the answers."""
    return assessments.select_related("employee").prefetch_related(
        Prefetch(
            "employee__memberships",
            queryset=TeamMembership.objects.filter(team_id__in=managed_team_ids(user)).select_related("team"),
            to_attr="managed_memberships",
        )
    )


@require_GET
def goals(request: HttpRequest) -> HttpResponse:
    """The learning goals of the manager's people: those waiting first, then the recent
    others. Only the goal is shown, never the answers it came from."""
    user = request.user
    forbid_unless(bool(managed_team_ids(user)))
    reviewable = _with_teams(goals_to_review(user), user)
    waiting = list(reviewable.filter(goal_status=GoalStatus.PROPOSED).order_by("submitted_at", "pk"))
    recent = list(
        reviewable.exclude(goal_status=GoalStatus.PROPOSED).order_by("-goal_reviewed_at", "-submitted_at")[
            :30
        ]
    )
    return render(request, "development/goals.html", {"waiting": waiting, "recent": recent})


@require_http_methods(["GET", "POST"])
def goal_review(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    current = access_goal_review(user, pk)

    def page(form: GoalReviewForm | None, shown: SelfAssessment, status: int = 200) -> HttpResponse:
        shown = _with_teams(goals_to_review(user), user).select_related("goal_reviewed_by").get(pk=shown.pk)
        return render(
            request, "development/goal_review.html", {"assessment": shown, "form": form}, status=status
        )

    if request.method == "POST":
        form = GoalReviewForm(request.POST)
        return submit(
            request,
            form,
            lambda d: services.goal_review(
                actor=user,
                assessment=current,
                confirm=form.confirm,
                comment=d["comment"],
                expected_version=d["version"],
            ),
            done=lambda _result: redirect("development:goals"),
            page=lambda status: page(form, access_goal_review(user, pk), status),
            success=lambda _result: (
                _("Het leerdoel is bevestigd. De medewerker krijgt bericht.")
                if form.confirm
                else _("Het leerdoel is teruggestuurd voor overleg. De medewerker krijgt bericht.")
            ),
            stale=REVIEW_STALE,
        )
    form = (
        GoalReviewForm(initial={"version": current.version})
        if current.goal_status == GoalStatus.PROPOSED
        else None
    )
    return page(form, current)
