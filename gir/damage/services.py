"""Recording damage, costs advanced to the employee and the claim on the
perpetrator (DESIGN §2.4; 001 §6.4: "schade ... wordt altijd verhaald als de dader
bekend is"). Every function runs in one transaction and writes the incident's history."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gir.accounts.models import User
from gir.audit.models import AuditAction
from gir.audit.services import log_event
from gir.core import clock
from gir.core.exceptions import ConcurrentEditError
from gir.core.formats import euro
from gir.incidents.models import Incident
from gir.perpetrators.constants import FINAL_STATUSES, MeasureKind
from gir.perpetrators.models import Perpetrator, PerpetratorIncident
from gir.perpetrators.services import measure_decide, measure_finish, measure_propose, measure_withdraw

from .constants import CLOSED_CLAIM_STATUSES, MAX_AMOUNT, ClaimStatus, DamageOwner
from .models import DamageClaim, DamageItem


def check_amount(
    amount: Decimal | None, field: str, errors: dict[str, str], *, allow_zero: bool = False
) -> None:
    if amount is None:
        errors[field] = _("Vul een bedrag in euro in, bijvoorbeeld 125,50.")
    elif amount < 0:
        errors[field] = _("Een bedrag kan niet negatief zijn.")
    elif amount == 0 and not allow_zero:
        errors[field] = _("Vul een bedrag groter dan nul in.")
    elif amount > MAX_AMOUNT:
        errors[field] = _(
            "Dit bedrag is onwaarschijnlijk hoog (meer dan %(max)s). Controleer het bedrag."
        ) % {"max": euro(MAX_AMOUNT)}


def _incident_day(incident: Incident) -> dt.date:
    moment = incident.occurred_at or incident.submitted_at or incident.created_at
    return timezone.localtime(moment).date()


def _live_claims() -> QuerySet[DamageClaim]:
    """Claims that still stand: an item in one of these is not claimed twice."""
    return DamageClaim.objects.exclude(status__in=[ClaimStatus.REJECTED, ClaimStatus.WITHDRAWN])


@transaction.atomic
def damage_item_save(
    *,
    actor: User,
    incident: Incident,
    kind: str,
    owner: str,
    description: str,
    amount: Decimal | None,
    advanced_amount: Decimal | None = Decimal("0"),
    advanced_on: dt.date | None = None,
    item: DamageItem | None = None,
    version: int | None = None,
) -> DamageItem:
    """Add or change one item of damage. Costs are advanced only to the employee,
    for their own property, and never more than the damage (001 §6.4)."""
    if item is not None:
        item = DamageItem.objects.select_for_update().get(pk=item.pk)
        if version is not None and item.version != version:
            raise ConcurrentEditError
    errors: dict[str, str] = {}
    if not description.strip():
        errors["description"] = _("Beschrijf wat er beschadigd of verloren is.")
    check_amount(amount, "amount", errors)
    advanced_amount = advanced_amount or Decimal("0")
    check_amount(advanced_amount, "advanced_amount", errors, allow_zero=True)
    if "amount" not in errors and "advanced_amount" not in errors:
        if advanced_amount and owner != DamageOwner.EMPLOYEE:
            errors["advanced_amount"] = _(
                "Alleen schade van de medewerker wordt aan de medewerker voorgeschoten."
            )
        elif amount is not None and advanced_amount > amount:
            errors["advanced_amount"] = _("Er kan niet meer worden voorgeschoten dan de schade.")
    if advanced_amount and advanced_on is None:
        errors["advanced_on"] = _("Vul in wanneer het bedrag aan de medewerker is betaald.")
    elif advanced_on and advanced_on > clock.today():
        errors["advanced_on"] = _("Deze datum ligt in de toekomst.")
    elif advanced_on and advanced_on < _incident_day(incident):
        errors["advanced_on"] = _("Deze datum ligt voor het incident.")
    before = None
    if item is None:
        item = DamageItem(incident=incident, recorded_by=actor)
    else:
        before = f"{item.description}: {euro(item.amount)}"
    item.kind, item.owner, item.description = kind, owner, description.strip()
    if amount is not None:  # None is already in errors; full_clean still reports the other fields
        item.amount = amount
    item.advanced_amount = advanced_amount
    item.advanced_on = advanced_on if advanced_amount else None
    try:
        item.full_clean()
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, messages[0])
    if errors:
        raise ValidationError(errors)
    item.version += 1 if item.pk else 0
    item.save()
    log_event(
        actor=actor,
        action=AuditAction.DAMAGE_RECORDED,
        target=incident,
        changes={str(_("schade")): [before, f"{item.description}: {euro(item.amount)}"]},
    )
    return item


@transaction.atomic
def damage_claim_start(
    *,
    actor: User,
    incident: Incident,
    perpetrator: Perpetrator,
    items: list[DamageItem],
    route: str,
    amount_claimed: Decimal | None,
    claimed_on: dt.date | None,
) -> DamageClaim:
    """Claim the damage from the perpetrator. The claim is also the measure "schade
    verhalen" towards the person (DESIGN §2.3), which carries the claim letter."""
    errors: dict[str, str] = {}
    if not PerpetratorIncident.objects.filter(perpetrator=perpetrator, incident=incident).exists():
        errors["perpetrator"] = _("Kies een veroorzaker die aan deze melding is gekoppeld.")
    if not items or any(item.incident_id != incident.pk for item in items):
        errors["items"] = _("Kies de schadeposten die u verhaalt.")
    check_amount(amount_claimed, "amount_claimed", errors)
    if "items" not in errors and amount_claimed is not None and "amount_claimed" not in errors:
        total = sum((item.amount for item in items), Decimal("0"))
        if amount_claimed > total:
            errors["amount_claimed"] = _("U vordert meer dan de gekozen schade (%(total)s).") % {
                "total": euro(total)
            }
    if claimed_on is None:
        errors["claimed_on"] = _("Vul de datum in.")
    elif claimed_on > clock.today():
        errors["claimed_on"] = _("Deze datum ligt in de toekomst.")
    elif claimed_on < _incident_day(incident):
        errors["claimed_on"] = _("Deze datum ligt voor het incident.")
    if "items" not in errors:
        claimed = DamageItem.objects.filter(pk__in=[i.pk for i in items], claims__in=_live_claims())
        if names := sorted(set(claimed.values_list("description", flat=True))):
            errors["items"] = _("Deze schade wordt al verhaald: %(items)s.") % {"items": "; ".join(names)}
    if errors:
        raise ValidationError(errors)
    # Both were checked above: None is an error.
    assert amount_claimed is not None and claimed_on is not None
    grounds = _("Schade door het incident: %(items)s. Gevorderd: %(amount)s.") % {
        "items": "; ".join(f"{item.description} ({euro(item.amount)})" for item in items),
        "amount": euro(amount_claimed),
    }
    measure = measure_propose(
        actor=actor, perpetrator=perpetrator, kind=MeasureKind.DAMAGE_RECOVERY, incidents=[incident]
    )
    measure = measure_decide(
        actor=actor,
        measure=measure,
        decided_by=actor,
        hearing="",
        hearing_notes="",
        grounds=grounds,
        proportionality=_("Wie schade veroorzaakt, betaalt die (001 §6.4, §10)."),
        starts_on=None,
        ends_on=None,
    )
    claim = DamageClaim.objects.create(
        incident=incident,
        perpetrator=perpetrator,
        measure=measure,
        route=route,
        amount_claimed=amount_claimed,
        claimed_on=claimed_on,
        recorded_by=actor,
    )
    claim.items.set(items)
    log_event(
        actor=actor,
        action=AuditAction.DAMAGE_CLAIM_RECORDED,
        target=incident,
        changes={str(_("schadeverhaal")): [None, f"{claim.get_route_display()}: {euro(amount_claimed)}"]},
    )
    return claim


