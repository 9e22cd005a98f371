"""Issue 8 in a real browser, on the demo that `make run` loads: the coordinator
evaluates a serious incident of Publiekszaken, picks an action from the catalogue into
the team's improvement plan, and the thematic meeting shows both; the demo employee fills
in the leerdoelwijzer of the function group and the team sees its picture from the next
quarter on, figures only; the duties calendar shows next month's tasks and their reminders arrive."""

import datetime as dt

from django.core import mail
from django.utils import timezone

import pytest
from playwright.sync_api import Browser, Page, expect

from gir.accounts.models import OrganisationUnit, User
from gir.demo.load import load_demo
from gir.demo.organisation import DEMO_PASSWORD
from gir.development.catalogues import COMPETENCIES
from gir.development.models import Questionnaire, SelfAssessment
from gir.development.tests.helpers import next_quarter
from gir.duties.models import DutyTask
from gir.duties.notices import duty_notices_send
from gir.duties.services import occurrence
from gir.learning.models import TeamMeeting
from gir.protocol.constants import StepKind, StepStatus
from gir.protocol.models import Step

from .conftest import VIEWPORTS, log_in

TEAM = "Publiekszaken"


@pytest.fixture
def demo_world(transactional_db: None) -> None:
    load_demo(incident_count=60)


