"""The duties calendar (DESIGN §2.8; 003): the tasks by month, one task with its completion
record, the duty table per role and its editing by the coordinator. The annual policy
evaluation is in evaluation_views.py. Each view asks the access policy, parses a form,
calls a service and renders or redirects."""

import datetime as dt
from typing import Any

from django.db.models import Min, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from gir.core import clock
from gir.core.forms import submit
from gir.core.http import forbid_unless

from . import services
from .constants import DutyRecord, Holder, TaskStatus
from .forms import CalendarFilterForm, DutyForm, TaskCompleteForm
from .models import Duty, DutyTask
from .policy import (
    access_duty_task,
    can_complete_task,
    can_manage_duties,
    can_read_duties,
    can_read_policy_evaluations,
    duty_tasks_visible_to,
)

MONTHS_SHOWN = 2


def add_months(first: dt.date, months: int) -> dt.date:
    return services.occurrence(first.replace(day=1), 1, months)


def _mark(tasks: list[DutyTask], today: dt.date) -> list[DutyTask]:
    for task in tasks:
        task.is_overdue = task.status == TaskStatus.OPEN and task.due_on < today
    return tasks


def evaluation_year(task: DutyTask) -> int:
    """The year a policy-evaluation task evaluates: a task due in the first quarter looks
    back on the year before (the evaluation is often held early the next year)."""
    return task.due_on.year - 1 if task.due_on.month <= 3 else task.due_on.year


# --- The calendar ---------------------------------------------------------------------------


@require_GET
def calendar(request: Any) -> Any:
    """The tasks the user may see, by month (this month and the next unless ?maand= says
    otherwise), the open tasks past their date on top. One query for the tasks and one to
    know whether the user sees others' tasks, whatever their number."""
    user = request.user
    forbid_unless(can_read_duties(user))
    today = clock.today()
    form = CalendarFilterForm(request.GET or None)
    status = 400 if form.is_bound and not form.is_valid() else 200
    start = form.first_month(today)
    end = add_months(start, MONTHS_SHOWN)
    visible = duty_tasks_visible_to(user)
    sees_others = visible.exclude(owner=user).exists()
    only_mine = sees_others and form.only_mine()
    if only_mine:
        visible = visible.filter(owner=user)
    tasks = _mark(
        list(
            visible.filter(Q(status=TaskStatus.OPEN, due_on__lt=today) | Q(due_on__gte=start, due_on__lt=end))
            .select_related("duty", "owner")
            .order_by("due_on", "pk")
        ),
        today,
    )
    overdue = [task for task in tasks if task.is_overdue]
    months = []
    for index in range(MONTHS_SHOWN):
        first = add_months(start, index)
        following = add_months(first, 1)
        months.append(
            {
                "first": first,
                "tasks": [t for t in tasks if not t.is_overdue and first <= t.due_on < following],
            }
        )

    def link(month: dt.date) -> str:
        params = {"maand": month.strftime("%Y-%m")}
        if only_mine:
            params["mijn"] = "on"
        return "?" + urlencode(params)

    context = {
        "form": form,
        "today": today,
        "overdue": overdue,
        "months": months,
        "sees_others": sees_others,
        "only_mine": only_mine,
        "has_tasks": bool(tasks),
        "previous_link": link(add_months(start, -1)),
        "next_link": link(add_months(start, 1)),
        "current_link": "" if start == today.replace(day=1) else link(today),
        "can_read_evaluations": can_read_policy_evaluations(user),
        "can_manage": can_manage_duties(user),
    }
    return render(request, "duties/calendar.html", context, status=status)


