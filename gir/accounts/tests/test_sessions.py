"""Sessions (issue 17 item 5): an idle limit besides the absolute one, typed text kept
through the new log-in, no-store on every authenticated response, a new session id on a
change of privilege."""

import datetime as dt

from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

import pytest
import time_machine
from django_otp.plugins.otp_totp.models import TOTPDevice

from gir.accounts.sessions import session_rotate
from gir.audit.models import AuditAction, AuditEvent
from gir.core import clock
from gir.core.clock import AMSTERDAM
from gir.incidents.models import Incident
from gir.incidents.tests.test_report import core
from gir.twofactor.tests.helpers import totp_code

PASSWORD = "correct-horse-battery"
EXPIRED = "Uw sessie is verlopen. Log opnieuw in om verder te gaan."
KEPT = "Uw sessie is verlopen. Wat u had ingevuld is bewaard"
RESTORED = "Uw sessie was verlopen voordat dit formulier werd verstuurd."


def later(**delta) -> dt.datetime:
    return (clock.now() + dt.timedelta(**delta)).astimezone(AMSTERDAM)


def test_idle_sessions_end_and_say_so(client, world, settings):
    assert settings.GIR_IDLE_MINUTES == 30
    employee = world.users["employee"]
    client.force_login(employee)
    with time_machine.travel(later(minutes=29), tick=False):
        assert client.get(reverse("incidents:mine")).status_code == 200
    with time_machine.travel(later(minutes=29 + 31), tick=False):
        response = client.get(reverse("incidents:mine"))
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('accounts:login')}?next={reverse('incidents:mine')}"
        assert SESSION_KEY not in client.session
        assert EXPIRED in client.get(response["Location"]).content.decode()
    event = AuditEvent.objects.get(action=AuditAction.SESSION_EXPIRED)
    assert event.actor == employee and event.detail == "niet gebruikt"
    assert not AuditEvent.objects.filter(action=AuditAction.LOGGED_OUT).exists()


def test_the_absolute_limit_counts_from_the_log_in(client, world, settings):
    settings.GIR_SESSION_SECONDS = 3600
    client.force_login(world.users["employee"])
    for minutes in (25, 50):
        with time_machine.travel(later(minutes=minutes), tick=False):
            assert client.get(reverse("incidents:mine")).status_code == 200
    with time_machine.travel(later(minutes=61), tick=False):
        assert client.get(reverse("incidents:mine")).status_code == 302
    assert AuditEvent.objects.get(action=AuditAction.SESSION_EXPIRED).detail == "maximale duur"


def left(client) -> int:
    return client.get(reverse("accounts:session_status")).json()["seconds_left"]


def test_the_timer_asks_without_extending_and_stay_logged_in_extends(client, world):
    client.force_login(world.users["employee"])
    with time_machine.travel(later(minutes=20), tick=False):
        assert client.get(reverse("accounts:session_status")).json()["seconds_left"] == pytest.approx(
            600, abs=2
        )
    with time_machine.travel(later(minutes=25), tick=False):
        assert client.get(reverse("accounts:session_status")).json()["seconds_left"] == pytest.approx(
            300, abs=2
        )
        kept = client.post(reverse("accounts:session_keep_alive")).json()["seconds_left"]
        assert kept == pytest.approx(1800, abs=2)
    with time_machine.travel(later(minutes=50), tick=False):
        assert client.get(reverse("incidents:mine")).status_code == 200
    with time_machine.travel(later(minutes=90), tick=False):
        response = client.get(reverse("accounts:session_status"))
        assert response.status_code == 401 and response.json() == {"seconds_left": 0}


def test_the_page_carries_the_timer_without_inline_script(client, world):
    client.force_login(world.users["employee"])
    page = client.get(reverse("home:home")).content.decode()
    assert 'src="/static/gir/session.js" defer nonce="' in page
    assert 'data-idle-seconds="1800"' in page and "Blijf ingelogd" in page
    assert "<script>" not in page


def test_typed_text_comes_back_after_the_new_log_in(client, world):
    client.force_login(world.users["employee"])
    text = "Meneer schreeuwde aan de balie en gooide een stoel om."
    with time_machine.travel(later(minutes=45), tick=False):
        response = client.post(reverse("incidents:create"), core(description=text))
        login_url = f"{reverse('accounts:login')}?next={reverse('incidents:create')}"
        assert response.status_code == 302 and response["Location"] == login_url
        assert KEPT in client.get(login_url).content.decode()
        logged_in = client.post(
            login_url, {"username": "employee", "password": PASSWORD, "next": reverse("incidents:create")}
        )
        assert logged_in["Location"] == reverse("incidents:create")
        page = client.get(reverse("incidents:create"))
    body = page.content.decode()
    assert page.status_code == 200
    assert RESTORED in body and text in body
    assert not Incident.objects.filter(description=text).exists()
    # Sent again, it is saved; the kept text is gone.
    with time_machine.travel(later(minutes=46), tick=False):
        assert client.post(reverse("incidents:create"), core(description=text)).status_code == 302
        assert Incident.objects.filter(description=text).exists()
        assert text not in client.get(reverse("incidents:create")).content.decode()


