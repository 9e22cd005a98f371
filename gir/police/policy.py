"""Access to the police and damage files of an incident (DESIGN §1, §2.4). The damage
app works the same files and asks this module too."""

from django.db.models import Q, QuerySet
from django.http import Http404

from gir.access.kernel import Actor, Capability, capabilities_of, has_capability
from gir.access.registry import register_menu
from gir.incidents.constants import IncidentStatus
from gir.incidents.models import Incident
from gir.incidents.policy import handled_filter, is_handler


def _works_files(user: Actor, incident: Incident) -> bool:
    return not incident.is_restricted and has_capability(user, Capability.WORK_POLICE_AND_DAMAGE_FILES)


def can_work_police_and_damage(user: Actor, incident: Incident) -> bool:
    """Record and read the incident's police reports, damage and claims: its
    handlers, and legal outside the restricted track. Also after closing: a case's
    course and a claim's result come months later."""
    return incident.status != IncidentStatus.DRAFT and (
        is_handler(user, incident) or _works_files(user, incident)
    )


def police_and_damage_incidents(user: Actor) -> QuerySet[Incident]:
    """The incidents whose police and damage files this user works (the overviews)."""
    handled = handled_filter(user)
    if has_capability(user, Capability.WORK_POLICE_AND_DAMAGE_FILES):
        files = ~Q(status=IncidentStatus.DRAFT) & Q(is_restricted=False)
        handled = files if handled is None else handled | files
    return Incident.objects.none() if handled is None else Incident.objects.filter(handled)


def has_police_and_damage_overview(user: Actor) -> bool:
    """The overviews of aangiftes and damage: legal and the coordinator."""
    caps = capabilities_of(user)
    return Capability.WORK_POLICE_AND_DAMAGE_FILES in caps or Capability.HANDLE_ALL_INCIDENTS in caps


def access_police_and_damage(user: Actor, pk: int) -> Incident:
    incident = Incident.objects.select_related("team", "location", "handler").filter(pk=pk).first()
    if incident is None or not can_work_police_and_damage(user, incident):
        raise Http404
    return incident


register_menu("police_and_damage", has_police_and_damage_overview)
