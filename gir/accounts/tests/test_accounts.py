from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

import pytest

from gir.access.kernel import can_manage_organisation
from gir.accounts.constants import UnitKind
from gir.accounts.models import OrganisationUnit, User
from gir.accounts.tests.factories import OrganisationUnitFactory, TeamFactory
from gir.incidents.policy import incidents_visible_to


def test_create_administrator_command(db, monkeypatch):
    monkeypatch.setenv("GIR_ADMIN_PASSWORD", "een-lang-en-sterk-wachtwoord-2026")
    call_command("create_administrator", username="beheer", email="beheer@gemeente.example")
    user = User.objects.get(username="beheer")
    assert user.check_password("een-lang-en-sterk-wachtwoord-2026")
    assert can_manage_organisation(user)
    assert not incidents_visible_to(user).exists()


def test_create_administrator_refuses_a_weak_password(db, monkeypatch):
    monkeypatch.setenv("GIR_ADMIN_PASSWORD", "12345")
    with pytest.raises(CommandError):
        call_command("create_administrator", username="beheer", email="b@gemeente.example")
    assert not User.objects.filter(username="beheer").exists()


def test_unit_tree_order_is_enforced(db):
    team = TeamFactory()
    directorate = OrganisationUnit(name="Directie X", kind=UnitKind.DIRECTORATE, parent=team)
    with pytest.raises(ValidationError):
        directorate.full_clean()
    orphan = OrganisationUnit(name="Team zonder ouder", kind=UnitKind.TEAM)
    with pytest.raises(ValidationError):
        orphan.full_clean()


def test_unit_cannot_sit_below_itself(db):
    organisation = OrganisationUnitFactory()
    organisation.parent = organisation
    with pytest.raises(ValidationError):
        organisation.full_clean()


def test_default_function_groups_from_004(db):
    from gir.accounts.models import FunctionGroup

    assert FunctionGroup.objects.filter(source__startswith="004").count() == 8


def test_administrator_manages_users_in_the_admin(client, db):
    from gir.accounts.constants import Role
    from gir.accounts.tests.factories import UserFactory

    admin = UserFactory(roles=[Role.ADMINISTRATOR])
    client.force_login(admin)
    response = client.post(
        "/beheer/accounts/organisationunit/add/",
        {"name": "Gemeente Test", "kind": UnitKind.ORGANISATION, "is_active": "on"},
    )
    assert response.status_code == 302
    assert OrganisationUnit.objects.filter(name="Gemeente Test").exists()


def test_create_administrator_is_logged_and_refuses_an_existing_name(db, monkeypatch):
    from gir.audit.models import AuditAction, AuditEvent

    monkeypatch.setenv("GIR_ADMIN_PASSWORD", "een-lang-en-sterk-wachtwoord-2026")
    call_command("create_administrator", username="beheer", email="beheer@gemeente.example")
    granted = AuditEvent.objects.get(action=AuditAction.ROLE_GRANTED)
    assert (granted.actor, granted.detail) == (None, "beheeropdracht create_administrator op de server")
    with pytest.raises(CommandError):
        call_command("create_administrator", username="beheer", email="ander@gemeente.example")
