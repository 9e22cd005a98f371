"""Damage from an incident and its recovery from the perpetrator (DESIGN §2.4; 001 §6.4, §10)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from gir.core.models import TimestampedModel
from gir.incidents.models import Incident
from gir.perpetrators.models import Measure, Perpetrator

from .constants import ClaimRoute, ClaimStatus, DamageKind, DamageOwner


class DamageItem(TimestampedModel):
    """One item of damage: a broken phone, torn clothes, the counter's glass, smartengeld."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="damage_items")
    kind = models.CharField(_("soort schade"), max_length=12, choices=DamageKind.choices)
    owner = models.CharField(_("van wie"), max_length=12, choices=DamageOwner.choices)
    description = models.CharField(_("omschrijving"), max_length=300)
    amount = models.DecimalField(_("bedrag (euro)"), max_digits=12, decimal_places=2)
    # 001 §6.4: the organisation first pays the employee, then recovers it from the perpetrator.
    advanced_amount = models.DecimalField(
        _("voorgeschoten aan de medewerker (euro)"), max_digits=12, decimal_places=2, default=Decimal("0")
    )
    advanced_on = models.DateField(_("voorgeschoten op"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("schadepost")
        verbose_name_plural = _("schadeposten")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.description


class DamageClaim(TimestampedModel):
    """The claim on the perpetrator for (part of) an incident's damage. Its measure
    (kind "schade verhalen") carries the claim letter (gir.letters)."""

    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="damage_claims")
    perpetrator = models.ForeignKey(Perpetrator, on_delete=models.PROTECT, related_name="damage_claims")
    measure = models.OneToOneField(
        Measure, null=True, blank=True, on_delete=models.PROTECT, related_name="damage_claim"
    )
    items = models.ManyToManyField(DamageItem, related_name="claims", verbose_name=_("schadeposten"))
    route = models.CharField(_("hoe verhalen"), max_length=12, choices=ClaimRoute.choices)
    amount_claimed = models.DecimalField(_("gevorderd bedrag (euro)"), max_digits=12, decimal_places=2)
    status = models.CharField(
        _("stand"), max_length=15, choices=ClaimStatus.choices, default=ClaimStatus.OPEN
    )
    amount_recovered = models.DecimalField(
        _("ontvangen (euro)"), max_digits=12, decimal_places=2, default=Decimal("0")
    )
    result = models.TextField(_("resultaat"), blank=True)
    claimed_on = models.DateField(_("gevorderd op"))
    closed_on = models.DateField(_("afgerond op"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("schadeverhaal")
        verbose_name_plural = _("schadeverhalen")
        ordering = ["claimed_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_route_display()} {self.amount_claimed}"
