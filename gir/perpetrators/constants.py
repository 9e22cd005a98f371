"""The vocabulary of perpetrators and measures (DESIGN §2.3; 001 §6.4, §8)."""

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class MeasureKind(models.TextChoices):
    """001 §6.4 "Afhandeling van incidenten" and §8."""

    VERBAL_WARNING = "verbal_warning", _("Mondelinge waarschuwing")
    WRITTEN_WARNING = "written_warning", _("Schriftelijke waarschuwing (gele kaart)")
    CONDUCT_MEETING = "conduct_meeting", _("Ordegesprek")
    RESTRICTION = "restriction", _("Beperking van de dienstverlening")
    BUILDING_BAN = "building_ban", _("Toegangsverbod")
    NO_PHONE_CONTACT = "no_phone_contact", _("Geen telefonisch contact")
    CONTACT_BY_LETTER_ONLY = "letter_only", _("Contact alleen per brief of via een vertegenwoordiger")
    EXCEPTION_PERMIT = "exception_permit", _("Toestemming voor een noodzakelijk bezoek")
    POLICE = "police", _("Melding of aangifte bij de politie")
    DAMAGE_RECOVERY = "damage_recovery", _("Schade verhalen")


# Decisions (besluiten) of the mayor, signed by the mayor or a mandated manager
# (001 §6.4, §7.3, §8.1). The rest a manager decides within the normal line.
MANDATED_KINDS = frozenset(
    {
        MeasureKind.WRITTEN_WARNING,
        MeasureKind.RESTRICTION,
        MeasureKind.BUILDING_BAN,
        MeasureKind.NO_PHONE_CONTACT,
        MeasureKind.CONTACT_BY_LETTER_ONLY,
        MeasureKind.EXCEPTION_PERMIT,
    }
)

# The person's side is heard, or why not recorded, before these are decided (002 #9).
HEARING_KINDS = frozenset(
    {
        MeasureKind.VERBAL_WARNING,
        MeasureKind.WRITTEN_WARNING,
        MeasureKind.RESTRICTION,
        MeasureKind.BUILDING_BAN,
        MeasureKind.NO_PHONE_CONTACT,
        MeasureKind.CONTACT_BY_LETTER_ONLY,
    }
)

# Sanctions towards the person: the measures the fairness guard weighs (issue 19 item 6).
# 001 §2.1 levels A and B are emotion and criticism, which the organisation allows:
# "Burgers mogen kritiek hebben op het beleid en de regelgeving en mogen dit uiten en
# boos en geïrriteerd zijn"; the rule there is "Ombuigen", not a measure.
SANCTION_KINDS = HEARING_KINDS
MINOR_LEVELS = frozenset({"A", "B"})

# A written warning or a ban decided without hearing the person needs a stated reason
# (002 #9, hoor en wederhoor; issue 19 item 6).
HEARING_GUARD_KINDS = frozenset({MeasureKind.WRITTEN_WARNING, MeasureKind.BUILDING_BAN})

# The default term for a written answer (zienswijze) to the intended measure.
ANSWER_TERM_DAYS = 14

# Decisions the person can object to (bezwaar); the letter says how and by when.
OBJECTABLE_KINDS = frozenset(
    {
        MeasureKind.RESTRICTION,
        MeasureKind.BUILDING_BAN,
        MeasureKind.NO_PHONE_CONTACT,
        MeasureKind.CONTACT_BY_LETTER_ONLY,
    }
)

# Measures with a period: a start date and, for these, a required end date.
PERIOD_KINDS = frozenset(
    {
        MeasureKind.VERBAL_WARNING,
        MeasureKind.WRITTEN_WARNING,
        MeasureKind.RESTRICTION,
        MeasureKind.BUILDING_BAN,
        MeasureKind.NO_PHONE_CONTACT,
        MeasureKind.CONTACT_BY_LETTER_ONLY,
        MeasureKind.EXCEPTION_PERMIT,
    }
)
END_REQUIRED_KINDS = PERIOD_KINDS - {MeasureKind.VERBAL_WARNING}

# 001 §8.1: "Een ontzegging tot het gebouw duurt minimaal 3 maanden."
BAN_STANDARD_MONTHS = 3

# What reception and security see at the desk, and what to do (001 §8.2–§8.5).
RECEPTION_KINDS = PERIOD_KINDS

