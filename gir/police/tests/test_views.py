"""The police pages of an incident: recording a melding or aangifte, its copy, the course
of the case and the labour inspectorate notification (issue 6 items 1, 2, 6)."""

import datetime as dt

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

import pytest

from gir.audit.models import AuditAction, AuditEvent
from gir.police import services
from gir.police.constants import CaseStage, FiledBy, PoliceReportKind
from gir.police.models import CaseUpdate, LabourInspectorateNotice, PoliceReport
from gir.protocol.constants import StepKind, StepStatus

from .conftest import PDF_BYTES, local_input, pdf_upload


def form_data(incident, **overrides):
    data = {
        "kind": PoliceReportKind.AANGIFTE,
        "filed_by": FiledBy.EMPLOYER,
        "vpt_code": "on",
        "domicile": services.organisation_addresses()[0],
        "police_unit": "Basisteam Centrum",
        "reported_at": local_input(timezone.now() - dt.timedelta(hours=2)),
        "police_reference": "PL0900-2026123456",
        "no_aangifte_reason": "",
        "notes": "Aangifte samen met de medewerker.",
    }
    data.update(overrides)
    return data


def step(incident, kind):
    return incident.steps.filter(kind=kind).order_by("pk").last()


def record(incident, actor, kind=PoliceReportKind.AANGIFTE, **extra):
    return services.police_report_record(
        actor=actor,
        incident=incident,
        kind=kind,
        filed_by=FiledBy.EMPLOYER,
        vpt_code=True,
        domicile=services.organisation_addresses()[0],
        police_unit="Basisteam Centrum",
        reported_at=timezone.now() - dt.timedelta(hours=3),
        **extra,
    )


# --- The police page ---------------------------------------------------------------------


def test_page_explains_what_the_protocol_expects(client, world, incident):
    client.force_login(world.users["team_manager"])
    response = client.get(reverse("police:incident", args=[incident.pk]))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Het protocol verwacht hier aangifte." in body
    assert "meldcode VPT" in body
    assert services.organisation_addresses()[0] in body
    assert "coördinator" in body
    police_step = step(incident, StepKind.POLICE_REPORT)
    assert reverse("protocol:step", args=[police_step.pk]) in body
    assert "reden nodig" in body
    assert reverse("police:labour", args=[incident.pk]) in body
    assert reverse("police:dossier_pdf", args=[incident.pk]) in body
    assert reverse("police:dossier_zip", args=[incident.pk]) in body


def test_page_without_expected_aangifte(client, world):
    client.force_login(world.users["team_manager"])
    body = client.get(reverse("police:incident", args=[world.incident_a.pk])).content.decode()
    assert "Het protocol vraagt hier geen aangifte" in body
    assert "reden nodig" not in body


def test_page_lists_reports_with_copy_form_and_course(client, world, incident):
    report = record(incident, world.users["team_manager"], police_reference="PL-777")
    client.force_login(world.users["coordinator"])
    body = client.get(reverse("police:incident", args=[incident.pk])).content.decode()
    assert "PL-777" in body and "Basisteam Centrum" in body
    assert reverse("police:copy_add", args=[report.pk]) in body
    assert 'enctype="multipart/form-data"' in body
    assert reverse("police:case_update", args=[report.pk]) in body
    assert f'name="version" value="{report.version}"' in body
    assert "Aangifte opgenomen" in body


# --- Recording a melding or aangifte ----------------------------------------------------------


def test_get_form_defaults(client, world, incident):
    client.force_login(world.users["team_manager"])
    response = client.get(reverse("police:report_create", args=[incident.pk]))
    form = response.context["form"]
    assert response.status_code == 200
    assert form["domicile"].value() == services.default_domicile(incident)
    assert form["vpt_code"].value() is True
    assert "uitoefening van een publieke taak" in response.content.decode()
    assert 'type="datetime-local"' in response.content.decode()