# --- One task -------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def task(request: Any, pk: int) -> Any:
    """A task: its duty, owner, due date, reminders and completion record; the owner or the
    coordinator records that it is done. A policy-evaluation task is done by finishing that
    evaluation, so it links there instead."""
    user = request.user
    current = access_duty_task(user, pk)
    today = clock.today()
    by_evaluation = current.duty.record == DutyRecord.POLICY_EVALUATION
    may_complete = (
        can_complete_task(user, current) and current.status == TaskStatus.OPEN and not by_evaluation
    )
    if request.method == "POST":
        forbid_unless(can_complete_task(user, current))
        form = TaskCompleteForm(request.POST)

        def page(status: int) -> Any:
            shown = access_duty_task(user, pk)
            return _task_page(request, shown, form, may_complete and shown.status == TaskStatus.OPEN, status)

        return submit(
            request,
            form,
            lambda d: services.task_complete(
                actor=user,
                task=current,
                note=d["note"],
                completed_on=d["completed_on"],
                expected_version=d["version"],
            ),
            done=lambda _result: redirect("duties:task", pk=current.pk),
            page=page,
            success=_("De taak is gedaan en vastgelegd."),
        )
    form = (
        TaskCompleteForm(initial={"completed_on": today, "version": current.version})
        if may_complete
        else None
    )
    return _task_page(request, current, form, may_complete, 200)


def _task_page(request: Any, current: DutyTask, form: Any, may_complete: bool, status: int) -> Any:
    _mark([current], clock.today())
    by_evaluation = current.duty.record == DutyRecord.POLICY_EVALUATION
    context = {
        "task": current,
        "form": form if may_complete or (form is not None and form.errors) else None,
        "by_evaluation": by_evaluation,
        "evaluation_year": evaluation_year(current),
        "can_read_evaluations": can_read_policy_evaluations(request.user),
    }
    return render(request, "duties/task.html", context, status=status)


# --- The duty table ---------------------------------------------------------------------------


@require_GET
def table(request: Any) -> Any:
    """The duty table per role (003), with frequency, owner and the next open task; the
    coordinator also sees duties no longer in use. One query, whatever the number."""
    user = request.user
    forbid_unless(can_read_duties(user))
    manager = can_manage_duties(user)
    duties = Duty.objects.select_related("owner").annotate(
        next_due=Min("tasks__due_on", filter=Q(tasks__status=TaskStatus.OPEN))
    )
    if not manager:
        duties = duties.filter(is_active=True)
    today = clock.today()
    groups: dict[str, list[Duty]] = {holder: [] for holder in Holder.values}
    for duty in duties.order_by("position", "pk"):
        duty.is_overdue = duty.next_due is not None and duty.next_due < today
        groups.setdefault(duty.holder, []).append(duty)
    context = {
        "groups": [
            {"holder": holder, "label": Holder(holder).label, "duties": rows}
            for holder, rows in groups.items()
            if rows and holder in Holder.values
        ],
        "can_manage": manager,
    }
    return render(request, "duties/table.html", context)


@require_http_methods(["GET", "POST"])
def duty_add(request: Any) -> Any:
    return _duty_form(request, None)


@require_http_methods(["GET", "POST"])
def duty(request: Any, pk: int) -> Any:
    forbid_unless(can_manage_duties(request.user))
    return _duty_form(request, get_object_or_404(Duty.objects.select_related("owner"), pk=pk))


def _duty_form(request: Any, current: Duty | None) -> Any:
    """Add a duty to the table or change one (the coordinator's)."""
    user = request.user
    forbid_unless(can_manage_duties(user))
    if request.method == "GET":
        form = DutyForm(initial=DutyForm.initial_for(current), duty=current)
        return render(request, "duties/duty_form.html", {"form": form, "duty": current})
    form = DutyForm(request.POST, duty=current)
    return submit(
        request,
        form,
        lambda d: services.duty_save(
            actor=user,
            data=form.to_input(),
            duty=current,
            expected_version=d["version"] if current else None,
        ),
        done=lambda saved: redirect(reverse("duties:table") + f"#taak-{saved.pk}"),
        page=lambda status: render(
            request, "duties/duty_form.html", {"form": form, "duty": current}, status=status
        ),
        success=_("De taak is toegevoegd aan de takentabel.")
        if current is None
        else _("De taak in de takentabel is opgeslagen."),
    )
