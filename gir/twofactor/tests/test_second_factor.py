"""Two factors (issue 17 item 2): who is asked, setting one up, logging in with a code,
a recovery code or not at all, and the audit trail. These tests log in with a password
only (marker second_factor): force_login does not pass the second step for them."""

import datetime as dt
import re
from binascii import hexlify

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

import pytest
import time_machine
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from gir.access.kernel import second_factor_required
from gir.accounts.constants import Role
from gir.accounts.tests.factories import UserFactory
from gir.audit.models import AuditAction, AuditEvent
from gir.twofactor import services
from gir.twofactor.session import MFA_BY_PROVIDER
from gir.twofactor.tests.helpers import totp_code

pytestmark = pytest.mark.second_factor

PASSWORD = "correct-horse-battery"
WRONG_CODE = "Deze code klopt niet."


def actions(user) -> list[str]:
    return list(
        AuditEvent.objects.filter(target_type="accounts.user", target_id=str(user.pk))
        .order_by("pk")
        .values_list("action", flat=True)
    )


def app_for(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Telefoon", confirmed=True)


def password_login(client, user, next_url: str = "/"):
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD, "next": next_url}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return client.get(response["Location"])


def later(seconds: int):
    """The clock a little on: past the wait after a wrong code, past a used time step."""
    return time_machine.travel(timezone.now() + dt.timedelta(seconds=seconds), tick=True)


# --- Who must pass a second factor -------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "required"),
    [
        ("employee", False),
        ("councillor", False),  # no role at all
        ("team_manager", True),  # an employee who also manages a team
        ("coordinator", True),
        ("aftercare", True),
        ("reception", True),
        ("legal", True),
        ("director", True),
        ("mayor", True),
        ("clerk", True),
        ("administrator", True),
        ("privacy_officer", True),
    ],
)
def test_every_role_but_the_plain_employee_requires_a_second_factor(world, persona, required):
    assert second_factor_required(world.users[persona]) is required


def test_the_exempt_roles_are_a_setting(world, settings):
    settings.GIR_2FA_EXEMPT_ROLES = [Role.EMPLOYEE, Role.RECEPTION]
    assert not second_factor_required(world.users["reception"])
    assert second_factor_required(world.users["coordinator"])


def test_a_blocked_account_requires_nothing_it_cannot_log_in(world):
    user = world.users["coordinator"]
    user.is_active = False
    assert not second_factor_required(user)


def test_the_employee_is_not_asked(client, world):
    response = password_login(client, world.users["employee"])
    assert response.status_code == 200
    assert client.get(reverse("incidents:mine")).status_code == 200


def test_the_coordinator_without_a_factor_is_led_to_set_one_up_and_reaches_nothing_else(client, world):
    coordinator = world.users["coordinator"]
    response = client.post(
        reverse("accounts:login"),
        {"username": "coordinator", "password": PASSWORD, "next": reverse("incidents:handled")},
    )
    response = client.get(response["Location"])
    setup = reverse("twofactor:setup")
    assert response.status_code == 302
    assert response["Location"] == f"{setup}?next={reverse('incidents:handled')}"
    for name in ("home:home", "incidents:handled", "perpetrators:list", "twofactor:manage", "admin:index"):
        refused = client.get(reverse(name))
        assert refused.status_code == 302 and refused["Location"].startswith(setup), name
    page = client.get(response["Location"])
    body = page.content.decode()
    assert page.status_code == 200
    assert "Tweede stap instellen" in body
    assert 'src="data:image/svg+xml' in body  # the QR code
    assert "Werkvoorraad" not in body  # no menu before the second step
    assert not actions(coordinator) or AuditAction.SECOND_FACTOR_PASSED not in actions(coordinator)


def test_htmx_requests_are_sent_to_the_second_step_by_header(client, world):
    client.force_login(world.users["coordinator"])
    response = client.get(reverse("home:home"), headers={"HX-Request": "true"})
    assert response["HX-Redirect"].startswith(reverse("twofactor:setup"))


def test_log_out_stays_possible_before_the_second_step(client, world):
    client.force_login(world.users["coordinator"])
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")


# --- Setting up an authenticator app -----------------------------------------------------


def secret_from(page) -> str:
    return re.search(r'id="totp-secret">([A-Z2-7 ]+)<', page.content.decode()).group(1).replace(" ", "")


