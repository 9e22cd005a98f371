"""Issue 7 in a real browser: the coordinator reads the dashboard and downloads the
quarterly PDF and the XLSX, a director sees the same figures with small cells hidden,
and the example spreadsheet imports after a dry run."""

import datetime as dt
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from gir.accounts.constants import Role, UnitKind
from gir.accounts.models import OrganisationUnit, User
from gir.accounts.tests.factories import LocationFactory, OrganisationUnitFactory, UserFactory
from gir.core.clock import AMSTERDAM
from gir.demo.organisation import ORGANISATION_PLAN
from gir.incidents.constants import Setting
from gir.incidents.models import Incident
from gir.protocol.tests.helpers import report

from .conftest import PASSWORD

EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "examples" / "registratie-voorbeeld.xlsx"
OCTOBER = "van=2026-10-01&tot=2026-10-31"


@pytest.fixture
def organisation(employee: User) -> None:
    """The demo's departments and teams (the example file names them), a coordinator and a
    director, and ten incidents in October: three by phone, seven at the counter."""
    root = OrganisationUnitFactory(name="Gemeente Heerlen (demo)", kind=UnitKind.ORGANISATION)
    for directorate_name, departments in ORGANISATION_PLAN:
        directorate = OrganisationUnitFactory(name=directorate_name, kind=UnitKind.DIRECTORATE, parent=root)
        for department_name, teams in departments:
            department = OrganisationUnitFactory(
                name=department_name, kind=UnitKind.DEPARTMENT, parent=directorate
            )
            for name in teams:
                # The employee's own team ("Publiekszaken") moves under its department.
                existing = OrganisationUnit.objects.filter(name=name).first()
                if existing is not None:
                    OrganisationUnit.objects.filter(pk=existing.pk).update(
                        parent=department, kind=UnitKind.TEAM
                    )
                else:
                    OrganisationUnitFactory(name=name, kind=UnitKind.TEAM, parent=department)
    LocationFactory(name="Raadhuis")
    UserFactory(
        username="coordinator",
        first_name="Cora",
        last_name="Jansen",
        roles=[Role.COORDINATOR],
        password=PASSWORD,
    )
    UserFactory(
        username="directie", first_name="Dirk", last_name="Visser", roles=[Role.DIRECTOR], password=PASSWORD
    )
    moment = dt.datetime(2026, 10, 5, 10, tzinfo=AMSTERDAM)
    for setting, count in ((Setting.PHONE, 3), (Setting.COUNTER, 7)):
        for _ in range(count):
            report(employee, occurred_at=moment, setting=setting)


def _download(page: Page, name: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=name).first.click()
    path = info.value.path()
    assert path is not None
    return Path(path).read_bytes()


def test_dashboard_downloads_suppression_and_import(organisation: None, page_for, screenshot) -> None:
    # The coordinator: real numbers, charts with their tables, links to the incidents.
    coordinator = page_for("coordinator")
    coordinator.goto(f"/rapportages/?{OCTOBER}")
    expect(coordinator.get_by_role("heading", name="Rapportages", exact=True)).to_be_visible()
    setting = coordinator.locator(
        "section", has=coordinator.get_by_role("heading", name="Situatie", exact=True)
    )
    expect(setting.locator("svg[role=img]")).to_be_visible()
    expect(setting.get_by_role("link", name="3", exact=True)).to_be_visible()
    screenshot(coordinator, "dashboard-coordinator")
    book = load_workbook(
        io.BytesIO(_download(coordinator, "Alle tabellen van deze pagina (Excel)")), read_only=True
    )
    assert {row[0]: row[1] for row in book["setting"].values}[str(Setting.PHONE.label)] == "3"
    coordinator.goto("/rapportages/?van=2026-10-01&tot=2026-10-31")
    quarterly = _download(coordinator, "Kwartaaloverzicht van het vorige kwartaal (PDF)")
    assert PdfReader(io.BytesIO(quarterly)).pages
    fourth = coordinator.request.get("/rapportages/kwartaaloverzicht.pdf?jaar=2026&kwartaal=4")
    assert fourth.ok and fourth.headers["content-type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(fourth.body())).pages)
    assert "Kwartaaloverzicht" in text and "Situatie" in text

    # The director: the same figures, the small cell hidden, no way to the incidents.
    director = page_for("directie")
    # A director asks for a calendar quarter of the whole organisation (ADR 0022).
    director.goto("/rapportages/?van=2026-10&tot=2026-12")
    table = director.locator("section", has=director.get_by_role("heading", name="Situatie", exact=True))
    phone_row = table.locator("tr", has=director.get_by_role("rowheader", name=str(Setting.PHONE.label)))
    expect(phone_row.locator("td").first).to_have_text("*")
    assert table.get_by_role("link").count() == 0
    assert "werkvoorraad" not in director.content()
    screenshot(director, "dashboard-director")

    # The example spreadsheet: upload, columns, dry run, import.
    before = Incident.objects.count()
    coordinator.goto("/import/")
    coordinator.locator("input[type=file]").set_input_files(str(EXAMPLE))
    coordinator.get_by_role("button", name="Uploaden").click()
    coordinator.get_by_role("button", name="Controleren (er wordt nog niets geïmporteerd)").click()
    expect(coordinator.get_by_role("button", name="Importeren")).to_be_visible()
    screenshot(coordinator, "import-dry-run")
    assert Incident.objects.count() == before
    coordinator.get_by_role("button", name="Importeren").click()
    expect(coordinator.get_by_role("link", name="Naar de werkvoorraad")).to_be_visible()
    imported = Incident.objects.filter(imported_at__isnull=False)
    assert imported.count() == 30 == Incident.objects.count() - before
