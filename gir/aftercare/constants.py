"""The vocabulary of the three-conversation model (DESIGN §2.5; 001 §7.7, §10.2)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Stage(models.IntegerChoices):
    """Which conversation: the three of 001 §10.2, or one asked for later ("de klap
    kan later komen", 001 §7.4 stap 7)."""

    FIRST = 1, _("Eerste gesprek (binnen 72 uur)")
    SECOND = 2, _("Tweede gesprek (na 5 dagen)")
    THIRD = 3, _("Derde gesprek (na 6 weken)")
    LATER = 4, _("Later gevraagd gesprek")


# The protocol rules that plan the three conversations (gir.protocol 0002_default_rules).
STAGE_OF_RULE = {
    "aftercare-first": Stage.FIRST,
    "aftercare-second": Stage.SECOND,
    "aftercare-third": Stage.THIRD,
}


class ConversationStatus(models.TextChoices):
    REQUESTED = "requested", _("Gevraagd door de medewerker")
    SCHEDULED = "scheduled", _("Afspraak gemaakt")
    HELD = "held", _("Gevoerd")
    DECLINED = "declined", _("Afgeslagen")
    CANCELLED = "cancelled", _("Vervallen")


class Processed(models.TextChoices):
    YES = "yes", _("Ja, goed verwerkt")
    PARTLY = "partly", _("Gedeeltelijk")
    NO = "no", _("Nee, nog niet")


class SecondaryVictimisation(models.TextChoices):
    """Hurtful reactions of colleagues or family (001 §10.2): always asked."""

    NONE = "none", _("Nee, niet ervaren")
    YES = "yes", _("Ja, ervaren")


class Referral(models.TextChoices):
    NONE = "none", _("Geen doorverwijzing")
    COMPANY_DOCTOR = "company_doctor", _("Bedrijfsarts")
    PSYCHOLOGIST = "psychologist", _("Psycholoog")
    TRAUMA_CARE = "trauma_care", _("Gespecialiseerde traumazorg (bijv. ARQ IVP)")
    GP = "gp", _("Huisarts")
    OTHER = "other", _("Andere hulp")


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("Op locatie")
    PHONE = "phone", _("Telefonisch")
    VIDEO = "video", _("Beeldbellen")