@pytest.fixture
def demo_page(browser: Browser, live_server):
    contexts = []

    def _open(username: str, viewport: str = "desktop") -> Page:
        context = browser.new_context(
            base_url=live_server.url, locale="nl-NL", timezone_id="Europe/Amsterdam", **VIEWPORTS[viewport]
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        log_in(page, User.objects.get(username=username), DEMO_PASSWORD)
        return page

    yield _open
    for context in contexts:
        context.close()


def test_evaluation_to_plan_to_team_meeting(demo_world: None, demo_page, screenshot) -> None:
    step = (
        Step.objects.filter(kind=StepKind.EVALUATION, status=StepStatus.OPEN, incident__team__name=TEAM)
        .select_related("incident")
        .first()
    )
    assert step is not None, "the demo has a serious incident of Publiekszaken to evaluate"
    page = demo_page("coordinator")
    page.goto(f"/evaluatie/melding/{step.incident_id}/")
    page.get_by_label("Wat gebeurde er?").fill(
        "Een bezoeker werd boos toen zijn paspoort niet klaar lag en sloeg op de balie."
    )
    page.get_by_label("Oorzaak", exact=True).fill("De balie is laag en open; er is geen tweede uitgang.")
    page.get_by_label("Soort oorzaak").select_option(label="Technisch")
    page.get_by_label("Ja, er volgt een actie").check()
    page.get_by_role("button", name="Evaluatie afronden").click()
    expect(page.get_by_text("Deze evaluatie is afgerond")).to_be_visible()

    page.get_by_role("link", name="Actie kiezen uit de catalogus").first.click()
    page.get_by_label("Actie uit de catalogus").select_option(index=1)
    chosen = page.get_by_label("Actie uit de catalogus").evaluate("s => s.options[s.selectedIndex].text")
    page.get_by_label("Eigenaar").select_option(index=1)
    page.get_by_label("Klaar op").fill((timezone.localdate() + dt.timedelta(days=30)).strftime("%d-%m-%Y"))
    page.get_by_label("Verwacht resultaat").fill("De balie krijgt een verhoogde rand en een vluchtdeur.")
    page.get_by_role("button", name="Actie toevoegen").click()
    expect(page.get_by_text("De balie krijgt een verhoogde rand")).to_be_visible()

    meeting = TeamMeeting.objects.get(team__name=TEAM)
    page.goto(f"/verbeteren/werkoverleg/{meeting.pk}/")
    expect(page.get_by_role("heading", name="Afgeronde evaluaties")).to_be_visible()
    expect(page.get_by_text("De balie is laag en open")).to_be_visible()
    expect(page.get_by_text(chosen.split(". ", 1)[-1]).first).to_be_visible()
    screenshot(page, "learning-meeting")


def _answer_every_scale(page: Page, *, within: str, choice: int) -> None:
    for group in page.locator(f"{within} fieldset.scale-field").all():
        group.get_by_role("radio").nth(choice).check()


def test_employee_fills_in_the_leerdoelwijzer_and_the_team_sees_aggregates(
    demo_world: None, demo_page, screenshot
) -> None:
    colleagues = [
        str(a.employee) for a in SelfAssessment.objects.filter(status="submitted").select_related("employee")
    ]
    assert len(colleagues) == 4, "the demo has four colleagues who handed in theirs"
    team = OrganisationUnit.objects.get(name=TEAM)

    manager = demo_page("teammanager")
    manager.goto(f"/leren/teams/{team.pk}/")
    expect(manager.get_by_text("4 van minimaal 5")).to_be_visible()

    page = demo_page("medewerker", "phone")
    page.goto("/leren/")
    page.get_by_role("link", name="Zelfscan invullen").click()
    expect(page.get_by_label("Leerdoelwijzer")).to_have_value(
        str(Questionnaire.objects.get(function_group__name=TEAM).pk)
    )
    page.get_by_role("button", name="Beginnen").click()

    # Half-filled: kept as a draft, counted nowhere, and told what is missing.
    _answer_every_scale(page, within="#deel-1", choice=2)
    page.get_by_role("button", name="Inleveren").click()
    expect(page.get_by_role("heading", name="Nog niet ingeleverd")).to_be_visible()
    assert SelfAssessment.objects.get(employee__username="medewerker").status == "draft"
    expect(page.locator("#deel-1 input[type=radio]:checked")).to_have_count(len(COMPETENCIES))

    _answer_every_scale(page, within="#deel-2", choice=1)
    goal = "Ik wil rustig blijven als een klant gaat schreeuwen."
    page.get_by_label("Mijn persoonlijke leerdoel").fill(goal)
    screenshot(page, "development-assessment")
    page.get_by_role("button", name="Inleveren").click()
    expect(page.get_by_text("Je zelfscan is ingeleverd")).to_be_visible()

    # The picture stands at the start of the quarter (ADR 0022): the fifth counts from
    # the next quarter on, not at once.
    manager.reload()
    expect(manager.get_by_text("4 van minimaal 5")).to_be_visible()
    expect(manager.get_by_text("Stand per")).to_be_visible()
    with next_quarter():
        later = demo_page("teammanager")
        later.goto(f"/leren/teams/{team.pk}/")
        expect(later.get_by_text("Samengevoegd uit de zelfscans van 5 personen")).to_be_visible()
        expect(later.get_by_role("row").filter(has_text="Risico-inschatting").first).to_contain_text("%")
        content = later.content()
        for name in [*colleagues, "Sanne Janssen"]:
            assert name not in content, f"{name} is not on the team's picture"
        screenshot(later, "development-team")

    manager.goto("/leren/leerdoelen/")
    manager.get_by_role("link", name="Sanne Janssen").click()
    expect(manager.get_by_text(goal)).to_be_visible()
    assert "Altijd" not in manager.content()


def test_duties_calendar_shows_next_month_and_reminders_arrive(
    demo_world: None, demo_page, screenshot
) -> None:
    today = timezone.localdate()
    next_month = occurrence(today.replace(day=1), 1, 1)
    page = demo_page("beheerder")
    page.goto(f"/takenkalender/?maand={next_month:%Y-%m}")
    alarm = page.get_by_role("row").filter(has_text="alarmknoppen")
    expect(alarm.first).to_contain_text(f"{next_month.replace(day=3):%Y}")
    screenshot(page, "duties-calendar")

    # The scheduler's round on the day the reminder is due: the owner hears of it.
    task = DutyTask.objects.get(
        duty__text__startswith="Test fysieke", status="open", due_on__month=next_month.month
    )
    reminder_day = task.due_on - dt.timedelta(days=task.duty.reminder_days)
    mail.outbox.clear()
    noon = timezone.make_aware(dt.datetime.combine(max(reminder_day, today), dt.time(12)))
    duty_notices_send(now=noon)
    assert any(task.owner.email in m.to and "binnenkort" in m.subject for m in mail.outbox)
    duty_notices_send(now=noon)  # a second round sends nothing twice
    assert len([m for m in mail.outbox if task.owner.email in m.to and "alarmknoppen" in m.body]) == 1
    page.reload()
    expect(alarm.first).to_contain_text("herinnering verstuurd")
