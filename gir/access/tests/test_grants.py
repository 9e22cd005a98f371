"""The second person of a role grant (issue 17 item 6; docs/adr/0014): who may confirm,
who is refused, never the one who asked, never the one who receives; the mail; what
Beheer does with a role that sees case content."""

from django.core import mail
from django.urls import reverse

import pytest

from conftest import PERSONAS
from gir.access.kernel import ROLE_CAPABILITIES, Capability
from gir.accounts.constants import (
    ROLES_GRANTED_DIRECTLY,
    GrantStatus,
    MembershipRole,
    Role,
    needs_second_person,
)
from gir.accounts.models import RoleGrantRequest, TeamMembership, User, UserRole
from gir.accounts.services import role_grant_request
from gir.accounts.tests.factories import UserFactory
from gir.audit.models import AuditAction, AuditEvent
from gir.incidents.policy import incidents_visible_to

# What a role may hold and still be granted without a second person: no case content,
# and no confirming of grants (else an administrator could make its own second person).
NO_CASE_CONTENT = frozenset(
    {Capability.REPORT_INCIDENT, Capability.MANAGE_ORGANISATION, Capability.UNLOCK_ACCOUNTS}
)


def test_only_roles_without_case_content_are_granted_directly():
    for role in ROLES_GRANTED_DIRECTLY:
        assert ROLE_CAPABILITIES[role] <= NO_CASE_CONTENT, role
    for role, capabilities in ROLE_CAPABILITIES.items():
        if not capabilities <= NO_CASE_CONTENT:
            assert needs_second_person(role), role
    for role in (Role.RECEPTION, Role.DIRECTOR, Role.PRIVACY_OFFICER, Role.TEAM_MANAGER):
        assert needs_second_person(role)


def ask(world, role=Role.COORDINATOR, *, user="administrator", by="administrator"):
    return role_grant_request(actor=world.users[by], user=world.users[user], role=role)


def roles(user: User) -> set[str]:
    return set(UserRole.objects.filter(user=user).values_list("role", flat=True))


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_who_may_confirm(client, world, persona):
    grant = ask(world, user="employee_b", role=Role.LEGAL)
    client.force_login(world.users[persona])
    response = client.post(reverse("access:role_grant_confirm", args=[grant.pk]))
    grant.refresh_from_db()
    if persona in ("coordinator", "director"):
        assert response.status_code == 302
        assert grant.status == GrantStatus.CONFIRMED
        assert Role.LEGAL in roles(world.users["employee_b"])
    else:
        assert response.status_code == 403
        assert grant.status == GrantStatus.PENDING
        assert Role.LEGAL not in roles(world.users["employee_b"])


def test_nobody_confirms_a_role_for_themselves(client, world):
    grant = ask(world, user="coordinator", role=Role.LEGAL)
    client.force_login(world.users["coordinator"])
    page = client.get(reverse("access:role_grants")).content.decode()
    assert "Deze aanvraag is voor u; een ander beslist erover." in page
    response = client.post(reverse("access:role_grant_confirm", args=[grant.pk]), follow=True)
    assert "U kunt niet zelf beslissen over een rol die u zelf zou krijgen." in response.content.decode()
    assert Role.LEGAL not in roles(world.users["coordinator"])
    refuse = client.post(reverse("access:role_grant_refuse", args=[grant.pk]), {"reason": "nee"}, follow=True)
    assert "Over deze aanvraag kunt u niet beslissen." in refuse.content.decode()
    grant.refresh_from_db()
    assert grant.status == GrantStatus.PENDING


def test_the_one_who_asked_does_not_confirm(client, world):
    grant = ask(world, user="employee", role=Role.AFTERCARE, by="director")
    client.force_login(world.users["director"])
    response = client.post(reverse("access:role_grant_confirm", args=[grant.pk]), follow=True)
    assert "U hebt deze rol zelf aangevraagd; een tweede persoon moet erover beslissen." in (
        response.content.decode()
    )
    assert Role.AFTERCARE not in roles(world.users["employee"])
    # The coordinator, a second person, may.
    client.force_login(world.users["coordinator"])
    client.post(reverse("access:role_grant_confirm", args=[grant.pk]))
    assert Role.AFTERCARE in roles(world.users["employee"])


def test_confirming_makes_the_role_work_and_logs_it(client, world):
    administrator = world.users["administrator"]
    grant = ask(world)
    assert not incidents_visible_to(User.objects.get(pk=administrator.pk)).exists()
    client.force_login(world.users["director"])
    response = client.post(reverse("access:role_grant_confirm", args=[grant.pk]), follow=True)
    assert "heeft nu de rol" in response.content.decode()
    assert incidents_visible_to(User.objects.get(pk=administrator.pk)).exists()
    events = AuditEvent.objects.filter(target_id=str(administrator.pk)).order_by("pk")
    assert [e.action for e in events] == [
        AuditAction.ROLE_GRANT_REQUESTED,
        AuditAction.ROLE_GRANT_CONFIRMED,
        AuditAction.ROLE_GRANTED,
    ]
    granted = events.last()
    assert granted.actor == world.users["director"]
    assert granted.changes["rollen"] == [["Beheerder"], ["Beheerder", "Coördinator agressie en geweld"]]
    assert "bevestigd" in granted.detail
    assert events.first().actor == administrator


