"""The improvement plans and the thematic team meeting (DESIGN §2.6; 000; 004 §4): the
plans of the organisation and the teams, an action's page, and the meeting with its agenda
and agreements. Each view asks the access policy, parses a form, calls a service and
renders or redirects."""

from typing import Any

from django.db.models import F, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from gir.accounts.models import User
from gir.core import clock
from gir.core.forms import submit
from gir.core.http import forbid_unless
from gir.core.pagination import CappedPaginator
from gir.core.params import parse_id

from . import services
from .constants import OPEN_ACTION_STATUSES, EvaluationStatus, FactorCategory
from .models import CatalogueAction, Cause, ImprovementAction, TeamMeeting
from .plan_forms import (
    ORGANISATION,
    ActionAddForm,
    ActionUpdateForm,
    MeetingPlanForm,
    MeetingRecordForm,
    PlanFilterForm,
    kept_teams,
    owner_candidates,
)
from .policy import (
    access_evaluation_incident,
    access_improvement_action,
    access_team_meeting,
    can_evaluate,
    can_keep_plan,
    can_read_plans,
    can_update_action,
    improvement_actions_visible_to,
    plan_team_ids,
)
from .selectors import meeting_agenda

PAGE_SIZE = 50


def _keeps_any_plan(user: Any) -> bool:
    kept = plan_team_ids(user)
    return kept is None or bool(kept)


def _with_details(actions: QuerySet[ImprovementAction]) -> QuerySet[ImprovementAction]:
    return actions.select_related("team", "owner", "catalogue_action")


def _mark_overdue(actions: list[ImprovementAction]) -> list[ImprovementAction]:
    today = clock.today()
    for action in actions:
        action.is_overdue = action.status in OPEN_ACTION_STATUSES and action.due_on < today
        action.is_open = action.status in OPEN_ACTION_STATUSES
    return actions


# --- The plans ---------------------------------------------------------------------------


@require_GET
def plans(request: HttpRequest) -> HttpResponse:
    """The plans the user may read, grouped by plan (the organisation's first), and the
    user's own open actions. Someone who reads no plans but owns actions sees only those.
    A constant number of queries, whatever the number of actions."""
    user = request.user
    visible = improvement_actions_visible_to(user)
    mine = _mark_overdue(
        list(_with_details(visible.filter(owner=user, status__in=OPEN_ACTION_STATUSES)).order_by("due_on"))
    )
    reader = can_read_plans(user)
    if not reader:
        forbid_unless(visible.filter(owner=user).exists())
        return render(request, "learning/plans.html", {"mine": mine, "reader": False})

    kept = plan_team_ids(user)
    # The filter offers the plans that have visible actions, and the plans the user keeps.
    plans_seen = dict(visible.order_by().values_list("team_id", "team__name").distinct())
    teams = {pk: name for pk, name in plans_seen.items() if pk is not None}
    if kept:
        teams.update((team.pk, team.name) for team in kept_teams(kept))
    form = PlanFilterForm(
        request.GET or None,
        teams=sorted(teams.items(), key=lambda item: (item[1], item[0])),
        organisation=kept is None or None in plans_seen,
    )
    actions = _with_details(form.filter(visible)).order_by(
        F("team__name").asc(nulls_first=True), "team_id", "due_on", "pk"
    )
    page = CappedPaginator(actions, PAGE_SIZE).get_page(request.GET.get("pagina"))
    groups: list[dict[str, Any]] = []
    for action in _mark_overdue(list(page.object_list)):
        if not groups or groups[-1]["team_id"] != action.team_id:
            groups.append(
                {
                    "team_id": action.team_id,
                    "team": action.team,
                    "can_keep": can_keep_plan(user, action.team_id),
                    "actions": [],
                }
            )
        groups[-1]["actions"].append(action)
    context = {
        "reader": True,
        "mine": mine,
        "form": form,
        "page": page,
        "groups": groups,
        "can_add": _keeps_any_plan(user),
        "query": urlencode({k: v for k, v in request.GET.items() if k != "pagina" and v}),
    }
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "learning/plans.html", context, status=status)


# --- Adding an action ---------------------------------------------------------------------


