"""Two factors in a real browser (issue 17 item 2): a coordinator logs in with the
password, is led to set up an authenticator app from the secret on the page, logs in
again with a code from it after a wrong one; and a passkey made and used through
Chromium's virtual authenticator (the DevTools protocol's WebAuthn domain)."""

import datetime as dt
import re
import time
from base64 import b32decode
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.utils import timezone

import pytest
import time_machine
from django_otp.oath import TOTP
from django_otp_webauthn.models import WebAuthnCredential
from playwright.sync_api import Page, expect

from gir.accounts.constants import Role
from gir.accounts.models import User
from gir.accounts.tests.factories import UserFactory
from gir.audit.models import AuditAction, AuditEvent

from .conftest import PASSWORD

WORKLIST = "/meldingen/werkvoorraad/"


@pytest.fixture
def coordinator(transactional_db: None) -> User:
    return UserFactory(
        username="coordinator",
        first_name="Cor",
        last_name="Dinator",
        roles=[Role.COORDINATOR],
        password=PASSWORD,
    )


def password_step(page: Page, user: User) -> None:
    page.goto(f"/inloggen/?next={WORKLIST}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(lambda url: "/inloggen/tweede-stap/" in url)


def at_worklist(url: str) -> bool:
    return urlsplit(url).path == WORKLIST


def session_id(page: Page) -> str:
    return next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")


def code_now(secret: str) -> str:
    totp = TOTP(b32decode(secret))
    totp.time = time.time()
    return f"{totp.token():06d}"


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_url(lambda url: "/inloggen/" in url)


def test_totp_set_up_after_the_password_then_a_wrong_and_a_right_code(
    any_page: Page, coordinator: User, screenshot: Callable[[Page, str], Path | None]
) -> None:
    page = any_page
    password_step(page, coordinator)
    expect(page.get_by_role("heading", name="Tweede stap instellen")).to_be_visible()
    expect(
        page.get_by_role("img", name="QR-code om GIR aan uw authenticator-app toe te voegen")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Werkvoorraad")).to_have_count(0)  # no menu before it
    screenshot(page, "second-factor-setup")
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    page.get_by_label("Code uit de app").fill(code_now(secret))
    page.get_by_label("Naam van deze app of telefoon").fill("Telefoon werk")
    page.get_by_role("button", name="App instellen").click()

    expect(page.get_by_role("heading", name="Herstelcodes")).to_be_visible()
    page.get_by_role("button", name="Nieuwe herstelcodes maken").click()
    expect(page.get_by_role("list", name="Uw herstelcodes").get_by_role("listitem")).to_have_count(10)
    page.get_by_role("link", name="Ik heb ze bewaard, verder").click()
    page.wait_for_url(at_worklist)
    log_out(page)

    with time_machine.travel(timezone.now() + dt.timedelta(seconds=40), tick=True):
        password_step(page, coordinator)
        expect(page.get_by_role("heading", name="Tweede stap bij het inloggen")).to_be_visible()
        page.get_by_label("Code").fill("000000")
        page.get_by_role("button", name="Controleren").click()
        alert = page.get_by_role("alert")
        expect(alert).to_contain_text("Deze code klopt niet.")
        screenshot(page, "second-factor-code")
        with time_machine.travel(timezone.now() + dt.timedelta(seconds=35), tick=True):
            page.get_by_label("Code").fill(code_now(secret))
            page.get_by_role("button", name="Controleren").click()
            page.wait_for_url(at_worklist)
            expect(page.get_by_role("heading", level=1)).to_be_visible()
            page.get_by_role("link", name="Inlogbeveiliging").click()
            expect(page.get_by_text("Telefoon werk")).to_be_visible()
            expect(page.get_by_text("U hebt nog 10 ongebruikte herstelcodes.")).to_be_visible()
            expect(page.get_by_role("button", name="Verwijderen")).to_have_count(0)  # the only one
            screenshot(page, "second-factor-manage")
    events = list(AuditEvent.objects.filter(actor=coordinator).values_list("action", flat=True))
    for action in (
        AuditAction.SECOND_FACTOR_ADDED,
        AuditAction.RECOVERY_CODES_CREATED,
        AuditAction.SECOND_FACTOR_FAILED,
        AuditAction.SECOND_FACTOR_PASSED,
    ):
        assert action in events


@pytest.fixture
def passkey_origin(settings: Any, live_server: Any) -> None:
    """Passkeys are bound to the site's host and origin: here the live server's."""
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [live_server.url]


def test_a_passkey_registered_and_used_through_the_virtual_authenticator(
    desktop_page: Page, coordinator: User, passkey_origin: None
) -> None:
    page = desktop_page
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    password_step(page, coordinator)
    page.get_by_role("button", name="Passkey instellen").click()
    expect(page.get_by_role("heading", name="Herstelcodes")).to_be_visible()
    assert WebAuthnCredential.objects.filter(user=coordinator, confirmed=True).count() == 1
    page.goto(WORKLIST)
    expect(page).to_have_url(re.compile(r"/meldingen/werkvoorraad/$"))
    log_out(page)

    password_step(page, coordinator)
    before = session_id(page)
    page.get_by_role("button", name="Inloggen met passkey").click()
    page.wait_for_url(at_worklist)
    assert session_id(page) != before  # the step-up rotates the session id
    events = list(AuditEvent.objects.filter(actor=coordinator).values_list("action", "changes"))
    added = [changes for action, changes in events if action == AuditAction.SECOND_FACTOR_ADDED]
    assert added == [{"factor": "passkey", "name": added[0]["name"]}]
    assert (AuditAction.SECOND_FACTOR_PASSED, {"factor": "passkey"}) in events
