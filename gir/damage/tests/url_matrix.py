"""The damage URLs in the project's access matrix (gir/home/tests/test_url_access_matrix.py):
who reaches each page, which are POST-only, and the URL kwargs for a test world.

Object URLs point at incident_a (team A), or at an item and a claim made for it. Its damage
file is worked by its handlers (the team manager, the coordinator) and by legal; the
overview is legal's and the coordinator's."""

DAMAGE_OF_A = frozenset({"team_manager", "coordinator", "legal"})
MATRIX: dict[str, frozenset[str]] = {
    "damage:overview": frozenset({"coordinator", "legal"}),
    "damage:incident": DAMAGE_OF_A,
    "damage:item_create": DAMAGE_OF_A,
    "damage:claim_create": DAMAGE_OF_A,
    "damage:item_edit": DAMAGE_OF_A,
    "damage:claim_result": DAMAGE_OF_A,
}
POST_ONLY: set[str] = set()


def url_kwargs(key: str, world) -> dict[str, int]:
    """pk, item_pk and claim_pk for the damage URLs; the item and claim are made once per test."""
    if not key.startswith("damage:"):
        return {}
    from decimal import Decimal

    from django.utils import timezone

    from gir.damage import services
    from gir.damage.constants import ClaimRoute, DamageKind, DamageOwner
    from gir.damage.models import DamageClaim
    from gir.perpetrators import services as register

    claim = DamageClaim.objects.filter(perpetrator__full_name="Matrix Schade").first()
    if claim is None:
        coordinator = world.users["coordinator"]
        item = services.damage_item_save(
            actor=coordinator,
            incident=world.incident_a,
            kind=DamageKind.MATERIAL,
            owner=DamageOwner.ORGANISATION,
            description="Matrix ruit",
            amount=Decimal("100.00"),
        )
        person = register.perpetrator_save(
            actor=coordinator, data={"full_name": "Matrix Schade"}, incident=world.incident_a
        )
        claim = services.damage_claim_start(
            actor=coordinator,
            incident=world.incident_a,
            perpetrator=person,
            items=[item],
            route=ClaimRoute.SETTLEMENT,
            amount_claimed=Decimal("100.00"),
            claimed_on=timezone.localdate(),
        )
    return {"pk": world.incident_a.pk, "item_pk": claim.items.first().pk, "claim_pk": claim.pk}
