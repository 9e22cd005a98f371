from django.db import models
from django.utils.translation import gettext_lazy as _


class Holder(models.TextChoices):
    """Who carries a duty (003: the tables per role)."""

    BOARD = "board", _("Bestuur (college van B&W)")
    DIRECTOR = "director", _("Gemeentesecretaris / algemeen directeur")
    COORDINATOR = "coordinator", _("Coördinator agressie en geweld")
    MANAGER = "manager", _("Afdelingsmanager")
    EMPLOYEE = "employee", _("Medewerker")
    FACILITIES = "facilities", _("Facilitaire zaken")
    SECURITY = "security", _("Beveiliger")


class Frequency(models.TextChoices):
    """How often a duty comes back (003 "Termijn")."""

    ONCE = "once", _("Eenmalig")
    YEARLY = "yearly", _("Jaarlijks")
    HALF_YEARLY = "half_yearly", _("Halfjaarlijks")
    QUARTERLY = "quarterly", _("Per kwartaal")
    MONTHLY = "monthly", _("Maandelijks")
    CONSTANT = "constant", _("Constant")
    AS_NEEDED = "as_needed", _("Indien nodig")


# Months between two tasks of a recurring duty.
RECURRENCE_MONTHS = {
    Frequency.MONTHLY: 1,
    Frequency.QUARTERLY: 3,
    Frequency.HALF_YEARLY: 6,
    Frequency.YEARLY: 12,
}
# Frequencies that become tasks with a due date; constant and as-needed duties do not.
PLANNED_FREQUENCIES = frozenset({Frequency.ONCE, *RECURRENCE_MONTHS})


class DutyRecord(models.TextChoices):
    """A duty whose task is done by finishing a record elsewhere in GIR."""

    NONE = "", _("Geen")
    POLICY_EVALUATION = "policy_evaluation", _("Jaarlijkse beleidsevaluatie")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Gedaan")


class SafetyCulture(models.IntegerChoices):
    """The five levels of safety culture (002 "Veiligheidscultuur")."""

    LEGAL = 1, _("Wij voldoen aan de wettelijke regels")
    AFTER_INCIDENTS = 2, _("Wij hebben alleen aandacht voor veiligheid na incidenten")
    MANAGED = 3, _("We managen gevaarlijke situaties")
    PROACTIVE = 4, _("We sporen problemen actief op")
    NORM = 5, _("Veilig werken is de norm")


class EvaluationStatus(models.TextChoices):
    DRAFT = "draft", _("Concept")
    FINAL = "final", _("Afgerond")


# Days before the due date that the owner hears of a task, unless the duty says otherwise.
DEFAULT_REMINDER_DAYS = {
    Frequency.MONTHLY: 3,
    Frequency.QUARTERLY: 14,
    Frequency.HALF_YEARLY: 14,
    Frequency.YEARLY: 30,
    Frequency.ONCE: 14,
}
