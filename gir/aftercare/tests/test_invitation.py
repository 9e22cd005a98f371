"""The calendar invitation (.ics) and its mail (issue 6 item 4)."""

import datetime as dt

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from icalendar import Calendar

from gir.aftercare import services
from gir.aftercare.invitation import invitation_uid
from gir.aftercare.models import Conversation
from gir.aftercare.tasks import send_invitation

from .conftest import local_input


def _event(content: bytes):
    calendar = Calendar.from_ical(content)
    events = [c for c in calendar.walk() if c.name == "VEVENT"]
    assert len(events) == 1
    return calendar, events[0]


def test_ics_download_is_a_request_at_the_planned_time(client, world, planned):
    client.force_login(world.users["aftercare"])
    response = client.get(reverse("aftercare:ics", args=[planned.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"] == 'attachment; filename="nazorggesprek.ics"'
    calendar, event = _event(response.content)
    assert str(calendar["METHOD"]) == "REQUEST"
    assert event.decoded("DTSTART") == planned.scheduled_at
    assert event.decoded("DTEND") == planned.scheduled_at + dt.timedelta(minutes=60)
    assert world.incident_a.reference not in response.content.decode()
    assert world.incident_a.description not in response.content.decode()


def test_the_employee_downloads_their_own_ics(client, world, planned):
    client.force_login(world.users["employee"])
    assert client.get(reverse("aftercare:ics", args=[planned.pk])).status_code == 200


def test_rescheduling_an_invited_conversation_keeps_the_uid_and_raises_the_sequence(
    client, world, planned, django_capture_on_commit_callbacks
):
    client.force_login(world.users["aftercare"])
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("aftercare:invite", args=[planned.pk])).status_code == 302
    _cal, before = _event(client.get(reverse("aftercare:ics", args=[planned.pk])).content)
    planned.refresh_from_db()
    later = planned.scheduled_at + dt.timedelta(days=1, hours=2)
    response = client.post(
        reverse("aftercare:schedule", args=[planned.pk]),
        {
            "scheduled_at": local_input(later),
            "duration_minutes": "45",
            "mode": "phone",
            "place": "",
            "version": planned.version,
        },
    )
    assert response.status_code == 302, response.content.decode()
    _cal, after = _event(client.get(reverse("aftercare:ics", args=[planned.pk])).content)
    assert str(after["UID"]) == str(before["UID"])
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
    assert after.decoded("DTSTART") == later


def test_the_invitation_mail_carries_the_ics_and_no_incident_details(
    client, world, planned, django_capture_on_commit_callbacks
):
    client.force_login(world.users["aftercare"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("aftercare:invite", args=[planned.pk]))
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.users["employee"].email]
    attachments = [a for a in message.attachments if a[0] == "nazorggesprek.ics"]
    assert len(attachments) == 1
    _name, content, content_type = attachments[0]
    assert content_type.startswith("text/calendar")
    content = content.encode() if isinstance(content, str) else content
    assert _event(content)[1].decoded("DTSTART") == planned.scheduled_at
    for text in (message.subject, message.body, content.decode()):
        assert world.incident_a.reference not in text
        assert world.incident_a.description not in text
    planned.refresh_from_db()
    assert planned.invited_at is not None


def test_ics_and_invitation_without_a_time_are_refused_clearly(client, world):
    client.force_login(world.users["employee"])
    client.post(reverse("aftercare:request", args=[world.incident_a.pk]), {"message": ""})
    asked = Conversation.objects.get(employee=world.users["employee"], stage=4)
    assert asked.scheduled_at is None
    client.force_login(world.users["aftercare"])
    response = client.get(reverse("aftercare:ics", args=[asked.pk]))
    assert response.status_code == 400
    assert not response["Content-Type"].startswith("text/calendar")
    assert "Content-Disposition" not in response
    assert "nog geen datum en tijd" in response.content.decode()
    response = client.post(reverse("aftercare:invite", args=[asked.pk]))
    assert response.status_code == 400
    assert "Plan eerst een datum en tijd" in response.content.decode()
    assert not mail.outbox


def test_a_stale_reschedule_is_refused_with_409_and_keeps_the_input(client, world, planned):
    client.force_login(world.users["aftercare"])
    services.conversation_schedule(
        actor=world.users["aftercare"],
        incident=world.incident_a,
        conversation=planned,
        scheduled_at=planned.scheduled_at + dt.timedelta(hours=1),
        version=planned.version,
    )
    response = client.post(
        reverse("aftercare:schedule", args=[planned.pk]),
        {
            "scheduled_at": local_input(planned.scheduled_at + dt.timedelta(days=2)),
            "duration_minutes": "50",
            "mode": "video",
            "place": "Teams-link volgt",
            "version": planned.version,
        },
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "Iemand anders heeft dit gesprek intussen gewijzigd" in body
    assert "Teams-link volgt" in body


def test_scheduling_in_the_past_rerenders_with_400(client, world, steps):
    client.force_login(world.users["aftercare"])
    response = client.post(
        reverse("aftercare:schedule_new", args=[world.incident_a.pk]),
        {
            "step": steps[0].pk,
            "employee": str(world.users["employee"].pk),
            "scheduled_at": local_input(timezone.now() - dt.timedelta(days=1)),
            "duration_minutes": "60",
            "mode": "in_person",
            "place": "Kamer 3.01",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Dit moment is al voorbij" in body
    assert "Kamer 3.01" in body
    assert not Conversation.objects.exists()


def test_a_talk_held_before_its_appointment_cancels_the_invitation(
    world, planned, django_capture_on_commit_callbacks
):
    worker = world.users["aftercare"]
    with django_capture_on_commit_callbacks(execute=True):
        services.conversation_invite(actor=worker, conversation=planned)
    with django_capture_on_commit_callbacks(execute=True):
        services.conversation_record(
            actor=worker,
            incident=world.incident_a,
            conversation=planned,
            held_at=timezone.now() - dt.timedelta(minutes=5),
            content={"secondary_victimisation": "none", "referral": "none", "facts": "Stoom afgeblazen."},
        )
    cancel = mail.outbox[-1]
    assert "vervalt" in cancel.subject
    name, ics, mimetype = cancel.attachments[0]
    assert mimetype == "text/calendar; method=CANCEL"
    calendar = Calendar.from_ical(ics)
    event = calendar.walk("VEVENT")[0]
    assert str(calendar["method"]) == "CANCEL" and str(event["status"]) == "CANCELLED"
    assert str(event["uid"]) == invitation_uid(planned) and int(event["sequence"]) == 1
    assert "Stoom" not in cancel.body
    # A queued invitation that runs after the talk sends nothing.
    sent = len(mail.outbox)
    send_invitation.call(planned.pk)
    assert len(mail.outbox) == sent
