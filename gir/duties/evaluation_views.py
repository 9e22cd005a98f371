"""The annual policy evaluation (000; 003; DESIGN §2.8): the years, and one year's checklist
with the organisation's self-assessment on the five levels of safety culture (002). The
coordinator writes it; directors read it."""

from typing import Any

from django.db.models import Count, F, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from gir.access.registry import offered
from gir.core import clock
from gir.core.forms import submit
from gir.core.http import forbid_unless

from . import services
from .constants import EvaluationStatus, SafetyCulture, TaskStatus
from .forms import PolicyEvaluationForm
from .models import ChecklistItem, PolicyEvaluation
from .policy import can_manage_duties, can_read_policy_evaluations, duty_tasks_visible_to

FIRST_YEAR = 2000


@require_GET
def policy_evaluations(request: Any) -> Any:
    """The evaluations by year; the coordinator starts this year's or last year's."""
    user = request.user
    forbid_unless(can_read_policy_evaluations(user))
    evaluations = list(PolicyEvaluation.objects.select_related("written_by").order_by("-year"))
    this_year = clock.today().year
    started = {evaluation.year for evaluation in evaluations}
    context = {
        "evaluations": evaluations,
        "can_write": can_manage_duties(user),
        "startable": [year for year in (this_year - 1, this_year) if year not in started],
    }
    return render(request, "duties/policy_evaluations.html", context)


def _figures(user: Any, year: int) -> dict[str, int]:
    """The duties calendar's tasks due in the year: done on time, done late, still open
    (one aggregate query)."""
    return (
        duty_tasks_visible_to(user)
        .filter(due_on__year=year)
        .aggregate(
            on_time=Count("pk", filter=Q(status=TaskStatus.DONE, completed_on__lte=F("due_on"))),
            late=Count("pk", filter=Q(status=TaskStatus.DONE, completed_on__gt=F("due_on"))),
            open=Count("pk", filter=Q(status=TaskStatus.OPEN)),
        )
    )


def _read_rows(items: list[ChecklistItem], evaluation: PolicyEvaluation | None) -> list[dict[str, Any]]:
    """The checklist as recorded: the points in use and any answered point since retired."""
    answers = {answer.item_id: answer for answer in evaluation.answers.all()} if evaluation else {}
    shown = {item.pk for item in items}
    retired = ChecklistItem.objects.filter(pk__in=set(answers) - shown) if answers else []
    return [{"item": item, "answer": answers.get(item.pk)} for item in [*items, *retired]]


@require_http_methods(["GET", "POST"])
def policy_evaluation(request: Any, year: int) -> Any:
    """One year's evaluation: saved as a draft as often as needed, finished once."""
    user = request.user
    forbid_unless(can_read_policy_evaluations(user))
    today = clock.today()
    if not FIRST_YEAR <= year <= today.year + 1:
        raise Http404
    evaluation = PolicyEvaluation.objects.filter(year=year).prefetch_related("answers").first()
    items = list(ChecklistItem.objects.filter(is_active=True).order_by("position", "pk"))
    writer = can_manage_duties(user)

    def page(form: PolicyEvaluationForm | None, status: int = 200) -> Any:
        context = {
            "year": year,
            "evaluation": evaluation,
            "form": form,
            "rows": _read_rows(items, evaluation) if form is None else None,
            "levels": SafetyCulture.choices,
            "figures": _figures(user, year),
            "dashboard_link": (
                reverse("reports:dashboard") + "?" + urlencode({"van": f"{year}-01", "tot": f"{year}-12"})
                if offered(user, "dashboard")
                else ""
            ),
        }
        return render(request, "duties/policy_evaluation.html", context, status=status)

    if request.method == "POST":
        forbid_unless(writer)
        form = PolicyEvaluationForm(request.POST, items=items)
        finish = "afronden" in request.POST
        return submit(
            request,
            form,
            lambda d: services.policy_evaluation_save(
                actor=user,
                year=year,
                checklist=form.checklist(),
                culture_level=d["culture_level"],
                culture_notes=d["culture_notes"],
                conclusions=d["conclusions"],
                finish=finish,
                expected_version=d["version"],
            ),
            done=lambda _result: redirect("duties:policy_evaluation", year=year),
            page=lambda status: page(form, status),
            success=_("De beleidsevaluatie is afgerond.")
            if finish
            else _("De beleidsevaluatie is opgeslagen."),
        )
    editable = writer and (evaluation is None or evaluation.status == EvaluationStatus.DRAFT)
    if editable:
        return page(PolicyEvaluationForm(initial=PolicyEvaluationForm.initial_for(evaluation), items=items))
    return page(None)