def test_setting_up_an_app_with_the_secret_from_the_page(client, world):
    coordinator = world.users["coordinator"]
    client.force_login(coordinator)
    page = client.get(reverse("twofactor:setup") + "?next=/werkvoorraad/")
    secret = secret_from(page)
    from base64 import b32decode

    unsaved = TOTPDevice(user=coordinator, key=hexlify(b32decode(secret)).decode())
    wrong = client.post(reverse("twofactor:setup"), {"code": "000000", "name": "", "next": "/werkvoorraad/"})
    assert wrong.status_code == 400
    assert WRONG_CODE in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=coordinator).exists()

    key_before = client.session.session_key
    response = client.post(
        reverse("twofactor:setup"),
        {"code": totp_code(unsaved), "name": "Telefoon werk", "next": "/werkvoorraad/"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("twofactor:recovery_codes") + "?next=%2Fwerkvoorraad%2F"
    assert client.session.session_key != key_before  # the step-up rotates the session id
    device = TOTPDevice.objects.get(user=coordinator)
    assert device.confirmed and device.name == "Telefoon werk"
    assert AuditAction.SECOND_FACTOR_ADDED in actions(coordinator)

    codes_page = client.post(reverse("twofactor:recovery_codes"), {"next": "/werkvoorraad/"})
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", codes_page.content.decode())
    assert len(codes) == 10
    assert AuditAction.RECOVERY_CODES_CREATED in actions(coordinator)
    assert client.get(reverse("home:home")).status_code == 200


def test_a_user_with_a_factor_cannot_add_another_before_passing_it(client, world):
    coordinator = world.users["coordinator"]
    app_for(coordinator)
    client.force_login(coordinator)
    response = client.get(reverse("twofactor:setup"))
    assert response["Location"].startswith(reverse("twofactor:verify"))
    begin = client.post(reverse("otp_webauthn:credential-registration-begin"))
    assert begin.status_code == 403  # django-otp-webauthn: verify with the existing factor first


# --- Logging in with a code --------------------------------------------------------------


def test_totp_log_in_with_a_wrong_code_then_the_right_one(client, world):
    coordinator = world.users["coordinator"]
    device = app_for(coordinator)
    response = password_login(client, coordinator, reverse("incidents:handled"))
    verify = reverse("twofactor:verify")
    assert response["Location"] == f"{verify}?next={reverse('incidents:handled')}"
    page = client.get(response["Location"])
    assert "Tweede stap bij het inloggen" in page.content.decode()

    wrong = client.post(verify, {"code": "123456", "next": reverse("incidents:handled")})
    assert wrong.status_code == 400
    body = wrong.content.decode()
    assert WRONG_CODE in body and 'role="alert"' in body
    assert client.get(reverse("home:home"))["Location"].startswith(verify)

    key_before = client.session.session_key
    with later(5):
        right = client.post(verify, {"code": totp_code(device), "next": reverse("incidents:handled")})
        assert right.status_code == 302
        assert right["Location"] == reverse("incidents:handled")
        assert client.session.session_key != key_before
        assert client.get(reverse("incidents:handled")).status_code == 200
    assert actions(coordinator)[-2:] == [AuditAction.SECOND_FACTOR_FAILED, AuditAction.SECOND_FACTOR_PASSED]


def test_a_code_is_used_once(client, world):
    coordinator = world.users["coordinator"]
    device = app_for(coordinator)
    password_login(client, coordinator)
    code = totp_code(device)
    assert client.post(reverse("twofactor:verify"), {"code": code})["Location"] == "/"
    client.post(reverse("accounts:logout"))
    password_login(client, coordinator)
    with later(2):
        again = client.post(reverse("twofactor:verify"), {"code": code})
    assert again.status_code == 400


def test_wrong_codes_in_a_row_make_the_user_wait(client, world):
    coordinator = world.users["coordinator"]
    device = app_for(coordinator)
    password_login(client, coordinator)
    with time_machine.travel(timezone.now(), tick=False):
        client.post(reverse("twofactor:verify"), {"code": "111111"})
        response = client.post(reverse("twofactor:verify"), {"code": totp_code(device)})
    assert response.status_code == 400
    assert "Te veel foute codes achter elkaar" in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.SECOND_FACTOR_FAILED, detail="throttled").exists()


def test_a_recovery_code_works_once(client, world):
    coordinator = world.users["coordinator"]
    app_for(coordinator)
    codes = services.recovery_codes_create(user=coordinator)
    password_login(client, coordinator)
    response = client.post(reverse("twofactor:verify"), {"code": codes[0].upper()})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get(reverse("home:home")).status_code == 200
    assert services.recovery_codes_left(coordinator) == 9

    client.post(reverse("accounts:logout"))
    password_login(client, coordinator)
    with later(5):
        again = client.post(reverse("twofactor:verify"), {"code": codes[0]})
    assert again.status_code == 400
    assert WRONG_CODE in again.content.decode()


def test_new_recovery_codes_replace_the_old(world):
    coordinator = world.users["coordinator"]
    old = services.recovery_codes_create(user=coordinator)
    new = services.recovery_codes_create(user=coordinator)
    assert StaticDevice.objects.filter(user=coordinator).count() == 1
    outcome, _ = services.code_check(user=coordinator, code=old[0])
    assert outcome == services.Outcome.FAILED or old[0] in new
    with later(5):  # past the wait after the wrong code
        assert services.code_check(user=coordinator, code=new[1])[0] == services.Outcome.PASSED


def test_an_employee_who_set_up_an_app_is_asked_for_it(client, world):
    employee = world.users["employee"]
    app_for(employee)
    response = password_login(client, employee)
    assert response["Location"].startswith(reverse("twofactor:verify"))


# --- Single sign-on: the provider's second factor ----------------------------------------


def test_gir_trusts_the_providers_second_factor_when_the_oidc_log_in_says_so(client, world):
    client.force_login(world.users["coordinator"])
    session = client.session
    session[MFA_BY_PROVIDER] = True
    session.save()
    assert client.get(reverse("incidents:handled")).status_code == 200


def test_without_the_providers_word_gir_asks_its_own(client, world):
    client.force_login(world.users["coordinator"])
    session = client.session
    session[MFA_BY_PROVIDER] = False
    session.save()
    assert client.get(reverse("incidents:handled"))["Location"].startswith(reverse("twofactor:setup"))


# --- The user's own factors --------------------------------------------------------------


def verified_client(client, user):
    device = app_for(user)
    password_login(client, user)
    assert client.post(reverse("twofactor:verify"), {"code": totp_code(device)}).status_code == 302
    return device


def test_the_only_factor_of_a_role_that_requires_one_cannot_be_removed(client, world):
    coordinator = world.users["coordinator"]
    device = verified_client(client, coordinator)
    page = client.get(reverse("twofactor:manage")).content.decode()
    assert "Inlogbeveiliging" in page and "Verwijderen" not in page
    response = client.post(reverse("twofactor:remove"), {"factor": device.persistent_id}, follow=True)
    assert "Dit is uw enige tweede factor" in response.content.decode()
    assert TOTPDevice.objects.filter(pk=device.pk).exists()


def test_a_second_factor_can_go_when_another_remains(client, world):
    coordinator = world.users["coordinator"]
    device = verified_client(client, coordinator)
    TOTPDevice.objects.create(user=coordinator, name="Reserve", confirmed=True)
    response = client.post(reverse("twofactor:remove"), {"factor": device.persistent_id}, follow=True)
    assert "is verwijderd" in response.content.decode()
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()
    assert AuditAction.SECOND_FACTOR_REMOVED in actions(coordinator)


def test_nobody_removes_someone_elses_factor(client, world):
    verified_client(client, world.users["coordinator"])
    other = app_for(world.users["legal"])
    TOTPDevice.objects.create(user=world.users["coordinator"], name="Reserve", confirmed=True)
    response = client.post(reverse("twofactor:remove"), {"factor": other.persistent_id}, follow=True)
    assert "bestaat niet" in response.content.decode()
    assert TOTPDevice.objects.filter(pk=other.pk).exists()


def test_beheer_does_not_show_second_factor_devices():
    for model in (TOTPDevice, StaticDevice):
        assert not admin.site.is_registered(model)


def test_the_page_is_dutch_and_labelled(client, world):
    user = UserFactory(username="kees", roles=[Role.LEGAL])
    client.force_login(user)
    body = client.get(reverse("twofactor:setup")).content.decode()
    assert '<label for="id_code"' in body
    assert 'alt="QR-code om GIR aan uw authenticator-app toe te voegen"' in body
    assert 'autocomplete="one-time-code"' in body


def test_a_lost_factor_is_reset_on_the_server_and_logged(client, world):
    from django.core.management import call_command

    coordinator = world.users["coordinator"]
    app_for(coordinator)
    services.recovery_codes_create(user=coordinator)
    call_command("reset_second_factor", "coordinator", "--reden", "telefoon kwijt")
    assert not services.has_factor(coordinator) and services.recovery_codes_left(coordinator) == 0
    event = AuditEvent.objects.filter(action=AuditAction.SECOND_FACTOR_REMOVED).get()
    assert event.detail == "telefoon kwijt" and event.changes["factor"] == "all"
    response = password_login(client, coordinator)
    assert response["Location"].startswith(reverse("twofactor:setup"))


def test_the_next_page_survives_the_setup_whole(client, world):
    coordinator = world.users["coordinator"]
    client.force_login(coordinator)
    target = reverse("incidents:handled") + "?status=all&pagina=2"
    page = client.get(reverse("twofactor:setup"), {"next": target})
    from base64 import b32decode

    unsaved = TOTPDevice(user=coordinator, key=hexlify(b32decode(secret_from(page))).decode())
    response = client.post(
        reverse("twofactor:setup"), {"code": totp_code(unsaved), "name": "", "next": target}
    )
    assert (
        response["Location"]
        == reverse("twofactor:recovery_codes")
        + "?next=%2Fmeldingen%2Fwerkvoorraad%2F%3Fstatus%3Dall%26pagina%3D2"
    )
    assert TOTPDevice.objects.get(user=coordinator).name == "Authenticator-app"
