"""Writes of learning (DESIGN §2.6): the structured incident evaluation, the
organisation's own catalogue actions, improvement actions and the thematic team
meeting. Every function runs in one transaction and writes the audit log; edits carry
the version they started from, so concurrent edits never overwrite each other silently."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from gir.accounts.models import OrganisationUnit, User
from gir.audit.models import AuditAction
from gir.audit.services import log_event
from gir.core import clock
from gir.core.exceptions import ConcurrentEditError
from gir.incidents.models import Incident
from gir.protocol.constants import StepKind, StepStatus
from gir.protocol.models import Step
from gir.protocol.services import StepAlreadyRecorded, step_complete

from .constants import ActionStatus, CauseKind, EvaluationStatus, FactorCategory, MeetingStatus
from .models import CatalogueAction, Cause, Evaluation, Factor, ImprovementAction, TeamMeeting


@dataclass(frozen=True)
class CauseInput:
    kind: str
    description: str
    category: str
    factor_id: int | None = None
    # None while a draft has not said yet.
    needs_action: bool | None = None
    no_action_reason: str = ""
    # The stored cause this input edits; None for a new one.
    pk: int | None = None


def _cause_errors(number: int, cause: CauseInput, factors: dict[int, str], *, finishing: bool) -> list[str]:
    errors = []
    label = _("Oorzaak %(number)s") % {"number": number}
    if cause.kind not in CauseKind.values:
        errors.append(_("%(cause)s: kies of het een directe of een indirecte oorzaak is.") % {"cause": label})
    if not cause.description.strip():
        errors.append(_("%(cause)s: beschrijf de oorzaak.") % {"cause": label})
    if cause.category not in FactorCategory.values:
        errors.append(
            _(
                "%(cause)s: kies de soort oorzaak: technisch, organisatorisch, medewerkergebonden of "
                "burgergebonden (004 §6)."
            )
            % {"cause": label}
        )
    elif cause.factor_id is not None and factors.get(cause.factor_id) != cause.category:
        errors.append(_("%(cause)s: de factor hoort niet bij deze soort oorzaak.") % {"cause": label})
    if finishing and cause.needs_action is None:
        errors.append(_("%(cause)s: zeg of er actie volgt, of schrijf op waarom niet.") % {"cause": label})
    elif finishing and cause.needs_action is False and not cause.no_action_reason.strip():
        errors.append(_("%(cause)s: schrijf op waarom er geen actie volgt.") % {"cause": label})
    return errors


@transaction.atomic
def evaluation_save(
    *,
    actor: User,
    incident: Incident,
    description: str,
    causes: list[CauseInput],
    what_helped: str = "",
    obstacles: str = "",
    recurrence_risk: str = "",
    finish: bool = False,
    expected_version: int | None = None,
) -> Evaluation:
    """Write the incident's evaluation (004 §6): a draft as often as needed; finished, it
    needs a description and at least one cause, each classified and saying whether action
    follows, and it completes the protocol's evaluation step."""
    evaluation = Evaluation.objects.select_for_update().filter(incident=incident).first()
    if evaluation is not None and expected_version is not None and evaluation.version != expected_version:
        raise ConcurrentEditError
    if evaluation is not None and evaluation.status == EvaluationStatus.FINAL:
        raise ValidationError(_("Deze evaluatie is afgerond en verandert niet meer."))
    factors = dict(Factor.objects.values_list("pk", "category"))
    errors: list[str] = []
    if not description.strip():
        errors.append(_("Beschrijf wat er gebeurde."))
    if finish and not causes:
        errors.append(_("Noem minstens één directe of indirecte oorzaak."))
    for number, cause in enumerate(causes, start=1):
        errors += _cause_errors(number, cause, factors, finishing=finish)
    if errors:
        raise ValidationError(errors)

    creating = evaluation is None
    if evaluation is None:
        evaluation = Evaluation(incident=incident, written_by=actor)
    else:
        evaluation.version += 1
    evaluation.description = description.strip()
    evaluation.what_helped = what_helped.strip()
    evaluation.obstacles = obstacles.strip()
    evaluation.recurrence_risk = recurrence_risk.strip()
    if finish:
        evaluation.status, evaluation.finished_at = EvaluationStatus.FINAL, clock.now()
    try:
        with transaction.atomic():
            evaluation.save()
    except IntegrityError as error:  # someone else wrote the first version meanwhile
        raise ConcurrentEditError from error

    # A cause keeps its identity (and its actions) by its id; the ones left out go.
    stored = {cause.pk: cause for cause in evaluation.causes.all()}
    for position, data in enumerate(causes, start=1):
        row = stored.pop(data.pk, None) if data.pk else None
        row = row or Cause(evaluation=evaluation)
        row.position, row.kind, row.category = position, data.kind, data.category
        row.description, row.factor_id = data.description.strip(), data.factor_id
        row.needs_action = data.needs_action
        row.no_action_reason = "" if data.needs_action else data.no_action_reason.strip()
        row.save()
    Cause.objects.filter(pk__in=list(stored)).delete()

    log_event(
        actor=actor,
        action=AuditAction.CREATED if creating else AuditAction.UPDATED,
        target=incident,
        detail=_("Incidentevaluatie (%(status)s)") % {"status": evaluation.get_status_display()},
    )
    if finish:
        for step in Step.objects.filter(incident=incident, kind=StepKind.EVALUATION, status=StepStatus.OPEN):
            try:
                step_complete(actor=actor, step=step, notes=_("Evaluatie afgerond in GIR."))
            except StepAlreadyRecorded:
                continue
    return evaluation


