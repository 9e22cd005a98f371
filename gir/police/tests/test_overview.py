"""The overview of meldingen and aangiftes for legal and the coordinator."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from gir.incidents.tests.factories import IncidentFactory
from gir.police import services
from gir.police.constants import CaseStage, FiledBy, PoliceReportKind
from gir.police.models import PoliceReport


def add_reports(world, count: int, kind=PoliceReportKind.AANGIFTE) -> None:
    for number in range(count):
        incident = IncidentFactory(reporter=world.users["employee"], team=world.team_a)
        services.police_report_record(
            actor=world.users["coordinator"],
            incident=incident,
            kind=kind,
            filed_by=FiledBy.EMPLOYER,
            vpt_code=True,
            domicile=services.organisation_addresses()[0],
            police_unit=f"Bureau {number}",
            reported_at=timezone.now() - dt.timedelta(minutes=number + 1),
            no_aangifte_reason="Geen aangifte nodig" if kind == PoliceReportKind.MELDING else "",
        )


def queries_for(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("police:overview"))
    assert response.status_code == 200
    return len(captured)


def test_query_count_does_not_grow_with_rows(client, world):
    client.force_login(world.users["legal"])
    add_reports(world, 3)
    few = queries_for(client)
    add_reports(world, 3)
    assert PoliceReport.objects.count() == 6
    assert queries_for(client) == few


def test_columns_filters_and_damage_link(client, world):
    add_reports(world, 2)
    add_reports(world, 1, kind=PoliceReportKind.MELDING)
    client.force_login(world.users["coordinator"])
    response = client.get(reverse("police:overview"))
    body = response.content.decode()
    assert reverse("damage:overview") in body and "Schade" in body
    assert "Bureau 0" in body and "Melding (geen aangifte)" in body
    first = PoliceReport.objects.first()
    assert reverse("police:incident", args=[first.incident_id]) in body
    only_meldingen = client.get(reverse("police:overview"), {"kind": PoliceReportKind.MELDING})
    assert [r.kind for r in only_meldingen.context["reports"]] == [PoliceReportKind.MELDING]
    filed = client.get(reverse("police:overview"), {"stage": CaseStage.FILED})
    assert len(filed.context["reports"]) == 2
    dismissed = client.get(reverse("police:overview"), {"stage": CaseStage.DISMISSED})
    assert "Geen meldingen of aangiftes die hierbij passen" in dismissed.content.decode()


def test_paginated_by_fifty(client, world):
    add_reports(world, 51)
    client.force_login(world.users["coordinator"])
    first = client.get(reverse("police:overview"))
    assert len(first.context["reports"]) == 50
    second = client.get(reverse("police:overview"), {"pagina": 2})
    assert len(second.context["reports"]) == 1
