"""The damage pages: who reaches them, input kept on a refusal, stale edits, the claim
and its letter link, the overview and the incident page's card."""

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from gir.damage.constants import ClaimRoute, ClaimStatus, DamageKind, DamageOwner
from gir.damage.models import DamageClaim, DamageItem
from gir.damage.sections import damage_section
from gir.incidents.models import Incident
from gir.incidents.tests.factories import IncidentFactory
from gir.perpetrators.constants import MeasureKind, MeasureStatus

from . import factories

pytestmark = pytest.mark.django_db

WORKERS_OF_A = ("team_manager", "coordinator", "legal")
REFUSED = ("employee", "employee_b", "aftercare", "reception", "director", "administrator", "mayor")


def item_data(**kwargs):
    data = {
        "kind": DamageKind.MATERIAL,
        "owner": DamageOwner.EMPLOYEE,
        "description": "Telefoon kapot",
        "amount": "125,50",
        "advanced_amount": "",
        "advanced_on": "",
    }
    data.update(kwargs)
    return data


@pytest.fixture
def manager_client(client, world):
    client.force_login(world.users["team_manager"])
    return client


@pytest.fixture
def claim_setup(world):
    manager = world.users["team_manager"]
    glass = factories.item(manager, world.incident_a, "300.00", description="Glas balie")
    jan = factories.person(manager, world.incident_a)
    return glass, jan


# --- Access --------------------------------------------------------------------------


@pytest.mark.parametrize("persona", WORKERS_OF_A + REFUSED)
def test_incident_pages_per_role(client, world, claim_setup, persona):
    glass, jan = claim_setup
    claim = factories.claim(world.users["coordinator"], world.incident_a, jan, [glass])
    client.force_login(world.users[persona])
    urls = [
        reverse("damage:incident", args=[world.incident_a.pk]),
        reverse("damage:item_create", args=[world.incident_a.pk]),
        reverse("damage:claim_create", args=[world.incident_a.pk]),
        reverse("damage:item_edit", args=[glass.pk]),
        reverse("damage:claim_result", args=[claim.pk]),
    ]
    expected = 200 if persona in WORKERS_OF_A else 404
    for url in urls:
        response = client.get(url)
        assert response.status_code == expected, url
        if expected == 404:
            assert b"Glas balie" not in response.content
            assert world.incident_a.reference.encode() not in response.content
    # A refused POST changes nothing.
    response = client.post(urls[1], item_data())
    assert response.status_code == expected if expected == 404 else 302
    assert DamageItem.objects.count() == (2 if persona in WORKERS_OF_A else 1)


@pytest.mark.parametrize(
    ("persona", "status"),
    [("coordinator", 200), ("legal", 200)]
    + [(p, 403) for p in ("employee", "team_manager", "aftercare", "reception", "director", "mayor")],
)
def test_overview_per_role(client, world, persona, status):
    client.force_login(world.users[persona])
    assert client.get(reverse("damage:overview")).status_code == status


def test_restricted_incident_is_for_its_handlers_not_legal(client, world):
    url = reverse("damage:incident", args=[world.restricted.pk])
    client.force_login(world.users["legal"])
    assert client.get(url).status_code == 404
    client.force_login(world.users["mayor"])
    assert client.get(url).status_code == 200


def test_draft_has_no_damage_file(client, world):
    client.force_login(world.users["coordinator"])
    assert client.get(reverse("damage:incident", args=[world.draft_a.pk])).status_code == 404


