"""Mijn taken, the work list and the step pages (issue 4 §4), per role, and their
query counts, which must not grow with the number of incidents or steps."""

import datetime as dt

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from gir.incidents.constants import BehaviourKind
from gir.protocol.constants import StepKind, StepOwner, StepStatus
from gir.protocol.models import Step

from .helpers import report, steps_by_code


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def add_reports(world, count: int, *, hours_ago: int = 2) -> list:
    return [
        report(
            world.users["employee"],
            behaviours=(BehaviourKind.PHYSICAL,),
            occurred_at=timezone.now() - dt.timedelta(hours=hours_ago),
        )
        for _ in range(count)
    ]


@pytest.mark.parametrize(
    ("persona", "url_name"),
    [
        ("team_manager", "protocol:tasks"),
        ("coordinator", "protocol:tasks"),
        ("aftercare", "protocol:tasks"),
        ("team_manager", "incidents:handled"),
        ("coordinator", "incidents:handled"),
        ("employee", "incidents:mine"),
    ],
)
def test_query_count_does_not_grow_with_incidents_and_steps(client, world, persona, url_name):
    client.force_login(world.users[persona])
    add_reports(world, 3)
    at_n = queries_for(client, reverse(url_name))
    add_reports(world, 8, hours_ago=200)  # more incidents, with overdue steps
    assert queries_for(client, reverse(url_name)) == at_n


def test_incident_page_query_count_does_not_grow_with_steps(client, world):
    client.force_login(world.users["coordinator"])
    (incident,) = add_reports(world, 1)
    url = reverse("incidents:detail", args=[incident.pk])
    at_n = queries_for(client, url)
    decision = steps_by_code(incident)["measure-decision"]
    from gir.protocol import services

    services.step_complete(actor=world.users["coordinator"], step=decision, outcome="building_ban")
    services.step_complete(
        actor=world.users["coordinator"], step=steps_by_code(incident)["police-report"], outcome="aangifte"
    )
    assert incident.steps.count() > 8
    assert queries_for(client, url) == at_n


def test_my_tasks_per_role(client, world):
    (incident,) = add_reports(world, 1)
    owners = {
        "team_manager": StepOwner.HANDLER,
        "aftercare": StepOwner.AFTERCARE,
    }
    for persona, owner in owners.items():
        client.force_login(world.users[persona])
        body = client.get(reverse("protocol:tasks")).content.decode()
        for step in incident.steps.all():
            assert (step.title in body) == (step.owner == owner), (persona, step.title)
    client.force_login(world.users["employee"])
    assert client.get(reverse("protocol:tasks")).status_code == 403


def test_aftercare_works_its_step_without_seeing_the_case(client, world):
    (incident,) = add_reports(world, 1)
    steps = steps_by_code(incident)
    client.force_login(world.users["aftercare"])
    page = client.get(reverse("protocol:step", args=[steps["aftercare-first"].pk]))
    assert page.status_code == 200
    assert incident.description not in page.content.decode()
    assert client.get(reverse("incidents:detail", args=[incident.pk])).status_code == 404
    assert client.get(reverse("protocol:step", args=[steps["measure-decision"].pk])).status_code == 404
    # The talk is recorded on the aftercare page, never as notes on the step that
    # handlers read (issue 6: the manager sees that it took place, not what was said).
    assert reverse("aftercare:incident", args=[incident.pk]) in page.content.decode()
    response = client.post(
        reverse("protocol:step_complete", args=[steps["aftercare-first"].pk]),
        {"outcome": "held", "notes": "Eerste gesprek gevoerd."},
    )
    assert response.status_code == 400
    assert "eigen pagina" in response.content.decode()
    step = Step.objects.get(pk=steps["aftercare-first"].pk)
    assert (step.status, step.notes) == (StepStatus.OPEN, "")


def test_police_and_labour_steps_are_recorded_with_their_data(client, world):
    (incident,) = add_reports(world, 1)
    step = steps_by_code(incident)["police-report"]
    client.force_login(world.users["team_manager"])
    page = client.get(reverse("protocol:step", args=[step.pk])).content.decode()
    assert reverse("police:incident", args=[incident.pk]) in page
    refused = client.post(reverse("protocol:step_complete", args=[step.pk]), {"outcome": "aangifte"})
    assert refused.status_code == 400
    assert Step.objects.get(pk=step.pk).status == StepStatus.OPEN


def test_completing_a_step_already_done_tells_the_second_person(client, world):
    (incident,) = add_reports(world, 1)
    step = steps_by_code(incident)["manager-conversation"]
    url = reverse("protocol:step_complete", args=[step.pk])
    client.force_login(world.users["team_manager"])
    assert client.post(url, {"notes": "Gesprek gehad."}).status_code == 302
    client.force_login(world.users["coordinator"])
    second = client.post(url, {"notes": "Ik ook."})
    assert second.status_code == 409
    assert "al vastgelegd door" in second.content.decode()
    assert Step.objects.get(pk=step.pk).notes == "Gesprek gehad."


