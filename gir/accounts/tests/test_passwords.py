"""Passwords (issue 17 item 4): users change their own; "wachtwoord vergeten" mails a
one-time link that expires, with the same answer whether or not the address is known;
in Beheer the administrator cannot see or set anyone's password, only send a link."""

import datetime as dt
import re

from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.test import Client
from django.urls import reverse

import pytest
import time_machine

from gir.accounts.models import User
from gir.accounts.tests.factories import UserFactory
from gir.audit.models import AuditAction, AuditEvent
from gir.core import clock
from gir.core.clock import AMSTERDAM

PASSWORD = "correct-horse-battery"
NEW = "een-nieuw-lang-wachtwoord-2026"
DONE_TEXT = "Als er een account bij dit e-mailadres hoort"


def later(**delta) -> dt.datetime:
    """A moment ahead on the test clock, in Amsterdam (the zone naive clocks follow)."""
    return (clock.now() + dt.timedelta(**delta)).astimezone(AMSTERDAM)


def test_a_user_changes_the_own_password_and_stays_logged_in(client, world):
    employee = world.users["employee"]
    client.force_login(employee)
    before = client.session.session_key
    page = client.get(reverse("home:home")).content.decode()
    assert reverse("accounts:password_change") in page and "Wachtwoord wijzigen" in page

    wrong = client.post(
        reverse("accounts:password_change"),
        {"old_password": "niet-het-oude", "new_password1": NEW, "new_password2": NEW},
    )
    assert wrong.status_code == 200 and "Niet gewijzigd" in wrong.content.decode()
    short = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "kortkort", "new_password2": "kortkort"},
    ).content.decode()
    # Django 6.1's new wording of this message is translated by GIR's own catalogue.
    assert "Dit wachtwoord is te kort. Het moet minstens 12 tekens bevatten." in short
    assert "too short" not in short

    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW},
        follow=True,
    )
    assert "Uw wachtwoord is gewijzigd." in response.content.decode()
    employee.refresh_from_db()
    assert employee.check_password(NEW)
    assert client.get(reverse("incidents:mine")).status_code == 200  # still logged in
    assert client.session.session_key != before  # a new session id
    event = AuditEvent.objects.get(action=AuditAction.PASSWORD_CHANGED)
    assert event.actor == employee and event.target_id == str(employee.pk)


