"""No guessing (issue 17 item 3): django-axes locks a username, and an address, after
GIR_LOGIN_FAILURE_LIMIT failed log-ins for the cool-off period, with one Dutch message
that does not say whether the username exists; log-ins, failures, log-outs and lockouts
are in the audit log."""

import datetime as dt

from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

import pytest
import time_machine

from gir.audit.models import AuditAction, AuditEvent
from gir.core import clock
from gir.core.clock import AMSTERDAM

PASSWORD = "correct-horse-battery"
LOCKED = "Inloggen lukt nu even niet: er is te vaak een verkeerd wachtwoord gebruikt."
INVALID = "Deze combinatie van gebruikersnaam en wachtwoord kennen we niet."


def later(**delta) -> dt.datetime:
    """A moment ahead on the test clock, in Amsterdam (the zone naive clocks follow)."""
    return (clock.now() + dt.timedelta(**delta)).astimezone(AMSTERDAM)


def log_in(client, username, password, ip="10.1.1.1", follow=False):
    return client.post(
        reverse("accounts:login"),
        {"username": username, "password": password},
        REMOTE_ADDR=ip,
        follow=follow,
    )


def fail(client, username, times, ip="10.1.1.1"):
    return [log_in(client, username, "verkeerd-wachtwoord", ip=ip, follow=True) for _ in range(times)]


def logged_in(client) -> bool:
    return SESSION_KEY in client.session


def test_a_wrong_password_says_the_same_for_known_and_unknown_usernames(client, world):
    known = log_in(client, "employee", "verkeerd").content.decode()
    unknown = log_in(client, "niemand-bekend", "verkeerd").content.decode()
    assert INVALID in known and INVALID in unknown


def test_the_account_locks_at_the_limit_and_then_refuses_the_right_password(client, world, settings):
    assert settings.GIR_LOGIN_FAILURE_LIMIT == 5
    answers = fail(client, "employee", 4)
    assert all(INVALID in answer.content.decode() for answer in answers)
    fifth = fail(client, "employee", 1)[0]
    assert LOCKED in fifth.content.decode()
    assert "15 minuten" in fifth.content.decode()

    right = log_in(client, "employee", PASSWORD, follow=True)
    assert LOCKED in right.content.decode()
    assert not logged_in(client)

    events = AuditEvent.objects.filter(target_type="accounts.user", target_id=str(world.users["employee"].pk))
    assert events.filter(action=AuditAction.LOGIN_FAILED).count() == 6
    assert events.filter(action=AuditAction.LOGIN_FAILED, detail__contains="(geblokkeerd)").count() == 1
    lock = events.get(action=AuditAction.LOCKED_OUT)
    assert "gebruikersnaam employee" in lock.detail and lock.actor is None
    assert not events.filter(action=AuditAction.LOGGED_IN).exists()


def test_an_unknown_username_locks_with_the_same_message(client, world):
    known = fail(client, "employee", 5, ip="10.1.1.1")[-1].content.decode()
    unknown = fail(client, "bestaat-niet", 5, ip="10.2.2.2")[-1].content.decode()
    assert LOCKED in known and LOCKED in unknown
    failed = AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED, detail__contains="bestaat-niet")
    assert failed.count() == 5 and failed.first().target_id == ""


def test_the_lock_holds_on_another_address_too(client, world):
    fail(client, "employee", 5, ip="10.1.1.1")
    assert LOCKED in log_in(client, "employee", PASSWORD, ip="10.9.9.9", follow=True).content.decode()
    assert not logged_in(client)


def test_an_address_locks_after_the_limit_over_several_usernames(client, world):
    for name in ("a1", "a2", "a3", "a4", "a5"):
        fail(client, name, 1, ip="10.3.3.3")
    assert LOCKED in log_in(client, "coordinator", PASSWORD, ip="10.3.3.3", follow=True).content.decode()
    assert not logged_in(client)
    log_in(client, "coordinator", PASSWORD, ip="10.4.4.4")
    assert logged_in(client)


def test_logging_in_with_an_own_account_does_not_reset_the_count(client, world):
    fail(client, "employee", 4, ip="10.5.5.5")
    helper = log_in(Client(), "coordinator", PASSWORD, ip="10.5.5.5")
    assert helper.status_code == 302
    assert LOCKED in fail(client, "employee", 1, ip="10.5.5.5")[0].content.decode()


def test_the_lock_ends_after_the_cool_off(client, world):
    fail(client, "employee", 5)
    with time_machine.travel(later(minutes=14), tick=False):
        assert LOCKED in log_in(client, "employee", PASSWORD, follow=True).content.decode()
    with time_machine.travel(later(minutes=16), tick=False):
        response = log_in(client, "employee", PASSWORD)
        assert response.status_code == 302 and response["Location"] == reverse("home:home")
    assert logged_in(client)


def test_log_in_and_log_out_are_in_the_audit_log(client, world):
    employee = world.users["employee"]
    log_in(client, "employee", PASSWORD)
    assert logged_in(client)
    client.post(reverse("accounts:logout"))
    assert not logged_in(client)
    actions = list(
        AuditEvent.objects.filter(actor=employee, target_id=str(employee.pk)).values_list("action", flat=True)
    )
    assert actions == [AuditAction.LOGGED_IN, AuditAction.LOGGED_OUT]


def test_the_session_id_changes_at_log_in(client, world):
    client.get(reverse("accounts:login"))
    client.session.save()
    before = client.session.session_key
    log_in(client, "employee", PASSWORD)
    assert logged_in(client) and client.session.session_key != before


@pytest.mark.parametrize(
    ("header", "count", "expected"),
    [("", 0, "10.0.0.1"), ("1.2.3.4, 10.0.0.9", 1, "10.0.0.9"), ("6.6.6.6, 1.2.3.4, 10.0.0.9", 2, "1.2.3.4")],
)
def test_the_client_address_behind_trusted_proxies(rf, settings, header, count, expected):
    from gir.accounts.lockout import client_ip

    settings.GIR_TRUSTED_PROXY_COUNT = count
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=header)
    assert client_ip(request) == expected


def test_a_user_name_longer_than_any_account_is_refused_by_the_form(client, world):
    """Found by the odd-input test on PostgreSQL: django-axes stored the typed name of a
    failed log-in in a column of 255 characters."""
    response = log_in(client, "x" * 100_000, "verkeerd")
    assert response.status_code == 200
    assert "niet meer dan 150 tekens bevat" in response.content.decode()
    assert not logged_in(client)
