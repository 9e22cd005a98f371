"""THE access policy of GIR (DESIGN §1). Views, API, selectors and templates ask only this module.

Roles grant capabilities; capabilities plus the user's relation to an object
(reporter, victim, manager of the incident's team) decide what is visible and
what may be done. Nothing here looks at group names or superuser flags: there
is no bypass.
"""

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import Combinable
from django.http import Http404

from gir.accounts.constants import MembershipRole, Role
from gir.accounts.models import TeamMembership
from gir.incidents.constants import IncidentStatus
from gir.incidents.models import Evidence, Incident, Victim


class Capability(StrEnum):
    REPORT_INCIDENT = "report_incident"
    REPORT_ON_BEHALF = "report_on_behalf"
    # The coordinator sees every submitted incident, the restricted track included
    # (issue 3: restricted incidents only for the mayor, the clerk and the coordinator).
    HANDLE_ALL_INCIDENTS = "handle_all_incidents"
    HANDLE_TEAM_INCIDENTS = "handle_team_incidents"
    HANDLE_RESTRICTED_INCIDENTS = "handle_restricted_incidents"
    MANAGE_ORGANISATION = "manage_organisation"
    # Protocol steps owned by a role rather than by the incident's handler (DESIGN §2.2).
    WORK_AFTERCARE_STEPS = "work_aftercare_steps"
    WORK_LEGAL_STEPS = "work_legal_steps"
    # The coordinator adjusts the protocol's rules (DESIGN §1: configuration).
    CONFIGURE_PROTOCOL = "configure_protocol"
    # The perpetrator register (DESIGN §2.3): the whole register, not only the
    # perpetrators of incidents one handles.
    VIEW_ALL_PERPETRATORS = "view_all_perpetrators"
    MERGE_PERPETRATORS = "merge_perpetrators"
    WITHDRAW_MEASURES = "withdraw_measures"
    HANDLE_OBJECTIONS = "handle_objections"
    CONFIGURE_LETTERS = "configure_letters"
    # Reception and security: active measures only (001 §7.1, §8.1).
    CHECK_VISITORS = "check_visitors"
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
            Capability.CONFIGURE_LETTERS,
            Capability.CHECK_VISITORS,
            Capability.READ_AFTERCARE_REPORT,
            Capability.MANAGE_LEARNING,
            Capability.MANAGE_DUTIES,
        }
    ),
    Role.AFTERCARE: frozenset(
        {Capability.REPORT_INCIDENT, Capability.WORK_AFTERCARE_STEPS, Capability.READ_AFTERCARE_REPORT}
    ),
    Role.RECEPTION: frozenset({Capability.REPORT_INCIDENT, Capability.CHECK_VISITORS}),
    Role.LEGAL: frozenset(
        {
            Capability.REPORT_INCIDENT,
            Capability.WORK_LEGAL_STEPS,
            Capability.VIEW_ALL_PERPETRATORS,
            Capability.HANDLE_OBJECTIONS,
            Capability.WORK_POLICE_AND_DAMAGE_FILES,
        }
    ),
    Role.DIRECTOR: frozenset(
        {
            Capability.REPORT_INCIDENT,
            Capability.READ_AFTERCARE_REPORT,
            Capability.READ_TREND_REPORTS,
            Capability.READ_IMPROVEMENT_PLANS,
        }
    ),
    Role.MAYOR: frozenset({Capability.REPORT_INCIDENT, Capability.HANDLE_RESTRICTED_INCIDENTS}),
    Role.CLERK: frozenset({Capability.REPORT_INCIDENT, Capability.HANDLE_RESTRICTED_INCIDENTS}),
    Role.ADMINISTRATOR: frozenset({Capability.REPORT_INCIDENT, Capability.MANAGE_ORGANISATION}),
}


class IncidentAction(StrEnum):
    VIEW = "view"
    EDIT = "edit"
    VIEW_HISTORY = "view_history"
    ADD_EVIDENCE = "add_evidence"
    VIEW_PERPETRATOR = "view_perpetrator"
    # Lifecycle and plan (DESIGN §2.2).
    ASSIGN_HANDLER = "assign_handler"
    CLOSE = "close"
    REOPEN = "reopen"


def capabilities_of(user: Any) -> frozenset[Capability]:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    # Every account may report and follow its own reports ("schelden is melden").
    caps: set[Capability] = {Capability.REPORT_INCIDENT}
    for role in user.role_codes:
        caps |= ROLE_CAPABILITIES.get(role, frozenset())
    return frozenset(caps)


