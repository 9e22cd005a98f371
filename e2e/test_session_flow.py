"""Log-in protection and sessions in a real browser (issue 17): a locked account and
its unlock, an expired session whose typed report comes back after the new log-in, and
the idle warning's "Blijf ingelogd"."""

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

import time_machine
from playwright.sync_api import Page, expect

from gir.accounts.constants import Role
from gir.accounts.models import User
from gir.accounts.tests.factories import UserFactory
from gir.core import clock
from gir.core.clock import AMSTERDAM
from gir.incidents.models import Incident

from .conftest import PASSWORD

Screenshot = Callable[[Page, str], Path | None]

LOCKED = "Inloggen lukt nu even niet: er is te vaak een verkeerd wachtwoord gebruikt."
INVALID = "Deze combinatie van gebruikersnaam en wachtwoord kennen we niet."


def try_login(page: Page, username: str, password: str) -> None:
    page.goto("/inloggen/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()


def test_a_locked_account_and_its_unlock(
    desktop_page: Page, employee: User, page_for: Callable[[str], Page], screenshot: Screenshot
) -> None:
    UserFactory(username="cag", roles=[Role.COORDINATOR], password=PASSWORD)
    coordinator = page_for("cag")  # logged in before the address is locked too

    for _ in range(4):
        try_login(desktop_page, "medewerker", "verkeerd-wachtwoord")
        expect(desktop_page.get_by_text(INVALID)).to_be_visible()
    try_login(desktop_page, "medewerker", "verkeerd-wachtwoord")
    expect(desktop_page.get_by_text(LOCKED)).to_be_visible()
    try_login(desktop_page, "medewerker", PASSWORD)
    expect(desktop_page.get_by_text(LOCKED)).to_be_visible()
    expect(desktop_page).to_have_url(re.compile(r"/inloggen/"))
    screenshot(desktop_page, "login-locked")

    coordinator.get_by_role("link", name="Blokkades").click()
    expect(coordinator.get_by_role("cell", name="gebruikersnaam medewerker")).to_be_visible()
    screenshot(coordinator, "lockouts")
    coordinator.get_by_role("button", name=re.compile("Ontgrendelen medewerker")).click()
    expect(coordinator.get_by_text("De blokkade van medewerker is opgeheven.")).to_be_visible()

    try_login(desktop_page, "medewerker", PASSWORD)
    expect(desktop_page).not_to_have_url(re.compile(r"/inloggen/"))
    expect(desktop_page.get_by_role("button", name="Uitloggen")).to_be_visible()


def test_an_expired_session_keeps_the_typed_report(
    desktop_page: Page, employee: User, login: Callable[[Page, User], None], screenshot: Screenshot
) -> None:
    text = "Een bezoeker dreigde mij op te wachten na het werk."
    login(desktop_page, employee)
    desktop_page.goto("/meldingen/nieuw/")
    desktop_page.select_option("#id_setting", "counter")
    desktop_page.fill("#id_description", text)
    desktop_page.locator("input[name=behaviour_kinds][value=threat]").check()

    # Forty minutes at the counter without sending: the server's clock moves on.
    with time_machine.travel((clock.now() + dt.timedelta(minutes=40)).astimezone(AMSTERDAM)):
        desktop_page.get_by_role("button", name="Melding versturen").click()
        expect(desktop_page).to_have_url(re.compile(r"/inloggen/"))
        expect(
            desktop_page.get_by_text("Uw sessie is verlopen. Wat u had ingevuld is bewaard")
        ).to_be_visible()
        desktop_page.fill("#id_username", "medewerker")
        desktop_page.fill("#id_password", PASSWORD)
        desktop_page.get_by_role("button", name="Inloggen").click()

        expect(desktop_page).to_have_url(re.compile(r"/meldingen/nieuw/"))
        expect(
            desktop_page.get_by_text("Uw sessie was verlopen voordat dit formulier werd verstuurd.")
        ).to_be_visible()
        expect(desktop_page.locator("#id_description")).to_have_value(text)
        screenshot(desktop_page, "session-restored")
        assert not Incident.objects.filter(description=text).exists()
        desktop_page.get_by_role("button", name="Melding versturen").click()
        expect(desktop_page.get_by_text(re.compile("Uw melding .* is verstuurd"))).to_be_visible()
    assert Incident.objects.filter(description=text).exists()


def test_the_idle_warning_keeps_the_session(
    any_page: Page, employee: User, login: Callable[[Page, User], None], settings, screenshot: Screenshot
) -> None:
    desktop_page = any_page
    settings.GIR_IDLE_MINUTES = 0.25  # fifteen seconds; the warning comes at half of that
    login(desktop_page, employee)
    warning = desktop_page.locator("#session-warning")
    expect(warning).to_be_hidden()
    expect(warning).to_be_visible(timeout=15_000)
    expect(warning).to_contain_text("wordt u uitgelogd")
    screenshot(desktop_page, "session-warning")
    desktop_page.get_by_role("button", name="Blijf ingelogd").click()
    expect(warning).to_be_hidden()
    desktop_page.reload()
    expect(desktop_page.get_by_role("button", name="Uitloggen")).to_be_visible()
