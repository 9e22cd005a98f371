"""The three-conversation model through the pages: record, decline, ask later."""

import datetime as dt

from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

import pytest

from gir.aftercare import services
from gir.aftercare.constants import ConversationStatus, Stage
from gir.aftercare.models import Conversation
from gir.protocol.constants import StepStatus

from .conftest import record_data


def test_three_recorded_conversations_complete_the_three_steps_without_content(client, world, steps):
    client.force_login(world.users["aftercare"])
    employee = world.users["employee"]
    url = reverse("aftercare:record_new", args=[world.incident_a.pk])
    extras = [
        {"facts": "Feiten één", "stress_information_given": "on"},
        {"emotions": "Boos en bang", "coping": "Praat erover thuis"},
        {"look_back": "Gaat weer goed", "processed": "yes"},
    ]
    for step, extra in zip(steps, extras, strict=True):
        response = client.post(url, record_data(step, employee, **extra))
        assert response.status_code == 302, response.content.decode()
    for step in steps:
        step.refresh_from_db()
        assert step.status == StepStatus.DONE
        assert step.outcome == "held"
        assert step.notes == ""
    held = Conversation.objects.filter(incident=world.incident_a, status=ConversationStatus.HELD)
    assert sorted(held.values_list("stage", flat=True)) == [Stage.FIRST, Stage.SECOND, Stage.THIRD]
    third = held.get(stage=Stage.THIRD)
    assert third.look_back == "Gaat weer goed" and third.facts == ""


def test_the_record_form_asks_what_fits_the_stage(client, world, steps):
    client.force_login(world.users["aftercare"])
    body = client.get(reverse("aftercare:incident", args=[world.incident_a.pk])).content.decode()
    assert 'name="facts"' in body and 'name="stress_information_given"' in body
    assert 'name="emotions"' in body and 'name="coping"' in body
    assert 'name="look_back"' in body and 'name="processed"' in body
    assert body.count('name="secondary_victimisation"') >= 3


