"""Writes of duties (DESIGN §2.8; 003): the duty table, the tasks that planned duties
become, their completion record, and the annual policy evaluation. Every function runs
in one transaction and writes the audit log; edits carry the version they started from."""

import calendar
import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from gir.accounts.models import User
from gir.audit.models import AuditAction
from gir.audit.services import log_event
from gir.core import clock
from gir.core.exceptions import ConcurrentEditError

from .constants import (
    DEFAULT_REMINDER_DAYS,
    PLANNED_FREQUENCIES,
    RECURRENCE_MONTHS,
    DutyRecord,
    EvaluationStatus,
    Frequency,
    Holder,
    SafetyCulture,
    TaskStatus,
)
from .models import ChecklistAnswer, ChecklistItem, Duty, DutyTask, PolicyEvaluation


def occurrence(first: dt.date, index: int, months: int) -> dt.date:
    """The index-th due date of a duty that recurs every `months` months from `first`;
    a day that a month lacks becomes that month's last day (31 January → 28 February)."""
    year, month = divmod(first.year * 12 + first.month - 1 + index * months, 12)
    month += 1
    return dt.date(year, month, min(first.day, calendar.monthrange(year, month)[1]))


def planning_horizon(today: dt.date) -> dt.date:
    """Tasks are planned through the end of next month, so the calendar shows next
    month's tasks before it starts."""
    year, month = divmod(today.year * 12 + today.month, 12)
    return dt.date(year, month + 1, calendar.monthrange(year, month + 1)[1])


def _due_dates(duty: Duty, existing: list[tuple[dt.date, str]], today: dt.date) -> list[dt.date]:
    """The due dates still to plan for a duty, given its tasks (due date, status)."""
    assert duty.first_due_on is not None
    if duty.frequency == Frequency.ONCE:
        return [] if existing else [duty.first_due_on]
    months = RECURRENCE_MONTHS[Frequency(duty.frequency)]
    latest = max((due for due, _ in existing), default=None)
    start = max(today, latest + dt.timedelta(days=1)) if latest else today
    index = 0
    while (due := occurrence(duty.first_due_on, index, months)) < start:
        index += 1
    horizon = planning_horizon(today)
    dates = []
    while due <= horizon:
        dates.append(due)
        index += 1
        due = occurrence(duty.first_due_on, index, months)
    has_next = any(d >= today and status == TaskStatus.OPEN for d, status in existing)
    if not dates and not has_next:
        dates.append(due)  # a half-yearly or yearly duty: its next task, further ahead
    return dates


def plannable_duties() -> QuerySet[Duty]:
    return Duty.objects.filter(
        is_active=True, frequency__in=PLANNED_FREQUENCIES, owner__isnull=False, first_due_on__isnull=False
    )


@transaction.atomic
def tasks_plan(*, today: dt.date | None = None, duties: QuerySet[Duty] | None = None) -> int:
    """Create the tasks of planned duties through the end of next month (and the next
    one of a duty that comes back later); returns how many were made. Safe to run at
    any time and in parallel: a task per duty and date exists once."""
    today = today or clock.today()
    planned = list((duties if duties is not None else plannable_duties()).select_related("owner"))
    existing: dict[int, list[tuple[dt.date, str]]] = {}
    for duty_id, due_on, status in DutyTask.objects.filter(duty__in=planned).values_list(
        "duty_id", "due_on", "status"
    ):
        existing.setdefault(duty_id, []).append((due_on, status))
    new = [
        DutyTask(duty=duty, owner=duty.owner, due_on=due)
        for duty in planned
        for due in _due_dates(duty, existing.get(duty.pk, []), today)
    ]
    DutyTask.objects.bulk_create(new, ignore_conflicts=True)
    return len(new)


@dataclass(frozen=True)
class DutyInput:
    holder: str
    text: str
    frequency: str
    owner: User | None = None
    first_due_on: dt.date | None = None
    reminder_days: int | None = None
    is_active: bool = True


