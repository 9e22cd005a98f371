from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from gir.core import clock
from gir.core.fields import ClockDateTimeField
from gir.core.models import TimestampedModel
from gir.incidents.models import Incident

from .constants import (
    ConditionMatch,
    DeadlineAnchor,
    DeadlineUnit,
    NoticeLevel,
    Requirement,
    StepKind,
    StepOwner,
    StepStatus,
    outcome_choices,
)
from .facts import validate_conditions


class ProtocolRule(TimestampedModel):
    """One rule of the protocol: when the incident's facts match, the plan gets a step
    with this owner and deadline. The coordinator edits these; the defaults cite the seeds."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    title = models.CharField(_("stap"), max_length=200)
    kind = models.CharField(_("soort stap"), max_length=30, choices=StepKind.choices)
    explanation = models.TextField(_("uitleg"), blank=True)
    source = models.CharField(_("bron"), max_length=100, blank=True, help_text=_("Bijvoorbeeld 001 §7.4"))
    requirement = models.CharField(
        _("verplicht of advies"), max_length=10, choices=Requirement.choices, default=Requirement.REQUIRED
    )
    owner = models.CharField(_("eigenaar"), max_length=20, choices=StepOwner.choices)
    conditions = models.JSONField(_("voorwaarden"), default=list, blank=True)
    match = models.CharField(
        _("de stap geldt bij"), max_length=3, choices=ConditionMatch.choices, default=ConditionMatch.ALL
    )
    anchor = models.CharField(
        _("termijn vanaf"), max_length=10, choices=DeadlineAnchor.choices, default=DeadlineAnchor.INCIDENT
    )
    # The step this deadline counts from, by kind: two rules may make the same kind
    # of step (aangifte within 24 h on a home visit, later elsewhere).
    after_kind = models.CharField(_("na de stap"), max_length=30, choices=StepKind.choices, blank=True)
    after_outcomes = models.JSONField(_("alleen na de uitkomst"), default=list, blank=True)
    deadline_amount = models.PositiveIntegerField(_("termijn"))
    deadline_unit = models.CharField(_("eenheid"), max_length=10, choices=DeadlineUnit.choices)
    aim_amount = models.PositiveIntegerField(
        _("streeftermijn"), null=True, blank=True, help_text=_("In dezelfde eenheid, korter dan de termijn.")
    )
    is_active = models.BooleanField(_("actief"), default=True)
    position = models.PositiveIntegerField(_("volgorde"), default=0)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("protocolregel")
        verbose_name_plural = _("protocolregels")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, Sequence[str | Promise]] = {}
        try:
            validate_conditions(self.conditions)
        except ValidationError as error:
            errors["conditions"] = error.messages
        if self.anchor == DeadlineAnchor.STEP:
            if not self.after_kind:
                errors["after_kind"] = [_("Kies de stap waarna deze termijn begint.")]
            else:
                errors.update(self._after_kind_errors())
        elif self.after_kind or self.after_outcomes:
            errors["after_kind"] = [_("Een termijn vanaf het incident hoort niet bij een andere stap.")]
        if self.deadline_amount is not None and self.deadline_amount < 1:
            errors["deadline_amount"] = [_("De termijn moet minstens 1 zijn.")]
        if self.aim_amount is not None and self.aim_amount < 1:
            errors["aim_amount"] = [_("Laat de streeftermijn leeg of maak hem minstens 1.")]
        elif self.aim_amount is not None and self.deadline_amount and self.aim_amount > self.deadline_amount:
            errors["aim_amount"] = [_("De streeftermijn mag niet langer zijn dan de termijn.")]
        if errors:
            raise ValidationError(errors)

    def _after_kind_errors(self) -> dict[str, Sequence[str | Promise]]:
        # A cycle: following what the chosen step waits for leads back to this step.
        waits_for: dict[str, set[str]] = {}
        others = ProtocolRule.objects.filter(is_active=True, anchor=DeadlineAnchor.STEP).exclude(pk=self.pk)
        for kind, after in others.values_list("kind", "after_kind"):
            waits_for.setdefault(kind, set()).add(after)
        todo, seen = [self.after_kind], set()
        while todo:
            kind = todo.pop()
            if kind == self.kind:
                return {"after_kind": [_("Deze keuze maakt een kring: de stappen wachten op elkaar.")]}
            if kind not in seen:
                seen.add(kind)
                todo.extend(waits_for.get(kind, ()))
        known = {value for value, _label in outcome_choices(self.after_kind)}
        if not isinstance(self.after_outcomes, list) or any(o not in known for o in self.after_outcomes):
            return {"after_outcomes": [_("Die uitkomst bestaat niet bij de gekozen stap.")]}
        return {}

    @property
    def is_required(self) -> bool:
        return self.requirement == Requirement.REQUIRED


class Step(TimestampedModel):
    """A step in the follow-up plan of one incident. Never deleted: a step that no
    longer applies lapses, and a done or waived step stays as it was."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="steps")
    rule = models.ForeignKey(ProtocolRule, on_delete=models.PROTECT, related_name="steps")
    kind = models.CharField(_("soort stap"), max_length=30, choices=StepKind.choices)
    title = models.CharField(_("stap"), max_length=200)
    is_required = models.BooleanField(_("verplicht"), default=True)
    owner = models.CharField(_("eigenaar"), max_length=20, choices=StepOwner.choices)
    depends_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="dependent_steps"
    )
    status = models.CharField(_("status"), max_length=10, choices=StepStatus.choices, default=StepStatus.OPEN)
    due_at = models.DateTimeField(_("uiterlijk"))
    aim_at = models.DateTimeField(_("streven"), null=True, blank=True)
    completed_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("afgerond door"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    outcome = models.CharField(_("uitkomst"), max_length=30, blank=True)
    notes = models.TextField(_("verslag"), blank=True)
    reason = models.TextField(_("reden"), blank=True)

    class Meta:
        verbose_name = _("stap")
        verbose_name_plural = _("stappen")
        ordering = ["due_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["incident", "rule"], name="step_one_per_rule"),
        ]
        indexes = [
            models.Index(fields=["status", "due_at"], name="step_status_due"),
            models.Index(fields=["incident", "status"], name="step_incident_status"),
            models.Index(fields=["owner", "status", "due_at"], name="step_owner_status_due"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == StepStatus.OPEN

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_at < clock.now()

    @property
    def outcome_label(self) -> str:
        return str(dict(outcome_choices(self.kind)).get(self.outcome, self.outcome))

    @property
    def state(self) -> str:
        """open, overdue, done, waived or lapsed: what the lists show."""
        return "overdue" if self.is_overdue else self.status


class StepNotice(models.Model):
    """One reminder or escalation of one step. The unique row is the claim that
    makes each notice go out once, however often the scheduler runs."""

    step = models.ForeignKey(Step, on_delete=models.CASCADE, related_name="notices")
    level = models.PositiveSmallIntegerField(_("niveau"), choices=NoticeLevel.choices)
    created_at = ClockDateTimeField(_("gepland op"), auto_now_add=True)
    sent_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)
    recipients = models.TextField(_("ontvangers"), blank=True)

    class Meta:
        verbose_name = _("herinnering of escalatie")
        verbose_name_plural = _("herinneringen en escalaties")
        constraints = [
            models.UniqueConstraint(fields=["step", "level"], name="notice_one_per_level"),
        ]
        indexes = [models.Index(fields=["sent_at"], name="notice_unsent")]

    def __str__(self) -> str:
        return f"{self.step} — {self.get_level_display()}"
