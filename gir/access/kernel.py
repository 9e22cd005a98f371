"""The kernel of GIR's access policy (DESIGN §1): who may do what, on one page.

Roles grant capabilities (``ROLE_CAPABILITIES``, the page to review); capabilities
plus the user's relation to an object decide what is visible and what may be done.
The relations live here too (the teams a user manages or belongs to); what each
capability means for an app's objects lives in that app's ``policy.py``, which
registers itself with ``gir.access.registry``. Nothing here looks at group names or
superuser flags: there is no bypass. Mail recipients are chosen by capability
(``users_with``), never by role name.
"""

from collections.abc import Iterable
from enum import StrEnum

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from gir.accounts.constants import MembershipRole, Role
from gir.accounts.models import TeamMembership, User

# Who asks: a logged-in account or an anonymous visitor (request.user).
Actor = User | AnonymousUser


class Capability(StrEnum):
    REPORT_INCIDENT = "report_incident"
    REPORT_ON_BEHALF = "report_on_behalf"
    # The coordinator sees every submitted incident, the restricted track included
    # (issue 3: restricted incidents only for the mayor, the clerk and the coordinator).
    HANDLE_ALL_INCIDENTS = "handle_all_incidents"
    HANDLE_TEAM_INCIDENTS = "handle_team_incidents"
    HANDLE_RESTRICTED_INCIDENTS = "handle_restricted_incidents"
    # The mayor is the first handler of a restricted incident (001 §6.4).
    LEAD_RESTRICTED_INCIDENTS = "lead_restricted_incidents"
    MANAGE_ORGANISATION = "manage_organisation"
    # Protocol steps owned by a role rather than by the incident's handler (DESIGN §2.2).
    WORK_AFTERCARE_STEPS = "work_aftercare_steps"
    WORK_LEGAL_STEPS = "work_legal_steps"
    # Overdue steps escalate to the directors (DESIGN §2.2).
    RECEIVE_ESCALATIONS = "receive_escalations"
    # The coordinator adjusts the protocol's rules (DESIGN §1: configuration).
    CONFIGURE_PROTOCOL = "configure_protocol"
    # The perpetrator register (DESIGN §2.3): the whole register, not only the
    # perpetrators of incidents one handles.
    VIEW_ALL_PERPETRATORS = "view_all_perpetrators"
    MERGE_PERPETRATORS = "merge_perpetrators"
    WITHDRAW_MEASURES = "withdraw_measures"
    HANDLE_OBJECTIONS = "handle_objections"
    # The mayor signs measures; a manager may sign when mandated (001 §7.3, §8.1).
    SIGN_MEASURES = "sign_measures"
    CONFIGURE_LETTERS = "configure_letters"
    # Reception and security: active measures only (001 §7.1, §8.1).
    CHECK_VISITORS = "check_visitors"
    # The desk is told when a ban starts (001 §7.1, §8.1).
    RECEIVE_BAN_NOTICES = "receive_ban_notices"
    # Legal reads and works the aangifte and damage files of every incident
    # outside the restricted track (DESIGN §1, §2.4).
    WORK_POLICE_AND_DAMAGE_FILES = "work_police_and_damage_files"
    # The quarterly aftercare report, aggregates only (001 §10.3).
    READ_AFTERCARE_REPORT = "read_aftercare_report"
    # The trend dashboard and reports over all incidents, aggregates only (DESIGN §2.7).
    READ_TREND_REPORTS = "read_trend_reports"
    # Learning (DESIGN §2.6): the organisation's own actions in the catalogue, and the
    # improvement plan of the organisation and of every team.
    MANAGE_LEARNING = "manage_learning"
    # Directors read the improvement plans (management follows them, 002 "Management").
    READ_IMPROVEMENT_PLANS = "read_improvement_plans"
    # The duty table, its owners and dates, and the annual policy evaluation (DESIGN §2.8;
    # 003: the coordinator "initieert de jaarlijkse evaluatie van het beleid").
    MANAGE_DUTIES = "manage_duties"
    # The privacy officer reads GIR's audit log: who read, searched, logged in, granted
    # what (DESIGN §1; issue 17 item 7). No case content comes with it.
    READ_AUDIT_LOG = "read_audit_log"
    # Lift a lockout after too many failed log-ins (issue 17 item 3).
    UNLOCK_ACCOUNTS = "unlock_accounts"
    # The second person who confirms a grant of a role that sees case content
    # (DESIGN §1; issue 17 item 6). Never the person who asked for it.
    CONFIRM_ROLE_GRANTS = "confirm_role_grants"
    # The rights of the person in the register (AVG art. 15-21; issue 19 item 5): record and
    # decide their requests and make the art. 15 overview of what GIR holds about them.
    HANDLE_SUBJECT_REQUESTS = "handle_subject_requests"
    # The privacy officer follows those requests and their terms: metadata, no case content.
    FOLLOW_SUBJECT_REQUESTS = "follow_subject_requests"
    # The retention schedule (issue 19 item 4, ADR 0023): adjust the periods, read the
    # deletion log, start a dry run. Counts only, never the records themselves.
    MANAGE_RETENTION = "manage_retention"
    # Set and lift a legal hold on an incident: its evidence and police files stay.
    SET_LEGAL_HOLDS = "set_legal_holds"