@pytest.fixture
def mails_sent(django_capture_on_commit_callbacks):
    """The reset mail goes out by a task after the commit: run those callbacks."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def reset_link(message) -> str:
    return re.search(r"http://testserver(/wachtwoord/nieuw/\S+/)", message.body).group(1)


def test_a_forgotten_password_is_reset_through_a_one_time_link(client, world, mails_sent):
    employee = world.users["employee"]
    login_page = client.get(reverse("accounts:login")).content.decode()
    assert "Wachtwoord vergeten?" in login_page

    with mails_sent():
        response = client.post(reverse("accounts:password_reset"), {"email": employee.email}, follow=True)
    assert DONE_TEXT in response.content.decode()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [employee.email]
    assert message.subject == "Een nieuw wachtwoord voor GIR"
    assert "60 minuten" in message.body and PASSWORD not in message.body

    link = reset_link(message)
    form = client.get(link, follow=True)
    assert "Nieuw wachtwoord kiezen" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW}, follow=True)
    assert "Uw nieuwe wachtwoord is opgeslagen." in done.content.decode()
    employee.refresh_from_db()
    assert employee.check_password(NEW)

    again = client.get(link, follow=True).content.decode()
    assert "Deze link werkt niet meer" in again
    actions = set(AuditEvent.objects.filter(target_id=str(employee.pk)).values_list("action", flat=True))
    assert {AuditAction.PASSWORD_RESET_SENT, AuditAction.PASSWORD_CHANGED} <= actions


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, world, mails_sent):
    with mails_sent():
        known = client.post(reverse("accounts:password_reset"), {"email": world.users["employee"].email})
        unknown = client.post(reverse("accounts:password_reset"), {"email": "niemand@elders.example"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 1
    page = client.get(unknown["Location"]).content.decode()
    assert DONE_TEXT in page


def test_the_link_expires(client, world, settings, mails_sent):
    assert settings.PASSWORD_RESET_TIMEOUT == 60 * 60
    with mails_sent():
        client.post(reverse("accounts:password_reset"), {"email": world.users["employee"].email})
    link = reset_link(mail.outbox[0])
    with time_machine.travel(later(minutes=61), tick=False):
        page = client.get(link, follow=True).content.decode()
    assert "Deze link werkt niet meer" in page
    assert "Nieuw wachtwoord kiezen" in page and 'name="new_password1"' not in page


def admin_client(world) -> Client:
    client = Client()
    client.force_login(world.users["administrator"])
    return client


def test_beheer_shows_no_password_and_refuses_to_set_one(world):
    client = admin_client(world)
    mayor = UserFactory(username="burgemeester", email="burgemeester@gemeente.example")
    change_url = reverse("admin:accounts_user_change", args=[mayor.pk])
    page = client.get(change_url).content.decode()
    assert 'name="password"' not in page and "argon2" not in page and "md5$" not in page
    assert "Stuur link voor nieuw wachtwoord" in page

    url = reverse("admin:auth_user_password_change", args=[mayor.pk])
    assert client.get(url).status_code == 403
    posted = client.post(url, {"password1": NEW, "password2": NEW})
    assert posted.status_code == 403
    mayor.refresh_from_db()
    assert mayor.check_password(PASSWORD) and not mayor.check_password(NEW)
    # The administrator's own password goes through GIR's own page.
    assert client.get(reverse("admin:password_change"))["Location"] == reverse("accounts:password_change")


def test_beheer_sends_a_reset_link(world, mails_sent):
    client = admin_client(world)
    mayor = UserFactory(username="burgemeester", email="burgemeester@gemeente.example")
    with mails_sent():
        response = client.post(reverse("admin:accounts_user_password_link", args=[mayor.pk]), follow=True)
    assert "Een link voor een nieuw wachtwoord is gemaild naar burgemeester." in response.content.decode()
    assert mail.outbox[-1].to == ["burgemeester@gemeente.example"]
    event = AuditEvent.objects.get(action=AuditAction.PASSWORD_RESET_SENT)
    assert event.actor == world.users["administrator"] and event.target_id == str(mayor.pk)

    with mails_sent():
        client.post(
            reverse("admin:accounts_user_changelist"),
            {"action": "send_password_link", "_selected_action": [mayor.pk, world.users["employee"].pk]},
        )
    assert len(mail.outbox) == 3


def test_an_account_made_in_beheer_gets_no_password_but_a_link(world, mails_sent):
    client = admin_client(world)
    with mails_sent():
        response = client.post(
            reverse("admin:accounts_user_add"),
            {
                "username": "nieuwkomer",
                "first_name": "Nina",
                "last_name": "Nieuw",
                "email": "nieuwkomer@gemeente.example",
                "roles-TOTAL_FORMS": "0",
                "roles-INITIAL_FORMS": "0",
                "memberships-TOTAL_FORMS": "0",
                "memberships-INITIAL_FORMS": "0",
                "grant_requests-TOTAL_FORMS": "0",
                "grant_requests-INITIAL_FORMS": "0",
            },
        )
    assert response.status_code == 302, response.content.decode()[:3000]
    user = User.objects.get(username="nieuwkomer")
    assert not user.has_usable_password()
    assert mail.outbox[-1].to == ["nieuwkomer@gemeente.example"]
    link = reset_link(mail.outbox[-1])
    fresh = Client()
    form = fresh.get(link, follow=True)
    fresh.post(form.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
    fresh.post(reverse("accounts:login"), {"username": "nieuwkomer", "password": NEW})
    assert SESSION_KEY in fresh.session