def has_capability(user: Any, capability: Capability) -> bool:
    return capability in capabilities_of(user)


def managed_team_ids(user: Any) -> frozenset[int]:
    """The teams the user manages, loaded once per user object."""
    if not has_capability(user, Capability.HANDLE_TEAM_INCIDENTS):
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


def _handled_filter(user: Any) -> Q | None:
    """The submitted incidents this user handles by role, as a filter; None for none."""
    caps = capabilities_of(user)
    submitted = ~Q(status=IncidentStatus.DRAFT)
    if Capability.HANDLE_ALL_INCIDENTS in caps:
        return submitted
    handled: Q | None = None
    if Capability.HANDLE_TEAM_INCIDENTS in caps:
        # The team's incidents, and any incident assigned to this manager.
        handled = Q(is_restricted=False, team_id__in=managed_team_ids(user)) | Q(
            is_restricted=False, handler_id=user.pk
        )
    if Capability.HANDLE_RESTRICTED_INCIDENTS in caps:
        restricted = Q(is_restricted=True)
        handled = restricted if handled is None else handled | restricted
    return None if handled is None else submitted & handled


def incidents_visible_to(user: Any) -> QuerySet[Incident]:
    """Every incident the user may see: own reports (drafts too), submitted incidents
    the user is a victim of, and those the user handles by role."""
    if not capabilities_of(user):
        return Incident.objects.none()
    is_victim = Exists(Victim.objects.filter(incident=OuterRef("pk"), user=user))
    visible: Q | Combinable = Q(reporter=user) | (~Q(status=IncidentStatus.DRAFT) & is_victim)
    handled = _handled_filter(user)
    if handled is not None:
        visible |= handled
    return Incident.objects.filter(visible)


def incidents_handled_by(user: Any) -> QuerySet[Incident]:
    """The submitted incidents the user handles by role (the work list)."""
    handled = _handled_filter(user)
    return Incident.objects.none() if handled is None else Incident.objects.filter(handled)


def is_handler(user: Any, incident: Incident) -> bool:
    if incident.status == IncidentStatus.DRAFT:
        return False
    caps = capabilities_of(user)
    if Capability.HANDLE_ALL_INCIDENTS in caps:
        return True
    if incident.is_restricted:
        return Capability.HANDLE_RESTRICTED_INCIDENTS in caps
    if Capability.HANDLE_TEAM_INCIDENTS not in caps:
        return False
    return incident.handler_id == user.pk or incident.team_id in managed_team_ids(user)


def may_be_handler(user: Any, incident: Incident) -> bool:
    """Who an incident may be assigned to: for the restricted track the mayor, the
    clerk or the coordinator (001 §6.4); otherwise a manager or the coordinator."""
    caps = capabilities_of(user)
    if Capability.HANDLE_ALL_INCIDENTS in caps:
        return True
    if incident.is_restricted:
        return Capability.HANDLE_RESTRICTED_INCIDENTS in caps
    return Capability.HANDLE_TEAM_INCIDENTS in caps


def can(user: Any, action: IncidentAction, incident: Incident) -> bool:
    """May this user do this to this incident? Assumes the incident came through
    incidents_visible_to (access_incident does that)."""
    if not capabilities_of(user):
        return False
    is_reporter = incident.reporter_id == user.pk
    if action == IncidentAction.VIEW:
        return incidents_visible_to(user).filter(pk=incident.pk).exists()
    if incident.status == IncidentStatus.CLOSED:
        return action in {
            IncidentAction.VIEW_HISTORY,
            IncidentAction.VIEW_PERPETRATOR,
            IncidentAction.REOPEN,
        } and is_handler(user, incident)
    if action in {IncidentAction.ASSIGN_HANDLER, IncidentAction.CLOSE}:
        return is_handler(user, incident)
    if action == IncidentAction.REOPEN:
        return False
    if action in {IncidentAction.EDIT, IncidentAction.ADD_EVIDENCE}:
        return is_reporter or is_handler(user, incident)
    if action == IncidentAction.VIEW_HISTORY:
        return is_handler(user, incident)
    if action == IncidentAction.VIEW_PERPETRATOR:
        return is_reporter or is_handler(user, incident)
    return False


