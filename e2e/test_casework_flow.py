"""Issue 6 in a real browser: a manager files the aangifte for a physical incident and
the coordinator gets the copy; the police dossier opens and its hashes match; the
aftercare worker plans, invites (the .ics imports) and records three conversations,
which the manager cannot read; the quarterly report PDF opens."""

import datetime as dt
import hashlib
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

import icalendar
import pytest
from playwright.sync_api import Locator, Page, expect
from pypdf import PdfReader

from gir.accounts.constants import MembershipRole, Role
from gir.accounts.models import User
from gir.accounts.tests.factories import TeamMembershipFactory, UserFactory
from gir.aftercare.models import Conversation
from gir.incidents.constants import BehaviourKind
from gir.incidents.models import Evidence, Incident
from gir.incidents.services import evidence_add
from gir.perpetrators import services as register
from gir.protocol.constants import StepStatus
from gir.protocol.tests.helpers import report, steps_by_code

from .conftest import PASSWORD

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
CONTENT = {
    1: "Medewerker vertelde over de klap en slaapt slecht.",
    2: "Boosheid en schrik; praat er thuis over.",
    3: "Heeft het een plek gegeven, weer aan het werk.",
}


def _user(username: str, first: str, last: str, roles: list[str]) -> User:
    return UserFactory(username=username, first_name=first, last_name=last, roles=roles, password=PASSWORD)


@pytest.fixture
def incident(employee: User) -> Incident:
    """Yesterday the employee was pushed at the counter by a known visitor."""
    manager = _user("teammanager", "Ravi", "Bakker", [Role.EMPLOYEE, Role.TEAM_MANAGER])
    TeamMembershipFactory(user=manager, team=employee.memberships.get().team, role=MembershipRole.MANAGER)
    coordinator = _user("coordinator", "Cora", "Jansen", [Role.COORDINATOR])
    incident = report(
        employee,
        behaviours=(BehaviourKind.PHYSICAL,),
        occurred_at=timezone.now() - dt.timedelta(hours=20),
        description="Klant duwde de medewerker tegen de balie.",
        witnesses="Collega Piet Kramer zag het gebeuren.",
        perpetrator_name="Kees Brouwer",
    )
    register.perpetrator_save(
        actor=coordinator, data={"full_name": "Kees Brouwer", "description": "Grijze jas"}, incident=incident
    )
    evidence_add(actor=employee, incident=incident, upload=SimpleUploadedFile("camera.png", PNG))
    return incident


def _download(page: Page, name: str) -> bytes:
    with page.expect_download() as info:
        page.get_by_role("link", name=name).first.click()
    path = info.value.path()
    assert path is not None
    return Path(path).read_bytes()