def _duty_errors(data: DutyInput, *, first_due_changed: bool, today: dt.date) -> dict[str, str]:
    errors = {}
    if data.holder not in Holder.values:
        errors["holder"] = _("Kies bij welke rol de taak hoort.")
    if not data.text.strip():
        errors["text"] = _("Beschrijf de taak.")
    if data.frequency not in Frequency.values:
        errors["frequency"] = _(
            "Kies hoe vaak de taak terugkomt: eenmalig, jaarlijks, halfjaarlijks, per kwartaal, maandelijks, "
            "constant of indien nodig (003)."
        )
    elif data.frequency in PLANNED_FREQUENCIES:
        if data.owner is not None and data.first_due_on is None:
            errors["first_due_on"] = _("Kies wanneer de taak de eerste keer klaar moet zijn.")
        if data.owner is None and data.first_due_on is not None:
            errors["owner"] = _("Kies wie de taak uitvoert.")
        if data.first_due_on is not None and first_due_changed and data.first_due_on < today:
            errors["first_due_on"] = _("De datum ligt in het verleden. Kies vandaag of later.")
    if data.reminder_days is not None and not 0 <= data.reminder_days <= 90:
        errors["reminder_days"] = _("Kies een herinnering tussen 0 en 90 dagen vooraf.")
    return errors


