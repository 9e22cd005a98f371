"""Roles from the identity provider and from the server, and new accounts, in the audit
log (issue 17 item 6)."""

from django.core.management import call_command

import pytest

from gir.accounts.constants import MembershipRole, Role
from gir.accounts.models import TeamMembership, User, UserRole
from gir.accounts.services import account_save, role_grant, roles_set_from_identity_provider
from gir.accounts.tests.factories import TeamFactory, UserFactory
from gir.audit.models import AuditAction, AuditEvent


def test_roles_from_the_identity_provider_need_no_second_person(db):
    user = UserFactory(roles=[Role.EMPLOYEE, Role.RECEPTION])
    team = TeamFactory(name="Burgerzaken")
    roles_set_from_identity_provider(
        user, ["coordinator", "employee", "no_such_role"], managed_teams=[team], provider="Entra ID"
    )
    assert set(user.roles.values_list("role", flat=True)) == {Role.EMPLOYEE, Role.COORDINATOR}
    assert TeamMembership.objects.filter(user=user, team=team, role=MembershipRole.MANAGER).exists()
    events = AuditEvent.objects.filter(target_id=str(user.pk))
    assert {e.action for e in events} == {
        AuditAction.ROLE_GRANTED,
        AuditAction.ROLE_REVOKED,
        AuditAction.MEMBERSHIP_CHANGED,
    }
    assert all(e.actor is None and e.detail == "van de identiteitsprovider (Entra ID)" for e in events)
    # The same claim again changes nothing.
    roles_set_from_identity_provider(user, ["coordinator", "employee"], managed_teams=[team])
    assert AuditEvent.objects.filter(target_id=str(user.pk)).count() == events.count()


def test_the_first_coordinator_is_made_on_the_server(db, monkeypatch):
    monkeypatch.setenv("GIR_COORDINATOR_PASSWORD", "een-lang-en-sterk-wachtwoord-2026")
    call_command("create_coordinator", username="cag", email="cag@gemeente.example")
    user = User.objects.get(username="cag")
    assert list(user.roles.values_list("role", flat=True)) == [Role.COORDINATOR]
    created = AuditEvent.objects.get(action=AuditAction.ACCOUNT_CREATED)
    granted = AuditEvent.objects.get(action=AuditAction.ROLE_GRANTED)
    for event in (created, granted):
        assert event.actor is None
        assert event.detail == "beheeropdracht create_coordinator op de server"
    assert created.changes["gebruikersnaam"] == [None, "cag"]
    # An existing account (say from single sign-on) gets the role and keeps its password.
    other = UserFactory(username="sso-gebruiker")
    call_command("create_coordinator", username="sso-gebruiker")
    assert UserRole.objects.filter(user=other, role=Role.COORDINATOR).exists()


def test_a_role_that_sees_case_content_is_never_granted_directly(db):
    from django.core.exceptions import ValidationError

    user = UserFactory()
    with pytest.raises(ValidationError):
        role_grant(actor=None, user=user, role=Role.LEGAL)
    assert not UserRole.objects.filter(user=user, role=Role.LEGAL).exists()


def test_a_new_account_is_logged(db):
    actor = UserFactory(roles=[Role.ADMINISTRATOR])
    user = account_save(actor=actor, user=User(username="nieuw", email="nieuw@gemeente.example"))
    event = AuditEvent.objects.get(action=AuditAction.ACCOUNT_CREATED)
    assert (event.actor, event.target_id) == (actor, str(user.pk))
    assert event.changes["e-mailadres"] == [None, "nieuw@gemeente.example"]