def _source_cause(user: Any, value: str | None) -> Cause | None:
    """The evaluation's cause the action answers (GET `oorzaak`), if the user may evaluate
    its incident; else 404, without saying whether it exists."""
    if not value:
        return None
    if (pk := parse_id(value)) is None:
        raise Http404
    cause = Cause.objects.select_related("evaluation__incident", "factor").filter(pk=pk).first()
    if cause is None or not can_evaluate(user, cause.evaluation.incident):
        raise Http404
    return cause


def _add_initial(request: HttpRequest, form_teams: dict[str, Any], cause: Cause | None) -> dict[str, Any]:
    initial: dict[str, Any] = {}
    team = request.GET.get("team", "")
    if not team and cause is not None and cause.evaluation.incident.team_id:
        team = str(cause.evaluation.incident.team_id)
    if team == ORGANISATION or team in form_teams:
        initial["team"] = team
    elif len(form_teams) == 1:
        initial["team"] = next(iter(form_teams))
    if action_pk := parse_id(request.GET.get("actie")):
        initial["catalogue_action"] = str(action_pk)
    return initial


@require_http_methods(["GET", "POST"])
def action_add(request: HttpRequest) -> HttpResponse:
    """Put an action in a plan the user keeps: one from the catalogue or an own one,
    optionally answering a cause of an incident's evaluation."""
    user = request.user
    forbid_unless(_keeps_any_plan(user))
    kept = plan_team_ids(user)
    cause = _source_cause(user, request.GET.get("oorzaak"))
    incident = cause.evaluation.incident if cause else None
    if incident is None and (incident_pk := parse_id(request.GET.get("melding"))):
        incident = access_evaluation_incident(user, incident_pk)
    catalogue = list(
        CatalogueAction.objects.filter(is_active=True).order_by(F("number").asc(nulls_last=True), "title")
    )

    def page(form: ActionAddForm, status: int = 200) -> HttpResponse:
        context = {"form": form, "cause": cause, "incident": incident}
        return render(request, "learning/action_form.html", context, status=status)

    if request.method == "POST":
        form = ActionAddForm(request.POST, user=user, kept_ids=kept, catalogue=catalogue)
        return submit(
            request,
            form,
            lambda d: services.action_add(
                actor=user,
                team=d["team"],
                owner=d["owner"],
                due_on=d["due_on"],
                expected_result=d["expected_result"],
                catalogue_action=d["catalogue_action"],
                title=d["title"],
                incident=incident,
                cause=cause,
            ),
            done=lambda action: redirect("learning:action", pk=action.pk),
            page=lambda status: page(form, status),
            success=_("De verbeteractie staat in het plan."),
        )
    form = ActionAddForm(user=user, kept_ids=kept, catalogue=catalogue)
    form.initial = _add_initial(request, form.teams, cause)
    return page(form)


# --- One action ---------------------------------------------------------------------------


def _owners(user: Any, action: ImprovementAction) -> QuerySet[Any]:
    """Whom the keeper may hand the action to; the current owner stays a choice."""
    kept = plan_team_ids(user)
    candidates = owner_candidates(user, action.team_id, kept)
    if kept is None:
        return candidates
    return User.objects.filter(Q(pk__in=candidates.values("pk")) | Q(pk=action.owner_id)).order_by(
        "last_name", "first_name", "username"
    )


def _update_initial(action: ImprovementAction) -> dict[str, Any]:
    return {
        "status": action.status,
        "result": action.result,
        "due_on": action.due_on,
        "owner": action.owner_id,
        "version": action.version,
    }


def _cause_shown(user: Any, action: ImprovementAction) -> bool:
    """An employee-related cause is described only to who may evaluate the incident: the
    description may name the colleague, and this page also reaches the action's owner."""
    cause = action.cause
    if cause is None:
        return False
    return cause.category != FactorCategory.EMPLOYEE or can_evaluate(user, cause.evaluation.incident)


