"""Follow-up plans: each demo incident's handler and steps through the protocol services,
worked off as far as its age suggests, with the clock set back so its history reads as
if the steps were done over the months. The plans draw from a stream of their own: how
far a plan got does depend on the clock."""

import datetime as dt
import random
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db import reset_queries
from django.utils import timezone

from gir.accounts.models import (
    User,
)
from gir.audit.models import AuditAction
from gir.audit.services import log_event
from gir.core import clock
from gir.demo.incidents import weighted
from gir.demo.stories import aftercare as aftercare_demo
from gir.demo.stories import damage as damage_demo
from gir.demo.stories import police as police_demo
from gir.incidents import lifecycle
from gir.incidents.constants import (
    BehaviourKind,
    EscalationLevel,
    IncidentStatus,
    Injury,
    PerpetratorKnown,
)
from gir.incidents.models import Incident
from gir.protocol import services as protocol
from gir.protocol.constants import StepKind, StepOwner, StepStatus
from gir.protocol.models import Step

# Follow-up plans: each demo incident's steps, worked off as far as its age suggests
# --------------------------------------------------------------------------------------

OFFICE_OPENS, OFFICE_CLOSES = 8 * 60 + 30, 17 * 60  # minutes after midnight
# Past this age every deadline of the default rules (the longest is six weeks) has passed.
SETTLED_AGE_DAYS = 60

MANAGER_CONVERSATION_NOTES = (
    "Kort gesprek direct na het incident. Medewerker is geschrokken maar wil de dienst afmaken.",
    "Gesproken met de medewerker; die heeft de rest van de dag vrij genomen.",
    "Telefonisch gesproken, de volgende ochtend op kantoor nagepraat. Medewerker is weer aan het werk.",
    "Samen het incident doorgenomen en gewezen op het aanbod van het BOT.",
    "Medewerker vond het vooral vervelend dat collega's het zagen; afgesproken om het in het "
    "teamoverleg te bespreken.",
)
MEDICAL_NOTES = {
    "visited": (
        "Huisartsenpost bezocht; kneuzing vastgesteld en vastgelegd.",
        "Bij de huisarts geweest; het letsel is gefotografeerd voor de aangifte.",
    ),
    "hospital": ("Op de spoedeisende hulp van het Zuyderland behandeld; het letsel is vastgelegd.",),
    "not_needed": ("Door de BHV'er verbonden; medewerker zag geen reden voor een arts.",),
}
# outcome, weight, notes
MEASURES_SEVERE: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    ("building_ban", 30, ("Toegangsverbod van drie maanden voor alle gemeentelijke locaties.",)),
    ("written_warning", 35, ("Gele kaart: bij herhaling volgt een toegangsverbod.",)),
    ("police_only", 15, ("De politie handelt het af; de gemeente neemt geen eigen maatregel.",)),
    ("restriction", 10, ("Contact voortaan alleen schriftelijk of op afspraak met twee medewerkers.",)),
    ("conduct_meeting", 10, ("Ordegesprek met de manager en de coördinator gevoerd.",)),
)
MEASURES_MILD: tuple[tuple[str, int, tuple[str, ...]], ...] = (
    ("verbal_warning", 35, ("Bij het volgende bezoek mondeling aangesproken op het gedrag.",)),
    ("written_warning", 25, ("Gele kaart: bij herhaling volgt een toegangsverbod.",)),
    ("conduct_meeting", 25, ("Ordegesprek gevoerd; de klant heeft excuses aangeboden.",)),
    ("restriction", 10, ("Contact voortaan alleen via het algemene nummer en per e-mail.",)),
    ("other", 5, ("Brief gestuurd met de huisregels van de gemeente.",)),
)
NO_MEASURE_NOTES = (
    "Veroorzaker onbekend; geen maatregel mogelijk.",
    "Veroorzaker niet te achterhalen, ook niet via de camerabeelden.",
)
POLICE_REPORT_WAIVERS = (
    "Medewerker ziet af van aangifte na overleg met de coördinator.",
    "Na overleg met de politie afgezien van aangifte: te weinig aanknopingspunten.",
    "Medewerker wil geen aangifte doen; besproken met de leidinggevende en de coördinator.",
)
LETTER_NOTES = {
    "written_warning": "Brief met de gele kaart verstuurd, via mandaat ondertekend door de manager.",
    "building_ban": "Brief over het toegangsverbod verstuurd, ondertekend door de burgemeester.",
}
OTHER_NOTES: dict[str, tuple[str, ...]] = {
    StepKind.LEGAL: (
        "Schade doorgegeven aan Juridische Zaken; die verhaalt de kosten op de veroorzaker.",
        "Juridische Zaken ingeschakeld; de schadeopgave met foto's is verstuurd.",
    ),
    StepKind.EVALUATION: (
        "Evaluatie met het team: signalen van oplopende spanning werden niet gedeeld. "
        "Actie: bekende risico's bespreken in het werkoverleg.",
        "Evaluatie met de coördinator: de opvang ging goed, de hulp na het alarm kwam te laat. "
        "Actie: alarmprocedure oefenen.",
        "Evaluatie met het team: geen oorzaak in de werkwijze gevonden. Geen verdere acties.",
    ),
}