@transaction.atomic
def damage_claim_result(
    *,
    actor: User,
    claim: DamageClaim,
    status: str,
    amount_recovered: Decimal | None,
    result: str = "",
    version: int | None = None,
) -> DamageClaim:
    """Record where the claim stands and what came in. A closed claim ends its measure."""
    claim = (
        DamageClaim.objects.select_for_update(of=("self",))
        .select_related("measure", "incident")
        .get(pk=claim.pk)
    )
    if version is not None and claim.version != version:
        raise ConcurrentEditError
    errors: dict[str, str] = {}
    if status not in ClaimStatus.values:
        errors["status"] = _("Kies hoe het verhaal ervoor staat.")
    elif claim.closed_on and status not in CLOSED_CLAIM_STATUSES:
        # Its measure has ended; a new claim is a new decision.
        errors["status"] = _("Dit verhaal is afgerond. Begin een nieuw schadeverhaal als er toch iets komt.")
    check_amount(amount_recovered, "amount_recovered", errors, allow_zero=True)
    if (
        amount_recovered is not None
        and "amount_recovered" not in errors
        and amount_recovered > claim.amount_claimed
    ):
        errors["amount_recovered"] = _("Er kan niet meer zijn ontvangen dan is gevorderd (%(amount)s).") % {
            "amount": euro(claim.amount_claimed)
        }
    if (
        status == ClaimStatus.PAID
        and "amount_recovered" not in errors
        and amount_recovered != claim.amount_claimed
    ):
        errors["amount_recovered"] = _("Bij ‘betaald’ is het hele gevorderde bedrag ontvangen.")
    if status in {ClaimStatus.PARTLY_PAID} and not amount_recovered:
        errors["amount_recovered"] = _("Vul in hoeveel er is ontvangen.")
    if (
        status in {ClaimStatus.REJECTED, ClaimStatus.UNCOLLECTABLE, ClaimStatus.WITHDRAWN}
        and not result.strip()
    ):
        errors["result"] = _("Schrijf op waarom.")
    if errors:
        raise ValidationError(errors)
    assert amount_recovered is not None  # check_amount reported None above
    before = f"{claim.get_status_display()}, {euro(claim.amount_recovered)}"
    claim.status, claim.amount_recovered, claim.result = status, amount_recovered, result.strip()
    claim.closed_on = clock.today() if status in CLOSED_CLAIM_STATUSES else None
    claim.version += 1
    claim.save()
    log_event(
        actor=actor,
        action=AuditAction.DAMAGE_CLAIM_RECORDED,
        target=claim.incident,
        changes={
            str(_("schadeverhaal")): [before, f"{claim.get_status_display()}, {euro(amount_recovered)}"]
        },
    )
    if claim.closed_on and claim.measure is not None:
        reason = f"{claim.get_status_display()}: {claim.result}".rstrip(": ")
        if claim.status == ClaimStatus.WITHDRAWN:
            if claim.measure.status not in FINAL_STATUSES:
                measure_withdraw(actor=actor, measure=claim.measure, reason=reason)
        else:
            measure_finish(actor=actor, measure=claim.measure, reason=reason)
    return claim
