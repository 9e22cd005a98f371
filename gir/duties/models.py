"""Duties (DESIGN §2.8; 003): the duty table per role with its frequency, the tasks that
recurring duties become (owner, due date, reminders, completion record), and the annual
policy evaluation with its checklist and the self-assessment of safety culture (002)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gir.core.models import TimestampedModel

from .constants import DutyRecord, EvaluationStatus, Frequency, Holder, SafetyCulture, TaskStatus


class Duty(TimestampedModel):
    """A duty of a role (003). A planned one (once, monthly ... yearly) with an owner and
    a first due date becomes tasks; a constant or as-needed duty stays a description."""

    holder = models.CharField(_("rol"), max_length=12, choices=Holder.choices)
    text = models.CharField(_("taak"), max_length=300)
    frequency = models.CharField(_("termijn"), max_length=12, choices=Frequency.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duties",
        verbose_name=_("uitvoerder"),
    )
    first_due_on = models.DateField(_("eerste keer klaar op"), null=True, blank=True)
    reminder_days = models.PositiveSmallIntegerField(_("herinnering, dagen vooraf"), default=7)
    record = models.CharField(
        _("afgerond via"), max_length=20, choices=DutyRecord.choices, default=DutyRecord.NONE, blank=True
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    source = models.CharField(_("bron"), max_length=40, blank=True)
    is_active = models.BooleanField(_("in gebruik"), default=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("taak uit de takentabel")
        verbose_name_plural = _("takentabel")
        ordering = ["holder", "position", "pk"]

    def __str__(self) -> str:
        return self.text


class DutyTask(TimestampedModel):
    """One occurrence of a planned duty: due on a date, done with a completion record."""

    duty = models.ForeignKey(Duty, on_delete=models.PROTECT, related_name="tasks")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="duty_tasks",
        verbose_name=_("uitvoerder"),
    )
    due_on = models.DateField(_("klaar op"))
    status = models.CharField(_("status"), max_length=8, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    completed_on = models.DateField(_("gedaan op"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    completion_note = models.TextField(_("wat is er gedaan"), blank=True)
    # The reminder before the due date and the notice after it, each sent once.
    reminded_at = models.DateTimeField(null=True, blank=True)
    overdue_noticed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("taak")
        verbose_name_plural = _("taken")
        ordering = ["due_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["duty", "due_on"], name="dutytask_once_per_date")]
        indexes = [models.Index(fields=["status", "due_on"], name="dutytask_due")]

    def __str__(self) -> str:
        return f"{self.duty} ({self.due_on:%d-%m-%Y})"


class ChecklistItem(models.Model):
    """A point of the annual policy evaluation's checklist (000 "checklist evaluatie beleid")."""

    text = models.CharField(_("punt"), max_length=300)
    source = models.CharField(_("bron"), max_length=60, blank=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    is_active = models.BooleanField(_("in gebruik"), default=True)

    class Meta:
        verbose_name = _("punt van de beleidsevaluatie")
        verbose_name_plural = _("checklist beleidsevaluatie")
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["text"], name="checklistitem_unique_text")]

    def __str__(self) -> str:
        return self.text


class PolicyEvaluation(TimestampedModel):
    """The annual evaluation of the policy against aggression (000; 003 "Initieert de
    jaarlijkse evaluatie van het beleid"), with the organisation's self-assessment on the
    five levels of safety culture (002)."""

    year = models.PositiveSmallIntegerField(_("jaar"), unique=True)
    status = models.CharField(
        _("status"), max_length=8, choices=EvaluationStatus.choices, default=EvaluationStatus.DRAFT
    )
    culture_level = models.PositiveSmallIntegerField(
        _("veiligheidscultuur"), choices=SafetyCulture.choices, null=True, blank=True
    )
    culture_notes = models.TextField(_("toelichting op de veiligheidscultuur"), blank=True)
    conclusions = models.TextField(_("conclusies en verbeterpunten"), blank=True)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    finished_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("beleidsevaluatie")
        verbose_name_plural = _("beleidsevaluaties")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{_('Beleidsevaluatie')} {self.year}"


class ChecklistAnswer(models.Model):
    evaluation = models.ForeignKey(PolicyEvaluation, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    is_done = models.BooleanField(_("besproken"), default=False)
    notes = models.TextField(_("bevindingen"), blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["evaluation", "item"], name="checklistanswer_unique")]

    def __str__(self) -> str:
        return str(self.item_id)
