"""Who reaches the police pages: the handlers of the incident and legal (outside the
restricted track); nobody else, and a refused object page says nothing about it."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

import pytest

from gir.police import services
from gir.police.constants import FiledBy, PoliceReportKind

ALLOWED_A = ["team_manager", "coordinator", "legal"]
REFUSED_A = [
    "employee",
    "employee_b",
    "aftercare",
    "reception",
    "director",
    "mayor",
    "clerk",
    "administrator",
]
INCIDENT_PAGES = ["police:incident", "police:report_create", "police:labour", "police:dossier_pdf"]


@pytest.fixture
def aangifte_a(world):
    return services.police_report_record(
        actor=world.users["team_manager"],
        incident=world.incident_a,
        kind=PoliceReportKind.AANGIFTE,
        filed_by=FiledBy.EMPLOYER,
        vpt_code=True,
        domicile=services.organisation_addresses()[0],
        police_unit="Basisteam Centrum",
        reported_at=timezone.now() - dt.timedelta(minutes=5),
    )


@pytest.mark.parametrize("persona", ALLOWED_A)
@pytest.mark.parametrize("name", INCIDENT_PAGES)
def test_handlers_and_legal_reach_incident_pages(client, world, persona, name):
    client.force_login(world.users[persona])
    assert client.get(reverse(name, args=[world.incident_a.pk])).status_code == 200


@pytest.mark.parametrize("persona", REFUSED_A)
@pytest.mark.parametrize("name", INCIDENT_PAGES)
def test_others_get_404(client, world, persona, name):
    client.force_login(world.users[persona])
    response = client.get(reverse(name, args=[world.incident_a.pk]))
    assert response.status_code == 404
    assert world.incident_a.reference not in response.content.decode()


@pytest.mark.parametrize("persona", REFUSED_A)
def test_others_cannot_touch_a_report(client, world, persona, aangifte_a):
    client.force_login(world.users[persona])
    assert client.post(reverse("police:case_update", args=[aangifte_a.pk])).status_code == 404
    assert client.post(reverse("police:copy_add", args=[aangifte_a.pk])).status_code == 404
    assert client.get(reverse("police:copy_download", args=[aangifte_a.pk])).status_code == 404


def test_anonymous_is_sent_to_log_in(client, world):
    response = client.get(reverse("police:incident", args=[world.incident_a.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("persona", "status"),
    [("legal", 404), ("team_manager", 404), ("mayor", 200), ("clerk", 200), ("coordinator", 200)],
)
def test_restricted_incident(client, world, persona, status):
    client.force_login(world.users[persona])
    assert client.get(reverse("police:incident", args=[world.restricted.pk])).status_code == status


def test_draft_is_nobodys_police_file(client, world):
    client.force_login(world.users["coordinator"])
    assert client.get(reverse("police:incident", args=[world.draft_a.pk])).status_code == 404


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("coordinator", 200),
        ("legal", 200),
        ("team_manager", 403),
        ("employee", 403),
        ("aftercare", 403),
        ("reception", 403),
        ("director", 403),
        ("mayor", 403),
    ],
)
def test_overview_only_for_legal_and_coordinator(client, world, persona, status):
    client.force_login(world.users[persona])
    assert client.get(reverse("police:overview")).status_code == status


def test_legal_overview_leaves_out_restricted(client, world):
    for incident in (world.incident_a, world.restricted):
        services.police_report_record(
            actor=world.users["coordinator"],
            incident=incident,
            kind=PoliceReportKind.AANGIFTE,
            filed_by=FiledBy.EMPLOYER,
            vpt_code=True,
            domicile=services.organisation_addresses()[0],
            police_unit="Basisteam Centrum",
            reported_at=timezone.now() - dt.timedelta(minutes=5),
        )
    client.force_login(world.users["legal"])
    body = client.get(reverse("police:overview")).content.decode()
    assert world.incident_a.reference in body
    assert world.restricted.reference not in body
    client.force_login(world.users["coordinator"])
    body = client.get(reverse("police:overview")).content.decode()
    assert world.restricted.reference in body
