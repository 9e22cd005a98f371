"""The protocol in a real browser: a manager works off a plan on a phone and on a desktop."""

import datetime as dt

from django.utils import timezone

import pytest
from playwright.sync_api import Page, expect

from gir.accounts.constants import MembershipRole, Role
from gir.accounts.models import User
from gir.accounts.tests.factories import TeamMembershipFactory, UserFactory
from gir.incidents.constants import BehaviourKind
from gir.protocol.tests.helpers import report

from .conftest import PASSWORD
from .test_report_flow import BLOCKING_IMPACTS, assert_no_horizontal_scroll, axe_problems


@pytest.fixture
def manager(employee: User) -> User:
    user = UserFactory(
        username="teammanager",
        first_name="Ravi",
        last_name="Bakker",
        roles=[Role.EMPLOYEE, Role.TEAM_MANAGER],
        password=PASSWORD,
    )
    TeamMembershipFactory(user=user, team=employee.memberships.get().team, role=MembershipRole.MANAGER)
    return user


@pytest.fixture
def incident(employee: User, manager: User):
    return report(
        employee,
        behaviours=(BehaviourKind.THREAT,),
        occurred_at=timezone.now() - dt.timedelta(hours=30),
        description="Bezoeker dreigde de medewerker iets aan te doen.",
    )


def test_manager_works_off_the_plan(any_page: Page, manager: User, incident, login, screenshot) -> None:
    page = any_page
    login(page, manager)

    page.goto("/taken/")
    expect(page.get_by_role("heading", name="Mijn taken")).to_be_visible()
    expect(page.get_by_text("Opvanggesprek van de leidinggevende met de medewerker")).to_be_visible()
    expect(page.get_by_text("Te laat").first).to_be_visible()  # 24 h have passed
    assert_no_horizontal_scroll(page)
    assert axe_problems(page, impacts=BLOCKING_IMPACTS) == []
    screenshot(page, "protocol-my-tasks")

    page.goto("/meldingen/werkvoorraad/")
    expect(page.get_by_role("link", name=incident.reference)).to_be_visible()
    assert_no_horizontal_scroll(page)
    assert axe_problems(page, impacts=BLOCKING_IMPACTS) == []
    screenshot(page, "protocol-worklist")

    page.get_by_role("link", name=incident.reference).click()
    expect(page.get_by_role("heading", name="Plan: wat er moet gebeuren")).to_be_visible()
    expect(page.get_by_text("Behandelaar: Ravi Bakker")).to_be_visible()
    assert_no_horizontal_scroll(page)
    assert axe_problems(page, impacts=BLOCKING_IMPACTS) == []
    screenshot(page, "protocol-incident-plan")

    page.get_by_role("link", name="Vastleggen: Opvanggesprek van de leidinggevende met de medewerker").click()
    expect(page.get_by_role("heading", name="Vastleggen als gedaan")).to_be_visible()
    assert_no_horizontal_scroll(page)
    assert axe_problems(page, impacts=BLOCKING_IMPACTS) == []
    screenshot(page, "protocol-step")
    page.get_by_label("Verslag van het gesprek").fill("Gesprek gehad; medewerker is aangeslagen.")
    page.get_by_role("button", name="Gedaan").click()
    expect(page.get_by_text("is vastgelegd als gedaan")).to_be_visible()
    expect(page.get_by_role("heading", name="Plan: wat er moet gebeuren")).to_be_visible()

    page.get_by_role("button", name="Melding afhandelen").click()
    expect(page.get_by_text("De melding kan nog niet worden afgehandeld")).to_be_visible()
    expect(page.locator(".message-error")).to_contain_text("Aangifte bij de politie")
    expect(page.get_by_text("In behandeling").first).to_be_visible()