RECEPTION_INSTRUCTIONS: dict[str, str | Promise] = {
    MeasureKind.BUILDING_BAN: _(
        "Zeg alleen: ‘U mag hier niet komen. Het is mij verboden u te woord te staan.’ "
        "Zorg voor een collega als getuige. Vraag drie keer of de persoon het gebouw direct verlaat "
        "en zeg dat binnenkomen ondanks het verbod strafbaar is. Gaat de persoon niet weg: bel de "
        "beveiliging en de politie en informeer de coördinator agressie en geweld."
    ),
    MeasureKind.EXCEPTION_PERMIT: _(
        "Alleen toegang met de brief voor deze ene afspraak. Bel de medewerker van de afspraak; die haalt "
        "de persoon op en ziet erop toe dat de persoon daarna direct vertrekt."
    ),
    MeasureKind.CONTACT_BY_LETTER_ONLY: _(
        "Geen contact aan de balie of de telefoon. De persoon kan schrijven of een zaakwaarnemer "
        "sturen met legitimatie en een schriftelijke machtiging."
    ),
    MeasureKind.NO_PHONE_CONTACT: _(
        "Geen telefonisch contact. Contact alleen per brief of via een zaakwaarnemer."
    ),
    MeasureKind.RESTRICTION: _(
        "De dienstverlening is beperkt zoals in de brief staat. Bij twijfel: bel de leidinggevende "
        "of de beveiliging."
    ),
    MeasureKind.WRITTEN_WARNING: _(
        "Deze persoon heeft een schriftelijke waarschuwing. Help zoals gewoonlijk. Bij grensoverschrijdend "
        "gedrag: bel de beveiliging en meld het incident."
    ),
    MeasureKind.VERBAL_WARNING: _(
        "Deze persoon is mondeling gewaarschuwd. Help zoals gewoonlijk. Bij grensoverschrijdend gedrag: "
        "bel de beveiliging en meld het incident."
    ),
}


class MeasureStatus(models.TextChoices):
    PROPOSED = "proposed", _("Voorgesteld")
    DECIDED = "decided", _("Besloten")
    COMMUNICATED = "communicated", _("Meegedeeld")
    ACTIVE = "active", _("Actief")
    ENDED = "ended", _("Beëindigd")
    WITHDRAWN = "withdrawn", _("Ingetrokken")


# The explicit transition table; one service changes the status (STYLE §2.8).
MEASURE_TRANSITIONS: dict[str, frozenset[str]] = {
    MeasureStatus.PROPOSED: frozenset({MeasureStatus.DECIDED, MeasureStatus.WITHDRAWN}),
    MeasureStatus.DECIDED: frozenset({MeasureStatus.COMMUNICATED, MeasureStatus.WITHDRAWN}),
    MeasureStatus.COMMUNICATED: frozenset(
        {MeasureStatus.ACTIVE, MeasureStatus.ENDED, MeasureStatus.WITHDRAWN}
    ),
    MeasureStatus.ACTIVE: frozenset({MeasureStatus.ENDED, MeasureStatus.WITHDRAWN}),
    MeasureStatus.ENDED: frozenset(),
    MeasureStatus.WITHDRAWN: frozenset(),
}
FINAL_STATUSES = frozenset({MeasureStatus.ENDED, MeasureStatus.WITHDRAWN})


class Mandate(models.TextChoices):
    MAYOR = "mayor", _("Burgemeester")
    MANDATED_MANAGER = "mandated_manager", _("Gemandateerde manager")
    MANAGER = "manager", _("Leidinggevende of coördinator (geen besluit van de burgemeester)")


class Hearing(models.TextChoices):
    """Hoor en wederhoor (002 #9)."""

    HEARD = "heard", _("De persoon is gehoord")
    NOT_HEARD = "not_heard", _("De persoon is niet gehoord")


class MeetingAttendance(models.TextChoices):
    ATTENDED = "attended", _("Verschenen")
    NO_SHOW = "no_show", _("Niet verschenen")


class ObjectionOutcome(models.TextChoices):
    UNFOUNDED = "unfounded", _("Ongegrond: de maatregel blijft")
    FOUNDED = "founded", _("Gegrond: de maatregel vervalt direct")
    PARTLY = "partly", _("Deels gegrond: de maatregel is aangepast")
    INADMISSIBLE = "inadmissible", _("Niet-ontvankelijk")
    WITHDRAWN = "withdrawn", _("Ingetrokken door de indiener")


# The measure-decision step's outcome for each measure (gir.protocol STEP_OUTCOMES);
# a written warning or a ban opens the 48-hour letter step (001 §8.1).
STEP_OUTCOME_OF_MEASURE: dict[str, str] = {
    MeasureKind.VERBAL_WARNING: "verbal_warning",
    MeasureKind.WRITTEN_WARNING: "written_warning",
    MeasureKind.CONDUCT_MEETING: "conduct_meeting",
    MeasureKind.RESTRICTION: "restriction",
    MeasureKind.BUILDING_BAN: "building_ban",
    MeasureKind.NO_PHONE_CONTACT: "restriction",
    MeasureKind.CONTACT_BY_LETTER_ONLY: "restriction",
    MeasureKind.EXCEPTION_PERMIT: "other",
    MeasureKind.POLICE: "police_only",
    MeasureKind.DAMAGE_RECOVERY: "other",
}