def access_incident(user: Any, pk: int, *, action: IncidentAction) -> Incident:
    """The incident for this action, or 404 — never revealing whether it exists."""
    incident = incidents_visible_to(user).select_related("reporter", "team", "location").filter(pk=pk).first()
    if incident is None or (action != IncidentAction.VIEW and not can(user, action, incident)):
        raise Http404
    return incident


def access_evidence(user: Any, incident_pk: int, evidence_pk: int) -> Evidence:
    incident = access_incident(user, incident_pk, action=IncidentAction.VIEW)
    evidence = Evidence.objects.filter(incident=incident, pk=evidence_pk).first()
    if evidence is None:
        raise Http404
    return evidence


def victim_choices_for(user: Any) -> QuerySet[Any]:
    """Colleagues a reporter may name as victim: members of the teams the user is in
    or manages. Anyone else is named in free text."""
    from gir.accounts.models import User

    team_ids = TeamMembership.objects.filter(user=user).values("team_id")
    return (
        User.objects.filter(is_active=True, memberships__team_id__in=team_ids)
        .exclude(pk=user.pk)
        .distinct()
        .order_by("last_name", "first_name")
    )


def can_handle_incidents(user: Any) -> bool:
    return _handled_filter(user) is not None


def can_manage_organisation(user: Any) -> bool:
    return has_capability(user, Capability.MANAGE_ORGANISATION)


def can_configure_protocol(user: Any) -> bool:
    return has_capability(user, Capability.CONFIGURE_PROTOCOL)


def _step_owner_filter(user: Any) -> Q | None:
    from gir.protocol.constants import StepOwner

    caps = capabilities_of(user)
    if not caps:
        return None
    owned = Q(owner=StepOwner.HANDLER, incident__handler_id=user.pk)
    if Capability.HANDLE_ALL_INCIDENTS in caps:
        # Steps of incidents without a handler fall to the coordinator.
        owned |= Q(owner=StepOwner.COORDINATOR) | Q(owner=StepOwner.HANDLER, incident__handler__isnull=True)
    if Capability.WORK_AFTERCARE_STEPS in caps:
        owned |= Q(owner=StepOwner.AFTERCARE, incident__is_restricted=False)
    if Capability.WORK_LEGAL_STEPS in caps:
        owned |= Q(owner=StepOwner.LEGAL, incident__is_restricted=False)
    return owned


def steps_owned_by(user: Any) -> QuerySet[Any]:
    """The steps of open incidents that are this user's to do ("Mijn taken")."""
    from gir.protocol.models import Step

    owned = _step_owner_filter(user)
    if owned is None:
        return Step.objects.none()
    open_incident = Q(incident__status__in=[IncidentStatus.REPORTED, IncidentStatus.IN_PROGRESS])
    return Step.objects.filter(owned & open_incident)


def can_work_step(user: Any, step: Any) -> bool:
    """May this user record the step as done or not needed? Its owner and the
    incident's handlers may; nobody may once the incident is closed."""
    from gir.protocol.constants import StepOwner

    incident = step.incident
    if incident.status not in {IncidentStatus.REPORTED, IncidentStatus.IN_PROGRESS}:
        return False
    if is_handler(user, incident):
        return True
    caps = capabilities_of(user)
    if incident.is_restricted:
        return False
    return (step.owner == StepOwner.AFTERCARE and Capability.WORK_AFTERCARE_STEPS in caps) or (
        step.owner == StepOwner.LEGAL and Capability.WORK_LEGAL_STEPS in caps
    )


def access_step(user: Any, pk: int) -> Any:
    """The step for its owner or a handler of its incident, or 404."""
    from gir.protocol.models import Step

    related = ("incident", "incident__team", "incident__handler", "completed_by", "rule")
    step = Step.objects.select_related(*related).filter(pk=pk).first()
    if step is None or not can_work_step(user, step):
        raise Http404
    return step


STEP_OWNING_CAPABILITIES = frozenset(
    {
        Capability.HANDLE_ALL_INCIDENTS,
        Capability.HANDLE_TEAM_INCIDENTS,
        Capability.HANDLE_RESTRICTED_INCIDENTS,
        Capability.WORK_AFTERCARE_STEPS,
        Capability.WORK_LEGAL_STEPS,
    }
)


def has_tasks_page(user: Any) -> bool:
    """Whether "Mijn taken" is for this user: everyone who can own protocol steps."""
    return bool(capabilities_of(user) & STEP_OWNING_CAPABILITIES)