def test_anonymous_is_sent_to_log_in(client, world):
    response = client.get(reverse("damage:incident", args=[world.incident_a.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


# --- Items ---------------------------------------------------------------------------


def test_add_item_with_dutch_amount(manager_client, world):
    response = manager_client.post(
        reverse("damage:item_create", args=[world.incident_a.pk]),
        item_data(
            amount="1.250,50", advanced_amount="125,50", advanced_on=timezone.localdate().strftime("%d-%m-%Y")
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("damage:incident", args=[world.incident_a.pk])
    item = DamageItem.objects.get()
    assert item.amount == Decimal("1250.50")
    assert item.advanced_amount == Decimal("125.50")
    assert item.advanced_on == timezone.localdate()
    page = manager_client.get(response["Location"])
    assert "€ 1.250,50" in page.content.decode()
    assert "Telefoon kapot" in page.content.decode()


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-5", "Een bedrag kan niet negatief zijn."),
        ("0", "Vul een bedrag groter dan nul in."),
        ("2000000", "onwaarschijnlijk hoog"),
        ("1.000.000,01", "onwaarschijnlijk hoog"),
        ("veel", "Vul een bedrag in euro in"),
        ("", "Vul een bedrag in euro in"),
        ("12,345", "twee cijfers achter de komma"),
    ],
)
def test_bad_amount_refused_with_input_kept(manager_client, world, amount, message):
    response = manager_client.post(
        reverse("damage:item_create", args=[world.incident_a.pk]),
        item_data(amount=amount, description="Bril van Ans"),
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert message in body
    assert 'value="Bril van Ans"' in body
    if amount:
        assert f'value="{amount}"' in body
    assert not DamageItem.objects.exists()


def test_advanced_for_the_organisation_refused_in_the_form(manager_client, world):
    response = manager_client.post(
        reverse("damage:item_create", args=[world.incident_a.pk]),
        item_data(owner=DamageOwner.ORGANISATION, advanced_amount="10", advanced_on="01-11-2026"),
    )
    assert response.status_code == 400
    assert "Alleen schade van de medewerker" in response.content.decode()


def test_edit_item_and_stale_version(manager_client, world):
    item = factories.item(world.users["team_manager"], world.incident_a, "50.00")
    url = reverse("damage:item_edit", args=[item.pk])
    form = manager_client.get(url).content.decode()
    assert 'value="50,00"' in form
    assert 'name="version"' in form
    response = manager_client.post(url, item_data(amount="75,00", version="1"))
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.amount, item.version) == (Decimal("75.00"), 2)
    stale = manager_client.post(url, item_data(amount="99,00", description="Mijn versie", version="1"))
    body = stale.content.decode()
    assert stale.status_code == 409
    assert "Iemand anders heeft dit intussen gewijzigd" in body
    assert 'value="Mijn versie"' in body
    item.refresh_from_db()
    assert item.amount == Decimal("75.00")


# --- Claims --------------------------------------------------------------------------


def test_claim_needs_a_linked_person(manager_client, world):
    factories.item(world.users["team_manager"], world.incident_a, "300.00")
    page = manager_client.get(reverse("damage:incident", args=[world.incident_a.pk])).content.decode()
    assert "veroorzaker uit het register aan deze melding gekoppeld" in page
    assert reverse("incidents:detail", args=[world.incident_a.pk]) in page
    assert reverse("damage:claim_create", args=[world.incident_a.pk]) not in page
    form = manager_client.get(reverse("damage:claim_create", args=[world.incident_a.pk])).content.decode()
    assert "Er is nog geen veroorzaker" in form


def test_claim_form_offers_linked_people_and_items(manager_client, world, claim_setup):
    glass, jan = claim_setup
    factories.person(world.users["coordinator"], world.incident_b, "Niet Deze")
    body = manager_client.get(reverse("damage:claim_create", args=[world.incident_a.pk])).content.decode()
    assert "Jan Schade" in body
    assert "Niet Deze" not in body
    assert "Glas balie" in body
    assert 'value="300,00"' in body


def test_start_claim_and_record_payment(manager_client, world, claim_setup):
    glass, jan = claim_setup
    url = reverse("damage:claim_create", args=[world.incident_a.pk])
    data = {
        "perpetrator": jan.pk,
        "items": [glass.pk],
        "route": ClaimRoute.CIVIL,
        "amount_claimed": "300,01",
        "claimed_on": timezone.localdate().strftime("%d-%m-%Y"),
    }
    refused = manager_client.post(url, data)
    assert refused.status_code == 400
    assert "U vordert meer dan de gekozen schade" in refused.content.decode()
    assert 'value="300,01"' in refused.content.decode()
    assert manager_client.post(url, {**data, "amount_claimed": "300"}).status_code == 302
    claim = DamageClaim.objects.get()
    assert claim.measure.kind == MeasureKind.DAMAGE_RECOVERY
    page = manager_client.get(reverse("damage:incident", args=[world.incident_a.pk])).content.decode()
    assert reverse("letters:issue", kwargs={"measure_pk": claim.measure_id}) in page
    assert "Civiele vordering" in page

    result_url = reverse("damage:claim_result", args=[claim.pk])
    wrong = manager_client.post(
        result_url, {"status": ClaimStatus.PAID, "amount_recovered": "100", "version": 1}
    )
    assert wrong.status_code == 400
    assert "hele gevorderde bedrag" in wrong.content.decode()
    paid = {"status": ClaimStatus.PAID, "amount_recovered": "300,00", "result": "Betaald.", "version": 1}
    assert manager_client.post(result_url, paid).status_code == 302
    claim.refresh_from_db()
    claim.measure.refresh_from_db()
    assert claim.status == ClaimStatus.PAID
    assert claim.measure.status == MeasureStatus.ENDED
    stale = manager_client.post(result_url, {**paid, "result": "Oud"})
    assert stale.status_code == 409
    assert "Iemand anders heeft dit intussen gewijzigd" in stale.content.decode()


# --- Overview ------------------------------------------------------------------------


def test_overview_period_and_totals(client, world):
    coordinator = world.users["coordinator"]
    this_year = timezone.localdate().year
    Incident.objects.filter(pk=world.incident_a.pk).update(
        occurred_at=dt.datetime(this_year, 2, 3, 10, 0, tzinfo=timezone.get_current_timezone())
    )
    factories.item(coordinator, world.incident_a, "123.45", description="Balie")
    old = IncidentFactory(
        reporter=world.users["employee"],
        team=world.team_a,
        occurred_at=dt.datetime(this_year - 1, 6, 1, 10, 0, tzinfo=timezone.get_current_timezone()),
    )
    factories.item(coordinator, old, "999.00")
    client.force_login(coordinator)
    body = client.get(reverse("damage:overview")).content.decode()
    assert "€ 123,45" in body
    assert "€ 999,00" not in body
    assert world.incident_a.reference in body
    assert old.reference not in body
    assert reverse("police:overview") in body
    assert "Aangiftes" in body
    last_year = client.get(reverse("damage:overview"), {"van": f"01-01-{this_year - 1}", "tot": ""})
    assert "€ 999,00" in last_year.content.decode()
    assert old.reference in last_year.content.decode()


def test_overview_refuses_end_before_start(client, world):
    client.force_login(world.users["legal"])
    response = client.get(reverse("damage:overview"), {"van": "10-05-2026", "tot": "01-05-2026"})
    assert response.status_code == 400
    assert "De einddatum ligt vóór de begindatum" in response.content.decode()
    assert 'value="01-05-2026"' in response.content.decode()


def test_overview_queries_do_not_grow_with_rows(client, world):
    coordinator = world.users["coordinator"]
    client.force_login(coordinator)

    def add(n):
        for _ in range(n):
            incident = IncidentFactory(reporter=world.users["employee"], team=world.team_a)
            item = factories.item(coordinator, incident, "10.00")
            factories.claim(coordinator, incident, factories.person(coordinator, incident), [item])

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("damage:overview")).status_code == 200
        return len(captured)

    add(2)
    few = count()
    add(4)
    assert count() == few


# --- The incident page's card ----------------------------------------------------------


def test_section_only_with_damage_and_for_workers(client, world):
    manager = world.users["team_manager"]
    assert damage_section(manager, world.incident_a) is None
    Incident.objects.filter(pk=world.incident_a.pk).update(material_damage=True)
    incident = Incident.objects.get(pk=world.incident_a.pk)
    assert damage_section(manager, incident) is not None
    assert damage_section(world.users["employee"], incident) is None
    factories.item(manager, world.incident_b, "42.00")
    assert damage_section(world.users["coordinator"], world.incident_b)["totals"]["items_total"] == Decimal(
        "42"
    )
    client.force_login(manager)
    page = client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    assert 'aria-labelledby="damage-title"' in page
    assert reverse("damage:incident", args=[incident.pk]) in page
    client.force_login(world.users["employee"])
    page = client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    assert 'aria-labelledby="damage-title"' not in page


def test_legal_works_the_damage_file_without_reaching_the_incident_page(client, world, claim_setup):
    glass, jan = claim_setup
    factories.claim(world.users["team_manager"], world.incident_a, jan, [glass])
    client.force_login(world.users["legal"])
    body = client.get(reverse("damage:incident", args=[world.incident_a.pk])).content.decode()
    assert f'href="{reverse("incidents:detail", args=[world.incident_a.pk])}"' not in body
    assert reverse("damage:overview") in body
    # The claim names the person: a read of the register, logged.
    from gir.audit.models import AuditAction, AuditEvent

    assert AuditEvent.objects.filter(
        action=AuditAction.PERPETRATOR_READ, actor=world.users["legal"], target_id=str(jan.pk)
    ).exists()