@require_http_methods(["GET", "POST"])
def action(request: HttpRequest, pk: int) -> HttpResponse:
    """An action's details; its keeper changes everything, its owner status and result."""
    user = request.user
    current = access_improvement_action(user, pk)
    may_update = can_update_action(user, current)
    keeper = can_keep_plan(user, current.team_id)

    def page(form: ActionUpdateForm | None, status: int = 200) -> HttpResponse:
        shown = ImprovementAction.objects.select_related(
            "team", "owner", "catalogue_action", "incident", "cause__evaluation__incident", "cause__factor"
        ).get(pk=current.pk)
        _mark_overdue([shown])
        context = {
            "action": shown,
            "form": form,
            "keeper": keeper,
            "reader": can_read_plans(user),
            "cause_shown": _cause_shown(user, shown),
        }
        return render(request, "learning/action.html", context, status=status)

    if request.method == "POST":
        forbid_unless(may_update)
        form = ActionUpdateForm(
            request.POST, keeper=keeper, owners=_owners(user, current) if keeper else None
        )
        return submit(
            request,
            form,
            lambda d: services.action_update(
                actor=user,
                action=current,
                status=d["status"],
                result=d["result"],
                # Only the keeper's form has these: the owner's POST cannot move them.
                due_on=d.get("due_on"),
                owner=d.get("owner"),
                expected_version=d["version"],
            ),
            done=lambda _result: redirect("learning:action", pk=current.pk),
            page=lambda status: page(form, status),
            success=_("De verbeteractie is opgeslagen."),
        )
    if may_update:
        return page(
            ActionUpdateForm(
                initial=_update_initial(current),
                keeper=keeper,
                owners=_owners(user, current) if keeper else None,
            )
        )
    return page(None)


# --- Thematic team meetings ------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def meetings(request: HttpRequest) -> HttpResponse:
    """The meetings of the teams whose plan the user keeps, and planning a new one."""
    user = request.user
    forbid_unless(_keeps_any_plan(user))
    kept = plan_team_ids(user)
    teams = kept_teams(kept)

    def page(form: MeetingPlanForm, status: int = 200) -> HttpResponse:
        listed = TeamMeeting.objects.select_related("team")
        if kept is not None:
            listed = listed.filter(team_id__in=kept)
        listing = CappedPaginator(listed.order_by("-planned_on", "-pk"), PAGE_SIZE).get_page(
            request.GET.get("pagina")
        )
        context = {"form": form, "page": listing, "today": clock.today()}
        return render(request, "learning/meetings.html", context, status=status)

    if request.method == "POST":
        form = MeetingPlanForm(request.POST, teams=teams)
        return submit(
            request,
            form,
            lambda d: services.meeting_plan(actor=user, team=d["team"], planned_on=d["planned_on"]),
            done=lambda meeting: redirect("learning:meeting", pk=meeting.pk),
            page=lambda status: page(form, status),
            success=_("Het werkoverleg is gepland. Hieronder staat de agenda."),
        )
    form = MeetingPlanForm(teams=teams)
    if len(form.teams) == 1:
        form.initial = {"team": next(iter(form.teams))}
    return page(form)


@require_http_methods(["GET", "POST"])
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    """A meeting's agenda, gathered from the team's incidents, finished evaluations and
    actions since the last meeting, without names; and its agreements."""
    user = request.user
    current = access_team_meeting(user, pk)

    def page(shown: TeamMeeting, form: MeetingRecordForm, status: int = 200) -> HttpResponse:
        agenda = meeting_agenda(shown)
        context = {
            "meeting": shown,
            "form": form,
            "agenda": agenda,
            "incidents": list(agenda.incidents),
            # Drafts are not for the team yet; the causes' factors are shown beside them.
            "evaluations": list(
                agenda.evaluations.filter(status=EvaluationStatus.FINAL).prefetch_related("causes__factor")
            ),
            "open_actions": _mark_overdue(list(agenda.open_actions.order_by("due_on", "pk"))),
            "done_actions": list(agenda.done_actions.order_by("-completed_on", "pk")),
            "employee_category": FactorCategory.EMPLOYEE,
        }
        return render(request, "learning/meeting.html", context, status=status)

    if request.method == "POST":
        form = MeetingRecordForm(request.POST)
        return submit(
            request,
            form,
            lambda d: services.meeting_record(
                actor=user,
                meeting=current,
                agreements=d["agreements"],
                held_on=d["held_on"],
                expected_version=d["version"],
            ),
            done=lambda _result: redirect("learning:meeting", pk=current.pk),
            page=lambda status: page(access_team_meeting(user, pk), form, status),
            success=_("De afspraken van het werkoverleg zijn vastgelegd."),
        )
    form = MeetingRecordForm(
        initial={
            "held_on": current.held_on
            or (current.planned_on if current.planned_on <= clock.today() else None),
            "agreements": current.agreements,
            "version": current.version,
        }
    )
    return page(current, form)
