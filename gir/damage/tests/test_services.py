"""The damage services: amounts refused with a clear message, costs advanced, the claim
and its measure, and the claim letter (issue 6 item 3)."""

import datetime as dt
import io
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest
from pypdf import PdfReader

from gir.damage import services
from gir.damage.constants import ClaimStatus, DamageKind, DamageOwner
from gir.damage.models import DamageItem
from gir.letters.models import LetterTemplate
from gir.letters.services import Delivery, letter_issue
from gir.perpetrators.constants import MeasureKind, MeasureStatus

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(world):
    return world.users["team_manager"]


def errors_of(raised) -> dict[str, list[str]]:
    return raised.value.message_dict


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-5.00", "negatief"),
        ("0", "groter dan nul"),
        ("1000000.01", "onwaarschijnlijk hoog"),
        ("99999999999999", "onwaarschijnlijk hoog"),
    ],
)
def test_bad_amount_refused_with_clear_message(world, manager, amount, message):
    with pytest.raises(ValidationError) as raised:
        factories.item(manager, world.incident_a, amount)
    assert message in errors_of(raised)["amount"][0]
    assert not DamageItem.objects.exists()


def test_the_maximum_itself_is_accepted(world, manager):
    saved = factories.item(manager, world.incident_a, "1000000.00")
    assert saved.amount == Decimal("1000000.00")


def test_missing_amount_and_description(world, manager):
    with pytest.raises(ValidationError) as raised:
        services.damage_item_save(
            actor=manager,
            incident=world.incident_a,
            kind=DamageKind.MATERIAL,
            owner=DamageOwner.EMPLOYEE,
            description=" ",
            amount=None,
        )
    assert set(errors_of(raised)) >= {"amount", "description"}


def test_advanced_more_than_the_damage_refused(world, manager):
    with pytest.raises(ValidationError) as raised:
        factories.item(
            manager,
            world.incident_a,
            "80.00",
            owner=DamageOwner.EMPLOYEE,
            advanced_amount=Decimal("80.01"),
            advanced_on=timezone.localdate(),
        )
    assert "niet meer worden voorgeschoten" in errors_of(raised)["advanced_amount"][0]


def test_advanced_for_organisation_property_refused(world, manager):
    with pytest.raises(ValidationError) as raised:
        factories.item(
            manager,
            world.incident_a,
            "80.00",
            owner=DamageOwner.ORGANISATION,
            advanced_amount=Decimal("10"),
            advanced_on=timezone.localdate(),
        )
    assert "Alleen schade van de medewerker" in errors_of(raised)["advanced_amount"][0]


def test_advanced_needs_a_date_not_in_the_future(world, manager):
    common = {"owner": DamageOwner.EMPLOYEE, "advanced_amount": Decimal("10")}
    with pytest.raises(ValidationError) as raised:
        factories.item(manager, world.incident_a, "80.00", advanced_on=None, **common)
    assert "advanced_on" in errors_of(raised)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as raised:
        factories.item(manager, world.incident_a, "80.00", advanced_on=tomorrow, **common)
    assert "toekomst" in errors_of(raised)["advanced_on"][0]


def test_advanced_to_the_employee(world, manager):
    saved = factories.item(
        manager,
        world.incident_a,
        "80.00",
        owner=DamageOwner.EMPLOYEE,
        description="Bril",
        advanced_amount=Decimal("80.00"),
        advanced_on=timezone.localdate(),
    )
    assert saved.advanced_amount == Decimal("80.00")
    assert saved.version == 1


def test_edit_with_a_stale_version_refused(world, manager):
    saved = factories.item(manager, world.incident_a, "50.00")
    edited = services.damage_item_save(
        actor=manager,
        incident=world.incident_a,
        kind=saved.kind,
        owner=saved.owner,
        description="Ruit en kozijn",
        amount=Decimal("75.00"),
        item=saved,
        version=1,
    )
    assert edited.version == 2
    with pytest.raises(services.ConcurrentEditError):
        services.damage_item_save(
            actor=manager,
            incident=world.incident_a,
            kind=saved.kind,
            owner=saved.owner,
            description="Oud",
            amount=Decimal("10.00"),
            item=saved,
            version=1,
        )
    assert DamageItem.objects.get().description == "Ruit en kozijn"


def test_claim_more_than_the_items_refused(world, manager):
    glass = factories.item(manager, world.incident_a, "100.00")
    factories.item(manager, world.incident_a, "500.00", description="Niet geclaimd")
    jan = factories.person(manager, world.incident_a)
    with pytest.raises(ValidationError) as raised:
        factories.claim(manager, world.incident_a, jan, [glass], amount="100.01")
    assert "meer dan de gekozen schade" in errors_of(raised)["amount_claimed"][0]
    assert "€ 100,00" in errors_of(raised)["amount_claimed"][0]


def test_claim_needs_a_linked_person_and_items_of_the_incident(world, manager):
    other = factories.item(world.users["coordinator"], world.incident_b, "100.00")
    stranger = factories.person(world.users["coordinator"], world.incident_b, "Ander Persoon")
    with pytest.raises(ValidationError) as raised:
        factories.claim(manager, world.incident_a, stranger, [other], amount="50")
    assert set(errors_of(raised)) >= {"perpetrator", "items"}


