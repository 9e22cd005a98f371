"""Writes of accounts, roles and team memberships (issue 17 item 6; docs/adr/0014).

Every change of an account, a role, a team membership, the measure mandate or the
political-office-holder flag goes through here and is written to GIR's audit log in the
same transaction, with who, when, before and after. A role that sees case content, and
managing a team, is granted only through a ``RoleGrantRequest`` that a second person
confirms (``role_grant_decide``, called by ``gir.access.grants``, which checks that the
second person may confirm), from the identity provider
(``roles_set_from_identity_provider``) or on the server (``coordinator_create``).

A role takes effect on the user's next request: ``User.role_codes`` is read once per
request-bound user object, and these services clear the copy they hold.
"""

from collections.abc import Iterable
from functools import partial
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt

from gir.audit.models import AuditAction
from gir.audit.services import log_event
from gir.core import clock

from . import tasks
from .constants import GrantStatus, MembershipRole, Role, needs_second_person
from .models import OrganisationUnit, RoleGrantRequest, TeamMembership, User, UserRole
from .signals import role_grant_requested

# The account fields whose changes are logged with before and after. The password is
# not among them: its hash is never written to the log (PASSWORD_CHANGED says it changed).
TRACKED_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "email",
    "function_group",
    "is_political_office_holder",
    "has_measure_mandate",
    "is_active",
    "oidc_subject",
)
FROM_PROVIDER = "van de identiteitsprovider"


def _label(field: str) -> str:
    return str(getattr(User._meta.get_field(field), "verbose_name", field))


def _value(user: User, field: str) -> Any:
    value = getattr(user, field)
    if value is None or isinstance(value, bool | int | str):
        return value
    return str(value)


def _snapshot(user: User | None) -> dict[str, Any]:
    if user is None:
        return {}
    return {field: _value(user, field) for field in TRACKED_FIELDS}


def _forget_cached_access(user: User) -> None:
    """The user object holds its roles and teams once read; a change must be seen."""
    for key in ("_role_codes", "_managed_team_ids", "_member_team_ids"):
        user.__dict__.pop(key, None)


@transaction.atomic
def account_save(*, actor: User | None, user: User, detail: str = "") -> User:
    """Create or change an account (Beheer's user form, the management commands) and log
    it: ACCOUNT_CREATED with what it was made with, or ACCOUNT_CHANGED with before and
    after of each changed field; blocking and activating say so in the detail."""
    stored = User.objects.select_for_update().filter(pk=user.pk).first() if user.pk else None
    before = _snapshot(stored)
    if stored is None:
        user.save()
        after = _snapshot(user)
        log_event(
            actor=actor,
            action=AuditAction.ACCOUNT_CREATED,
            target=user,
            changes={_label(f): [None, v] for f, v in after.items() if v not in (None, "", False)},
            detail=detail,
        )
        return user
    update_fields = [
        field.attname
        for field in User._meta.concrete_fields
        if not field.primary_key and getattr(stored, field.attname) != getattr(user, field.attname)
    ]
    if not update_fields:
        return user
    user.save(update_fields=update_fields)
    after = _snapshot(user)
    changes = {_label(f): [before[f], after[f]] for f in TRACKED_FIELDS if before[f] != after[f]}
    if "is_active" in update_fields:
        state = _("account geactiveerd") if user.is_active else _("account geblokkeerd")
        detail = f"{state}; {detail}" if detail else state
    if changes:
        log_event(
            actor=actor, action=AuditAction.ACCOUNT_CHANGED, target=user, changes=changes, detail=detail
        )
    return user


@transaction.atomic
def account_delete(*, actor: User | None, user: User) -> None:
    """Delete an account (Beheer), logged first with what it was. An account that acted
    in the audit log cannot be deleted (the log keeps its actors): block it instead."""
    log_event(
        actor=actor,
        action=AuditAction.ACCOUNT_CHANGED,
        target=user,
        changes={_label(f): [v, None] for f, v in _snapshot(user).items() if v not in (None, "", False)}
        | {_("rollen"): [_role_names(user), []]},
        detail=_("account verwijderd"),
    )
    user.delete()


# --- Roles ---------------------------------------------------------------------------


def _role_names(user: User) -> list[str]:
    return sorted(
        str(Role(code).label) for code in UserRole.objects.filter(user=user).values_list("role", flat=True)
    )


