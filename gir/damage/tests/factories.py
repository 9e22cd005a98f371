"""Damage items, people and claims for tests, made through the services."""

from decimal import Decimal

from django.utils import timezone

from gir.damage import services
from gir.damage.constants import ClaimRoute, DamageKind, DamageOwner
from gir.perpetrators import services as register


def item(actor, incident, amount="100.00", **kwargs):
    data = {
        "kind": DamageKind.MATERIAL,
        "owner": DamageOwner.ORGANISATION,
        "description": "Ruit van de balie",
        "advanced_amount": Decimal("0"),
        "advanced_on": None,
    }
    data.update(kwargs)
    return services.damage_item_save(actor=actor, incident=incident, amount=Decimal(amount), **data)


def person(actor, incident, name="Jan Schade"):
    return register.perpetrator_save(actor=actor, data={"full_name": name}, incident=incident)


def claim(actor, incident, perpetrator, items, amount=None, **kwargs):
    amount = Decimal(amount) if amount is not None else sum((i.amount for i in items), Decimal("0"))
    return services.damage_claim_start(
        actor=actor,
        incident=incident,
        perpetrator=perpetrator,
        items=items,
        route=kwargs.get("route", ClaimRoute.SETTLEMENT),
        amount_claimed=amount,
        claimed_on=kwargs.get("claimed_on", timezone.localdate()),
    )