def handler_candidates(incident: Incident) -> QuerySet[Any]:
    """The active users an incident may be assigned to (see may_be_handler)."""
    from gir.accounts.models import User

    wanted = (
        Capability.HANDLE_RESTRICTED_INCIDENTS if incident.is_restricted else Capability.HANDLE_TEAM_INCIDENTS
    )
    roles = [
        role
        for role, caps in ROLE_CAPABILITIES.items()
        if Capability.HANDLE_ALL_INCIDENTS in caps or wanted in caps
    ]
    return (
        User.objects.filter(is_active=True, roles__role__in=roles)
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


# --- Perpetrators, measures and letters (DESIGN §1, §2.3) --------------------


def perpetrators_visible_to(user: Any) -> QuerySet[Any]:
    """The register as this user may read it: all of it for the coordinator and
    legal; for a handler, the perpetrators of the incidents they handle. Reception,
    aftercare and directors get none (reception has its own, narrower view)."""
    from gir.perpetrators.models import Perpetrator, PerpetratorIncident

    caps = capabilities_of(user)
    if Capability.VIEW_ALL_PERPETRATORS in caps:
        return Perpetrator.objects.filter(merged_into__isnull=True)
    handled = _handled_filter(user)
    if handled is None:
        return Perpetrator.objects.none()
    handled_incidents = Incident.objects.filter(handled).values("pk")
    linked = PerpetratorIncident.objects.filter(perpetrator=OuterRef("pk"), incident__in=handled_incidents)
    return Perpetrator.objects.filter(Exists(linked), merged_into__isnull=True)


def has_register(user: Any) -> bool:
    """Whether the perpetrator register is in this user's menu."""
    caps = capabilities_of(user)
    return Capability.VIEW_ALL_PERPETRATORS in caps or _handled_filter(user) is not None


def access_perpetrator(user: Any, pk: int) -> Any:
    """The perpetrator for a user who may read it, or 404. The caller logs the read."""
    perpetrator = perpetrators_visible_to(user).filter(pk=pk).first()
    if perpetrator is None:
        raise Http404
    return perpetrator


def measures_visible_to(user: Any) -> QuerySet[Any]:
    from gir.perpetrators.models import Measure

    return Measure.objects.filter(perpetrator__in=perpetrators_visible_to(user).values("pk"))


def access_measure(user: Any, pk: int) -> Any:
    measure = measures_visible_to(user).select_related("perpetrator", "decided_by").filter(pk=pk).first()
    if measure is None:
        raise Http404
    return measure


def can_manage_measures(user: Any, perpetrator: Any) -> bool:
    """Propose, decide and record measures, letters and meetings for a person one
    may read; the register's readers and the handlers of the person's incidents."""
    return perpetrators_visible_to(user).filter(pk=perpetrator.pk).exists()


def can_link_perpetrator(user: Any, incident: Incident) -> bool:
    """Link a person to an incident: its handlers, once it is submitted and open."""
    return incident.status in {IncidentStatus.REPORTED, IncidentStatus.IN_PROGRESS} and is_handler(
        user, incident
    )


def can_merge_perpetrators(user: Any) -> bool:
    return has_capability(user, Capability.MERGE_PERPETRATORS)


def can_withdraw_measures(user: Any) -> bool:
    return has_capability(user, Capability.WITHDRAW_MEASURES)


def can_handle_objections(user: Any) -> bool:
    return has_capability(user, Capability.HANDLE_OBJECTIONS)


def can_configure_letters(user: Any) -> bool:
    return has_capability(user, Capability.CONFIGURE_LETTERS)


def can_check_visitors(user: Any) -> bool:
    return has_capability(user, Capability.CHECK_VISITORS)


def may_sign_measures(user: Any) -> bool:
    """The mayor, or a manager mandated for measures (001 §7.3, §8.1)."""
    return user.is_active and (Role.MAYOR in user.role_codes or bool(user.has_measure_mandate))


def signatory_candidates() -> QuerySet[Any]:
    from gir.accounts.models import User

    return (
        User.objects.filter(Q(roles__role=Role.MAYOR) | Q(has_measure_mandate=True), is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def access_perpetrator_photo(user: Any, pk: int) -> Any:
    """A photo is shown to who may read the person, and to reception while the
    person has a measure in force that matters at the desk."""
    from gir.perpetrators.selectors import reception_people

    perpetrator = perpetrators_visible_to(user).filter(pk=pk).first()
    if perpetrator is None and can_check_visitors(user):
        perpetrator = reception_people().filter(pk=pk).first()
    if perpetrator is None or not perpetrator.photo:
        raise Http404
    return perpetrator


def can_add_to_register(user: Any) -> bool:
    """Add a person who is not (yet) linked to an incident: only who reads the whole
    register; a handler adds a person from the incident (can_link_perpetrator)."""
    return has_capability(user, Capability.VIEW_ALL_PERPETRATORS)


def merged_successor(user: Any, pk: int) -> Any:
    """For a person merged into another: the person it now lives on as, if this user
    may read that one; otherwise None (the caller answers 404)."""
    from gir.perpetrators.models import Perpetrator

    target_id = Perpetrator.objects.filter(pk=pk).values_list("merged_into_id", flat=True).first()
    for _hop in range(10):  # a chain of merges, never a loop (merged people cannot merge again)
        if target_id is None:
            return None
        successor = perpetrators_visible_to(user).filter(pk=target_id).first()
        if successor is not None:
            return successor
        target_id = Perpetrator.objects.filter(pk=target_id).values_list("merged_into_id", flat=True).first()
    return None


# --- Police, damage and aftercare (DESIGN §1, §2.4, §2.5) ----------------------


def _works_files(user: Any, incident: Incident) -> bool:
    return not incident.is_restricted and has_capability(user, Capability.WORK_POLICE_AND_DAMAGE_FILES)


def can_work_police_and_damage(user: Any, incident: Incident) -> bool:
    """Record and read the incident's police reports, damage and claims: its
    handlers, and legal outside the restricted track. Also after closing: a case's
    course and a claim's result come months later."""
    return incident.status != IncidentStatus.DRAFT and (
        is_handler(user, incident) or _works_files(user, incident)
    )


def police_and_damage_incidents(user: Any) -> QuerySet[Incident]:
    """The incidents whose police and damage files this user works (the overviews)."""
    handled = _handled_filter(user)
    if has_capability(user, Capability.WORK_POLICE_AND_DAMAGE_FILES):
        files = ~Q(status=IncidentStatus.DRAFT) & Q(is_restricted=False)
        handled = files if handled is None else handled | files
    return Incident.objects.none() if handled is None else Incident.objects.filter(handled)


def has_police_and_damage_overview(user: Any) -> bool:
    """The overviews of aangiftes and damage: legal and the coordinator."""
    caps = capabilities_of(user)
    return Capability.WORK_POLICE_AND_DAMAGE_FILES in caps or Capability.HANDLE_ALL_INCIDENTS in caps


def access_police_and_damage(user: Any, pk: int) -> Incident:
    incident = Incident.objects.select_related("team", "location", "handler").filter(pk=pk).first()
    if incident is None or not can_work_police_and_damage(user, incident):
        raise Http404
    return incident


def can_work_aftercare(user: Any, incident: Incident) -> bool:
    """Plan and record aftercare: the aftercare role; on the restricted track its
    handlers, who keep everything of it (001 §6.4)."""
    if incident.status == IncidentStatus.DRAFT:
        return False
    if incident.is_restricted:
        return is_handler(user, incident)
    return has_capability(user, Capability.WORK_AFTERCARE_STEPS)


def aftercare_incidents(user: Any) -> QuerySet[Incident]:
    """The incidents whose aftercare this user works."""
    submitted = ~Q(status=IncidentStatus.DRAFT)
    caps = capabilities_of(user)
    allowed: Q | None = None
    if Capability.WORK_AFTERCARE_STEPS in caps:
        allowed = Q(is_restricted=False)
    if Capability.HANDLE_ALL_INCIDENTS in caps or Capability.HANDLE_RESTRICTED_INCIDENTS in caps:
        allowed = Q(is_restricted=True) if allowed is None else allowed | Q(is_restricted=True)
    return Incident.objects.none() if allowed is None else Incident.objects.filter(submitted & allowed)


def has_aftercare_work(user: Any) -> bool:
    return has_capability(user, Capability.WORK_AFTERCARE_STEPS)


def access_aftercare_incident(user: Any, pk: int) -> Incident:
    incident = Incident.objects.select_related("team", "location").filter(pk=pk).first()
    if incident is None or not can_work_aftercare(user, incident):
        raise Http404
    return incident


def can_read_conversation(user: Any, conversation: Any) -> bool:
    """What was said is for the aftercare role and the employee only (DESIGN §2.5);
    a manager or the coordinator sees that it took place, never the content."""
    return conversation.employee_id == user.pk or can_work_aftercare(user, conversation.incident)


def access_conversation(user: Any, pk: int, *, work: bool = False) -> Any:
    """The conversation for its aftercare worker, or (work=False) also for its employee."""
    from gir.aftercare.models import Conversation

    conversation = Conversation.objects.select_related("incident", "employee", "worker").filter(pk=pk).first()
    if conversation is None:
        raise Http404
    allowed = (
        can_work_aftercare(user, conversation.incident) if work else can_read_conversation(user, conversation)
    )
    if not allowed:
        raise Http404
    return conversation


def can_request_aftercare(user: Any, incident: Incident) -> bool:
    """An employee the incident was aimed at may ask for aftercare, also long after."""
    return incident.status != IncidentStatus.DRAFT and incident.victims.filter(user_id=user.pk).exists()


def can_read_aftercare_report(user: Any) -> bool:
    return has_capability(user, Capability.READ_AFTERCARE_REPORT)


# --- Trend reports (DESIGN §1, §2.7) ------------------------------------------------------


def can_view_dashboard(user: Any) -> bool:
    """The coordinator and directors over the organisation; a team manager over the
    incidents of their own teams."""
    caps = capabilities_of(user)
    return bool(
        caps
        & {Capability.HANDLE_ALL_INCIDENTS, Capability.HANDLE_TEAM_INCIDENTS, Capability.READ_TREND_REPORTS}
    )


def dashboard_incidents(user: Any) -> QuerySet[Incident]:
    """The incidents behind a reader's figures, for the case-level export: all of them for
    the coordinator and directors, the handled ones for a team manager (never the
    restricted track)."""
    caps = capabilities_of(user)
    if Capability.HANDLE_ALL_INCIDENTS in caps or Capability.READ_TREND_REPORTS in caps:
        return Incident.objects.all()
    if Capability.HANDLE_TEAM_INCIDENTS in caps:
        return incidents_handled_by(user).filter(is_restricted=False)
    return Incident.objects.none()


@dataclass(frozen=True)
class FigureScope:
    """What a reader's dashboard figures cover: the incidents of these teams (None: of
    every team, and of none), and whether those of the restricted track count too."""

    team_ids: frozenset[int] | None
    restricted: bool


def dashboard_scope(user: Any) -> FigureScope:
    """The coordinator and directors see figures of the whole organisation; a team
    manager those of the teams they manage, never of the restricted track (001 §6.4)."""
    caps = capabilities_of(user)
    if Capability.HANDLE_ALL_INCIDENTS in caps or Capability.READ_TREND_REPORTS in caps:
        return FigureScope(None, restricted=True)
    if Capability.HANDLE_TEAM_INCIDENTS in caps:
        return FigureScope(managed_team_ids(user), restricted=False)
    return FigureScope(frozenset(), restricted=False)


def dashboard_has_case_access(user: Any) -> bool:
    """Whether the reader may see the incidents behind a figure: then small numbers are
    shown and the figures link to the work list; otherwise every figure is suppressed
    (001 §1.2, §4.3)."""
    caps = capabilities_of(user)
    return bool(caps & {Capability.HANDLE_ALL_INCIDENTS, Capability.HANDLE_TEAM_INCIDENTS})


def dashboard_units(user: Any) -> QuerySet[Any]:
    """The units a reader may filter the dashboard on."""
    from gir.accounts.models import OrganisationUnit

    caps = capabilities_of(user)
    if Capability.HANDLE_ALL_INCIDENTS in caps or Capability.READ_TREND_REPORTS in caps:
        return OrganisationUnit.objects.all()
    if Capability.HANDLE_TEAM_INCIDENTS in caps:
        return OrganisationUnit.objects.filter(pk__in=managed_team_ids(user))
    return OrganisationUnit.objects.none()


def can_export_cases(user: Any) -> bool:
    """The case-level export (one row per incident) is the coordinator's only."""
    return has_capability(user, Capability.HANDLE_ALL_INCIDENTS)


def access_export(user: Any, pk: int) -> Any:
    """An export for the one who asked for it, while they may still export."""
    from gir.reports.models import Export

    export = Export.objects.filter(pk=pk, requested_by_id=getattr(user, "pk", None)).first()
    if export is None or not can_export_cases(user):
        raise Http404
    return export


def can_import_incidents(user: Any) -> bool:
    """Importing existing registrations (issue 7 item 4) is the coordinator's, like the
    case-level export."""
    return can_export_cases(user)


# --- Learning (DESIGN §2.6) --------------------------------------------------------------


def can_evaluate(user: Any, incident: Incident) -> bool:
    """The structured evaluation is the handler's, as its protocol step (004 §6)."""
    return is_handler(user, incident)


def access_evaluation_incident(user: Any, pk: int) -> Incident:
    """The incident whose evaluation the user may read and write, or 404."""
    incident = incidents_visible_to(user).select_related("team").filter(pk=pk).first()
    if incident is None or not can_evaluate(user, incident):
        raise Http404
    return incident


def can_manage_catalogue(user: Any) -> bool:
    return has_capability(user, Capability.MANAGE_LEARNING)


def plan_team_ids(user: Any) -> frozenset[int] | None:
    """The teams whose improvement plan the user keeps: every team (None) for the
    coordinator, the managed teams for a team manager, none for others."""
    if has_capability(user, Capability.MANAGE_LEARNING):
        return None
    return managed_team_ids(user)


def can_keep_plan(user: Any, team_id: int | None) -> bool:
    """Whether the user adds and changes actions of this team's plan (team_id None:
    the organisation's plan, the coordinator's)."""
    teams = plan_team_ids(user)
    if teams is None:
        return True
    return team_id is not None and team_id in teams


def can_read_plans(user: Any) -> bool:
    caps = capabilities_of(user)
    return bool(
        caps
        & {Capability.MANAGE_LEARNING, Capability.READ_IMPROVEMENT_PLANS, Capability.HANDLE_TEAM_INCIDENTS}
    )


def improvement_actions_visible_to(user: Any) -> QuerySet[Any]:
    """Every plan for the coordinator and directors; a team manager's teams' plans;
    and to anyone the actions they own."""
    from gir.learning.models import ImprovementAction

    caps = capabilities_of(user)
    if not caps:
        return ImprovementAction.objects.none()
    if caps & {Capability.MANAGE_LEARNING, Capability.READ_IMPROVEMENT_PLANS}:
        return ImprovementAction.objects.all()
    return ImprovementAction.objects.filter(Q(team_id__in=managed_team_ids(user)) | Q(owner=user))


def can_update_action(user: Any, action: Any) -> bool:
    """The plan's keeper changes everything; the owner reports status and result."""
    return can_keep_plan(user, action.team_id) or action.owner_id == getattr(user, "pk", None)


def access_improvement_action(user: Any, pk: int) -> Any:
    action = improvement_actions_visible_to(user).select_related("team", "owner").filter(pk=pk).first()
    if action is None:
        raise Http404
    return action


def access_team_meeting(user: Any, pk: int) -> Any:
    """A thematic team meeting, for who keeps that team's plan; else 404."""
    from gir.learning.models import TeamMeeting

    meeting = TeamMeeting.objects.select_related("team").filter(pk=pk).first()
    if meeting is None or not can_keep_plan(user, meeting.team_id):
        raise Http404
    return meeting


# --- Learning and development (DESIGN §1, §2.6; 004) -----------------------------------


def member_team_ids(user: Any) -> frozenset[int]:
    """The teams the user belongs to, as member or manager, loaded once per user object."""
    if not capabilities_of(user):
        return frozenset()
    cached: frozenset[int] | None = user.__dict__.get("_member_team_ids")
    if cached is None:
        cached = frozenset(TeamMembership.objects.filter(user=user).values_list("team_id", flat=True))
        user.__dict__["_member_team_ids"] = cached
    return cached


def can_fill_in_assessment(user: Any) -> bool:
    """Every employee fills in the matrix and the leerdoelwijzer for themselves."""
    return bool(capabilities_of(user))


def access_own_assessment(user: Any, pk: int) -> Any:
    """A self-assessment, for the employee who fills it in only: nobody else ever reads
    someone's answers (DESIGN §1)."""
    from gir.development.models import SelfAssessment

    assessment = SelfAssessment.objects.filter(pk=pk, employee_id=getattr(user, "pk", None)).first()
    if assessment is None or not can_fill_in_assessment(user):
        raise Http404
    return assessment


def goals_to_review(user: Any) -> QuerySet[Any]:
    """The submitted self-assessments whose learning goal this manager agrees: those of
    the members of the teams they manage, never their own. Only the goal is shown."""
    from gir.development.constants import AssessmentStatus
    from gir.development.models import SelfAssessment

    teams = managed_team_ids(user)
    if not teams:
        return SelfAssessment.objects.none()
    members = TeamMembership.objects.filter(team_id__in=teams).values("user_id")
    return SelfAssessment.objects.filter(status=AssessmentStatus.SUBMITTED, employee_id__in=members).exclude(
        employee_id=user.pk
    )


def access_goal_review(user: Any, pk: int) -> Any:
    assessment = goals_to_review(user).select_related("employee").filter(pk=pk).first()
    if assessment is None:
        raise Http404
    return assessment


def picture_team_ids(user: Any) -> frozenset[int] | None:
    """The teams whose aggregated learning picture the user sees: every team (None) for
    the coordinator and directors; otherwise the teams one belongs to or manages."""
    caps = capabilities_of(user)
    if caps & {Capability.MANAGE_LEARNING, Capability.READ_TREND_REPORTS}:
        return None
    return member_team_ids(user) | managed_team_ids(user)


def can_see_team_picture(user: Any, team_id: int) -> bool:
    teams = picture_team_ids(user)
    return bool(capabilities_of(user)) and (teams is None or team_id in teams)


def can_read_group_pictures(user: Any) -> bool:
    """The pictures per function group, over the whole organisation (004: "voor
    functiegroepen of teams"): the coordinator and directors."""
    return bool(capabilities_of(user) & {Capability.MANAGE_LEARNING, Capability.READ_TREND_REPORTS})


def can_write_team_goal(user: Any, team_id: int) -> bool:
    """A team's learning goal is written by who keeps its plan: its manager or the
    coordinator."""
    return can_keep_plan(user, team_id)


def can_manage_offers(user: Any) -> bool:
    """The coordinator turns team goals into a learning offer (004)."""
    return has_capability(user, Capability.MANAGE_LEARNING)


def offers_visible_to(user: Any) -> QuerySet[Any]:
    """Every offer for the coordinator and directors; the organisation's and those of
    one's own teams for everyone else."""
    from gir.development.models import LearningOffer

    caps = capabilities_of(user)
    if not caps:
        return LearningOffer.objects.none()
    if caps & {Capability.MANAGE_LEARNING, Capability.READ_IMPROVEMENT_PLANS}:
        return LearningOffer.objects.all()
    return LearningOffer.objects.filter(
        Q(team=None) | Q(team_id__in=member_team_ids(user) | managed_team_ids(user))
    )


def access_offer(user: Any, pk: int) -> Any:
    offer = offers_visible_to(user).select_related("team", "goal").filter(pk=pk).first()
    if offer is None:
        raise Http404
    return offer


# --- Duties (DESIGN §2.8; 003) ---------------------------------------------------------


def can_read_duties(user: Any) -> bool:
    """The duty table is the organisation's own description of who does what: every
    account reads it, and sees its own tasks."""
    return bool(capabilities_of(user))


def can_manage_duties(user: Any) -> bool:
    return has_capability(user, Capability.MANAGE_DUTIES)


def duty_tasks_visible_to(user: Any) -> QuerySet[Any]:
    """Every task for the coordinator and directors (who follow the policy, 003); one's
    own tasks for everyone else."""
    from gir.duties.models import DutyTask

    caps = capabilities_of(user)
    if not caps:
        return DutyTask.objects.none()
    if caps & {Capability.MANAGE_DUTIES, Capability.READ_TREND_REPORTS}:
        return DutyTask.objects.all()
    return DutyTask.objects.filter(owner=user)


def access_duty_task(user: Any, pk: int) -> Any:
    task = duty_tasks_visible_to(user).select_related("duty", "owner", "completed_by").filter(pk=pk).first()
    if task is None:
        raise Http404
    return task


def can_complete_task(user: Any, task: Any) -> bool:
    """The owner or the coordinator records that a task is done."""
    return can_manage_duties(user) or (bool(capabilities_of(user)) and task.owner_id == user.pk)


def can_read_policy_evaluations(user: Any) -> bool:
    """The annual policy evaluation is fed back to the management (000): the coordinator
    writes it, directors read it."""
    return bool(capabilities_of(user) & {Capability.MANAGE_DUTIES, Capability.READ_TREND_REPORTS})
