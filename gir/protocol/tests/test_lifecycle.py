"""concept → gemeld → in behandeling → afgehandeld, and reopening (issue 4 §3)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

import pytest

from gir.audit.models import AuditAction, AuditEvent
from gir.incidents.constants import IncidentStatus
from gir.protocol import services
from gir.protocol.constants import StepStatus

from .helpers import report


@pytest.fixture
def incident(world):
    return report(world.users["employee"], occurred_at=timezone.now() - dt.timedelta(hours=3))


def finish_required(incident, actor):
    for step in incident.steps.filter(status=StepStatus.OPEN, is_required=True):
        if step.kind == "measure_decision":
            services.step_complete(actor=actor, step=step, outcome="verbal_warning")
        elif step.kind == "aftercare":
            services.step_complete(actor=actor, step=step, outcome="held")
        else:
            services.step_complete(actor=actor, step=step, notes="Gedaan.")


def test_closing_with_open_required_steps_is_refused_and_names_them(client, world, incident):
    manager = world.users["team_manager"]
    with pytest.raises(services.IncidentNotClosable) as refused:
        services.incident_close(actor=manager, incident=incident)
    assert {s.title for s in refused.value.open_steps} == set(
        incident.steps.filter(status=StepStatus.OPEN).values_list("title", flat=True)
    )

    client.force_login(manager)
    response = client.post(reverse("protocol:close", args=[incident.pk]), follow=True)
    body = response.content.decode()
    assert "kan nog niet worden afgehandeld" in body
    assert "Besluit over een maatregel tegen de veroorzaker" in body
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.REPORTED


def test_full_lifecycle_is_in_the_history(client, world, incident):
    manager = world.users["team_manager"]
    finish_required(incident, manager)
    client.force_login(manager)
    response = client.post(reverse("protocol:close", args=[incident.pk]), follow=True)
    assert "De melding is afgehandeld." in response.content.decode()
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.CLOSED
    assert incident.closed_at is not None

    # A closed incident cannot be edited; it can be reopened with a reason.
    assert client.get(reverse("incidents:edit", args=[incident.pk])).status_code == 404
    refused = client.post(reverse("protocol:reopen", args=[incident.pk]), {"reason": ""})
    assert refused.status_code == 400
    assert "Geef een reden" in refused.content.decode()
    client.post(reverse("protocol:reopen", args=[incident.pk]), {"reason": "Veroorzaker kwam terug."})
    incident.refresh_from_db()
    assert incident.status == IncidentStatus.IN_PROGRESS

    statuses = [
        list(e.changes.values())[0]
        for e in AuditEvent.objects.filter(action=AuditAction.STATUS_CHANGED, target_id=str(incident.pk))
    ]
    assert statuses == [
        ["Gemeld", "In behandeling"],
        ["In behandeling", "Afgehandeld"],
        ["Afgehandeld", "In behandeling"],
    ]
    assert AuditEvent.objects.filter(action=AuditAction.SUBMITTED, target_id=str(incident.pk)).exists()
    history = client.get(reverse("incidents:history", args=[incident.pk])).content.decode()
    assert "Status gewijzigd" in history
    assert "Veroorzaker kwam terug." in history


def test_open_advice_steps_lapse_on_closing(world, incident):
    manager = world.users["team_manager"]
    finish_required(incident, manager)
    step = incident.steps.first()
    step.status, step.is_required = StepStatus.OPEN, False
    step.save()
    services.incident_close(actor=manager, incident=incident)
    step.refresh_from_db()
    assert step.status == StepStatus.LAPSED


def test_reopen_needs_a_closed_incident_and_a_reason(world, incident):
    with pytest.raises(ValidationError):
        services.incident_reopen(actor=world.users["team_manager"], incident=incident, reason="Waarom niet")


def test_only_handlers_close(client, world, incident):
    client.force_login(world.users["employee"])
    assert client.post(reverse("protocol:close", args=[incident.pk])).status_code == 404
    client.force_login(world.users["aftercare"])
    assert client.post(reverse("protocol:close", args=[incident.pk])).status_code == 404