def test_typed_text_is_never_shown_to_another_user(client, world):
    client.force_login(world.users["employee"])
    text = "Vertrouwelijk: wat de medewerker typte."
    with time_machine.travel(later(minutes=45), tick=False):
        client.post(reverse("incidents:create"), core(description=text))
        client.post(reverse("accounts:login"), {"username": "employee_b", "password": PASSWORD})
        assert SESSION_KEY in client.session
        body = client.get(reverse("incidents:create")).content.decode()
    assert text not in body and RESTORED not in body


def test_a_post_without_the_pages_token_is_not_kept(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["employee"])
    with time_machine.travel(later(minutes=45), tick=False):
        response = client.post(reverse("incidents:create"), core(description="Van een andere site"))
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('accounts:login')}?next={reverse('home:home')}"
        assert "gir_kept_input" not in client.session


def test_a_post_outside_the_form_loop_is_rolled_back_on_return(client, world):
    """Only the form loop shows kept input: an action posted after the end (here: a step
    waived) runs after the new log-in inside a transaction that is rolled back, and the
    page the form was on comes back with a message."""
    from gir.protocol.constants import StepKind, StepStatus

    manager = world.users["team_manager"]
    phone = TOTPDevice.objects.create(user=manager, name="Telefoon", confirmed=True)
    client.force_login(manager)
    step = world.incident_a.steps.exclude(kind=StepKind.AFTERCARE).filter(status=StepStatus.OPEN).first()
    page = reverse("protocol:step", args=[step.pk])
    action = reverse("protocol:step_waive", args=[step.pk])
    with time_machine.travel(later(minutes=45), tick=False):
        client.post(action, {"reason": "Niet van toepassing."}, HTTP_REFERER=f"http://testserver{page}")
        credentials = {"username": "team_manager", "password": PASSWORD}
        client.post(f"{reverse('accounts:login')}?next={action}", credentials)
        # A team manager passes a second factor after the password; the kept input waits.
        client.post(reverse("twofactor:verify"), {"code": totp_code(phone), "next": action})
        response = client.get(action)
        assert response.status_code == 302 and response["Location"] == page
        body = client.get(page).content.decode()
    assert "Uw sessie was verlopen; wat u verstuurde is niet verwerkt." in body
    assert "is vastgelegd als niet nodig" not in body
    step.refresh_from_db()
    assert step.status == StepStatus.OPEN and step.reason == ""


def test_no_store_on_pages_and_downloads_of_logged_in_users(client, world):
    client.force_login(world.users["director"])
    page = client.get(reverse("home:home"))
    assert "no-store" in page["Cache-Control"] and "private" in page["Cache-Control"]
    # A director asks for a whole quarter (ADR 0022).
    download = client.get(reverse("reports:table_csv"), {"van": "2026-10-01", "tot": "2026-12-31"})
    assert download.status_code == 200 and download["Content-Type"].startswith("text/csv")
    assert "no-store" in download["Cache-Control"]


def test_session_rotate_gives_a_new_id_and_keeps_the_log_in(rf, client, world):
    client.force_login(world.users["employee"])
    before = client.session.session_key
    request = rf.get("/")
    request.session = client.session
    session_rotate(request)
    assert request.session.session_key != before
    assert request.session[SESSION_KEY] == str(world.users["employee"].pk)


def test_an_htmx_request_after_the_end_sends_the_whole_page_to_log_in(client, world):
    client.force_login(world.users["employee"])
    mine = reverse("incidents:mine")
    with time_machine.travel(later(minutes=45), tick=False):
        response = client.get(mine, HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL=f"http://testserver{mine}")
    assert response["HX-Redirect"] == f"{reverse('accounts:login')}?next={mine}"


def test_a_role_granted_or_taken_away_gives_the_session_a_new_id(client, world):
    """Issue 17 item 5: the session id rotates on every privilege change, also when a
    second person grants the role while the user is logged in."""
    from gir.accounts import services
    from gir.accounts.constants import MembershipRole, Role
    from gir.accounts.models import TeamMembership

    employee = world.users["employee"]
    client.force_login(employee)
    assert client.get(reverse("incidents:mine")).status_code == 200
    first = client.session.session_key
    assert client.get(reverse("incidents:mine")).status_code == 200
    assert client.session.session_key == first  # nothing changed, nothing rotates

    services.role_revoke(actor=None, user=employee, role=Role.EMPLOYEE)
    assert client.get(reverse("incidents:mine")).status_code == 200
    second = client.session.session_key
    assert second != first and client.session[SESSION_KEY] == str(employee.pk)

    TeamMembership.objects.filter(user=employee).update(role=MembershipRole.MANAGER)
    client.get(reverse("incidents:mine"))
    assert client.session.session_key != second
