"""Learning and development (DESIGN §2.6; 004 "Leren en ontwikkelen"): the development
matrix and the leerdoelwijzers as data, an employee's self-assessment with a personal
learning goal the manager confirms, and the team goals the coordinator turns into a
learning offer with planned dates."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gir.core.models import TimestampedModel

from .constants import Answer, AssessmentStatus, GoalStatus, Level, OfferKind


class Competency(models.Model):
    """A row of the development matrix (004 "Matrix ontwikkeling veilige publieke
    dienstverlening"), rated on the six levels."""

    name = models.CharField(_("competentie"), max_length=200, unique=True)
    hint = models.CharField(_("toelichting"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    source = models.CharField(_("bron"), max_length=40, blank=True)
    is_active = models.BooleanField(_("in gebruik"), default=True)

    class Meta:
        verbose_name = _("competentie")
        verbose_name_plural = _("competenties")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Aspect(models.Model):
    """A competency aspect of the leerdoelwijzers (004: risico-inschatting, ... collegiale
    ondersteuning); the team picture is shown per aspect."""

    name = models.CharField(_("competentie-aspect"), max_length=200, unique=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("competentie-aspect")
        verbose_name_plural = _("competentie-aspecten")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class Questionnaire(models.Model):
    """The leerdoelwijzer of a function group (004 appendix)."""

    function_group = models.OneToOneField(
        "accounts.FunctionGroup",
        on_delete=models.PROTECT,
        related_name="questionnaire",
        verbose_name=_("functiegroep"),
    )
    title = models.CharField(_("titel"), max_length=300)
    goal_prompt = models.TextField(_("vraag naar het leerdoel"))
    source = models.CharField(_("bron"), max_length=40, blank=True)
    is_active = models.BooleanField(_("in gebruik"), default=True)

    class Meta:
        verbose_name = _("leerdoelwijzer")
        verbose_name_plural = _("leerdoelwijzers")
        ordering = ["function_group__name"]

    def __str__(self) -> str:
        return str(self.function_group)


class Statement(models.Model):
    """One statement of a leerdoelwijzer, answered altijd / vaak / soms / nooit."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.CASCADE, related_name="statements")
    aspect = models.ForeignKey(Aspect, on_delete=models.PROTECT, related_name="statements")
    text = models.CharField(_("uitspraak"), max_length=300)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("uitspraak")
        verbose_name_plural = _("uitspraken")
        ordering = ["questionnaire", "position"]

    def __str__(self) -> str:
        return self.text


class SelfAssessment(TimestampedModel):
    """An employee's filled-in development matrix and leerdoelwijzer with their personal
    learning goal. A draft may be half-filled and counts nowhere; only the latest
    submitted one of each employee counts in a team's picture."""

    employee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="self_assessments"
    )
    questionnaire = models.ForeignKey(
        Questionnaire,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("leerdoelwijzer"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("ingeleverd op"), null=True, blank=True)
    learning_goal = models.TextField(_("persoonlijk leerdoel"), blank=True)
    goal_status = models.CharField(_("leerdoel"), max_length=10, choices=GoalStatus.choices, blank=True)
    goal_reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    goal_reviewed_at = models.DateTimeField(null=True, blank=True)
    manager_comment = models.TextField(_("reactie van je leidinggevende"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("zelfscan")
        verbose_name_plural = _("zelfscans")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee"], condition=Q(status="draft"), name="selfassessment_one_draft"
            )
        ]

    def __str__(self) -> str:
        return f"{_('Zelfscan')} {self.employee} {self.created_at:%d-%m-%Y}"


class StatementAnswer(models.Model):
    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="answers")
    statement = models.ForeignKey(Statement, on_delete=models.PROTECT, related_name="+")
    answer = models.PositiveSmallIntegerField(_("antwoord"), choices=Answer.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "statement"], name="statementanswer_unique")
        ]

    def __str__(self) -> str:
        return self.get_answer_display()


class CompetencyAnswer(models.Model):
    assessment = models.ForeignKey(SelfAssessment, on_delete=models.CASCADE, related_name="levels")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("niveau"), choices=Level.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "competency"], name="competencyanswer_unique")
        ]

    def __str__(self) -> str:
        return self.get_level_display()


class TeamGoal(TimestampedModel):
    """What a team wants to learn, drawn from its aggregated picture (004 "Leren als
    team"); the coordinator answers it with a learning offer."""

    team = models.ForeignKey(
        "accounts.OrganisationUnit", on_delete=models.PROTECT, related_name="learning_goals"
    )
    aspect = models.ForeignKey(
        Aspect, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("aspect")
    )
    competency = models.ForeignKey(
        Competency,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("competentie"),
    )
    text = models.TextField(_("leerdoel van het team"))
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("teamleerdoel")
        verbose_name_plural = _("teamleerdoelen")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.text[:60]


class LearningOffer(TimestampedModel):
    """A learning offer for a team (or the whole organisation, team empty): knowledge,
    skills training, coaching on the job or a team work form (004), with planned dates."""

    team = models.ForeignKey(
        "accounts.OrganisationUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="learning_offers",
        verbose_name=_("team"),
    )
    goal = models.ForeignKey(
        TeamGoal,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="offers",
        verbose_name=_("voor het leerdoel"),
    )
    kind = models.CharField(_("soort aanbod"), max_length=12, choices=OfferKind.choices)
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beschrijving"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("leeraanbod")
        verbose_name_plural = _("leeraanbod")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class OfferSession(models.Model):
    """A planned date of a learning offer."""

    offer = models.ForeignKey(LearningOffer, on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("datum"))
    place = models.CharField(_("plaats"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("geplande datum")
        verbose_name_plural = _("geplande data")
        ordering = ["date", "pk"]

    def __str__(self) -> str:
        return f"{self.date:%d-%m-%Y}"