def test_aangifte_completes_police_step_and_opens_copy_step(client, world, incident):
    client.force_login(world.users["team_manager"])
    response = client.post(reverse("police:report_create", args=[incident.pk]), form_data(incident))
    assert response.status_code == 302
    assert response["Location"] == reverse("police:incident", args=[incident.pk])
    report = PoliceReport.objects.get(incident=incident)
    assert report.kind == PoliceReportKind.AANGIFTE and report.vpt_code
    assert report.stage == CaseStage.FILED
    assert step(incident, StepKind.POLICE_REPORT).status == StepStatus.DONE
    assert step(incident, StepKind.POLICE_REPORT_COPY).status == StepStatus.OPEN
    assert AuditEvent.objects.filter(action=AuditAction.POLICE_REPORT_RECORDED).exists()
    followed = client.get(response["Location"])
    assert "vastgelegd" in followed.content.decode()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"reported_at": "BEFORE"}, "reported_at", "niet eerder zijn dan het incident"),
        ({"police_unit": ""}, "police_unit", "politie-eenheid"),
        ({"domicile": "Privéstraat 12, 1234 AB Voorbeeldstad"}, "domicile", "privéadres"),
        ({"reported_at": "FUTURE"}, "reported_at", "in de toekomst"),
        ({"reported_at": ""}, "reported_at", "Vul de datum en de tijd in"),
        ({"kind": ""}, "kind", "Kies aangifte of melding"),
    ],
)
def test_bad_input_is_refused_and_kept(client, world, incident, overrides, field, message):
    values = {
        "BEFORE": local_input(incident.occurred_at - dt.timedelta(hours=5)),
        "FUTURE": local_input(timezone.now() + dt.timedelta(days=2)),
    }
    overrides = {key: values.get(value, value) for key, value in overrides.items()}
    client.force_login(world.users["team_manager"])
    data = form_data(incident, **overrides)
    response = client.post(reverse("police:report_create", args=[incident.pk]), data)
    body = response.content.decode()
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert message in body
    assert "Niet opgeslagen" in body
    assert "Aangifte samen met de medewerker." in body  # typed input is kept
    assert "PL0900-2026123456" in body
    if field != "police_unit":
        assert 'value="Basisteam Centrum"' in body
    assert not PoliceReport.objects.exists()
    assert step(incident, StepKind.POLICE_REPORT).status == StepStatus.OPEN


def test_melding_where_aangifte_expected_needs_reason(client, world, incident):
    client.force_login(world.users["team_manager"])
    url = reverse("police:report_create", args=[incident.pk])
    data = form_data(incident, kind=PoliceReportKind.MELDING)
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "Schrijf op waarom het bij een melding blijft" in refused.content.decode()
    data["no_aangifte_reason"] = "Medewerker wil geen aangifte; politie adviseerde een melding."
    assert client.post(url, data).status_code == 302
    report = PoliceReport.objects.get(incident=incident)
    assert report.no_aangifte_reason.startswith("Medewerker wil")
    police_step = step(incident, StepKind.POLICE_REPORT)
    assert police_step.status == StepStatus.DONE and police_step.outcome == PoliceReportKind.MELDING
    assert not incident.steps.filter(kind=StepKind.POLICE_REPORT_COPY).exists()


def test_melding_without_reason_where_no_aangifte_expected(client, world):
    client.force_login(world.users["team_manager"])
    data = form_data(world.incident_a, kind=PoliceReportKind.MELDING)
    data["reported_at"] = local_input(timezone.now() - dt.timedelta(minutes=5))
    response = client.post(reverse("police:report_create", args=[world.incident_a.pk]), data)
    assert response.status_code == 302


# --- The copy ---------------------------------------------------------------------------------