def test_refusing_needs_a_reason(client, world):
    grant = ask(world)
    client.force_login(world.users["coordinator"])
    url = reverse("access:role_grant_refuse", args=[grant.pk])
    assert client.get(url).status_code == 200
    empty = client.post(url, {"reason": ""})
    assert empty.status_code == 400
    assert "Geef een reden waarom u de aanvraag afwijst." in empty.content.decode()
    done = client.post(url, {"reason": "Niet afgesproken met de directie."}, follow=True)
    assert "De aanvraag is afgewezen." in done.content.decode()
    grant.refresh_from_db()
    assert grant.status == GrantStatus.REFUSED
    assert Role.COORDINATOR not in roles(world.users["administrator"])
    refused = AuditEvent.objects.get(action=AuditAction.ROLE_GRANT_REFUSED)
    assert "Niet afgesproken" in refused.detail
    # Decided is decided.
    again = client.post(reverse("access:role_grant_confirm", args=[grant.pk]), follow=True)
    assert "Over deze aanvraag is al beslist." in again.content.decode()


def test_those_who_may_confirm_are_mailed(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ask(world, user="employee", role=Role.LEGAL, by="administrator")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == sorted([world.users["coordinator"].email, world.users["director"].email])
    assert "bevestig" in message.subject
    assert reverse("access:role_grants") in message.body


# --- Beheer ---------------------------------------------------------------------------


def user_form(user: User, *, roles_rows, memberships=()) -> dict[str, str]:
    """The POST of Beheer's user page: the person's fields and the two inlines."""
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "roles-TOTAL_FORMS": str(len(roles_rows)),
        "roles-INITIAL_FORMS": str(sum(1 for pk, _role in roles_rows if pk)),
        "memberships-TOTAL_FORMS": str(len(memberships)),
        "memberships-INITIAL_FORMS": str(sum(1 for pk, *_rest in memberships if pk)),
        "grant_requests-TOTAL_FORMS": "0",
        "grant_requests-INITIAL_FORMS": "0",
    }
    for i, (pk, role) in enumerate(roles_rows):
        data.update(
            {f"roles-{i}-id": str(pk or ""), f"roles-{i}-user": str(user.pk), f"roles-{i}-role": role}
        )
    for i, (pk, team, role) in enumerate(memberships):
        data.update(
            {
                f"memberships-{i}-id": str(pk or ""),
                f"memberships-{i}-user": str(user.pk),
                f"memberships-{i}-team": str(team.pk),
                f"memberships-{i}-role": role,
            }
        )
    return data


def test_the_administrator_cannot_grant_itself_the_coordinator_role(client, world):
    administrator = world.users["administrator"]
    existing = UserRole.objects.get(user=administrator)
    client.force_login(administrator)
    url = reverse("admin:accounts_user_change", args=[administrator.pk])
    data = user_form(administrator, roles_rows=[(existing.pk, Role.ADMINISTRATOR), (None, Role.COORDINATOR)])
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "krijgt ‘Coördinator agressie en geweld’ nog niet: dit is aangevraagd." in page
    assert roles(administrator) == {Role.ADMINISTRATOR}
    grant = RoleGrantRequest.objects.get(user=administrator)
    assert (grant.role, grant.requested_by, grant.status) == (
        Role.COORDINATOR,
        administrator,
        GrantStatus.PENDING,
    )
    # Its own page shows the waiting request.
    assert "aanvragen die wachten op een tweede persoon" in client.get(url).content.decode().lower()


def test_beheer_grants_an_employee_role_directly_and_logs_revocations(client, world):
    administrator, person = world.users["administrator"], world.users["employee_b"]
    client.force_login(administrator)
    url = reverse("admin:accounts_user_change", args=[person.pk])
    existing = UserRole.objects.get(user=person)
    client.post(url, user_form(person, roles_rows=[(existing.pk, Role.EMPLOYEE), (None, Role.ADMINISTRATOR)]))
    assert roles(person) == {Role.EMPLOYEE, Role.ADMINISTRATOR}
    assert AuditEvent.objects.filter(action=AuditAction.ROLE_GRANTED, actor=administrator).exists()
    data = user_form(person, roles_rows=[(existing.pk, Role.EMPLOYEE)])
    data["roles-0-DELETE"] = "on"
    data["roles-TOTAL_FORMS"] = data["roles-INITIAL_FORMS"] = "1"
    client.post(url, data)
    assert roles(person) == {Role.ADMINISTRATOR}
    revoked = AuditEvent.objects.get(action=AuditAction.ROLE_REVOKED)
    assert revoked.changes["rollen"] == [["Beheerder", "Medewerker"], ["Beheerder"]]


