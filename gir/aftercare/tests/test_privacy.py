"""What was said is for the aftercare role and the employee only (DESIGN §2.5)."""

from django.urls import reverse

import pytest

from gir.aftercare.models import Conversation
from gir.audit.models import AuditAction, AuditEvent

from .conftest import record_data

FACTS = "Bezoeker schreeuwde over de uitkering"
SECONDARY = "Collega zei: had je maar niet"
REFERRAL = "Verwezen naar de bedrijfsarts wegens slaapproblemen"


@pytest.fixture
def held(client, world, steps) -> Conversation:
    client.force_login(world.users["aftercare"])
    data = record_data(
        steps[0],
        world.users["employee"],
        facts=FACTS,
        stress_information_given="on",
        secondary_victimisation="yes",
        secondary_victimisation_notes=SECONDARY,
        referral="company_doctor",
        referral_notes=REFERRAL,
    )
    response = client.post(reverse("aftercare:record_new", args=[world.incident_a.pk]), data)
    assert response.status_code == 302, response.content.decode()
    client.logout()
    return Conversation.objects.get(step=steps[0], employee=world.users["employee"])


def _contains_content(body: str) -> bool:
    return any(text in body for text in (FACTS, SECONDARY, REFERRAL))


@pytest.mark.parametrize("persona", ["team_manager", "coordinator", "employee_b", "director", "legal"])
def test_others_never_reach_the_conversation(client, world, held, persona):
    client.force_login(world.users[persona])
    for name in ("aftercare:conversation", "aftercare:ics"):
        response = client.get(reverse(name, args=[held.pk]))
        assert response.status_code == 404
        assert not _contains_content(response.content.decode())
    assert client.get(reverse("aftercare:incident", args=[world.incident_a.pk])).status_code == 404


@pytest.mark.parametrize("persona", ["team_manager", "coordinator"])
def test_handlers_see_that_it_took_place_not_what_was_said(client, world, held, persona):
    client.force_login(world.users[persona])
    response = client.get(reverse("incidents:detail", args=[world.incident_a.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert 'aria-labelledby="aftercare-title"' in body
    assert "Gevoerd" in body
    assert not _contains_content(body)
    assert reverse("aftercare:conversation", args=[held.pk]) not in body
    # The step the handler reads carries no content either.
    assert held.step.notes == ""
    history = client.get(reverse("incidents:history", args=[world.incident_a.pk]))
    if history.status_code == 200:
        assert not _contains_content(history.content.decode())


def test_the_employee_reads_their_own_and_the_read_is_logged(client, world, held):
    client.force_login(world.users["employee"])
    response = client.get(reverse("aftercare:conversation", args=[held.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert FACTS in body and SECONDARY in body and REFERRAL in body
    assert AuditEvent.objects.filter(
        action=AuditAction.AFTERCARE_READ, actor=world.users["employee"], target_id=str(held.pk)
    ).exists()
    # No forms to change it: the employee reads.
    assert reverse("aftercare:record", args=[held.pk]) not in body
    mine = client.get(reverse("aftercare:mine")).content.decode()
    assert reverse("aftercare:conversation", args=[held.pk]) in mine
    assert not _contains_content(mine)
    # The incident page links the employee to their own conversation.
    detail = client.get(reverse("incidents:detail", args=[world.incident_a.pk])).content.decode()
    assert reverse("aftercare:conversation", args=[held.pk]) in detail
    assert not _contains_content(detail)


def test_the_employee_cannot_work_their_conversation(client, world, held):
    client.force_login(world.users["employee"])
    for name in ("aftercare:schedule", "aftercare:invite", "aftercare:record", "aftercare:decline"):
        assert client.post(reverse(name, args=[held.pk]), {"version": held.version}).status_code == 404


def test_aftercare_page_shows_no_perpetrator_or_description(client, world, steps):
    incident = world.incident_a
    incident.perpetrator_name = "Karel Klager"
    incident.perpetrator_description = "Lange man met rode jas"
    incident.save()
    client.force_login(world.users["aftercare"])
    response = client.get(reverse("aftercare:incident", args=[incident.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert incident.reference in body
    assert "Karel Klager" not in body
    assert "Lange man" not in body
    assert incident.description not in body
    assert str(world.users["employee"]) in body