def _role_add(*, actor: User | None, user: User, role: str, detail: str) -> UserRole:
    before = _role_names(user)
    user_role, created = UserRole.objects.get_or_create(user=user, role=role)
    if created:
        log_event(
            actor=actor,
            action=AuditAction.ROLE_GRANTED,
            target=user,
            changes={_("rollen"): [before, _role_names(user)]},
            detail=detail or str(Role(role).label),
        )
        _forget_cached_access(user)
    return user_role


@transaction.atomic
def role_grant(*, actor: User | None, user: User, role: str, detail: str = "") -> UserRole:
    """Grant a role that sees no case content (employee, administrator) directly. Any
    other role waits for a second person: ``role_grant_request``."""
    if needs_second_person(role):
        raise ValidationError(
            _("De rol %(role)s wordt pas toegekend als een tweede persoon dat bevestigt.")
            % {"role": Role(role).label}
        )
    return _role_add(actor=actor, user=user, role=role, detail=detail)


@transaction.atomic
def role_revoke(*, actor: User | None, user: User, role: str, detail: str = "") -> None:
    """Take a role away. Taking access away needs no second person."""
    before = _role_names(user)
    deleted, _rows = UserRole.objects.filter(user=user, role=role).delete()
    if deleted:
        log_event(
            actor=actor,
            action=AuditAction.ROLE_REVOKED,
            target=user,
            changes={_("rollen"): [before, _role_names(user)]},
            detail=detail or str(Role(role).label),
        )
        _forget_cached_access(user)


# --- Team memberships -----------------------------------------------------------------


def _membership_text(team: OrganisationUnit, role: str) -> str:
    return f"{team} ({MembershipRole(role).label})"


def _manager_add(*, actor: User | None, user: User, team: OrganisationUnit, detail: str) -> TeamMembership:
    """Make the user a manager of the team: a member row of the team becomes a manager row."""
    member = TeamMembership.objects.filter(user=user, team=team, role=MembershipRole.MEMBER).first()
    before = _membership_text(team, MembershipRole.MEMBER) if member else None
    if TeamMembership.objects.filter(user=user, team=team, role=MembershipRole.MANAGER).exists():
        if member:
            member.delete()
        return TeamMembership.objects.get(user=user, team=team, role=MembershipRole.MANAGER)
    if member:
        member.role = MembershipRole.MANAGER
        member.full_clean()
        member.save(update_fields=["role"])
        membership = member
    else:
        membership = TeamMembership(user=user, team=team, role=MembershipRole.MANAGER)
        membership.full_clean()
        membership.save()
    log_event(
        actor=actor,
        action=AuditAction.MEMBERSHIP_CHANGED,
        target=user,
        changes={_("team"): [before, _membership_text(team, MembershipRole.MANAGER)]},
        detail=detail,
    )
    _forget_cached_access(user)
    return membership


@transaction.atomic
def membership_add(
    *,
    actor: User | None,
    user: User,
    team: OrganisationUnit,
    role: str = MembershipRole.MEMBER,
    detail: str = "",
) -> TeamMembership:
    """Put a user in a team as a member. Managing a team sees its incidents, so it waits
    for a second person: ``role_grant_request(team=...)``."""
    if role == MembershipRole.MANAGER:
        raise ValidationError(
            _("Leidinggevende van een team wordt iemand pas als een tweede persoon dat bevestigt.")
        )
    membership = TeamMembership.objects.filter(user=user, team=team, role=role).first()
    if membership is None:
        membership = TeamMembership(user=user, team=team, role=role)
        membership.full_clean()
        membership.save()
        log_event(
            actor=actor,
            action=AuditAction.MEMBERSHIP_CHANGED,
            target=user,
            changes={_("team"): [None, _membership_text(team, role)]},
            detail=detail,
        )
        _forget_cached_access(user)
    return membership


@transaction.atomic
def membership_remove(*, actor: User | None, membership: TeamMembership, detail: str = "") -> None:
    user = membership.user
    text = _membership_text(membership.team, membership.role)
    membership.delete()
    log_event(
        actor=actor,
        action=AuditAction.MEMBERSHIP_CHANGED,
        target=user,
        changes={_("team"): [text, None]},
        detail=detail,
    )
    _forget_cached_access(user)


# --- The second person ----------------------------------------------------------------


def _already_has(user: User, role: str, team: OrganisationUnit | None) -> bool:
    if team is not None:
        return TeamMembership.objects.filter(user=user, team=team, role=MembershipRole.MANAGER).exists()
    return UserRole.objects.filter(user=user, role=role).exists()