def test_managing_a_team_waits_for_a_second_person(client, world):
    administrator, person = world.users["administrator"], world.users["employee"]
    membership = TeamMembership.objects.get(user=person)
    client.force_login(administrator)
    url = reverse("admin:accounts_user_change", args=[person.pk])
    roles_rows = [(UserRole.objects.get(user=person).pk, Role.EMPLOYEE)]
    rows = [
        (membership.pk, world.team_a, MembershipRole.MANAGER),
        (None, world.team_b, MembershipRole.MEMBER),
    ]
    response = client.post(url, user_form(person, roles_rows=roles_rows, memberships=rows), follow=True)
    assert "Leidinggevende van team Publiekszaken" in response.content.decode()
    # Still a member of A until confirmed; a member of B at once.
    assert set(TeamMembership.objects.filter(user=person).values_list("team__name", "role")) == {
        ("Publiekszaken", MembershipRole.MEMBER),
        ("Handhaving", MembershipRole.MEMBER),
    }
    grant = RoleGrantRequest.objects.get(user=person)
    client.force_login(world.users["coordinator"])
    client.post(reverse("access:role_grant_confirm", args=[grant.pk]))
    assert set(TeamMembership.objects.filter(user=person).values_list("team__name", "role")) == {
        ("Publiekszaken", MembershipRole.MANAGER),
        ("Handhaving", MembershipRole.MEMBER),
    }
    assert (
        AuditEvent.objects.filter(action=AuditAction.MEMBERSHIP_CHANGED, target_id=str(person.pk)).count()
        == 2
    )


def test_account_changes_are_logged_with_before_and_after(client, world):
    administrator, person = world.users["administrator"], world.users["team_manager"]
    client.force_login(administrator)
    data = user_form(person, roles_rows=[(r.pk, r.role) for r in UserRole.objects.filter(user=person)])
    data.update(
        {"email": "nieuw@gemeente.example", "has_measure_mandate": "on", "is_political_office_holder": "on"}
    )
    del data["is_active"]
    client.post(reverse("admin:accounts_user_change", args=[person.pk]), data)
    event = AuditEvent.objects.get(action=AuditAction.ACCOUNT_CHANGED)
    assert event.actor == administrator
    assert event.changes["e-mailadres"] == [world.users["team_manager"].email, "nieuw@gemeente.example"]
    assert event.changes["gemandateerd voor maatregelen"] == [False, True]
    assert event.changes["politiek ambtsdrager"] == [False, True]
    assert event.changes["actief"] == [True, False]
    assert "account geblokkeerd" in event.detail


def test_a_new_account_in_beheer_is_logged_and_asks_for_its_roles(client, world):
    administrator = world.users["administrator"]
    client.force_login(administrator)
    data = {
        "username": "nieuwe.cag",
        "email": "nieuwe.cag@gemeente.example",
        "roles-TOTAL_FORMS": "2",
        "roles-INITIAL_FORMS": "0",
        "roles-0-role": Role.EMPLOYEE,
        "roles-1-role": Role.COORDINATOR,
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "grant_requests-TOTAL_FORMS": "0",
        "grant_requests-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("admin:accounts_user_add"), data, follow=True)
    assert response.status_code == 200
    user = User.objects.get(username="nieuwe.cag")
    assert roles(user) == {Role.EMPLOYEE}
    assert RoleGrantRequest.objects.filter(
        user=user, role=Role.COORDINATOR, status=GrantStatus.PENDING
    ).exists()
    actions = list(AuditEvent.objects.filter(target_id=str(user.pk)).values_list("action", flat=True))
    assert actions == [
        AuditAction.ACCOUNT_CREATED,
        AuditAction.ROLE_GRANTED,
        AuditAction.ROLE_GRANT_REQUESTED,
        # No password is set in Beheer: its owner gets a link to choose one.
        AuditAction.PASSWORD_RESET_SENT,
    ]


def test_deleting_an_account_in_beheer_is_logged(client, world):
    administrator, person = world.users["administrator"], UserFactory(username="weg", roles=[Role.EMPLOYEE])
    client.force_login(administrator)
    response = client.post(reverse("admin:accounts_user_delete", args=[person.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not User.objects.filter(username="weg").exists()
    event = AuditEvent.objects.get(action=AuditAction.ACCOUNT_CHANGED, target_id=str(person.pk))
    assert event.detail == "account verwijderd"
    assert event.changes["gebruikersnaam"] == ["weg", None]


def test_the_decision_is_mailed_to_who_asked_and_who_it_was_for(
    client, world, django_capture_on_commit_callbacks
):
    grant = ask(world, user="employee", role=Role.LEGAL)
    client.force_login(world.users["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("access:role_grant_refuse", args=[grant.pk]), {"reason": "Onbekend verzoek."})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == sorted([world.users["administrator"].email, world.users["employee"].email])
    assert message.subject == "GIR: aanvraag voor een rol afgewezen"
    assert "Onbekend verzoek." not in message.body  # the reason stays in GIR (issue 19 item 3)