def test_copy_completes_step_and_mails_coordinator(
    client, world, incident, django_capture_on_commit_callbacks
):
    report = record(incident, world.users["team_manager"])
    client.force_login(world.users["team_manager"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("police:copy_add", args=[report.pk]), {"copy": pdf_upload()})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.copy and report.copy_content_type == "application/pdf"
    assert step(incident, StepKind.POLICE_REPORT_COPY).status == StepStatus.DONE
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert world.users["coordinator"].email in message.to
    assert reverse("police:incident", args=[incident.pk]) in message.body
    assert incident.description not in message.body
    assert "Piet Dader" not in message.body and "Jan Getuige" not in message.body


def test_copy_download_is_attachment_and_logged(client, world, incident):
    report = record(incident, world.users["team_manager"])
    services.police_copy_add(actor=world.users["team_manager"], report=report, upload=pdf_upload("pv.pdf"))
    client.force_login(world.users["coordinator"])
    page = client.get(reverse("police:incident", args=[incident.pk])).content.decode()
    assert reverse("police:copy_download", args=[report.pk]) in page
    assert 'action="{}"'.format(reverse("police:copy_add", args=[report.pk])) not in page
    response = client.get(reverse("police:copy_download", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert "pv.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert AuditEvent.objects.filter(
        action=AuditAction.POLICE_COPY_DOWNLOADED, actor=world.users["coordinator"]
    ).exists()


def test_copy_download_without_copy_is_404(client, world, incident):
    report = record(incident, world.users["team_manager"])
    client.force_login(world.users["coordinator"])
    assert client.get(reverse("police:copy_download", args=[report.pk])).status_code == 404


def test_copy_of_wrong_type_is_refused(client, world, incident):
    report = record(incident, world.users["team_manager"])
    client.force_login(world.users["team_manager"])
    upload = SimpleUploadedFile("kopie.txt", b"gewoon tekst, geen pdf", content_type="text/plain")
    response = client.post(reverse("police:copy_add", args=[report.pk]), {"copy": upload})
    assert response.status_code == 400
    assert "geen PDF of foto" in response.content.decode()
    report.refresh_from_db()
    assert not report.copy


# --- The course of the case -----------------------------------------------------------------


def test_final_stage_needs_outcome(client, world, incident):
    report = record(incident, world.users["team_manager"])
    client.force_login(world.users["team_manager"])
    url = reverse("police:case_update", args=[report.pk])
    today = timezone.localdate().isoformat()
    data = {"stage": CaseStage.DISMISSED, "on": today, "outcome": "", "version": report.version}
    refused = client.post(url, data)
    assert refused.status_code == 400
    assert "Schrijf de uitkomst op" in refused.content.decode()
    assert report.updates.count() == 1
    data["outcome"] = "Sepot: onvoldoende bewijs."
    assert client.post(url, data).status_code == 302
    report.refresh_from_db()
    assert report.stage == CaseStage.DISMISSED
    assert report.updates.last().outcome == "Sepot: onvoldoende bewijs."
    assert AuditEvent.objects.filter(action=AuditAction.POLICE_CASE_UPDATED).exists()


def test_melding_has_no_course(client, world, incident):
    manager = world.users["team_manager"]
    report = record(incident, manager, kind=PoliceReportKind.MELDING, no_aangifte_reason="X")
    client.force_login(world.users["team_manager"])
    page = client.get(reverse("police:incident", args=[incident.pk])).content.decode()
    assert reverse("police:case_update", args=[report.pk]) not in page
    today = timezone.localdate().isoformat()
    data = {"stage": CaseStage.INVESTIGATED, "on": today, "version": report.version}
    response = client.post(reverse("police:case_update", args=[report.pk]), data)
    assert response.status_code == 400
    assert "hoort bij een aangifte" in response.content.decode()
    assert not CaseUpdate.objects.filter(report=report).exists()


def test_stale_version_is_409_and_saves_nothing(client, world, incident):
    report = record(incident, world.users["team_manager"])
    stale = report.version
    services.police_case_update(
        actor=world.users["coordinator"],
        report=report,
        stage=CaseStage.INVESTIGATED,
        on=timezone.localdate(),
        version=stale,
    )
    client.force_login(world.users["team_manager"])
    data = {"stage": CaseStage.PROSECUTED, "on": timezone.localdate().isoformat(), "version": stale}
    response = client.post(reverse("police:case_update", args=[report.pk]), data)
    body = response.content.decode()
    assert response.status_code == 409
    assert "Iemand anders heeft deze zaak intussen gewijzigd" in body and "niets opgeslagen" in body
    report.refresh_from_db()
    assert report.stage == CaseStage.INVESTIGATED
    assert report.updates.count() == 2
    # The form now carries the current version: after a look, saving again works.
    assert f'name="version" value="{report.version}"' in body
    data["version"] = report.version
    assert client.post(reverse("police:case_update", args=[report.pk]), data).status_code == 302


def test_case_update_date_in_future_keeps_input(client, world, incident):
    report = record(incident, world.users["team_manager"])
    client.force_login(world.users["team_manager"])
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    data = {"stage": CaseStage.CONVICTED, "on": future, "outcome": "Taakstraf 40 uur"}
    data["version"] = report.version
    response = client.post(reverse("police:case_update", args=[report.pk]), data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "in de toekomst" in body
    assert "Taakstraf 40 uur" in body and future in body


# --- The labour inspectorate --------------------------------------------------------------------


def test_labour_notice_completes_its_step(client, world, incident):
    client.force_login(world.users["team_manager"])
    url = reverse("police:labour", args=[incident.pk])
    assert client.get(url).status_code == 200
    data = {"notified_at": local_input(timezone.now() - dt.timedelta(hours=1)), "reference": "NLA-123"}
    response = client.post(url, data)
    assert response.status_code == 302
    assert LabourInspectorateNotice.objects.get(incident=incident).reference == "NLA-123"
    assert step(incident, StepKind.LABOUR_INSPECTORATE).status == StepStatus.DONE
    shown = client.get(url).content.decode()
    assert "NLA-123" in shown and "<form" not in shown.split("<main", 1)[-1].split("</main>")[0]
    page = client.get(reverse("police:incident", args=[incident.pk])).content.decode()
    assert "NLA-123" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reference": "", "notified_at": "RECENT"}, "Vul het kenmerk in"),
        ({"reference": "NLA-1", "notified_at": "BEFORE"}, "niet eerder zijn dan het incident"),
        ({"reference": "NLA-1", "notified_at": ""}, "Vul de datum en de tijd in"),
    ],
)
def test_labour_notice_refuses_bad_input(client, world, incident, data, message):
    values = {
        "RECENT": local_input(timezone.now() - dt.timedelta(hours=1)),
        "BEFORE": local_input(incident.occurred_at - dt.timedelta(days=1)),
    }
    data = {key: values.get(value, value) for key, value in data.items()} | {"notes": "Gebeld met NLA"}
    client.force_login(world.users["team_manager"])
    response = client.post(reverse("police:labour", args=[incident.pk]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert "Gebeld met NLA" in response.content.decode()
    assert not LabourInspectorateNotice.objects.exists()
    assert step(incident, StepKind.LABOUR_INSPECTORATE).status == StepStatus.OPEN


# --- The section on the incident page ---------------------------------------------------------------


def test_section_on_incident_page(client, world, incident):
    from gir.police.sections import police_section

    record(incident, world.users["team_manager"], police_reference="PL-555")
    assert police_section(world.users["employee"], incident) is None
    assert police_section(world.users["aftercare"], incident) is None
    section = police_section(world.users["team_manager"], incident)
    assert [r.police_reference for r in section["reports"]] == ["PL-555"]
    client.force_login(world.users["team_manager"])
    body = client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    assert 'aria-labelledby="police-title"' in body and "PL-555" in body
    assert reverse("police:incident", args=[incident.pk]) in body
    client.force_login(world.users["employee"])
    body = client.get(reverse("incidents:detail", args=[incident.pk])).content.decode()
    assert 'aria-labelledby="police-title"' not in body