@transaction.atomic
def duty_save(
    *,
    actor: User,
    data: DutyInput,
    duty: Duty | None = None,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> Duty:
    """Add a duty to the table or change one. A planned duty with an owner and a first
    due date gets its tasks; when its rhythm or owner changes, the open tasks that are
    not yet due follow."""
    today = today or clock.today()
    current = None
    if duty is not None:
        current = Duty.objects.select_for_update().get(pk=duty.pk)
        if expected_version is not None and current.version != expected_version:
            raise ConcurrentEditError
    planned = data.frequency in PLANNED_FREQUENCIES
    first_due_on = data.first_due_on if planned else None
    owner = data.owner if planned else None
    errors = _duty_errors(
        data,
        first_due_changed=current is None or current.first_due_on != first_due_on,
        today=today,
    )
    if errors:
        raise ValidationError(errors)
    creating = current is None
    current = current or Duty(source="")
    before = {name: getattr(current, name) for name in ("frequency", "first_due_on", "owner_id", "is_active")}
    current.holder, current.text, current.frequency = data.holder, data.text.strip()[:300], data.frequency
    current.owner, current.first_due_on, current.is_active = owner, first_due_on, data.is_active
    if data.reminder_days is not None:
        current.reminder_days = data.reminder_days
    elif creating:
        current.reminder_days = DEFAULT_REMINDER_DAYS.get(Frequency(data.frequency), 7)
    if not creating:
        current.version += 1
    current.save()
    open_tasks = DutyTask.objects.filter(duty=current, status=TaskStatus.OPEN)
    rhythm_changed = not creating and (
        before["frequency"] != current.frequency
        or before["first_due_on"] != current.first_due_on
        or before["is_active"] != current.is_active
        or current.owner_id is None
    )
    if rhythm_changed:
        open_tasks.filter(due_on__gte=today).delete()
    elif not creating and before["owner_id"] != current.owner_id:
        open_tasks.update(owner=current.owner, reminded_at=None, overdue_noticed_at=None)
    if current.is_active and planned and owner is not None:
        tasks_plan(today=today, duties=Duty.objects.filter(pk=current.pk))
    log_event(
        actor=actor,
        action=AuditAction.CREATED if creating else AuditAction.UPDATED,
        target=current,
        detail=current.text[:100],
    )
    return current


@transaction.atomic
def task_complete(
    *,
    actor: User,
    task: DutyTask,
    note: str,
    completed_on: dt.date | None = None,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> DutyTask:
    """Record that a task is done: when, by whom and what was done or found (the
    completion record)."""
    today = today or clock.today()
    current = DutyTask.objects.select_for_update().select_related("duty").get(pk=task.pk)
    if expected_version is not None and current.version != expected_version:
        raise ConcurrentEditError
    if current.status == TaskStatus.DONE:
        raise ValidationError(_("Deze taak is al gedaan."))
    if current.duty.record == DutyRecord.POLICY_EVALUATION:
        raise ValidationError(_("Deze taak is gedaan als de beleidsevaluatie van dit jaar is afgerond."))
    completed_on = completed_on or today
    errors = {}
    if not note.strip():
        errors["note"] = _("Schrijf kort op wat er is gedaan of gevonden.")
    if completed_on > today:
        errors["completed_on"] = _("Een taak die nog moet gebeuren is niet gedaan. Kies vandaag of eerder.")
    if errors:
        raise ValidationError(errors)
    _mark_done(current, actor=actor, note=note.strip(), completed_on=completed_on)
    return current


def _mark_done(task: DutyTask, *, actor: User, note: str, completed_on: dt.date) -> None:
    task.status, task.completed_on, task.completed_by = TaskStatus.DONE, completed_on, actor
    task.completion_note = note
    task.version += 1
    task.save()
    log_event(actor=actor, action=AuditAction.UPDATED, target=task, detail=_("Taak gedaan"))


@dataclass(frozen=True)
class ChecklistInput:
    item_id: int
    is_done: bool
    notes: str = ""


@transaction.atomic
def policy_evaluation_save(
    *,
    actor: User,
    year: int,
    checklist: list[ChecklistInput],
    culture_level: int | None,
    culture_notes: str = "",
    conclusions: str = "",
    finish: bool = False,
    expected_version: int | None = None,
) -> PolicyEvaluation:
    """The annual policy evaluation (000; 003): a draft as often as needed; finished,
    every point of the checklist is discussed or says why not, the organisation has
    placed itself on the five levels of safety culture (002) and the conclusions are
    written. Finishing completes that year's policy-evaluation task."""
    evaluation = PolicyEvaluation.objects.select_for_update().filter(year=year).first()
    if evaluation is not None and expected_version is not None and evaluation.version != expected_version:
        raise ConcurrentEditError
    if evaluation is not None and evaluation.status == EvaluationStatus.FINAL:
        raise ValidationError(_("De beleidsevaluatie van dit jaar is afgerond en verandert niet meer."))
    items = dict(ChecklistItem.objects.filter(is_active=True).values_list("pk", "text"))
    given = {entry.item_id: entry for entry in checklist if entry.item_id in items}
    errors: list[str] = []
    if culture_level is not None and culture_level not in SafetyCulture.values:
        errors.append(_("Kies een van de vijf niveaus van veiligheidscultuur."))
    if finish:
        for pk, text in items.items():
            entry = given.get(pk)
            if entry is None or (not entry.is_done and not entry.notes.strip()):
                message = _("“%(item)s”: vink aan dat het besproken is, of schrijf op waarom niet.")
                errors.append(message % {"item": text})
        if culture_level is None:
            errors.append(_("Kies waar de organisatie staat op de vijf niveaus van veiligheidscultuur."))
        if not conclusions.strip():
            errors.append(_("Schrijf de conclusies en verbeterpunten op."))
    if errors:
        raise ValidationError(errors)

    creating = evaluation is None
    evaluation = evaluation or PolicyEvaluation(year=year, written_by=actor)
    if not creating:
        evaluation.version += 1
    evaluation.culture_level, evaluation.culture_notes = culture_level, culture_notes.strip()
    evaluation.conclusions = conclusions.strip()
    if finish:
        evaluation.status, evaluation.finished_at = EvaluationStatus.FINAL, clock.now()
    try:
        with transaction.atomic():
            evaluation.save()
    except IntegrityError as error:  # someone else started this year's meanwhile
        raise ConcurrentEditError from error
    evaluation.answers.all().delete()
    ChecklistAnswer.objects.bulk_create(
        ChecklistAnswer(evaluation=evaluation, item_id=pk, is_done=entry.is_done, notes=entry.notes.strip())
        for pk, entry in given.items()
    )
    log_event(
        actor=actor,
        action=AuditAction.CREATED if creating else AuditAction.UPDATED,
        target=evaluation,
        detail=_("Beleidsevaluatie %(year)s (%(status)s)")
        % {"year": year, "status": evaluation.get_status_display()},
    )
    if finish:
        # The evaluation of a year is often held early the next: it completes the
        # earliest open policy-evaluation task, whatever year that falls in.
        task = (
            DutyTask.objects.select_for_update()
            .filter(duty__record=DutyRecord.POLICY_EVALUATION, status=TaskStatus.OPEN)
            .order_by("due_on", "pk")
            .first()
        )
        if task is not None:
            _mark_done(
                task,
                actor=actor,
                note=_("Beleidsevaluatie %(year)s afgerond in GIR.") % {"year": year},
                completed_on=clock.today(),
            )
    return evaluation
