"""The vocabulary of the protocol engine (DESIGN §2.2; 001 §7.4, §10)."""

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class StepKind(models.TextChoices):
    """What a step is about; decides which outcomes it records and which later
    issues (measures, police, aftercare) complete it."""

    MANAGER_CONVERSATION = "manager_conversation", _("Opvanggesprek leidinggevende")
    AFTERCARE = "aftercare", _("Nazorggesprek")
    MEDICAL = "medical", _("Arts of eerste hulp")
    MEASURE_DECISION = "measure_decision", _("Besluit over een maatregel")
    POLICE_REPORT = "police_report", _("Aangifte of melding bij de politie")
    MEASURE_LETTER = "measure_letter", _("Brief waarschuwing of toegangsverbod")
    POLICE_REPORT_COPY = "police_report_copy", _("Kopie aangifte naar de coördinator")
    LEGAL = "legal", _("Juridische Zaken inschakelen")
    LABOUR_INSPECTORATE = "labour_inspectorate", _("Melding Arbeidsinspectie")
    EVALUATION = "evaluation", _("Incidentevaluatie")
    OTHER = "other", _("Andere stap")


# The outcomes a completed step of a kind can record; a rule may start a step
# only after one of these (001 §8.1: the letter follows a warning or a ban).
STEP_OUTCOMES: dict[str, list[tuple[str, str | Promise]]] = {
    StepKind.MEASURE_DECISION: [
        ("verbal_warning", _("Mondelinge waarschuwing")),
        ("written_warning", _("Schriftelijke waarschuwing (gele kaart)")),
        ("conduct_meeting", _("Ordegesprek")),
        ("restriction", _("Beperking van de dienstverlening")),
        ("building_ban", _("Toegangsverbod")),
        ("police_only", _("Alleen melding of aangifte bij de politie")),
        ("other", _("Andere maatregel")),
        ("no_measure", _("Geen maatregel mogelijk (bijvoorbeeld veroorzaker onbekend)")),
    ],
    StepKind.POLICE_REPORT: [
        ("aangifte", _("Aangifte gedaan")),
        ("melding", _("Melding gedaan (geen aangifte)")),
    ],
    StepKind.AFTERCARE: [
        ("held", _("Gesprek gevoerd")),
        ("declined", _("Aanbod afgeslagen door de medewerker")),
    ],
    StepKind.MEDICAL: [
        ("visited", _("Arts of eerste hulp bezocht")),
        ("not_needed", _("Niet nodig volgens de medewerker")),
    ],
}


def outcome_choices(kind: str) -> list[tuple[str, str | Promise]]:
    return STEP_OUTCOMES.get(kind, [])


class Requirement(models.TextChoices):
    REQUIRED = "required", _("Verplicht")
    ADVISED = "advised", _("Advies")


class StepOwner(models.TextChoices):
    """Who owns a step. "Behandelaar" follows the incident's handler, so a reassigned
    incident takes its open steps along."""

    HANDLER = "handler", _("Behandelaar (teammanager)")
    COORDINATOR = "coordinator", _("Coördinator agressie en geweld")
    AFTERCARE = "aftercare", _("Bedrijfsmaatschappelijk werk / BOT")
    LEGAL = "legal", _("Juridische zaken")


class DeadlineAnchor(models.TextChoices):
    INCIDENT = "incident", _("Tijdstip van het incident")
    STEP = "step", _("Afronding van een andere stap")


class DeadlineUnit(models.TextChoices):
    """Hours count elapsed time; days and weeks count calendar days in
    Europe/Amsterdam, so "5 dagen" keeps the clock time across a DST switch."""

    HOURS = "hours", _("uur")
    DAYS = "days", _("dagen")
    WEEKS = "weeks", _("weken")


class StepStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Gedaan")
    WAIVED = "waived", _("Niet nodig (met reden)")
    # The facts changed and the rule no longer applies; kept, never deleted.
    LAPSED = "lapsed", _("Vervallen")


class NoticeLevel(models.IntegerChoices):
    """Reminder, then escalation owner → manager → CAG → director (001 §10.3)."""

    REMINDER = 0, _("Herinnering aan de eigenaar")
    MANAGER = 1, _("Escalatie naar de leidinggevende")
    COORDINATOR = 2, _("Escalatie naar de coördinator")
    DIRECTOR = 3, _("Escalatie naar de directie")


class ConditionOp(models.TextChoices):
    IN = "in", _("is een van")
    NOT_IN = "not_in", _("is geen van")


class ConditionMatch(models.TextChoices):
    ALL = "all", _("alle voorwaarden")
    ANY = "any", _("minstens één voorwaarde")


# Steps recorded on their own page, with the data the protocol asks for (DESIGN
# §2.4, §2.5): the step page links there instead of offering "gedaan". The
# aftercare content never goes on the step, which handlers read.
RECORDED_ELSEWHERE: dict[str, str] = {
    StepKind.AFTERCARE: "aftercare:incident",
    StepKind.POLICE_REPORT: "police:incident",
    StepKind.POLICE_REPORT_COPY: "police:incident",
    StepKind.LABOUR_INSPECTORATE: "police:labour",
    StepKind.EVALUATION: "learning:evaluation",
}