@transaction.atomic
def role_grant_request(
    *, actor: User, user: User, role: str = "", team: OrganisationUnit | None = None
) -> RoleGrantRequest:
    """Ask for a role that sees case content (or for managing ``team``) for ``user``; it
    takes effect when a second person confirms. An identical open request is returned
    as it is. Those who may confirm are mailed (gir.access.grants, on commit)."""
    if bool(role) == (team is not None):
        raise ValueError("ask for a role or for managing a team, not both")
    if role and not needs_second_person(role):
        raise ValidationError(_("Deze rol kan direct worden toegekend; daarvoor is geen aanvraag nodig."))
    if _already_has(user, role, team):
        raise ValidationError(_("%(user)s heeft dit al.") % {"user": user})
    open_request = RoleGrantRequest.objects.filter(
        user=user, role=role, team=team, status=GrantStatus.PENDING
    ).first()
    if open_request is not None:
        return open_request
    grant = RoleGrantRequest(user=user, role=role, team=team, requested_by=actor)
    grant.full_clean()
    grant.save()
    log_event(
        actor=actor,
        action=AuditAction.ROLE_GRANT_REQUESTED,
        target=user,
        changes={_("aanvraag"): [None, grant.what]},
        detail=_("aanvraag %(pk)s") % {"pk": grant.pk},
    )
    role_grant_requested.send(sender=RoleGrantRequest, grant=grant)
    return grant


@transaction.atomic
def role_grant_decide(
    *, actor: User, grant: RoleGrantRequest, confirm: bool, reason: str = ""
) -> RoleGrantRequest:
    """Confirm or refuse an open request. Never by the one who asked, never by the one
    who would receive it. Call it through ``gir.access.grants``, which checks that the
    actor holds CONFIRM_ROLE_GRANTS (the access policy, a layer above this app)."""
    grant = (
        RoleGrantRequest.objects.select_for_update(of=("self",))
        .select_related("user", "team")
        .get(pk=grant.pk)
    )
    if grant.status != GrantStatus.PENDING:
        raise ValidationError(_("Over deze aanvraag is al beslist."))
    if actor.pk == grant.user_id:
        raise ValidationError(_("U kunt niet zelf beslissen over een rol die u zelf zou krijgen."))
    if actor.pk == grant.requested_by_id:
        raise ValidationError(
            _("U hebt deze rol zelf aangevraagd; een tweede persoon moet erover beslissen.")
        )
    reason = reason.strip()
    if not confirm and not reason:
        raise ValidationError({"reason": _("Geef een reden waarom u de aanvraag afwijst.")})
    grant.status = GrantStatus.CONFIRMED if confirm else GrantStatus.REFUSED
    grant.decided_by = actor
    grant.decided_at = clock.now()
    grant.reason = reason
    grant.save(update_fields=["status", "decided_by", "decided_at", "reason"])
    words = {"pk": grant.pk, "by": grant.requested_by}
    if confirm:
        log_event(
            actor=actor,
            action=AuditAction.ROLE_GRANT_CONFIRMED,
            target=grant.user,
            changes={_("aanvraag"): [grant.what, str(GrantStatus.CONFIRMED.label)]},
            detail=_("aanvraag %(pk)s van %(by)s") % words,
        )
        detail = _("bevestigd; aanvraag %(pk)s van %(by)s") % words
        if grant.team is not None:
            _manager_add(actor=actor, user=grant.user, team=grant.team, detail=detail)
        else:
            _role_add(actor=actor, user=grant.user, role=grant.role, detail=detail)
    else:
        log_event(
            actor=actor,
            action=AuditAction.ROLE_GRANT_REFUSED,
            target=grant.user,
            changes={_("aanvraag"): [grant.what, str(GrantStatus.REFUSED.label)]},
            detail=(_("aanvraag %(pk)s van %(by)s") % words + f": {reason}"),
        )
    return grant


# --- From the identity provider and from the server -----------------------------------


