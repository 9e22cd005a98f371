"""Demo damage: items recorded when Juridische Zaken is engaged, and claims on the
known perpetrators once the register is filled, some paid, some still running."""

import datetime as dt
import random
from decimal import Decimal
from typing import Any

from django.utils import timezone

from gir.core import clock
from gir.damage import services
from gir.damage.constants import ClaimRoute, ClaimStatus, DamageKind, DamageOwner
from gir.damage.models import DamageItem
from gir.incidents.models import Incident
from gir.perpetrators.models import Perpetrator

EMPLOYEE_ITEMS = (
    ("Bril van de medewerker gebroken", 180, 420),
    ("Telefoon van de medewerker kapot gevallen", 250, 900),
    ("Jas van de medewerker gescheurd", 60, 220),
)
ORGANISATION_ITEMS = (
    ("Glazen wand van de balie vervangen", 600, 2400),
    ("Beeldscherm op de balie vernield", 150, 450),
    ("Deur van de spreekkamer gerepareerd", 200, 900),
    ("Dienstauto bekrast tijdens de controle", 300, 1500),
)


def record_items(rng: random.Random, *, actor: Any, incident: Incident, moment: dt.datetime) -> None:
    description, low, high = rng.choice(ORGANISATION_ITEMS)
    services.damage_item_save(
        actor=actor,
        incident=incident,
        kind=DamageKind.MATERIAL,
        owner=DamageOwner.ORGANISATION,
        description=description,
        amount=Decimal(rng.randint(low, high)),
    )
    if rng.random() < 0.5:
        description, low, high = rng.choice(EMPLOYEE_ITEMS)
        amount = Decimal(rng.randint(low, high))
        services.damage_item_save(
            actor=actor,
            incident=incident,
            kind=DamageKind.MATERIAL,
            owner=DamageOwner.EMPLOYEE,
            description=description,
            amount=amount,
            advanced_amount=amount,
            advanced_on=timezone.localtime(moment).date(),
        )


def load_claims(rng: random.Random, *, actor: Any, now: dt.datetime) -> int:
    """A claim for each incident with damage and a known person: the older ones settled."""
    count = 0
    incidents = Incident.objects.filter(damage_items__isnull=False, damage_claims__isnull=True).distinct()
    for incident in incidents.order_by("pk"):
        person = (
            Perpetrator.objects.filter(links__incident=incident, forgotten_at__isnull=True)
            .order_by("pk")
            .first()
        )
        if person is None:
            continue
        items = list(DamageItem.objects.filter(incident=incident).order_by("pk"))
        first = min(item.created_at for item in items)
        route = rng.choices(list(ClaimRoute), weights=[50, 20, 30])[0]
        claimed = min(first + dt.timedelta(days=rng.uniform(3, 14)), now - dt.timedelta(hours=1))
        with clock.at(claimed):
            claim = services.damage_claim_start(
                actor=actor,
                incident=incident,
                perpetrator=person,
                items=items,
                route=route,
                amount_claimed=sum((item.amount for item in items), Decimal("0")),
                claimed_on=timezone.localtime(claimed).date(),
            )
        count += 1
        settled = claimed + dt.timedelta(days=rng.uniform(30, 120))
        roll = rng.random()
        if settled >= now or roll < 0.3:
            continue
        if roll < 0.7:
            status, received, result = ClaimStatus.PAID, claim.amount_claimed, "Betaald na de eerste brief."
        elif roll < 0.85:
            status = ClaimStatus.PARTLY_PAID
            received = (claim.amount_claimed / 2).quantize(Decimal("0.01"))
            result = "Betalingsregeling: de helft is binnen, de rest volgt in termijnen."
        else:
            status, received, result = (
                ClaimStatus.UNCOLLECTABLE,
                Decimal("0"),
                "De veroorzaker heeft geen inkomen of bezit; verhaal is niet mogelijk.",
            )
        with clock.at(settled):
            services.damage_claim_result(
                actor=actor, claim=claim, status=status, amount_recovered=received, result=result
            )
    return count