def test_claim_decides_the_measure_and_payment_ends_it(world, manager):
    glass = factories.item(manager, world.incident_a, "100.00")
    jan = factories.person(manager, world.incident_a)
    claim = factories.claim(manager, world.incident_a, jan, [glass])
    measure = claim.measure
    assert measure.kind == MeasureKind.DAMAGE_RECOVERY
    assert measure.perpetrator == jan
    assert measure.status == MeasureStatus.DECIDED
    assert list(measure.incidents.all()) == [world.incident_a]

    partly = services.damage_claim_result(
        actor=manager, claim=claim, status=ClaimStatus.PARTLY_PAID, amount_recovered=Decimal("40"), version=1
    )
    assert partly.closed_on is None
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.DECIDED

    with pytest.raises(ValidationError) as raised:
        services.damage_claim_result(
            actor=manager, claim=claim, status=ClaimStatus.PAID, amount_recovered=Decimal("40"), version=2
        )
    assert "hele gevorderde bedrag" in errors_of(raised)["amount_recovered"][0]
    with pytest.raises(services.ConcurrentEditError):
        services.damage_claim_result(
            actor=manager, claim=claim, status=ClaimStatus.PAID, amount_recovered=Decimal("100"), version=1
        )
    paid = services.damage_claim_result(
        actor=manager, claim=claim, status=ClaimStatus.PAID, amount_recovered=Decimal("100"), version=2
    )
    assert paid.closed_on == timezone.localdate()
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.ENDED


def test_recovered_more_than_claimed_refused(world, manager):
    glass = factories.item(manager, world.incident_a, "100.00")
    claim = factories.claim(manager, world.incident_a, factories.person(manager, world.incident_a), [glass])
    with pytest.raises(ValidationError) as raised:
        services.damage_claim_result(
            actor=manager, claim=claim, status=ClaimStatus.AWARDED, amount_recovered=Decimal("100.01")
        )
    assert "amount_recovered" in errors_of(raised)


def test_withdrawn_claim_withdraws_the_measure(world, manager):
    glass = factories.item(manager, world.incident_a, "100.00")
    claim = factories.claim(manager, world.incident_a, factories.person(manager, world.incident_a), [glass])
    with pytest.raises(ValidationError):
        services.damage_claim_result(
            actor=manager, claim=claim, status=ClaimStatus.WITHDRAWN, amount_recovered=Decimal("0")
        )
    services.damage_claim_result(
        actor=manager,
        claim=claim,
        status=ClaimStatus.WITHDRAWN,
        amount_recovered=Decimal("0"),
        result="Persoon overleden.",
    )
    claim.measure.refresh_from_db()
    assert claim.measure.status == MeasureStatus.WITHDRAWN


def test_the_claim_letter_names_the_amount_and_the_items(world, manager):
    phone = factories.item(
        manager, world.incident_a, "1250.50", description="Telefoon medewerker", owner=DamageOwner.EMPLOYEE
    )
    glass = factories.item(manager, world.incident_a, "300.00", description="Glas van de balie")
    jan = factories.person(manager, world.incident_a)
    claim = factories.claim(manager, world.incident_a, jan, [phone, glass])
    letter = letter_issue(
        actor=manager,
        measure=claim.measure,
        template=LetterTemplate.objects.get(code="schadeverhaal"),
        signed_by=world.users["mayor"],
        signatory_title="Burgemeester",
        delivery=Delivery.BY_POST,
    )
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(letter.pdf.read())).pages)
    flat = " ".join(text.split())
    assert "€ 1.550,50" in flat
    assert "Telefoon medewerker" in flat
    assert "€ 1.250,50" in flat
    assert "Glas van de balie" in flat
    assert "Jan Schade" in flat


def test_dates_before_the_incident_refused(world, manager):
    before = timezone.localtime(world.incident_a.occurred_at).date() - dt.timedelta(days=3)
    with pytest.raises(ValidationError) as refused:
        factories.item(
            manager,
            world.incident_a,
            "50.00",
            owner=DamageOwner.EMPLOYEE,
            advanced_amount=Decimal("50"),
            advanced_on=before,
        )
    assert refused.value.message_dict["advanced_on"] == ["Deze datum ligt voor het incident."]
    glass = factories.item(manager, world.incident_a, "300.00", description="Glas balie")
    jan = factories.person(manager, world.incident_a)
    with pytest.raises(ValidationError) as refused:
        factories.claim(manager, world.incident_a, jan, [glass], claimed_on=before)
    assert refused.value.message_dict["claimed_on"] == ["Deze datum ligt voor het incident."]


def test_an_item_is_claimed_once_unless_the_claim_fell_through(world, manager):
    glass = factories.item(manager, world.incident_a, "300.00", description="Glas balie")
    jan = factories.person(manager, world.incident_a)
    first = factories.claim(manager, world.incident_a, jan, [glass])
    with pytest.raises(ValidationError) as refused:
        factories.claim(manager, world.incident_a, jan, [glass])
    assert "Glas balie" in refused.value.message_dict["items"][0]
    services.damage_claim_result(
        actor=manager,
        claim=first,
        status=ClaimStatus.REJECTED,
        amount_recovered=Decimal("0"),
        result="Te laat.",
    )
    assert factories.claim(manager, world.incident_a, jan, [glass]).amount_claimed == Decimal("300.00")
