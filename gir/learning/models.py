"""Learning from incidents (DESIGN §2.6; 002; 004): the structured evaluation of an
incident with its classified causes, the catalogue of actions, the improvement actions
per team or for the organisation, and the thematic team meeting that reviews them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gir.core.models import TimestampedModel

from .constants import (
    ActionStatus,
    Addressee,
    CauseKind,
    EvaluationStatus,
    FactorCategory,
    MeetingStatus,
    Phase,
)


class Factor(models.Model):
    """A sub-factor that may have contributed to an incident (004 §6: for example
    kennisoverdracht, vaardigheden, terrein, middelengebruik). Shipped as default data,
    editable by the coordinator."""

    category = models.CharField(_("soort oorzaak"), max_length=16, choices=FactorCategory.choices)
    name = models.CharField(_("factor"), max_length=100)
    source = models.CharField(_("bron"), max_length=40, blank=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    is_active = models.BooleanField(_("in gebruik"), default=True)

    class Meta:
        verbose_name = _("factor")
        verbose_name_plural = _("factoren")
        ordering = ["category", "position", "name"]
        constraints = [models.UniqueConstraint(fields=["category", "name"], name="factor_unique_name")]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.name}"


class CatalogueAction(TimestampedModel):
    """One possible action after an incident: the 37 of 002 ("Incident? Actie!") with
    their phase and addressee, plus the organisation's own."""

    number = models.PositiveSmallIntegerField(_("nummer in 002"), null=True, blank=True, unique=True)
    title = models.CharField(_("actie"), max_length=200)
    phase = models.CharField(_("fase"), max_length=12, choices=Phase.choices)
    addressee = models.CharField(_("voor wie"), max_length=12, choices=Addressee.choices)
    source = models.CharField(_("bron"), max_length=40, blank=True)
    is_active = models.BooleanField(_("in gebruik"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("actie uit de catalogus")
        verbose_name_plural = _("actiecatalogus")
        ordering = ["number", "title"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}" if self.number else self.title


class Evaluation(TimestampedModel):
    """The structured evaluation of one incident (004 §6), written without blame:
    what happened, what helped, what stood in the way, and the causes."""

    incident = models.OneToOneField("incidents.Incident", on_delete=models.PROTECT, related_name="evaluation")
    description = models.TextField(_("beschrijving van het incident"))
    what_helped = models.TextField(_("wat hielp in het verloop"), blank=True)
    obstacles = models.TextField(_("wat stond in de weg"), blank=True)
    recurrence_risk = models.TextField(_("kans op herhaling"), blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=EvaluationStatus.choices, default=EvaluationStatus.DRAFT
    )
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    finished_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("incidentevaluatie")
        verbose_name_plural = _("incidentevaluaties")

    def __str__(self) -> str:
        return f"{_('Evaluatie')} {self.incident}"


class Cause(models.Model):
    """A direct or indirect cause, classified (004 §6), with whether action follows."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="causes")
    kind = models.CharField(_("soort"), max_length=8, choices=CauseKind.choices)
    description = models.TextField(_("oorzaak"))
    category = models.CharField(_("soort oorzaak"), max_length=16, choices=FactorCategory.choices)
    factor = models.ForeignKey(
        Factor, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("factor")
    )
    # None while a draft has not said yet (004 §6: per cause, whether action follows).
    needs_action = models.BooleanField(_("actie nodig"), null=True, blank=True)
    no_action_reason = models.CharField(_("waarom geen actie"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("oorzaak")
        verbose_name_plural = _("oorzaken")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.description[:60]


class ImprovementAction(TimestampedModel):
    """An action in an improvement plan: a team's (team set) or the organisation's
    (team empty), with owner, due date, expected result and status."""

    team = models.ForeignKey(
        "accounts.OrganisationUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="improvement_actions",
        verbose_name=_("team"),
    )
    catalogue_action = models.ForeignKey(
        CatalogueAction,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="uses",
        verbose_name=_("uit de catalogus"),
    )
    title = models.CharField(_("actie"), max_length=200)
    expected_result = models.TextField(_("verwacht resultaat"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="improvement_actions",
        verbose_name=_("eigenaar"),
    )
    due_on = models.DateField(_("klaar op"))
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    result = models.TextField(_("bereikt resultaat"), blank=True)
    completed_on = models.DateField(_("afgerond op"), null=True, blank=True)
    incident = models.ForeignKey(
        "incidents.Incident",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="improvement_actions",
    )
    cause = models.ForeignKey(Cause, null=True, blank=True, on_delete=models.SET_NULL, related_name="actions")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    # Reminder before the due date and notice when it has passed, each sent once.
    reminded_at = models.DateTimeField(null=True, blank=True)
    overdue_noticed_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("verbeteractie")
        verbose_name_plural = _("verbeteracties")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["status", "due_on"], name="improvementaction_due")]

    def __str__(self) -> str:
        return self.title


class TeamMeeting(TimestampedModel):
    """A thematic team meeting on aggression (000; 004 §4 "Thematisch werkoverleg"): its
    agenda is gathered from the team's incidents, evaluations and open actions since the
    last one; the agreements made are recorded."""

    team = models.ForeignKey(
        "accounts.OrganisationUnit",
        on_delete=models.PROTECT,
        related_name="team_meetings",
        verbose_name=_("team"),
    )
    planned_on = models.DateField(_("datum"))
    status = models.CharField(
        _("status"), max_length=8, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    agreements = models.TextField(_("afspraken"), blank=True)
    held_on = models.DateField(_("gehouden op"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("thematisch werkoverleg")
        verbose_name_plural = _("thematische werkoverleggen")
        ordering = ["-planned_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.team} {self.planned_on:%d-%m-%Y}"