def _office_hours(moment: dt.datetime) -> dt.datetime:
    """The moment, or when the office opens next: steps are recorded on working days
    between 08:30 and 17:00. Only ever later, and without a draw of its own."""
    local = timezone.localtime(moment)
    minutes = local.hour * 60 + local.minute
    if local.weekday() < 5 and OFFICE_OPENS <= minutes < OFFICE_CLOSES:
        return moment
    day = local.date() + dt.timedelta(days=0 if minutes < OFFICE_OPENS else 1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    # Spread over the morning by the original clock time, so the same moment maps alike.
    minute = OFFICE_OPENS + minutes % 240
    return dt.datetime.combine(day, dt.time(minute // 60, minute % 60), tzinfo=local.tzinfo)


@dataclass(frozen=True)
class DemoStaff:
    """The people who work steps besides the handler."""

    coordinator: User
    aftercare: User
    legal: User

    @classmethod
    def from_database(cls) -> "DemoStaff":
        by_username = User.objects.in_bulk(["coordinator", "nazorg", "juridisch"], field_name="username")
        return cls(by_username["coordinator"], by_username["nazorg"], by_username["juridisch"])


@dataclass
class _PlanState:
    """What the worker recorded so far in one incident's plan."""

    settled: bool
    seen: set[int] = field(default_factory=set)
    recorded: dict[int | None, dt.datetime] = field(default_factory=dict)
    outcomes: dict[int | None, str] = field(default_factory=dict)
    last_of_kind: dict[str, dt.datetime] = field(default_factory=dict)
    # Steps a service closed along with another (the later talks after declined aftercare).
    settled_by_service: set[int] = field(default_factory=set)
    aftercare_talks: int = 0


@dataclass
class PlanCounts:
    incidents: int = 0
    steps: int = 0
    closed: int = 0


class PlanWorker:
    """Gives each submitted incident its handler and plan through the protocol services,
    then works the plan off as far as the incident's age suggests: an old incident has
    its steps done (or waived, with a reason) and is mostly closed; a recent one still has
    open steps, a few of them late. The coordinator takes over the gravest cases."""

    # Share of steps done after their deadline, and of steps of old incidents never done.
    LATE_SHARE = 0.12
    FORGOTTEN_SHARE = 0.02

    def __init__(
        self, *, rng: random.Random, now: dt.datetime, staff: DemoStaff, left_late: Collection[int] = ()
    ) -> None:
        self.rng = rng
        self.now = now
        self.staff = staff
        self.left_late = frozenset(left_late)
        self.counts = PlanCounts()

    def work(self, incident: Incident, *, closed_planned: bool, via_service: bool = False) -> None:
        """Work off the incident's plan; via_service: it was submitted through
        report_save, which already wrote its history, handler and plan."""
        rng = self.rng
        submitted = incident.submitted_at
        assert submitted is not None
        reporter = incident.reporter
        age = (self.now - (incident.occurred_at or submitted)).days
        if not via_service:
            with clock.at(submitted):
                log_event(actor=reporter, action=AuditAction.CREATED, target=incident)
                log_event(actor=reporter, action=AuditAction.SUBMITTED, target=incident)
                protocol.handler_ensure(actor=reporter, incident=incident)
                protocol.plan_update(actor=reporter, incident=incident)
        if self._is_grave(incident) and incident.pk not in self.left_late:
            taken = _office_hours(submitted + dt.timedelta(hours=rng.uniform(1, 5)))
            self._take_over(incident, min(taken, self.now))

        plan = _PlanState(settled=age > SETTLED_AGE_DAYS)
        open_steps = (
            Step.objects.filter(incident=incident, status=StepStatus.OPEN)
            .select_related("depends_on")
            .order_by("due_at", "pk")
        )
        # Recording a step may add the next one (the letter after a warning), so go round again.
        while pending := [step for step in open_steps.all() if step.pk not in plan.seen]:
            for step in pending:
                plan.seen.add(step.pk)
                moment = self._moment(incident, step, plan)
                if step.pk not in plan.settled_by_service and moment is not None:
                    self._record(incident, step, moment, plan)
                if step.kind == StepKind.AFTERCARE:
                    plan.aftercare_talks += 1
        self.counts.incidents += 1
        self.counts.steps += len(plan.seen)
        self._maybe_close(incident, age=age, closed_planned=closed_planned)

    # -- parts ---------------------------------------------------------------------

    @staticmethod
    def _is_grave(incident: Incident) -> bool:
        """A serious injury, or a known perpetrator who stalks or had the police called:
        cases the coordinator runs, keeping in touch with the police."""
        kinds = {b.kind for b in incident.behaviours.all()}
        serious_injury = incident.injury in {Injury.HOSPITAL, Injury.LASTING, Injury.FATAL}
        known = incident.perpetrator_known == PerpetratorKnown.KNOWN
        stalking = BehaviourKind.STALKING in kinds and incident.escalation_level == EscalationLevel.D
        on_record = known and (stalking or incident.police_called)
        return not incident.is_restricted and (serious_injury or on_record)

    def _take_over(self, incident: Incident, moment: dt.datetime) -> None:
        """The coordinator takes a grave case over from the manager. Written here rather
        than with handler_assign, which would mail the coordinator: demo data sends none."""
        with clock.at(moment):
            lifecycle.handler_write(
                actor=self.staff.coordinator, incident=incident, handler=self.staff.coordinator
            )

    def _moment(self, incident: Incident, step: Step, plan: _PlanState) -> dt.datetime | None:
        """When the step was recorded, or None while it is still open: mostly within its
        term, sometimes after it, and now and then (long ago) never."""
        rng = self.rng
        late, forgotten, early = rng.random(), rng.random(), rng.random()
        fraction, delay = rng.uniform(0.2, 0.95), rng.uniform(2, 240)
        # Most teams make the aim where there is one (the first talk within 24 hours).
        due = step.aim_at if step.aim_at and early < 0.7 else step.due_at
        # Not before the report, the step it follows, or the previous talk of its kind.
        # A step recorded outside this worker (a measure the register story decided) counts too.
        follows = plan.recorded.get(step.depends_on_id) or (step.depends_on and step.depends_on.completed_at)
        earlier = [incident.submitted_at, plan.last_of_kind.get(step.kind), follows]
        earliest = max(moment for moment in earlier if moment is not None)
        if due <= earliest or late < self.LATE_SHARE:
            moment = max(due, earliest) + dt.timedelta(hours=delay)
        else:
            moment = earliest + (due - earliest) * fraction
        moment = _office_hours(moment)
        if plan.settled and forgotten < self.FORGOTTEN_SHARE and step.kind in FORGETTABLE_KINDS:
            return None
        if incident.pk in self.left_late and step.kind == StepKind.MEASURE_DECISION:
            return None
        return moment if moment < self.now else None

    def _actor(self, incident: Incident, step: Step) -> User | None:
        return {
            StepOwner.AFTERCARE: self.staff.aftercare,
            StepOwner.LEGAL: self.staff.legal,
            StepOwner.COORDINATOR: self.staff.coordinator,
        }.get(StepOwner(step.owner), incident.handler)

    def _record(self, incident: Incident, step: Step, moment: dt.datetime, plan: _PlanState) -> None:
        rng = self.rng
        actor = self._actor(incident, step)
        outcome, notes, waiver = "", rng.choice(OTHER_NOTES.get(step.kind, ("",))), ""
        roll = rng.random()
        if step.kind == StepKind.MANAGER_CONVERSATION:
            notes = rng.choice(MANAGER_CONVERSATION_NOTES)
        elif step.kind == StepKind.AFTERCARE:
            talk = plan.aftercare_talks
            declined = roll < (0.25 if talk == 0 else 0.1)
            outcome = "declined" if declined else "held"
        elif step.kind == StepKind.MEDICAL:
            outcome = "not_needed" if incident.injury == Injury.FIRST_AID and roll < 0.3 else "visited"
            grave = outcome == "visited" and incident.injury in {Injury.HOSPITAL, Injury.LASTING}
            notes = rng.choice(MEDICAL_NOTES["hospital" if grave else outcome])
        elif step.kind == StepKind.MEASURE_DECISION:
            outcome, notes = self._measure(incident)
        elif step.kind == StepKind.POLICE_REPORT:
            if roll < 0.6:
                outcome = "aangifte"
            elif roll < 0.8:
                outcome = "melding"
            else:
                waiver = rng.choice(POLICE_REPORT_WAIVERS)
        elif step.kind == StepKind.MEASURE_LETTER:
            decision = plan.outcomes.get(step.depends_on_id, "")
            notes = LETTER_NOTES.get(decision, LETTER_NOTES["written_warning"])
        with clock.at(moment):
            if waiver:
                protocol.step_waive(actor=actor, step=step, reason=waiver)
            else:
                self._record_step(incident, step, moment, actor=actor, outcome=outcome, notes=notes)
        plan.recorded[step.pk], plan.outcomes[step.pk] = moment, outcome
        plan.last_of_kind[step.kind] = moment
        if step.kind == StepKind.AFTERCARE and outcome == "declined":
            # step_complete waives the later talks: a declined offer stands for those too.
            waived = Step.objects.filter(incident=incident, kind=StepKind.AFTERCARE, status=StepStatus.WAIVED)
            plan.settled_by_service.update(waived.values_list("pk", flat=True))

    def _record_step(
        self, incident: Incident, step: Step, moment: dt.datetime, *, actor: Any, outcome: str, notes: str
    ) -> None:
        """Record the step through the service that owns its data (the police files,
        aftercare, damage); those complete the step themselves."""
        rng = self.rng
        if step.kind == StepKind.AFTERCARE:
            aftercare_demo.record_talk(
                rng, actor=actor, incident=incident, step=step, moment=moment, declined=outcome == "declined"
            )
        elif step.kind == StepKind.POLICE_REPORT:
            police_demo.record_report(
                rng, actor=actor, incident=incident, kind=outcome, moment=moment, now=self.now
            )
        elif step.kind == StepKind.POLICE_REPORT_COPY:
            police_demo.add_copy(actor=actor, incident=incident, pdf=self.copy_pdf)
        elif step.kind == StepKind.LABOUR_INSPECTORATE:
            police_demo.record_labour_notice(rng, actor=actor, incident=incident, moment=moment)
        else:
            if step.kind == StepKind.LEGAL:
                damage_demo.record_items(rng, actor=actor, incident=incident, moment=moment)
            protocol.step_complete(actor=actor, step=step, outcome=outcome, notes=notes)

    @cached_property
    def copy_pdf(self) -> bytes:
        return police_demo.copy_pdf()

    def _measure(self, incident: Incident) -> tuple[str, str]:
        rng = self.rng
        roll, draw = rng.random(), rng.random()
        if incident.perpetrator_known != PerpetratorKnown.KNOWN and roll < 0.85:
            return "no_measure", NO_MEASURE_NOTES[int(draw * len(NO_MEASURE_NOTES))]
        kinds = {b.kind for b in incident.behaviours.all()}
        measures = MEASURES_SEVERE if kinds & SEVERE_BEHAVIOURS else MEASURES_MILD
        outcome, _weight, notes = weighted(rng, [(m, m[1]) for m in measures])
        return outcome, notes[int(draw * len(notes))]

    def _maybe_close(self, incident: Incident, *, age: int, closed_planned: bool) -> None:
        """Close a finished plan after a while: nearly always once it is old."""
        rng = self.rng
        roll, wait = rng.random(), rng.uniform(0.5, 14)
        steps = list(Step.objects.filter(incident=incident))
        if any(step.status == StepStatus.OPEN and step.is_required for step in steps):
            return
        share = 1.0 if closed_planned else 0.9 if age > 120 else 0.7 if age > SETTLED_AGE_DAYS else 0.4
        done = [step.completed_at for step in steps if step.completed_at] or [incident.submitted_at]
        moment = _office_hours(max(d for d in done if d is not None) + dt.timedelta(days=wait))
        if roll < share and moment < self.now:
            with clock.at(moment):
                protocol.incident_close(actor=incident.handler, incident=incident)
            self.counts.closed += 1


# Behaviour that calls for more than a talking-to.
SEVERE_BEHAVIOURS = frozenset(
    {BehaviourKind.PHYSICAL, BehaviourKind.THREAT, BehaviourKind.STALKING, BehaviourKind.VANDALISM}
)
# Steps that, in real life, sometimes slip through once the incident is out of mind.
FORGETTABLE_KINDS = frozenset({StepKind.POLICE_REPORT_COPY, StepKind.EVALUATION, StepKind.MEASURE_LETTER})


def work_plans(
    planned: Iterable[tuple[int, IncidentStatus]],
    *,
    rng: random.Random,
    now: dt.datetime,
    via_service: bool = False,
    left_late: Collection[int] = (),
) -> PlanCounts:
    """Handler and plan for each submitted incident (pk, the status it was drawn with);
    the incidents in `left_late` keep their measure decision open past its deadline."""
    worker = PlanWorker(rng=rng, now=now, staff=DemoStaff.from_database(), left_late=left_late)
    wanted = dict(planned)
    incidents = (
        Incident.objects.filter(pk__in=wanted)
        .select_related("reporter", "handler")
        .prefetch_related("behaviours")
        .order_by("pk")
    )
    for incident in incidents:
        worker.work(
            incident, closed_planned=wanted[incident.pk] == IncidentStatus.CLOSED, via_service=via_service
        )
        reset_queries()
    return worker.counts


# --------------------------------------------------------------------------------------
