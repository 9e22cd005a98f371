"""The vocabulary of damage and its recovery (DESIGN §2.4; 001 §6.4, §10)."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class DamageKind(models.TextChoices):
    MATERIAL = "material", _("Materiële schade")
    IMMATERIAL = "immaterial", _("Immateriële schade (smartengeld)")


class DamageOwner(models.TextChoices):
    EMPLOYEE = "employee", _("Van de medewerker")
    ORGANISATION = "organisation", _("Van de organisatie")


class ClaimRoute(models.TextChoices):
    """How the damage is recovered from the perpetrator."""

    SETTLEMENT = "settlement", _("Schikking of betalingsregeling")
    CIVIL = "civil", _("Civiele vordering (rechter)")
    CRIMINAL = "criminal", _("Voegen in de strafzaak (benadeelde partij)")


class ClaimStatus(models.TextChoices):
    OPEN = "open", _("Loopt")
    PAID = "paid", _("Betaald")
    PARTLY_PAID = "partly_paid", _("Deels betaald")
    AWARDED = "awarded", _("Toegewezen, nog niet betaald")
    REJECTED = "rejected", _("Afgewezen")
    UNCOLLECTABLE = "uncollectable", _("Niet te verhalen")
    WITHDRAWN = "withdrawn", _("Ingetrokken")


CLOSED_CLAIM_STATUSES = frozenset(
    {ClaimStatus.PAID, ClaimStatus.REJECTED, ClaimStatus.UNCOLLECTABLE, ClaimStatus.WITHDRAWN}
)

# Above this an amount is a typing error, not damage from an incident at the counter.
MAX_AMOUNT = Decimal("1000000.00")
