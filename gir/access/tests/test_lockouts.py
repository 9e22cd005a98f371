"""The lockout page (issue 17 item 3): the coordinator and the administrator see who
cannot log in after too many failures, and lift a lock; nobody else can."""

from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

import pytest

from gir.accounts.tests.test_login_protection import LOCKED, PASSWORD, fail, log_in
from gir.audit.models import AuditAction, AuditEvent


@pytest.mark.parametrize("persona", ["coordinator", "administrator"])
def test_unlock_lets_the_user_in_again_and_is_logged(client, world, persona):
    fail(client, "employee", 5)
    assert LOCKED in log_in(client, "employee", PASSWORD, follow=True).content.decode()

    helper = Client()
    helper.force_login(world.users[persona])
    page = helper.get(reverse("lockouts:list")).content.decode()
    assert "employee" in page and "Ontgrendelen" in page
    assert world.users["employee"].last_name in page
    done = helper.post(reverse("lockouts:unlock"), {"kind": "username", "value": "employee"}, follow=True)
    assert "De blokkade van employee is opgeheven." in done.content.decode()
    # The username's failures also counted for its address: the unlocker is told so.
    assert "telden ook mee voor het adres 10.1.1.1" in done.content.decode()
    assert "Er is nu niemand geblokkeerd." in done.content.decode()

    log_in(client, "employee", PASSWORD)
    assert SESSION_KEY in client.session
    event = AuditEvent.objects.get(action=AuditAction.UNLOCKED)
    assert event.actor == world.users[persona]
    assert event.target_id == str(world.users["employee"].pk)
    assert event.detail == "gebruikersnaam employee (ook niet meer geteld voor IP-adres 10.1.1.1)"


def test_an_address_lock_is_listed_and_lifted(client, world):
    for name in ("a1", "a2", "a3", "a4", "a5"):
        fail(client, name, 1, ip="10.3.3.3")
    coordinator = Client()
    coordinator.force_login(world.users["coordinator"])
    assert "10.3.3.3" in coordinator.get(reverse("lockouts:list")).content.decode()
    coordinator.post(reverse("lockouts:unlock"), {"kind": "ip_address", "value": "10.3.3.3"})
    log_in(client, "employee", PASSWORD, ip="10.3.3.3")
    assert SESSION_KEY in client.session


def test_others_cannot_see_or_lift_lockouts(client, world):
    fail(client, "employee", 5)
    other = Client()
    other.force_login(world.users["team_manager"])
    assert other.get(reverse("lockouts:list")).status_code == 403
    assert (
        other.post(reverse("lockouts:unlock"), {"kind": "username", "value": "employee"}).status_code == 403
    )
    assert LOCKED in log_in(client, "employee", PASSWORD, follow=True).content.decode()
    assert not AuditEvent.objects.filter(action=AuditAction.UNLOCKED).exists()


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        ("username", "a\x00b"),
        ("ip_address", "geen-adres"),
        ("ip_address", "10.0.0.1\x00"),
        ("x", "y"),
        ("", ""),
    ],
)
def test_odd_unlock_input_is_ignored(world, kind, value):
    coordinator = Client()
    coordinator.force_login(world.users["coordinator"])
    response = coordinator.post(reverse("lockouts:unlock"), {"kind": kind, "value": value})
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action=AuditAction.UNLOCKED).exists()


def test_a_nul_byte_in_the_username_is_refused_without_error(client, world):
    response = log_in(client, "employee\x00", PASSWORD)
    assert response.status_code == 200
    assert SESSION_KEY not in client.session