def test_waive_without_reason_is_refused_and_keeps_nothing_half(client, world):
    (incident,) = add_reports(world, 1)
    step = steps_by_code(incident)["police-report"]
    client.force_login(world.users["team_manager"])
    response = client.post(reverse("protocol:step_waive", args=[step.pk]), {"reason": ""})
    assert response.status_code == 400
    assert "Geef een reden" in response.content.decode()
    assert Step.objects.get(pk=step.pk).status == StepStatus.OPEN


def test_work_list_puts_overdue_first_and_filters(client, world):
    recent = add_reports(world, 1)[0]
    (late,) = add_reports(world, 1, hours_ago=100)
    client.force_login(world.users["coordinator"])
    body = client.get(reverse("incidents:handled")).content.decode()
    assert body.index(late.reference) < body.index(recent.reference)
    assert "te laat" in body

    steps_by_code(late)  # the late one has an open aangifte step; so has the recent one
    done = steps_by_code(recent)["police-report"]
    from gir.protocol import services

    services.step_complete(actor=world.users["coordinator"], step=done, outcome="aangifte")
    filtered = client.get(
        reverse("incidents:handled"), {"step_kind": StepKind.POLICE_REPORT}
    ).content.decode()
    assert late.reference in filtered
    assert recent.reference not in filtered

    other_team = client.get(reverse("incidents:handled"), {"unit": world.team_b.pk}).content.decode()
    assert late.reference not in other_team
    by_handler = client.get(
        reverse("incidents:handled"), {"handler": world.users["team_manager"].pk}
    ).content.decode()
    assert late.reference in by_handler


def test_reassigning_tells_the_new_handler_and_moves_the_steps(
    client, world, django_capture_on_commit_callbacks
):
    (incident,) = add_reports(world, 1)
    coordinator = world.users["coordinator"]
    client.force_login(world.users["team_manager"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("protocol:assign", args=[incident.pk]), {"handler": coordinator.pk})
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.handler == coordinator
    assert [m.to for m in mail.outbox] == [[coordinator.email]]
    assert incident.description not in mail.outbox[0].body
    client.force_login(coordinator)
    tasks = client.get(reverse("protocol:tasks")).content.decode()
    assert "Opvanggesprek van de leidinggevende" in tasks


def test_a_restricted_incident_cannot_go_to_a_team_manager(client, world):
    incident = report(
        world.users["councillor"], behaviours=(BehaviourKind.THREAT,), occurred_at=timezone.now()
    )
    client.force_login(world.users["mayor"])
    response = client.post(
        reverse("protocol:assign", args=[incident.pk]), {"handler": world.users["team_manager"].pk}
    )
    assert response.status_code == 400
    incident.refresh_from_db()
    assert incident.handler == world.users["mayor"]
    client.force_login(world.users["team_manager"])
    assert client.get(reverse("incidents:detail", args=[incident.pk])).status_code == 404
    assert incident.steps.exists()
    assert "Aangifte" not in client.get(reverse("protocol:tasks")).content.decode()


def test_the_manager_sees_aftercare_steps_but_does_not_record_them(client, world):
    (incident,) = add_reports(world, 1)
    step = steps_by_code(incident)["aftercare-first"]
    client.force_login(world.users["team_manager"])
    incident_page = client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    assert step.title in incident_page
    assert reverse("protocol:step", args=[step.pk]) not in incident_page
    step_page = client.get(reverse("protocol:step", args=[step.pk])).content.decode()
    assert "Het Bedrijfs Opvang Team plant en voert dit gesprek" in step_page
    assert reverse("aftercare:incident", args=[incident.pk]) not in step_page


@pytest.mark.parametrize("persona", ["aftercare", "team_manager"])
def test_aftercare_steps_are_not_waived_on_the_step_page(client, world, persona):
    """A waiver's reason is read by every handler: aftercare is declined on its own page."""
    (incident,) = add_reports(world, 1)
    step = steps_by_code(incident)["aftercare-first"]
    client.force_login(world.users[persona])
    assert (
        "Niet nodig, met deze reden"
        not in client.get(reverse("protocol:step", args=[step.pk])).content.decode()
    )
    response = client.post(reverse("protocol:step_waive", args=[step.pk]), {"reason": "Medewerker is ziek."})
    assert response.status_code == 400
    assert "nazorgpagina" in response.content.decode()
    step.refresh_from_db()
    assert (step.status, step.reason) == (StepStatus.OPEN, "")