# Every account may report and follow its own reports ("schelden is melden").
EVERY_ACCOUNT: frozenset[Capability] = frozenset({Capability.REPORT_INCIDENT})

ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.EMPLOYEE: frozenset({Capability.REPORT_INCIDENT}),
    Role.TEAM_MANAGER: frozenset(
        {Capability.REPORT_INCIDENT, Capability.REPORT_ON_BEHALF, Capability.HANDLE_TEAM_INCIDENTS}
    ),
    Role.COORDINATOR: frozenset(
        {
            Capability.REPORT_INCIDENT,
            Capability.HANDLE_ALL_INCIDENTS,
            Capability.CONFIGURE_PROTOCOL,
            Capability.VIEW_ALL_PERPETRATORS,
            Capability.MERGE_PERPETRATORS,
            Capability.WITHDRAW_MEASURES,
            Capability.HANDLE_OBJECTIONS,
            Capability.HANDLE_SUBJECT_REQUESTS,
            Capability.CONFIGURE_LETTERS,
            Capability.CHECK_VISITORS,
            Capability.READ_AFTERCARE_REPORT,
            Capability.MANAGE_LEARNING,
            Capability.MANAGE_DUTIES,
            Capability.UNLOCK_ACCOUNTS,
            Capability.CONFIRM_ROLE_GRANTS,
            Capability.MANAGE_RETENTION,
            Capability.SET_LEGAL_HOLDS,
        }
    ),
    Role.AFTERCARE: frozenset(
        {Capability.REPORT_INCIDENT, Capability.WORK_AFTERCARE_STEPS, Capability.READ_AFTERCARE_REPORT}
    ),
    Role.RECEPTION: frozenset(
        {Capability.REPORT_INCIDENT, Capability.CHECK_VISITORS, Capability.RECEIVE_BAN_NOTICES}
    ),
    Role.LEGAL: frozenset(
        {
            Capability.REPORT_INCIDENT,
            Capability.WORK_LEGAL_STEPS,
            Capability.VIEW_ALL_PERPETRATORS,
            Capability.HANDLE_OBJECTIONS,
            Capability.HANDLE_SUBJECT_REQUESTS,
            Capability.WORK_POLICE_AND_DAMAGE_FILES,
        }
    ),
    Role.DIRECTOR: frozenset(
        {
            Capability.REPORT_INCIDENT,
            Capability.READ_AFTERCARE_REPORT,
            Capability.READ_TREND_REPORTS,
            Capability.READ_IMPROVEMENT_PLANS,
            Capability.RECEIVE_ESCALATIONS,
            Capability.CONFIRM_ROLE_GRANTS,
        }
    ),
    Role.MAYOR: frozenset(
        {
            Capability.REPORT_INCIDENT,
            Capability.HANDLE_RESTRICTED_INCIDENTS,
            Capability.LEAD_RESTRICTED_INCIDENTS,
            Capability.SIGN_MEASURES,
        }
    ),
    Role.CLERK: frozenset({Capability.REPORT_INCIDENT, Capability.HANDLE_RESTRICTED_INCIDENTS}),
    Role.ADMINISTRATOR: frozenset(
        {Capability.REPORT_INCIDENT, Capability.MANAGE_ORGANISATION, Capability.UNLOCK_ACCOUNTS}
    ),
    Role.PRIVACY_OFFICER: frozenset(
        {
            Capability.REPORT_INCIDENT,
            Capability.READ_AUDIT_LOG,
            Capability.FOLLOW_SUBJECT_REQUESTS,
            Capability.MANAGE_RETENTION,
        }
    ),
}


