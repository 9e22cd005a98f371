"""Access to the trend dashboard, its downloads and the case-level export (DESIGN §1, §2.7)."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from gir.access.kernel import Actor, Capability, capabilities_of, has_capability, managed_team_ids
from gir.access.registry import register_menu
from gir.accounts.models import OrganisationUnit
from gir.incidents.models import Incident
from gir.incidents.policy import incidents_handled_by

from .models import Export


def can_view_dashboard(user: Actor) -> bool:
    """The coordinator and directors over the organisation; a team manager over the
    incidents of their own teams."""
    caps = capabilities_of(user)
    return bool(
        caps
        & {Capability.HANDLE_ALL_INCIDENTS, Capability.HANDLE_TEAM_INCIDENTS, Capability.READ_TREND_REPORTS}
    )


def dashboard_incidents(user: Actor) -> QuerySet[Incident]:
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


def dashboard_scope(user: Actor) -> FigureScope:
    """The coordinator and directors see figures of the whole organisation; a team
    manager those of the teams they manage, never of the restricted track (001 §6.4)."""
    caps = capabilities_of(user)
    if Capability.HANDLE_ALL_INCIDENTS in caps or Capability.READ_TREND_REPORTS in caps:
        return FigureScope(None, restricted=True)
    if Capability.HANDLE_TEAM_INCIDENTS in caps:
        return FigureScope(managed_team_ids(user), restricted=False)
    return FigureScope(frozenset(), restricted=False)


def dashboard_has_case_access(user: Actor) -> bool:
    """Whether the reader may see the incidents behind a figure: then small numbers are
    shown and the figures link to the work list; otherwise every figure is suppressed
    (001 §1.2, §4.3)."""
    caps = capabilities_of(user)
    return bool(caps & {Capability.HANDLE_ALL_INCIDENTS, Capability.HANDLE_TEAM_INCIDENTS})


def dashboard_units(user: Actor) -> QuerySet[OrganisationUnit]:
    """The units a reader may filter the dashboard on."""
    caps = capabilities_of(user)
    if Capability.HANDLE_ALL_INCIDENTS in caps or Capability.READ_TREND_REPORTS in caps:
        return OrganisationUnit.objects.all()
    if Capability.HANDLE_TEAM_INCIDENTS in caps:
        return OrganisationUnit.objects.filter(pk__in=managed_team_ids(user))
    return OrganisationUnit.objects.none()


def can_export_cases(user: Actor) -> bool:
    """The case-level export (one row per incident) is the coordinator's only."""
    return has_capability(user, Capability.HANDLE_ALL_INCIDENTS)


def access_export(user: Actor, pk: int) -> Export:
    """An export for the one who asked for it, while they may still export."""
    export = Export.objects.filter(pk=pk, requested_by_id=getattr(user, "pk", None)).first()
    if export is None or not can_export_cases(user):
        raise Http404
    return export


register_menu("dashboard", can_view_dashboard)
