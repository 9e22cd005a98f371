"""Issue 5 in a real browser: from a repeat incident to a decided ban with its letters,
and reception finds the person even with a misspelt name."""

import datetime as dt
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils import timezone

import pytest
from docx import Document
from playwright.sync_api import Browser, Locator, Page, expect
from pypdf import PdfReader

from gir.accounts.constants import MembershipRole, Role
from gir.accounts.models import User
from gir.accounts.tests.factories import TeamMembershipFactory, UserFactory
from gir.incidents.constants import BehaviourKind
from gir.incidents.models import Incident
from gir.perpetrators import services
from gir.perpetrators.constants import Hearing, MeasureKind, MeasureStatus
from gir.perpetrators.models import Measure, Perpetrator
from gir.protocol.tests.helpers import report

from .conftest import PASSWORD, VIEWPORTS

NAME = "Ronald Verbeek"
MISSPELT = "Ronald Verbek"
BIRTH = dt.date(1978, 3, 14)
BAN_INSTRUCTION = "U mag hier niet komen. Het is mij verboden u te woord te staan."


@dataclass
class Case:
    coordinator: User
    mayor: User
    reception: User
    earlier: Incident
    incident: Incident
    person: Perpetrator
    warning: Measure


def _user(username: str, first: str, last: str, roles: list[str]) -> User:
    return UserFactory(username=username, first_name=first, last_name=last, roles=roles, password=PASSWORD)


@pytest.fixture
def case(employee: User) -> Case:
    """A repeat perpetrator: a verbal incident with a written warning, now a threat."""
    manager = _user("teammanager", "Ravi", "Bakker", [Role.EMPLOYEE, Role.TEAM_MANAGER])
    TeamMembershipFactory(user=manager, team=employee.memberships.get().team, role=MembershipRole.MANAGER)
    coordinator = _user("coordinator", "Cora", "Jansen", [Role.COORDINATOR])
    mayor = _user("burgemeester", "Bram", "de Boer", [Role.MAYOR])
    reception = _user("receptie", "Rita", "Smit", [Role.RECEPTION])
    now = timezone.now()
    today = timezone.localdate()
    earlier = report(
        employee,
        behaviours=(BehaviourKind.VERBAL,),
        occurred_at=now - dt.timedelta(days=60),
        perpetrator_name=NAME,
        description="Klant schold de medewerker uit aan de balie.",
    )
    incident = report(
        employee,
        behaviours=(BehaviourKind.THREAT,),
        occurred_at=now - dt.timedelta(hours=2),
        perpetrator_name=NAME,
        description="Klant dreigde de medewerker iets aan te doen.",
    )
    person = services.perpetrator_save(
        actor=coordinator,
        data={"full_name": NAME, "date_of_birth": BIRTH, "description": "Lang, rode jas"},
        incident=earlier,
    )
    services.perpetrator_link(actor=coordinator, perpetrator=person, incident=incident)
    warning = services.measure_propose(
        actor=coordinator, perpetrator=person, kind=MeasureKind.WRITTEN_WARNING, incidents=[earlier]
    )
    warning = services.measure_decide(
        actor=coordinator,
        measure=warning,
        decided_by=mayor,
        hearing=Hearing.HEARD,
        hearing_notes="Gehoord aan de balie.",
        grounds="Schelden tegen een medewerker.",
        proportionality="Eerste keer; een gele kaart past.",
        starts_on=today - dt.timedelta(days=58),
        ends_on=today + dt.timedelta(days=120),
    )
    warning = services.measure_communicate(actor=coordinator, measure=warning)
    assert warning.status == MeasureStatus.ACTIVE
    return Case(coordinator, mayor, reception, earlier, incident, person, warning)


def _section(page: Page, heading: str) -> Locator:
    return page.locator("section", has=page.get_by_role("heading", name=heading))


def _download(page: Page, name: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=name).first.click()
    path = info.value.path()
    assert path is not None
    return Path(path).read_bytes()


def _pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def _docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _check_at_reception(browser: Browser, base_url: str, login: Any, user: User, name: str) -> Page:
    context = browser.new_context(
        base_url=base_url, locale="nl-NL", timezone_id="Europe/Amsterdam", **VIEWPORTS["desktop"]
    )
    context.set_default_timeout(5_000)
    page = context.new_page()
    login(page, user)
    page.goto("/receptie/")
    expect(page.get_by_role("heading", name="Bezoeker controleren")).to_be_visible()
    page.get_by_label("Naam van de bezoeker").fill(name)
    page.get_by_role("button", name="Zoeken").click()
    return page