def _local(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def _card(page: Page, heading: str) -> Locator:
    return page.locator(".card", has=page.get_by_role("heading", name=heading))


def test_aangifte_dossier_and_three_aftercare_conversations(
    desktop_page: Page,
    page_for: Callable[[str], Page],
    incident: Incident,
    login,
    screenshot,
    tmp_path: Path,
) -> None:
    _user("nazorg", "Nora", "Peeters", [Role.AFTERCARE])
    _user("directie", "Dirk", "Visser", [Role.DIRECTOR])

    # The manager records the aangifte, with the VPT code and the organisation's address.
    page = desktop_page
    login(page, User.objects.get(username="teammanager"))
    page.goto(f"/meldingen/{incident.pk}/")
    page.get_by_role("link", name="Politie en aangifte").click()
    page.get_by_role("link", name="Melding of aangifte vastleggen").click()
    page.get_by_label("De werkgever namens de medewerker").check()
    expect(page.get_by_label("Meldcode VPT genoemd")).to_be_checked()
    page.locator("[name=police_unit]").fill("Basisteam Centrum")
    page.locator("[name=reported_at]").fill(_local(timezone.now() - dt.timedelta(hours=1)))
    page.locator("[name=police_reference]").fill("PL2300-2026123456")
    screenshot(page, "police-report-form")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("PL2300-2026123456").first).to_be_visible()

    # The copy of the aangifte completes the copy step and reaches the coordinator.
    copy = tmp_path / "kopie-aangifte.png"
    copy.write_bytes(PNG)
    page.locator("input[type=file]").first.set_input_files(str(copy))
    page.get_by_role("button", name="Kopie toevoegen").click()
    expect(page.get_by_role("link", name="kopie-aangifte.png")).to_be_visible()
    steps = steps_by_code(incident)
    assert steps["police-report"].outcome == "aangifte"
    assert steps["police-report-copy"].status == StepStatus.DONE
    (notice,) = [m for m in mail.outbox if "kopie aangifte" in m.subject.lower()]
    assert notice.to == [User.objects.get(username="coordinator").email]
    assert "Kees Brouwer" not in notice.body and "duwde" not in notice.body
    screenshot(page, "police-page")

    # The police dossier: the PDF names the facts, the ZIP's manifest matches the stored evidence.
    pdf = _download(page, "Dossier voor de politie (PDF)")
    text = "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)
    for fact in (incident.reference, "VPT", "Kees Brouwer", "Piet Kramer"):
        assert fact in text
    archive = zipfile.ZipFile(io.BytesIO(_download(page, "Dossier met bewijs (ZIP)")))
    manifest = dict(
        reversed(line.split("  ", 1)) for line in archive.read("MANIFEST-SHA256.txt").decode().splitlines()
    )
    evidence = Evidence.objects.get(incident=incident)
    zipped = [name for name in manifest if name.startswith("bewijs/")]
    assert len(zipped) == 1
    assert manifest[zipped[0]] == hashlib.sha256(archive.read(zipped[0])).hexdigest() == evidence.sha256
    with evidence.file.open("rb") as stored:
        assert hashlib.sha256(stored.read()).hexdigest() == evidence.sha256

    # The coordinator sees the copy.
    coordinator = page_for("coordinator")
    coordinator.goto(f"/meldingen/{incident.pk}/politie/")
    with coordinator.expect_download() as received:
        coordinator.get_by_role("link", name="kopie-aangifte.png").click()
    assert Path(received.value.path()).read_bytes() == PNG

    # The aftercare worker plans the first talk, invites, and records all three.
    worker = page_for("nazorg")
    worker.goto("/nazorg/")
    worker.get_by_role("link", name=incident.reference).first.click()
    first = _card(worker, "Eerste gesprek (binnen 72 uur) — Mila de Vries")
    first.get_by_text("Tijd plannen").click()
    first.locator("[name=scheduled_at]").fill(_local(timezone.now() + dt.timedelta(hours=3)))
    first.locator("[name=place]").fill("Spreekkamer BOT")
    first.get_by_role("button", name="Gesprek plannen").click()
    expect(worker.get_by_text("Het gesprek is gepland.")).to_be_visible()
    worker.get_by_role("button", name="Uitnodiging versturen").click()
    (invitation,) = [m for m in mail.outbox if m.subject.startswith("Uitnodiging nazorggesprek")]
    name, ics, mimetype = invitation.attachments[0]
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    event = icalendar.Calendar.from_ical(ics).walk("VEVENT")[0]
    conversation = Conversation.objects.get(incident=incident, stage=1)
    assert event.decoded("dtstart") == conversation.scheduled_at
    assert str(event["location"]) == "Spreekkamer BOT"
    screenshot(worker, "aftercare-conversation")

    held = timezone.now() - dt.timedelta(minutes=5)
    worker.locator("[name=held_at]").fill(_local(held))
    worker.locator("[name=facts]").fill(CONTENT[1])
    worker.get_by_label("Nee, niet ervaren").check()
    worker.get_by_label("Geen doorverwijzing").check()
    worker.get_by_role("button", name="Gesprek vastleggen").click()
    worker.goto(f"/nazorg/melding/{incident.pk}/")
    for stage, heading, field in (
        (2, "Tweede gesprek (na 5 dagen) — Mila de Vries", "emotions"),
        (3, "Derde gesprek (na 6 weken) — Mila de Vries", "look_back"),
    ):
        card = _card(worker, heading)
        card.get_by_text("Vastleggen als gevoerd").click()
        card.locator("[name=held_at]").fill(_local(held))
        card.locator(f"[name={field}]").fill(CONTENT[stage])
        card.get_by_label("Nee, niet ervaren").check()
        card.get_by_label("Geen doorverwijzing").check()
        card.get_by_role("button", name="Gesprek vastleggen").click()
    steps = steps_by_code(incident)
    for code in ("aftercare-first", "aftercare-second", "aftercare-third"):
        assert (steps[code].status, steps[code].outcome, steps[code].notes) == (StepStatus.DONE, "held", "")

    # The manager sees that the talks took place, never what was said.
    page.goto(f"/meldingen/{incident.pk}/")
    body = page.content()
    assert "Gevoerd" in body
    assert not any(text in body for text in CONTENT.values())
    for talk in Conversation.objects.filter(incident=incident):
        assert page.goto(f"/nazorg/gesprek/{talk.pk}/").status == 404

    # The director downloads the quarterly report: aggregates, small groups hidden as "*".
    director = page_for("directie")
    today = timezone.localdate()
    director.goto(f"/nazorg/rapportage/?jaar={today.year}&kwartaal={(today.month - 1) // 3 + 1}")
    report_pdf = _download(director, "Download als PDF")
    report_text = "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(report_pdf)).pages)
    assert "*" in report_text and "<5" not in report_text
    assert "Mila" not in report_text
