"""Single sign-on in a real browser: GIR's log-in page, the test identity provider's own
log-in page (a real OpenID Connect provider on 127.0.0.1), back on GIR's home page; and
log-out through the provider's end-session endpoint."""

from collections.abc import Callable
from pathlib import Path
from typing import Any

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import ConsoleMessage, Page, expect

from gir.accounts.constants import Role
from gir.accounts.tests.factories import TeamFactory, TeamMembershipFactory, UserFactory
from gir.accounts.tests.identity_provider.fixture import PASSWORD, PROVIDER_NAME, IdentityProvider

Screenshot = Callable[[Page, str], Path | None]


def test_log_in_through_the_identity_provider(
    desktop_page: Page, live_server: Any, sso_settings: IdentityProvider, screenshot: Screenshot
) -> None:
    page, provider = desktop_page, sso_settings
    provider.register_gir("http://testserver", live_server.url)
    subject = provider.person("mila", given_name="Mila", family_name="de Vries", mfa=True)
    user = UserFactory(username="m.devries", first_name="Mila", last_name="de Vries", oidc_subject=subject)
    TeamMembershipFactory(user=user, team=TeamFactory(name="Publiekszaken"))

    csp_errors: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            csp_errors.append(message.text)

    page.on("console", on_console)
    page.goto("/inloggen/")
    screenshot(page, "sso-login")
    violations = Axe().run(page).response["violations"]
    assert not [v["id"] for v in violations if v["impact"] in {"serious", "critical"}]
    page.get_by_role("link", name=f"Inloggen via {PROVIDER_NAME}").click()

    # The provider's own log-in page, on its own address.
    page.wait_for_url(f"{provider.url}/login/**")
    page.get_by_label("Gebruikersnaam").fill("mila")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Aanmelden bij de provider").click()

    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Welkom, Mila")
    screenshot(page, "sso-home")

    # Log-out ends GIR's session and the provider's, and comes back to GIR's log-in page.
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url(f"{live_server.url}/inloggen/")
    expect(page.get_by_role("link", name=f"Inloggen via {PROVIDER_NAME}")).to_be_visible()
    page.goto("/")
    page.wait_for_url(f"{live_server.url}/inloggen/?next=/")
    page.get_by_role("link", name=f"Inloggen via {PROVIDER_NAME}").click()
    page.wait_for_url(f"{provider.url}/login/**")  # the provider asks for the password again
    assert not csp_errors
    assert Role.EMPLOYEE in user.role_codes
