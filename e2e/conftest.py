"""Fixtures for the browser tests.

Every test in this folder is marked ``e2e`` and skipped when Debian's chromium is
missing. Playwright's own browser download is not used: the tests launch
``/usr/bin/chromium``. The sync Playwright API runs an asyncio event loop in the
main thread, so Django's async-unsafe guard is switched off for the test process.
"""

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

# Must be set before Django touches the database while Playwright's loop runs.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import pytest  # noqa: E402
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright  # noqa: E402

from gir.access.kernel import second_factor_required  # noqa: E402
from gir.accounts.constants import Role  # noqa: E402
from gir.accounts.models import User  # noqa: E402
from gir.accounts.tests.factories import (  # noqa: E402
    LocationFactory,
    TeamFactory,
    TeamMembershipFactory,
    UserFactory,
)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
E2E_DIR = Path(__file__).resolve().parent
SCREENSHOT_DIR = E2E_DIR.parent / "screenshots"
PASSWORD = "correct-horse-battery"

VIEWPORTS: dict[str, dict[str, Any]] = {
    "phone": {
        "viewport": {"width": 360, "height": 740},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 2,
    },
    "desktop": {"viewport": {"width": 1280, "height": 900}},
}


def viewport_name(page: Page) -> str:
    """ "phone" or "desktop", from the page's viewport width."""
    size = page.viewport_size or {"width": 0}
    return "phone" if size["width"] < 600 else "desktop"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    skip = pytest.mark.skip(reason="Debian chromium not installed: apt-get install chromium")
    for item in items:
        if E2E_DIR not in item.path.parents:
            continue
        item.add_marker(pytest.mark.e2e)
        if not CHROMIUM.exists():
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _shipped_data(shipped_data: None) -> None:
    """Browser tests commit their data and the database is emptied after each one."""


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def _open_page(browser: Browser, base_url: str, viewport: str) -> Iterator[Page]:
    context = browser.new_context(
        base_url=base_url,
        locale="nl-NL",
        timezone_id="Europe/Amsterdam",
        **VIEWPORTS[viewport],
    )
    context.set_default_timeout(5_000)
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def phone_page(browser: Browser, live_server: Any, transactional_db: None) -> Iterator[Page]:
    """A page in a fresh context with a 360×740 touch phone viewport."""
    yield from _open_page(browser, live_server.url, "phone")


@pytest.fixture
def desktop_page(browser: Browser, live_server: Any, transactional_db: None) -> Iterator[Page]:
    """A page in a fresh context with a 1280×900 desktop viewport."""
    yield from _open_page(browser, live_server.url, "desktop")


@pytest.fixture(params=list(VIEWPORTS))
def any_page(
    request: pytest.FixtureRequest, browser: Browser, live_server: Any, transactional_db: None
) -> Iterator[Page]:
    """The test runs once on the phone and once on the desktop viewport."""
    yield from _open_page(browser, live_server.url, request.param)


@pytest.fixture
def employee(transactional_db: None) -> User:
    """An employee in a team, with one active location to choose from."""
    team = TeamFactory(name="Publiekszaken")
    LocationFactory(name="Stadskantoor")
    user = UserFactory(
        username="medewerker",
        first_name="Mila",
        last_name="de Vries",
        roles=[Role.EMPLOYEE],
        password=PASSWORD,
    )
    TeamMembershipFactory(user=user, team=team)
    return user


def one_time_code(user: User) -> str:
    """A fresh recovery code for a user whose role requires a second factor, who is given an
    authenticator app if they have none (so GIR asks for the code, not for a setup). The
    browser tests of the second factor itself (test_second_factor_flow.py) set up and use
    the app and the passkey; the others pass the same code page with a recovery code."""
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        TOTPDevice.objects.create(user=user, name="e2e", confirmed=True)
    device, _ = StaticDevice.objects.get_or_create(user=user, name="e2e", defaults={"confirmed": True})
    code = StaticToken.random_token()
    StaticToken.objects.create(device=device, token=code)
    return code


def left_password_page(url: str) -> bool:
    return "/inloggen/" not in url or "/inloggen/tweede-stap/" in url


def log_in(page: Page, user: User, password: str = PASSWORD) -> None:
    """Log a user in through the login page, and through the second step where the user's
    role requires one (with a recovery code: see one_time_code)."""
    code = one_time_code(user) if second_factor_required(user) else None
    page.goto("/inloggen/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(left_password_page)
    if code is not None:
        page.fill("#id_code", code)
        page.get_by_role("button", name="Controleren").click()
    page.wait_for_url(lambda url: "/inloggen/" not in url)


@pytest.fixture
def login() -> Callable[[Page, User], None]:
    """Log a user in through the login page (and the second step: log_in)."""
    return log_in


@pytest.fixture
def screenshot() -> Callable[[Page, str], Path | None]:
    """Save a full-page screenshot to screenshots/<name>-<viewport>.png when GIR_SCREENSHOTS=1."""

    def _save(page: Page, name: str) -> Path | None:
        if os.environ.get("GIR_SCREENSHOTS") != "1":
            return None
        SCREENSHOT_DIR.mkdir(exist_ok=True)
        viewport = viewport_name(page)
        path = SCREENSHOT_DIR / f"{name}-{viewport}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _save


@pytest.fixture
def page_for(
    browser: Browser, live_server: Any, login: Callable[[Page, User], None]
) -> Iterator[Callable[[str], Page]]:
    """A logged-in desktop page per username, each in its own context; closed before the
    live server stops, so no kept-alive request outlives the test database."""
    contexts: list[BrowserContext] = []

    def _open(username: str) -> Page:
        context = browser.new_context(
            base_url=live_server.url, locale="nl-NL", timezone_id="Europe/Amsterdam", **VIEWPORTS["desktop"]
        )
        context.set_default_timeout(8_000)
        contexts.append(context)
        page = context.new_page()
        login(page, User.objects.get(username=username))
        return page

    yield _open
    for context in contexts:
        context.close()