@transaction.atomic
def roles_set_from_identity_provider(
    user: User,
    roles: Iterable[str],
    *,
    managed_roles: Iterable[str] | None = None,
    managed_teams: Iterable[OrganisationUnit] | None = None,
    provider: str = "",
) -> None:
    """Make the user's roles exactly ``roles`` (role codes, e.g. ``"coordinator"``), as
    the identity provider says at log-in. The provider is the second person here: no
    request is made. Unknown codes are ignored. ``managed_teams``, when given, are the
    teams the user manages (others are taken away; plain memberships stay); ``None``
    leaves the teams as GIR has them. Every change is logged with actor None and a
    detail saying it came from the provider. Call it only where the provider manages
    GIR's roles (a roles claim is configured): it takes away every role it does not name,
    among ``managed_roles`` when given (the roles the provider decides on; the others stay
    as GIR has them)."""
    detail = FROM_PROVIDER + (f" ({provider})" if provider else "")
    decided = set(Role.values) if managed_roles is None else set(managed_roles) & set(Role.values)
    wanted = {code for code in roles if code in decided}
    held = set(UserRole.objects.filter(user=user, role__in=decided).values_list("role", flat=True))
    for code in sorted(held - wanted):
        role_revoke(actor=None, user=user, role=code, detail=detail)
    for code in sorted(wanted - held):
        _role_add(actor=None, user=user, role=code, detail=detail)
    if managed_teams is None:
        return
    teams = {team.pk: team for team in managed_teams}
    for membership in TeamMembership.objects.filter(user=user, role=MembershipRole.MANAGER).select_related(
        "team"
    ):
        if membership.team_id not in teams:
            membership_remove(actor=None, membership=membership, detail=detail)
    for team in teams.values():
        _manager_add(actor=None, user=user, team=team, detail=detail)


def _create_on_server(
    *, username: str, email: str, password: str, role: str, command: str, existing: bool
) -> User:
    detail = _("beheeropdracht %(command)s op de server") % {"command": command}
    user = User.objects.filter(username=username).first() if existing else None
    if user is None:
        user = User(username=username, email=email)
        validate_password(password, user)
        user.set_password(password)
        user.full_clean()
        account_save(actor=None, user=user, detail=detail)
    _role_add(actor=None, user=user, role=role, detail=detail)
    return user


@transaction.atomic
def administrator_create(*, username: str, email: str, password: str) -> User:
    """The first administrator of a real installation: manages users and organisation,
    sees no incident content (DESIGN §1). Logged with actor None."""
    return _create_on_server(
        username=username,
        email=email,
        password=password,
        role=Role.ADMINISTRATOR,
        command="create_administrator",
        existing=False,
    )


@transaction.atomic
def lockout_lift(*, actor: User, kind: str, value: str) -> list[str]:
    """Lift the lockout of a username or an IP address: its counted failures are forgotten
    (axes' attempt rows), so the next log-in is judged afresh. The failures of a username
    also counted for the addresses they came from: those addresses are returned (and
    logged), so whoever unlocks knows their count went down too."""
    if kind == "username":
        addresses = sorted(
            {
                ip
                for ip in AccessAttempt.objects.filter(username=value).values_list("ip_address", flat=True)
                if ip
            }
        )
        AxesProxyHandler.reset_attempts(username=value)
        target = User.objects.filter(username=value).first()
        detail = f"gebruikersnaam {value}"
        if addresses:
            detail += f" (ook niet meer geteld voor IP-adres {', '.join(addresses)})"
    elif kind == "ip_address":
        addresses = []
        AxesProxyHandler.reset_attempts(ip_address=value)
        target = None
        detail = f"IP-adres {value}"
    else:
        raise ValueError(f"unknown lockout kind {kind!r}")
    log_event(
        actor=actor,
        action=AuditAction.UNLOCKED,
        target=target,
        target_type="accounts.user" if target is None else "",
        detail=detail,
    )
    return addresses


@transaction.atomic
def password_changed_log(*, user: User) -> None:
    """A user set a new password: their own, or through a reset link."""
    log_event(actor=user, action=AuditAction.PASSWORD_CHANGED, target=user)


@transaction.atomic
def password_reset_send(*, actor: User | None, user: User) -> bool:
    """Mail the user a one-time link to choose a password (gir.accounts.passwords), by a
    task after the commit. Asked for on the log-in page (no actor) or sent from Beheer:
    the administrator's only way to help someone in, as it never sees or sets a
    password. False without an address to mail to."""
    if not user.email or not user.is_active:
        return False
    transaction.on_commit(partial(tasks.send_password_link.enqueue, user.pk))
    log_event(
        actor=actor,
        action=AuditAction.PASSWORD_RESET_SENT,
        target=user,
        detail="wachtwoord vergeten" if actor is None else "verstuurd vanuit Beheer",
    )
    return True


@transaction.atomic
def coordinator_create(*, username: str, email: str, password: str = "") -> User:
    """The first coordinator of a new installation, made on the server (who can run
    commands there is trusted already): no second person, logged with actor None. An
    existing account (e.g. made at its first single sign-on) gets the role and keeps its
    password; a new one needs a password (``password`` may be empty for an existing one)."""
    return _create_on_server(
        username=username,
        email=email,
        password=password,
        role=Role.COORDINATOR,
        command="create_coordinator",
        existing=True,
    )