def test_coordinator_takes_repeat_perpetrator_to_a_ban_and_reception_finds_him(
    desktop_page: Page, browser: Browser, live_server: Any, case: Case, login, screenshot
) -> None:
    page = desktop_page
    login(page, case.coordinator)

    # The new incident: the linked person and the way to propose a measure.
    page.goto(f"/meldingen/{case.incident.pk}/")
    section = _section(page, "Veroorzaker(s)")
    expect(section.get_by_role("link", name=NAME)).to_be_visible()
    section.get_by_role("link", name="Maatregel voorstellen").click()

    # The proposal screen shows the history and the protocol's advice.
    expect(page.get_by_role("heading", name=f"Maatregel voorstellen voor {NAME}")).to_be_visible()
    earlier = _section(page, "Eerdere meldingen en maatregelen")
    expect(earlier.get_by_text(case.earlier.reference)).to_be_visible()
    expect(earlier.get_by_role("link", name="Schriftelijke waarschuwing (gele kaart)")).to_be_visible()
    advice = _section(page, "Advies volgens het protocol")
    expect(advice.get_by_text(f"Voor melding {case.incident.reference}")).to_be_visible()
    expect(advice.locator("li").first).to_be_visible()
    screenshot(page, "measure-propose")

    page.get_by_role("radio", name="Toegangsverbod").check()
    expect(page.get_by_role("checkbox", name=re.compile(case.incident.reference))).to_be_checked()
    page.get_by_label("Toelichting").fill("Tweede incident binnen drie maanden, nu een bedreiging.")
    page.get_by_role("button", name="Voorstellen").click()

    # The measure page: record the decision; the dates are prefilled with 3 months.
    expect(page.get_by_role("heading", name="Toegangsverbod", exact=True)).to_be_visible()
    measure = Measure.objects.get(perpetrator=case.person, kind=MeasureKind.BUILDING_BAN)
    today = timezone.localdate()
    ends_on = services.standard_ban_end(today)
    expect(page.get_by_label("Ingangsdatum")).to_have_value(today.strftime("%d-%m-%Y"))
    expect(page.get_by_label("Einddatum")).to_have_value(ends_on.strftime("%d-%m-%Y"))
    page.get_by_role("radio", name="De persoon is gehoord").check()
    page.get_by_label(re.compile("^Wat zei de persoon")).fill("Hij was boos over zijn uitkering.")
    page.get_by_label("Gronden van het besluit").fill("Bedreiging na een eerdere gele kaart.")
    page.get_by_label("Waarom is de maatregel in verhouding?").fill("Herhaald en ernstiger; 3 maanden.")
    page.get_by_label("Wie neemt het besluit?").select_option(label="Bram de Boer")
    page.get_by_role("button", name="Besluit vastleggen").click()
    expect(page.locator(".page-head .status")).to_have_text("Besloten")
    expect(page.get_by_text("Bram de Boer (")).to_be_visible()
    screenshot(page, "measure-decided")

    # The letter: choose, preview, make; then download both files.
    page.get_by_role("link", name="Brief maken").click()
    expect(page.get_by_role("heading", name="Brief maken", level=1)).to_be_visible()
    page.get_by_role("radio", name="Toegangsverbod", exact=True).check()
    expect(page.get_by_label("Wie ondertekent?")).to_have_value(str(case.mayor.pk))
    page.get_by_role("button", name="Brief bekijken").click()
    preview = _section(page, "Zo wordt de brief")
    expect(preview.get_by_text(NAME).first).to_be_visible()
    screenshot(page, "measure-letter-preview")
    preview.get_by_role("button", name="Brief maken").click()
    expect(page.get_by_text("is gemaakt. Download hem als PDF of Word")).to_be_visible()

    letters = page.locator("section.letters")
    pdf = _download(page, "PDF van brief")
    assert pdf.startswith(b"%PDF")
    assert NAME in _pdf_text(pdf)
    docx = _download(page, "Word van brief")
    assert NAME in _docx_text(docx)

    # The person's copy goes out: the measure becomes active.
    letters.get_by_role("button", name=re.compile(r"^Is verzonden\W+per post aan de persoon")).click()
    expect(page.get_by_text("Vastgelegd:")).to_be_visible()
    expect(page.locator(".page-head .status")).to_have_text("Actief")
    screenshot(page, "measure-active")
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.ACTIVE

    # Reception: a typo still finds him, with the ban and what to do; no date of birth.
    desk = _check_at_reception(browser, live_server.url, login, case.reception, MISSPELT)
    card = desk.locator("article.person-card")
    expect(card.get_by_role("heading", name=NAME)).to_be_visible()
    expect(card.get_by_role("heading", name="Toegangsverbod")).to_be_visible()
    expect(card.get_by_text(BAN_INSTRUCTION)).to_be_visible()
    body = desk.locator("body").inner_text()
    assert "1978" not in body  # the date of birth, in whatever format
    screenshot(desk, "measure-reception")
    desk.context.close()

    # After the end date the ban (and the warning) end by themselves: reception finds nobody.
    services.measures_refresh(today=max(ends_on, case.warning.ends_on) + dt.timedelta(days=1))
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.ENDED
    desk = _check_at_reception(browser, live_server.url, login, case.reception, MISSPELT)
    expect(desk.get_by_role("heading", name="Geen waarschuwing of toegangsverbod")).to_be_visible()
    expect(desk.get_by_text(NAME)).to_have_count(0)
    desk.context.close()
