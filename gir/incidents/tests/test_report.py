"""The report form: the two-minute core, drafts, bad input, evidence, mail and history."""

import datetime as dt
import io

from django.core import mail
from django.urls import reverse
from django.utils import timezone

import pytest

from gir.audit.models import AuditAction, AuditEvent
from gir.incidents.constants import IncidentStatus, ReporterRole
from gir.incidents.models import Evidence, Incident

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7V\xbd\xfa\x00\x00"
    b"\x00\x00IEND\xaeB`\x82"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def core(**extra):
    data = {
        "action": "submit",
        # An hour ago as the clock says it (wall-clock arithmetic could land in the hour
        # that does not exist when summer time starts).
        "occurred_at": timezone.localtime(timezone.now() - dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
        "setting": "counter",
        "description": "Een klant schreeuwde en noemde mij een sukkel.",
        "behaviour_kinds": ["verbal"],
        "reporter_role": ReporterRole.VICTIM,
    }
    data.update(extra)
    return data


def upload(name, content):
    handle = io.BytesIO(content)
    handle.name = name
    return handle


@pytest.fixture
def employee_client(client, world):
    client.force_login(world.users["employee"])
    return client


def test_submit_core_only_creates_a_report_in_the_employees_team(employee_client, world):
    response = employee_client.post(reverse("incidents:create"), core())
    incident = Incident.objects.latest("pk")
    assert response.status_code == 302
    assert response["Location"] == reverse("incidents:detail", args=[incident.pk])
    assert incident.status == IncidentStatus.REPORTED
    assert incident.submitted_at is not None
    assert incident.team == world.team_a
    assert list(incident.victims.values_list("user__username", flat=True)) == ["employee"]
    assert list(incident.behaviours.values_list("kind", flat=True)) == ["verbal"]


def test_report_appears_under_my_reports_with_status(employee_client):
    employee_client.post(reverse("incidents:create"), core())
    incident = Incident.objects.latest("pk")
    page = employee_client.get(reverse("incidents:mine")).content.decode()
    assert incident.reference in page
    assert "Gemeld" in page


def test_team_manager_gets_a_mail_with_a_link_and_no_details(
    employee_client, world, django_capture_on_commit_callbacks
):
    world.users["team_manager"].email = "manager@gemeente.example"
    world.users["team_manager"].save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        employee_client.post(reverse("incidents:create"), core(description="Meneer Jansen sloeg mij"))
    incident = Incident.objects.latest("pk")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["manager@gemeente.example"]
    assert f"/meldingen/{incident.pk}/" in message.body
    assert "Jansen" not in message.body + message.subject
    assert "sukkel" not in message.body


def test_restricted_report_goes_to_mayor_clerk_and_coordinator(
    employee_client, world, django_capture_on_commit_callbacks
):
    for name in ("mayor", "clerk", "coordinator", "team_manager"):
        world.users[name].email = f"{name}@gemeente.example"
        world.users[name].save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        employee_client.post(
            reverse("incidents:create"),
            core(
                reporter_role=ReporterRole.WITNESS,
                victim_name="Wethouder De Vries",
                victim_is_political="on",
            ),
        )
    incident = Incident.objects.latest("pk")
    assert incident.is_restricted
    recipients = sorted(address for m in mail.outbox for address in m.to)
    assert recipients == [
        "clerk@gemeente.example",
        "coordinator@gemeente.example",
        "mayor@gemeente.example",
    ]


def test_draft_needs_nothing_and_is_finished_later(
    employee_client, world, django_capture_on_commit_callbacks
):
    world.users["team_manager"].email = "manager@gemeente.example"
    world.users["team_manager"].save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = employee_client.post(
            reverse("incidents:create"),
            {"action": "draft", "description": "Half verhaal", "reporter_role": "victim"},
        )
    draft = Incident.objects.latest("pk")
    assert response.status_code == 302
    assert draft.status == IncidentStatus.DRAFT
    assert mail.outbox == []
    edit = employee_client.get(reverse("incidents:edit", args=[draft.pk]))
    assert "Half verhaal" in edit.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        employee_client.post(reverse("incidents:edit", args=[draft.pk]), core(version=draft.version))
    draft.refresh_from_db()
    assert draft.status == IncidentStatus.REPORTED
    assert [m.to for m in mail.outbox] == [["manager@gemeente.example"]]


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("occurred_at", "Vul in wanneer het gebeurde."),
        ("setting", "Kies waar of hoe het gebeurde."),
        ("description", "Beschrijf kort wat er gebeurde."),
        ("behaviour_kinds", "Kies minstens één soort gedrag."),
    ],
)
def test_missing_core_field_is_named_and_the_rest_is_kept(employee_client, missing, message):
    data = core(witnesses="Collega Piet zag het")
    data.pop(missing)
    response = employee_client.post(reverse("incidents:create"), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert "Collega Piet zag het" in page
    assert not Incident.objects.filter(witnesses="Collega Piet zag het").exists()


def test_future_date_is_refused(employee_client):
    future = (timezone.localtime() + dt.timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
    response = employee_client.post(reverse("incidents:create"), core(occurred_at=future))
    assert "Dit tijdstip ligt in de toekomst" in response.content.decode()
    assert "Een klant schreeuwde" in response.content.decode()


def test_unknown_location_is_refused(employee_client):
    response = employee_client.post(reverse("incidents:create"), core(location="999999"))
    assert response.status_code == 400
    assert "Selecteer een geldige keuze" in response.content.decode()


def test_witness_must_name_the_victim(employee_client):
    response = employee_client.post(reverse("incidents:create"), core(reporter_role=ReporterRole.WITNESS))
    assert "Kies de collega die het overkwam" in response.content.decode()


def test_employee_cannot_report_on_behalf(employee_client, world):
    response = employee_client.post(
        reverse("incidents:create"),
        core(reporter_role=ReporterRole.ON_BEHALF, victim_user=world.users["employee_b"].pk),
    )
    assert response.status_code == 400
    assert not Incident.objects.filter(reporter_role=ReporterRole.ON_BEHALF).exists()


def test_manager_reports_on_behalf_of_a_team_member(client, world):
    client.force_login(world.users["team_manager"])
    response = client.post(
        reverse("incidents:create"),
        core(reporter_role=ReporterRole.ON_BEHALF, victim_user=world.users["employee"].pk),
    )
    assert response.status_code == 302
    incident = Incident.objects.latest("pk")
    assert incident.team == world.team_a
    assert [v.user for v in incident.victims.all()] == [world.users["employee"]]
    # the employee sees the report made on their behalf
    client.force_login(world.users["employee"])
    assert incident.reference in client.get(reverse("incidents:mine")).content.decode()


def test_tampered_victim_from_another_team_is_refused(client, world):
    client.force_login(world.users["team_manager"])
    response = client.post(
        reverse("incidents:create"),
        core(reporter_role=ReporterRole.ON_BEHALF, victim_user=world.users["employee_b"].pk),
    )
    assert response.status_code == 400
    assert "Selecteer een geldige keuze" in response.content.decode()


def test_tampered_edit_of_another_teams_incident_is_404_without_details(client, world):
    client.force_login(world.users["team_manager"])
    response = client.post(reverse("incidents:edit", args=[world.incident_b.pk]), core())
    assert response.status_code == 404
    assert "Duwen B" not in response.content.decode()
    assert world.incident_b.reference not in response.content.decode()


def test_evidence_is_stored_with_hash_and_served_through_access_check(employee_client, world):
    response = employee_client.post(
        reverse("incidents:create"),
        core(evidence_files=[upload("screenshot.png", PNG), upload("brief.pdf", PDF)]),
    )
    assert response.status_code == 302
    incident = Incident.objects.latest("pk")
    items = {e.original_name: e for e in incident.evidence.all()}
    assert items["screenshot.png"].content_type == "image/png"
    assert items["brief.pdf"].content_type == "application/pdf"
    import hashlib

    assert items["screenshot.png"].sha256 == hashlib.sha256(PNG).hexdigest()
    assert (
        items["screenshot.png"].sha256
        in employee_client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    )
    url = reverse("incidents:evidence_download", args=[incident.pk, items["screenshot.png"].pk])
    download = employee_client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PNG
    assert AuditEvent.objects.filter(action=AuditAction.EVIDENCE_DOWNLOADED).exists()
    employee_client.force_login(world.users["employee_b"])
    assert employee_client.get(url).status_code == 404
    # not reachable under a public media URL
    assert "/media/" not in items["screenshot.png"].file.name


def test_evidence_type_is_checked_by_content_not_name(employee_client):
    response = employee_client.post(
        reverse("incidents:create"),
        core(evidence_files=[upload("foto.png", b"MZ\x90\x00 this is a windows executable")]),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "is geen foto, PDF, geluid, video of e-mail" in page
    assert "Een klant schreeuwde" in page
    assert not Evidence.objects.exists()


def test_evidence_too_large_is_refused(employee_client, settings):
    settings.GIR_EVIDENCE_MAX_BYTES = 100
    response = employee_client.post(
        reverse("incidents:create"), core(evidence_files=[upload("groot.pdf", PDF + b"x" * 200)])
    )
    assert "is te groot" in response.content.decode()
    assert not Incident.objects.filter(description__startswith="Een klant").exists()


def test_email_file_is_accepted(employee_client):
    eml = (
        b"From: boos@example.org\r\nTo: balie@gemeente.example\r\nSubject: dreiging\r\n"
        b"Date: Mon, 23 Nov 2026 10:00:00 +0100\r\nMessage-ID: <1@example.org>\r\n\r\n"
        b"Ik weet waar je woont.\r\n"
    )
    employee_client.post(reverse("incidents:create"), core(evidence_files=[upload("mail.eml", eml)]))
    assert Evidence.objects.get().content_type == "message/rfc822"


def test_changes_are_kept_in_a_history_the_coordinator_reads(client, world):
    client.force_login(world.users["employee"])
    incident = world.incident_a
    client.post(
        reverse("incidents:edit", args=[incident.pk]),
        core(description="Aangevulde beschrijving", version=incident.version),
    )
    client.force_login(world.users["coordinator"])
    page = client.get(reverse("incidents:history", args=[incident.pk])).content.decode()
    assert "Gewijzigd" in page
    assert "Aangevulde beschrijving" in page
    assert "Schelden A" in page
    client.force_login(world.users["employee"])
    assert client.get(reverse("incidents:history", args=[incident.pk])).status_code == 404


def test_concurrent_edit_is_refused_and_keeps_the_typed_text(client, world):
    incident = world.incident_a
    client.force_login(world.users["team_manager"])
    first = client.post(
        reverse("incidents:edit", args=[incident.pk]),
        core(description="Versie van de manager", version=incident.version),
    )
    assert first.status_code == 302
    client.force_login(world.users["employee"])
    second = client.post(
        reverse("incidents:edit", args=[incident.pk]),
        core(description="Versie van de medewerker", version=incident.version),
    )
    assert second.status_code == 400
    page = second.content.decode()
    assert "Iemand anders heeft deze melding intussen gewijzigd" in page
    assert "Versie van de medewerker" in page
    incident.refresh_from_db()
    assert incident.description == "Versie van de manager"


def test_reading_perpetrator_data_is_audit_logged(client, world):
    world.incident_a.perpetrator_name = "J. Jansen"
    world.incident_a.save()
    client.force_login(world.users["team_manager"])
    page = client.get(reverse("incidents:detail", args=[world.incident_a.pk])).content.decode()
    assert "J. Jansen" in page
    assert AuditEvent.objects.filter(
        action=AuditAction.PERPETRATOR_READ,
        actor=world.users["team_manager"],
        target_id=str(world.incident_a.pk),
    ).exists()


def test_opening_an_incident_is_audit_logged_and_a_refusal_is_not(client, world):
    """Issue 17 item 7: the privacy officer sees who read which incident."""
    coordinator, employee_b = world.users["coordinator"], world.users["employee_b"]
    client.force_login(coordinator)
    assert client.get(reverse("incidents:detail", args=[world.incident_a.pk])).status_code == 200
    client.force_login(employee_b)
    assert client.get(reverse("incidents:detail", args=[world.incident_a.pk])).status_code in (403, 404)
    reads = AuditEvent.objects.filter(action=AuditAction.INCIDENT_READ, target_id=str(world.incident_a.pk))
    assert list(reads.values_list("actor", flat=True)) == [coordinator.pk]


def test_detail_orders_facts_by_the_seven_ws(employee_client, world):
    page = employee_client.get(reverse("incidents:detail", args=[world.incident_a.pk])).content.decode()
    positions = [
        page.index(f"<dt>{w}")
        for w in (
            "Wanneer",
            "Waar",
            "Wie (slachtoffer)",
            "Wat",
            "Waarmee",
            "Op welke wijze",
            "Waarom",
        )
    ]
    assert positions == sorted(positions)


def test_get_never_changes_anything(employee_client, world):
    before = AuditEvent.objects.filter(action__in=[AuditAction.CREATED, AuditAction.UPDATED]).count()
    for name in ("incidents:create", "incidents:mine"):
        employee_client.get(reverse(name))
    employee_client.get(reverse("incidents:edit", args=[world.draft_a.pk]))
    after = AuditEvent.objects.filter(action__in=[AuditAction.CREATED, AuditAction.UPDATED]).count()
    assert before == after
    assert (
        employee_client.get(reverse("incidents:evidence_add", args=[world.incident_a.pk])).status_code == 405
    )


def test_a_manager_who_is_the_victim_is_handled_by_their_own_team(client, world):
    from gir.accounts.constants import MembershipRole
    from gir.accounts.tests.factories import TeamMembershipFactory

    manager = world.users["team_manager"]
    TeamMembershipFactory(user=manager, team=world.team_b, role=MembershipRole.MEMBER)
    client.force_login(manager)
    client.post(reverse("incidents:create"), core())
    assert Incident.objects.latest("pk").team == world.team_b


def test_a_handler_can_edit_a_report_made_on_someones_behalf(client, world):
    client.force_login(world.users["team_manager"])
    client.post(
        reverse("incidents:create"),
        core(reporter_role=ReporterRole.ON_BEHALF, victim_user=world.users["employee"].pk),
    )
    incident = Incident.objects.latest("pk")
    client.force_login(world.users["coordinator"])
    edit_page = client.get(reverse("incidents:edit", args=[incident.pk])).content.decode()
    assert f'value="{world.users["employee"].pk}" selected' in edit_page
    response = client.post(
        reverse("incidents:edit", args=[incident.pk]),
        core(
            description="Aangevuld door de coördinator",
            reporter_role=ReporterRole.ON_BEHALF,
            victim_user=world.users["employee"].pk,
            version=incident.version,
        ),
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.description == "Aangevuld door de coördinator"
    assert incident.reporter == world.users["team_manager"]
    assert [v.user for v in incident.victims.all()] == [world.users["employee"]]


def test_evidence_added_later_is_checked_and_logged(employee_client, world):
    url = reverse("incidents:evidence_add", args=[world.incident_a.pk])
    refused = employee_client.post(url, {"evidence_files": [upload("x.pdf", b"not a pdf at all")]})
    assert refused.status_code == 400
    assert "is geen foto, PDF, geluid, video of e-mail" in refused.content.decode()
    added = employee_client.post(url, {"evidence_files": [upload("brief.pdf", PDF)]})
    assert added.status_code == 302
    assert world.incident_a.evidence.get().original_name == "brief.pdf"
    assert AuditEvent.objects.filter(
        action=AuditAction.EVIDENCE_ADDED, target_id=str(world.incident_a.pk)
    ).exists()
