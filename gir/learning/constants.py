from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    """The five phases of safety policy (002 "Vijf fasen van veiligheidsbeleid")."""

    PRO_ACTION = "pro_action", _("Pro-actie")
    PREVENTION = "prevention", _("Preventie")
    PREPARATION = "preparation", _("Preparatie")
    REPRESSION = "repression", _("Repressie")
    AFTERCARE = "aftercare", _("Nazorg")


class Addressee(models.TextChoices):
    """Who an action is for (002: "management, teams, individuele medewerkers")."""

    MANAGEMENT = "management", _("Management")
    TEAM = "team", _("Team")
    INDIVIDUAL = "individual", _("Individuele medewerker")


class FactorCategory(models.TextChoices):
    """The four kinds of cause of the structured incident evaluation (004 §6)."""

    TECHNICAL = "technical", _("Technisch")
    ORGANISATIONAL = "organisational", _("Organisatorisch")
    EMPLOYEE = "employee", _("Medewerkergebonden")
    CITIZEN = "citizen", _("Burgergebonden")


class CauseKind(models.TextChoices):
    DIRECT = "direct", _("Directe oorzaak")
    INDIRECT = "indirect", _("Indirecte oorzaak")


class EvaluationStatus(models.TextChoices):
    DRAFT = "draft", _("Concept")
    FINAL = "final", _("Afgerond")


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Gepland")
    IN_PROGRESS = "in_progress", _("Bezig")
    DONE = "done", _("Klaar")
    CANCELLED = "cancelled", _("Vervallen")


OPEN_ACTION_STATUSES = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("Gepland")
    HELD = "held", _("Gehouden")
