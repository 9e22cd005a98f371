"""Damage totals per incident and per period: right sums (no double counting of items
and claims) in a constant number of queries."""

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from gir.damage import selectors, services
from gir.damage.constants import ClaimStatus, DamageKind, DamageOwner
from gir.incidents.models import Incident
from gir.incidents.tests.factories import IncidentFactory

from . import factories

pytestmark = pytest.mark.django_db


def at(year, month, day):
    return dt.datetime(year, month, day, 12, 0, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def damage(world):
    """incident_a (March 2026): three items, two claims, one partly paid; incident_b
    (May 2026): one item and a paid claim; a third incident (November 2025) outside."""
    coordinator = world.users["coordinator"]
    Incident.objects.filter(pk=world.incident_a.pk).update(occurred_at=at(2026, 3, 10))
    Incident.objects.filter(pk=world.incident_b.pk).update(occurred_at=at(2026, 5, 31))
    later = IncidentFactory(reporter=world.users["employee"], team=world.team_a, occurred_at=at(2025, 11, 5))
    a, b = Incident.objects.get(pk=world.incident_a.pk), Incident.objects.get(pk=world.incident_b.pk)
    phone = factories.item(
        coordinator,
        a,
        "400.00",
        description="Telefoon",
        owner=DamageOwner.EMPLOYEE,
        advanced_amount=Decimal("400.00"),
        advanced_on=dt.date(2026, 3, 20),
    )
    glass = factories.item(coordinator, a, "250.50", description="Glas")
    pain = factories.item(
        coordinator, a, "1000.00", kind=DamageKind.IMMATERIAL, owner=DamageOwner.EMPLOYEE, description="Smart"
    )
    jan = factories.person(coordinator, a, "Jan")
    piet = factories.person(coordinator, a, "Piet")
    first = factories.claim(coordinator, a, jan, [phone, glass], amount="650.50")
    services.damage_claim_result(
        actor=coordinator, claim=first, status=ClaimStatus.PARTLY_PAID, amount_recovered=Decimal("150.50")
    )
    factories.claim(coordinator, a, piet, [pain], amount="800.00")
    door = factories.item(coordinator, b, "99.99", description="Deur")
    kees = factories.person(coordinator, b, "Kees")
    paid = factories.claim(coordinator, b, kees, [door])
    services.damage_claim_result(
        actor=coordinator, claim=paid, status=ClaimStatus.PAID, amount_recovered=Decimal("99.99")
    )
    outside = factories.item(coordinator, later, "5000.00")
    factories.claim(coordinator, later, factories.person(coordinator, later, "Later"), [outside])
    return a, b, later


def D(value):  # noqa: N802
    return Decimal(value)


def test_incident_totals(damage):
    a, b, _later = damage
    totals = selectors.incident_totals(a)
    assert totals["items_total"] == D("1650.50")
    assert totals["material"] == D("650.50")
    assert totals["immaterial"] == D("1000.00")
    assert totals["employee"] == D("1400.00")
    assert totals["organisation"] == D("250.50")
    assert totals["advanced"] == D("400.00")
    assert totals["claimed"] == D("1450.50")
    assert totals["recovered"] == D("150.50")
    assert totals["outstanding"] == D("500.00") + D("800.00")
    assert (totals["item_count"], totals["claim_count"], totals["open_claim_count"]) == (3, 2, 2)
    b_totals = selectors.incident_totals(b)
    assert b_totals["outstanding"] == D("0")  # paid: closed
    assert b_totals["recovered"] == D("99.99")


def test_incident_without_damage_is_all_zero(world):
    totals = selectors.incident_totals(world.incident_a)
    assert all(totals[name] == 0 for name in selectors.TOTAL_NAMES)


def test_period_totals_and_months(damage):
    totals = selectors.period_totals(dt.date(2026, 1, 1), dt.date(2027, 1, 1))
    assert totals["items_total"] == D("1750.49")
    assert totals["claimed"] == D("1550.49")
    assert totals["recovered"] == D("250.49")
    assert totals["outstanding"] == D("1300.00")
    assert totals["advanced"] == D("400.00")
    months = selectors.period_months(dt.date(2026, 1, 1), dt.date(2027, 1, 1))
    assert [row["month"] for row in months] == [dt.date(2026, m, 1) for m in range(1, 13)]
    by_month = {row["month"].month: row for row in months}
    assert by_month[3]["items_total"] == D("1650.50")
    assert by_month[3]["outstanding"] == D("1300.00")
    assert by_month[5]["items_total"] == D("99.99")
    assert by_month[5]["recovered"] == D("99.99")
    assert by_month[4]["items_total"] == D("0")
    assert sum(row["claimed"] for row in months) == totals["claimed"]


def test_period_is_half_open_and_can_be_limited_to_incidents(damage):
    a, _b, _later = damage
    assert selectors.period_totals(dt.date(2026, 3, 11), dt.date(2026, 5, 31))["items_total"] == 0
    only_a = Incident.objects.filter(pk=a.pk)
    assert selectors.period_totals(dt.date(2026, 1, 1), dt.date(2028, 1, 1), only_a)["items_total"] == D(
        "1650.50"
    )
    assert selectors.period_totals(dt.date(2025, 1, 1), dt.date(2028, 1, 1))["items_total"] == D("6750.49")


def test_annotated_incidents_match_incident_totals(damage):
    rows = {i.pk: i for i in selectors.with_damage_totals(Incident.objects.all())}
    for incident in damage:
        expected = selectors.incident_totals(incident)
        for name in selectors.TOTAL_NAMES:
            assert getattr(rows[incident.pk], f"damage_{name}") == expected[name], name


def _count_queries(func) -> int:
    with CaptureQueriesContext(connection) as captured:
        func()
    return len(captured)


def test_totals_take_a_constant_number_of_queries(world):
    coordinator = world.users["coordinator"]

    def run():
        selectors.incident_totals(world.incident_a)
        selectors.period_totals(dt.date(2000, 1, 1), dt.date(2100, 1, 1))
        selectors.period_months(dt.date(2026, 1, 1), dt.date(2027, 1, 1))
        list(selectors.with_damage_totals(Incident.objects.all()))

    def add(n):
        for _ in range(n):
            incident = IncidentFactory(reporter=world.users["employee"], team=world.team_a)
            item = factories.item(coordinator, incident, "10.00")
            factories.claim(coordinator, incident, factories.person(coordinator, incident), [item])

    add(2)
    few = _count_queries(run)
    add(4)
    assert _count_queries(run) == few == 7