def capabilities_of(user: Actor | None) -> frozenset[Capability]:
    """What the user's roles allow; nothing for an anonymous visitor or a blocked account."""
    if not isinstance(user, User) or not user.is_active:
        return frozenset()
    caps: set[Capability] = set(EVERY_ACCOUNT)
    for role in user.role_codes:
        caps |= ROLE_CAPABILITIES.get(role, frozenset())
    return frozenset(caps)


def has_capability(user: Actor | None, capability: Capability) -> bool:
    return capability in capabilities_of(user)


def roles_with(capability: Capability) -> list[str]:
    """The roles that grant this capability."""
    return [role for role, caps in ROLE_CAPABILITIES.items() if capability in caps]


def users_with(
    capability: Capability, *, teams: Iterable[int] | None = None, active: bool = True
) -> QuerySet[User]:
    """The accounts that hold this capability: who a mail or a choice is for.

    ``teams``: only those who manage one of these teams (in GIR every team-bound
    capability follows from managing the team). ``active=False`` includes blocked
    accounts. Unordered, each account once.
    """
    users = User.objects.all()
    if capability not in EVERY_ACCOUNT:
        users = users.filter(roles__role__in=roles_with(capability))
    if teams is not None:
        users = users.filter(memberships__team_id__in=list(teams), memberships__role=MembershipRole.MANAGER)
    if active:
        users = users.filter(is_active=True)
    return users.distinct()


def exempt_from_second_factor() -> frozenset[str]:
    """The roles that may log in with a password alone (GIR_2FA_EXEMPT_ROLES; by default
    only the plain employee, who sees nothing but their own reports)."""
    return frozenset(getattr(settings, "GIR_2FA_EXEMPT_ROLES", (Role.EMPLOYEE,)))


def second_factor_required(user: Actor | None) -> bool:
    """Must this account pass a second factor before it reaches anything (issue 17 item 2)?
    Yes for every role that sees incident content, perpetrator data, the audit log or the
    administration: each role outside GIR_2FA_EXEMPT_ROLES. A role added later is covered
    until someone exempts it. Read live from the roles, so a role granted during a session
    asks for the second factor at the next request."""
    if not isinstance(user, User) or not user.is_active:
        return False
    return bool(user.role_codes - exempt_from_second_factor())


def can_manage_organisation(user: Actor | None) -> bool:
    return has_capability(user, Capability.MANAGE_ORGANISATION)


# --- Team relations -------------------------------------------------------------------


def managed_team_ids(user: Actor | None) -> frozenset[int]:
    """The teams the user manages, loaded once per user object."""
    if not isinstance(user, User) or not has_capability(user, Capability.HANDLE_TEAM_INCIDENTS):
        return frozenset()
    cached: frozenset[int] | None = user.__dict__.get("_managed_team_ids")
    if cached is None:
        cached = frozenset(
            TeamMembership.objects.filter(user=user, role=MembershipRole.MANAGER).values_list(
                "team_id", flat=True
            )
        )
        user.__dict__["_managed_team_ids"] = cached
    return cached


def member_team_ids(user: Actor | None) -> frozenset[int]:
    """The teams the user belongs to, as member or manager, loaded once per user object."""
    if not isinstance(user, User) or not capabilities_of(user):
        return frozenset()
    cached: frozenset[int] | None = user.__dict__.get("_member_team_ids")
    if cached is None:
        cached = frozenset(TeamMembership.objects.filter(user=user).values_list("team_id", flat=True))
        user.__dict__["_member_team_ids"] = cached
    return cached