def test_a_failed_record_rerenders_with_400_and_keeps_the_input(client, world, steps):
    client.force_login(world.users["aftercare"])
    data = record_data(steps[0], world.users["employee"], facts="Wat er gebeurde, getypt")
    del data["secondary_victimisation"]
    response = client.post(reverse("aftercare:record_new", args=[world.incident_a.pk]), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "secundaire victimisatie" in body
    assert "Wat er gebeurde, getypt" in body
    assert not Conversation.objects.exists()


def test_declining_the_first_counts_as_handled_and_waives_the_later_ones(client, world, steps):
    client.force_login(world.users["aftercare"])
    response = client.post(
        reverse("aftercare:decline_new", args=[world.incident_a.pk]),
        {
            "step": steps[0].pk,
            "employee": str(world.users["employee"].pk),
            "notes": "Wil er niet over praten",
        },
    )
    assert response.status_code == 302
    for step in steps:
        step.refresh_from_db()
    first, second, third = steps
    assert first.status == StepStatus.DONE and first.outcome == "declined" and first.notes == ""
    assert second.status == StepStatus.WAIVED
    assert third.status == StepStatus.WAIVED
    conversation = Conversation.objects.get()
    assert conversation.status == ConversationStatus.DECLINED and conversation.declined_at
    # The worklist no longer lists the incident's aftercare.
    worklist = client.get(reverse("aftercare:worklist")).content.decode()
    assert reverse("aftercare:incident", args=[world.incident_a.pk]) not in worklist


def test_a_step_is_done_only_when_every_employee_is(client, world, steps):
    from gir.incidents.models import Victim

    Victim.objects.create(incident=world.incident_a, user=world.users["employee_b"])
    Victim.objects.create(incident=world.incident_a, name="Stagiair Sam")
    client.force_login(world.users["aftercare"])
    url = reverse("aftercare:record_new", args=[world.incident_a.pk])
    assert client.post(url, record_data(steps[0], world.users["employee"])).status_code == 302
    decline = reverse("aftercare:decline_new", args=[world.incident_a.pk])
    assert (
        client.post(decline, {"step": steps[0].pk, "employee": str(world.users["employee_b"].pk)}).status_code
        == 302
    )
    steps[0].refresh_from_db()
    assert steps[0].status == StepStatus.OPEN
    data = record_data(steps[0], world.users["employee"])
    data["employee"] = "naam:Stagiair Sam"
    assert client.post(url, data).status_code == 302
    steps[0].refresh_from_db()
    assert steps[0].status == StepStatus.DONE and steps[0].outcome == "held"
    steps[1].refresh_from_db()
    assert steps[1].status == StepStatus.OPEN


def test_an_unknown_employee_is_refused(client, world, steps):
    client.force_login(world.users["aftercare"])
    data = record_data(steps[0], world.users["employee_b"])
    response = client.post(reverse("aftercare:record_new", args=[world.incident_a.pk]), data)
    assert response.status_code == 400
    assert "hoort niet bij deze melding" in response.content.decode()


def test_a_later_request_mails_the_aftercare_team_without_names(
    client, world, steps, django_capture_on_commit_callbacks
):
    employee = world.users["employee"]
    client.force_login(employee)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("aftercare:request", args=[world.incident_a.pk]),
            {"message": "Ik slaap slecht sinds kort"},
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert world.users["aftercare"].email in message.to
    for text in (message.subject, message.body):
        assert employee.first_name not in text and employee.last_name not in text
        assert world.incident_a.reference not in text
        assert "slaap" not in text
    asked = Conversation.objects.get(stage=Stage.LATER)
    assert asked.status == ConversationStatus.REQUESTED and asked.employee == employee
    # A second request while one waits: refused clearly, 400.
    again = client.post(reverse("aftercare:request", args=[world.incident_a.pk]), {"message": ""})
    assert again.status_code == 400
    assert "U heeft al om nazorg gevraagd" in again.content.decode()
    # The team sees it waiting and plans it.
    client.force_login(world.users["aftercare"])
    worklist = client.get(reverse("aftercare:worklist")).content.decode()
    assert reverse("aftercare:conversation", args=[asked.pk]) in worklist
    when = timezone.now() + dt.timedelta(days=2)
    response = client.post(
        reverse("aftercare:schedule", args=[asked.pk]),
        {
            "scheduled_at": timezone.localtime(when).strftime("%Y-%m-%dT%H:%M"),
            "duration_minutes": "60",
            "mode": "in_person",
            "version": asked.version,
        },
    )
    assert response.status_code == 302
    asked.refresh_from_db()
    assert asked.status == ConversationStatus.SCHEDULED


def test_only_a_victim_may_ask_for_aftercare(client, world):
    client.force_login(world.users["employee_b"])
    response = client.post(reverse("aftercare:request", args=[world.incident_a.pk]), {"message": ""})
    assert response.status_code == 404
    assert not Conversation.objects.exists()


def test_mine_offers_the_request_form_per_own_incident(client, world):
    client.force_login(world.users["employee"])
    body = client.get(reverse("aftercare:mine")).content.decode()
    assert reverse("aftercare:request", args=[world.incident_a.pk]) in body
    assert reverse("aftercare:request", args=[world.draft_a.pk]) not in body
    assert reverse("aftercare:mine") in client.get(reverse("incidents:mine")).content.decode()


def test_a_later_talk_cannot_be_held_before_the_one_before_it(world, steps):
    worker, employee = world.users["aftercare"], services.Employee(world.users["employee"], "")
    content = {"secondary_victimisation": "none", "referral": "none"}
    first_held = timezone.now() - dt.timedelta(minutes=10)
    services.conversation_record(
        actor=worker,
        incident=world.incident_a,
        step=steps[0],
        employee=employee,
        held_at=first_held,
        content=content,
    )
    with pytest.raises(ValidationError) as refused:
        services.conversation_record(
            actor=worker,
            incident=world.incident_a,
            step=steps[1],
            employee=employee,
            held_at=first_held - dt.timedelta(minutes=30),
            content=content,
        )
    assert "vorige gesprek" in refused.value.message_dict["held_at"][0]


def test_a_request_on_the_restricted_track_goes_to_its_handler(world, django_capture_on_commit_callbacks):
    councillor, incident = world.users["councillor"], world.restricted
    with django_capture_on_commit_callbacks(execute=True):
        services.aftercare_request(
            actor=councillor, incident=incident, message="Het blijft door mijn hoofd gaan."
        )
    (notice,) = mail.outbox
    assert notice.to == [incident.handler.email]
    assert world.users["aftercare"].email not in notice.to
    assert reverse("aftercare:incident", args=[incident.pk]) in notice.body
    assert "hoofd" not in notice.body