@transaction.atomic
def catalogue_action_add(*, actor: User, title: str, phase: str, addressee: str) -> CatalogueAction:
    """The organisation's own action, beside the 37 of 002."""
    action = CatalogueAction(title=title.strip(), phase=phase, addressee=addressee, created_by=actor)
    action.full_clean()
    action.save()
    log_event(actor=actor, action=AuditAction.CREATED, target=action, detail=action.title)
    return action


def _check_action(
    *, title: str, owner: User | None, due_on: dt.date | None, today: dt.date, check_due: bool
) -> dict[str, str]:
    errors = {}
    if not title.strip():
        errors["title"] = _("Kies een actie uit de catalogus of beschrijf een eigen actie.")
    if owner is None:
        errors["owner"] = _("Kies wie de actie uitvoert (de eigenaar).")
    if due_on is None:
        errors["due_on"] = _("Vul in wanneer de actie klaar moet zijn.")
    elif check_due and due_on < today:
        errors["due_on"] = _("De datum ligt in het verleden. Kies vandaag of later.")
    return errors


@transaction.atomic
def action_add(
    *,
    actor: User,
    team: OrganisationUnit | None,
    owner: User | None,
    due_on: dt.date | None,
    expected_result: str,
    catalogue_action: CatalogueAction | None = None,
    title: str = "",
    incident: Incident | None = None,
    cause: Cause | None = None,
    today: dt.date | None = None,
) -> ImprovementAction:
    """Put an action in a team's improvement plan (team None: the organisation's)."""
    title = title.strip() or (catalogue_action.title if catalogue_action else "")
    errors = _check_action(
        title=title, owner=owner, due_on=due_on, today=today or clock.today(), check_due=True
    )
    if not expected_result.strip():
        errors["expected_result"] = _("Schrijf op wat de actie moet opleveren.")
    if errors:
        raise ValidationError(errors)
    assert due_on is not None and owner is not None  # _check_action reported None above
    action = ImprovementAction.objects.create(
        team=team,
        owner=owner,
        due_on=due_on,
        expected_result=expected_result.strip(),
        catalogue_action=catalogue_action,
        title=title[:200],
        incident=incident or (cause.evaluation.incident if cause else None),
        cause=cause,
        created_by=actor,
    )
    log_event(actor=actor, action=AuditAction.CREATED, target=action, detail=action.title)
    return action


@transaction.atomic
def action_update(
    *,
    actor: User,
    action: ImprovementAction,
    status: str,
    result: str = "",
    due_on: dt.date | None = None,
    owner: User | None = None,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> ImprovementAction:
    """Report progress (status, result) and, for the plan's keeper, move the due date or
    hand the action to someone else. A changed due date may not lie in the past."""
    today = today or clock.today()
    current = ImprovementAction.objects.select_for_update().get(pk=action.pk)
    if expected_version is not None and current.version != expected_version:
        raise ConcurrentEditError
    due_on = due_on or current.due_on
    owner = owner or current.owner
    errors = _check_action(
        title=current.title, owner=owner, due_on=due_on, today=today, check_due=due_on != current.due_on
    )
    if status not in ActionStatus.values:
        errors["status"] = _("Kies een status.")
    if status == ActionStatus.DONE and not result.strip():
        errors["result"] = _("Schrijf op wat de actie heeft opgeleverd.")
    if errors:
        raise ValidationError(errors)
    changes = {}
    for name, value in (("status", status), ("result", result.strip()), ("due_on", due_on), ("owner", owner)):
        if getattr(current, name) != value:
            changes[name] = [str(getattr(current, name)), str(value)]
            setattr(current, name, value)
    if "due_on" in changes or "owner" in changes:
        current.reminded_at = current.overdue_noticed_at = None  # remind the new owner, by the new date
    if status != ActionStatus.DONE:
        current.completed_on = None
    elif current.completed_on is None:
        current.completed_on = today
    current.version = F("version") + 1
    current.save()
    current.refresh_from_db()
    if changes:
        log_event(actor=actor, action=AuditAction.UPDATED, target=current, changes=changes)
    return current


@transaction.atomic
def meeting_plan(*, actor: User, team: OrganisationUnit, planned_on: dt.date | None) -> TeamMeeting:
    if planned_on is None:
        raise ValidationError({"planned_on": _("Vul de datum van het werkoverleg in.")})
    meeting = TeamMeeting.objects.create(team=team, planned_on=planned_on, created_by=actor)
    log_event(actor=actor, action=AuditAction.CREATED, target=meeting, detail=str(meeting))
    return meeting


@transaction.atomic
def meeting_record(
    *,
    actor: User,
    meeting: TeamMeeting,
    agreements: str,
    held_on: dt.date | None,
    expected_version: int | None,
) -> TeamMeeting:
    """Record the agreements of a held meeting."""
    current = TeamMeeting.objects.select_for_update().get(pk=meeting.pk)
    if expected_version is not None and current.version != expected_version:
        raise ConcurrentEditError
    errors = {}
    if not agreements.strip():
        errors["agreements"] = _("Schrijf de gemaakte afspraken op.")
    if held_on is None:
        errors["held_on"] = _("Vul in wanneer het overleg is gehouden.")
    elif held_on > clock.today():
        errors["held_on"] = _("Een overleg dat nog moet komen is niet gehouden. Kies vandaag of eerder.")
    if errors:
        raise ValidationError(errors)
    current.agreements, current.held_on, current.status = agreements.strip(), held_on, MeetingStatus.HELD
    current.version += 1
    current.save()
    log_event(actor=actor, action=AuditAction.UPDATED, target=current, detail=_("Afspraken vastgelegd"))
    return current
