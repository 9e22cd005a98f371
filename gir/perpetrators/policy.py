"""Access to the perpetrator register, measures and the reception desk (DESIGN §1, §2.3)."""

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from gir.access.kernel import Actor, Capability, capabilities_of, has_capability, users_with
from gir.access.registry import register_check, register_menu
from gir.accounts.models import User
from gir.incidents.constants import IncidentStatus
from gir.incidents.models import Incident
from gir.incidents.policy import handled_filter, is_handler

from .models import Measure, Perpetrator, PerpetratorIncident


def perpetrators_visible_to(user: Actor) -> QuerySet[Perpetrator]:
    """The register as this user may read it: all of it for the coordinator and
    legal; for a handler, the perpetrators of the incidents they handle. Reception,
    aftercare and directors get none (reception has its own, narrower view)."""
    caps = capabilities_of(user)
    if Capability.VIEW_ALL_PERPETRATORS in caps:
        return Perpetrator.objects.filter(merged_into__isnull=True)
    handled = handled_filter(user)
    if handled is None:
        return Perpetrator.objects.none()
    handled_incidents = Incident.objects.filter(handled).values("pk")
    linked = PerpetratorIncident.objects.filter(perpetrator=OuterRef("pk"), incident__in=handled_incidents)
    return Perpetrator.objects.filter(Exists(linked), merged_into__isnull=True)


def has_register(user: Actor) -> bool:
    """Whether the perpetrator register is in this user's menu."""
    caps = capabilities_of(user)
    return Capability.VIEW_ALL_PERPETRATORS in caps or handled_filter(user) is not None


def access_perpetrator(user: Actor, pk: int) -> Perpetrator:
    """The perpetrator for a user who may read it, or 404. The caller logs the read."""
    perpetrator = perpetrators_visible_to(user).filter(pk=pk).first()
    if perpetrator is None:
        raise Http404
    return perpetrator


def measures_visible_to(user: Actor) -> QuerySet[Measure]:
    return Measure.objects.filter(perpetrator__in=perpetrators_visible_to(user).values("pk"))


def access_measure(user: Actor, pk: int) -> Measure:
    measure = measures_visible_to(user).select_related("perpetrator", "decided_by").filter(pk=pk).first()
    if measure is None:
        raise Http404
    return measure


def can_manage_measures(user: Actor, perpetrator: Perpetrator) -> bool:
    """Propose, decide and record measures, letters and meetings for a person one
    may read; the register's readers and the handlers of the person's incidents."""
    return perpetrators_visible_to(user).filter(pk=perpetrator.pk).exists()


def can_link_perpetrator(user: Actor, incident: Incident) -> bool:
    """Link a person to an incident: its handlers, once it is submitted and open."""
    return incident.status in {IncidentStatus.REPORTED, IncidentStatus.IN_PROGRESS} and is_handler(
        user, incident
    )


def can_merge_perpetrators(user: Actor) -> bool:
    return has_capability(user, Capability.MERGE_PERPETRATORS)


def can_withdraw_measures(user: Actor) -> bool:
    return has_capability(user, Capability.WITHDRAW_MEASURES)


def can_handle_objections(user: Actor) -> bool:
    return has_capability(user, Capability.HANDLE_OBJECTIONS)


def can_check_visitors(user: Actor) -> bool:
    return has_capability(user, Capability.CHECK_VISITORS)


def may_sign_measures(user: Actor) -> bool:
    """The mayor, or a manager mandated for measures (001 §7.3, §8.1)."""
    if not isinstance(user, User) or not user.is_active:
        return False
    return has_capability(user, Capability.SIGN_MEASURES) or bool(user.has_measure_mandate)


def signatory_candidates() -> QuerySet[User]:
    """Who may sign a measure: the mayor and the mandated managers."""
    signers = users_with(Capability.SIGN_MEASURES).values("pk")
    return (
        User.objects.filter(Q(pk__in=signers) | Q(has_measure_mandate=True), is_active=True)
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def access_perpetrator_photo(user: Actor, pk: int) -> Perpetrator:
    """A photo is shown to who may read the person, and to reception while the
    person has a measure in force that matters at the desk."""
    from .selectors import reception_people  # the selectors start from this policy

    perpetrator = perpetrators_visible_to(user).filter(pk=pk).first()
    if perpetrator is None and can_check_visitors(user):
        perpetrator = reception_people().filter(pk=pk).first()
    if perpetrator is None or not perpetrator.photo:
        raise Http404
    return perpetrator


def can_add_to_register(user: Actor) -> bool:
    """Add a person who is not (yet) linked to an incident: only who reads the whole
    register; a handler adds a person from the incident (can_link_perpetrator)."""
    return has_capability(user, Capability.VIEW_ALL_PERPETRATORS)


def merged_successor(user: Actor, pk: int) -> Perpetrator | None:
    """For a person merged into another: the person it now lives on as, if this user
    may read that one; otherwise None (the caller answers 404)."""
    target_id = Perpetrator.objects.filter(pk=pk).values_list("merged_into_id", flat=True).first()
    for _hop in range(10):  # a chain of merges, never a loop (merged people cannot merge again)
        if target_id is None:
            return None
        successor = perpetrators_visible_to(user).filter(pk=target_id).first()
        if successor is not None:
            return successor
        target_id = Perpetrator.objects.filter(pk=target_id).values_list("merged_into_id", flat=True).first()
    return None


def _check_perpetrator(user: Actor, action: str, perpetrator: Perpetrator) -> bool:
    """Reading a person and managing their measures go together (can_manage_measures)."""
    return can_manage_measures(user, perpetrator)


register_check(Perpetrator, _check_perpetrator)
register_menu("register", has_register)
register_menu("reception", can_check_visitors)
