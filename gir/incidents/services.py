"""Writes to incidents. Every function runs in one transaction and leaves an audit entry."""

import contextlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Case, Field, When
from django.utils.translation import gettext as _

from gir.accounts.constants import MembershipRole
from gir.accounts.models import TeamMembership, User
from gir.audit.models import AuditAction
from gir.audit.services import log_event
from gir.core import clock
from gir.core.exceptions import ConcurrentEditError, StorageUnavailable

from . import lifecycle, signals, tasks
from .constants import IncidentStatus, ReporterRole, VictimKind
from .evidence import check_evidence_file, sha256_of
from .models import Evidence, Incident, IncidentBehaviour, Victim

# The facts a reporter fills in; the form and the API hand these over by name.
FACT_FIELDS = (
    "occurred_at",
    "setting",
    "location",
    "address_outside",
    "description",
    "escalation_level",
    "aggression_type",
    "weapon_or_object",
    "cause",
    "digital_channel",
    "digital_link_or_message",
    "digital_classification",
    "digital_evidence_secured",
    "reporter_role",
    "perpetrator_known",
    "perpetrator_name",
    "perpetrator_description",
    "injury",
    "medical_visit",
    "material_damage",
    "damage_estimate",
    "witnesses",
    "police_called",
)

# What an edit writes besides the facts it was given: what follows from the victims,
# the submit, the handler and next deadline (gir.incidents.lifecycle, set before the
# write by report_save) and the version that guards concurrent edits.
SAVED_FIELDS = (
    "team",
    "is_restricted",
    "status",
    "submitted_at",
    "handler",
    "next_due_at",
    "version",
    "updated_at",
)


@dataclass(frozen=True)
class VictimInput:
    user: User | None = None
    name: str = ""
    is_political_office_holder: bool = False


class RelatedRows:
    """Stands in for a related manager of an incident not written yet (what .all() reads)."""

    def __init__(self, items: list[Any]) -> None:
        self.items = items

    def all(self) -> list[Any]:
        return self.items


@dataclass(frozen=True)
class ReportFacts:
    """A report as it is about to be written: the incident, with its behaviours and
    victims in memory. Read like a saved incident (the protocol's rules do), it lets a
    caller of incident_save settle the incident's place before its one write, and the
    bulk filler plan incidents it writes in bulk."""

    incident: Incident
    behaviours: RelatedRows
    victims: RelatedRows

    def __getattr__(self, name: str) -> Any:
        return getattr(self.incident, name)


def _victim_kind(victim: VictimInput) -> str:
    political = victim.is_political_office_holder or (victim.user and victim.user.is_political_office_holder)
    return VictimKind.POLITICAL_OFFICE_HOLDER if political else VictimKind.EMPLOYEE


def _display(value: Any) -> Any:
    if value is None or isinstance(value, str | bool | int):
        return value
    return str(value)


def _team_for(victims: list[VictimInput], reporter: User) -> int | None:
    """The team that handles the incident: the victim's team, else the reporter's.
    A team someone is a member of goes before one they manage, so a manager who is
    the victim does not end up handling their own case."""
    for person in [v.user for v in victims if v.user] + [reporter]:
        membership = (
            TeamMembership.objects.filter(user=person)
            .order_by(Case(When(role=MembershipRole.MEMBER, then=0), default=1), "pk")
            .values("team_id")
            .first()
        )
        if membership:
            return int(membership["team_id"])
    return None


def _set_victims(incident: Incident, victims: list[VictimInput]) -> list[str]:
    before = sorted(str(v) for v in incident.victims.select_related("user"))
    incident.victims.all().delete()
    Victim.objects.bulk_create(
        Victim(
            incident=incident,
            user=v.user,
            name="" if v.user else v.name,
            kind=_victim_kind(v),
        )
        for v in victims
    )
    after = sorted(str(v.user) if v.user else v.name for v in victims)
    return [] if before == after else [", ".join(before), ", ".join(after)]


def _set_behaviours(incident: Incident, kinds: Iterable[str]) -> list[str]:
    before = sorted(incident.behaviours.values_list("kind", flat=True))
    after = sorted(set(kinds))
    if before == after:
        return []
    incident.behaviours.all().delete()
    IncidentBehaviour.objects.bulk_create(IncidentBehaviour(incident=incident, kind=k) for k in after)
    return [", ".join(before), ", ".join(after)]


def _victims_for(reporter: User, reporter_role: str, victims: list[VictimInput]) -> list[VictimInput]:
    if reporter_role == ReporterRole.VICTIM or not reporter_role:
        return [VictimInput(user=reporter)] + [v for v in victims if v.user != reporter]
    return victims


def evidence_add(*, actor: User, incident: Incident, upload: UploadedFile[bytes]) -> Evidence:
    """Store one evidence file untouched, with its content type and SHA-256."""
    content_type = check_evidence_file(upload)
    evidence = Evidence(
        incident=incident,
        original_name=upload.name or "bestand",
        content_type=content_type,
        size=upload.size or 0,
        sha256=sha256_of(upload),
        uploaded_by=actor,
    )
    evidence.file.save(evidence.sha256, upload, save=False)
    with transaction.atomic():
        evidence.save()
        log_event(
            actor=actor,
            action=AuditAction.EVIDENCE_ADDED,
            target=incident,
            changes={"bewijs": [None, f"{evidence.original_name} (SHA-256 {evidence.sha256})"]},
        )
    return evidence


@transaction.atomic
def evidence_add_all(
    *, actor: User, incident: Incident, uploads: Iterable[UploadedFile[bytes]]
) -> list[Evidence]:
    """Store several evidence files: all of them, or none. A file is written before its
    row, so a store that fails leaves no row without its file; the files already written
    are removed again when a later one fails, so none is left without its row."""
    added: list[Evidence] = []
    try:
        for upload in uploads:
            added.append(evidence_add(actor=actor, incident=incident, upload=upload))  # noqa: PERF401 - one by one: what was added before a failure
    except BaseException:
        for evidence in added:
            with contextlib.suppress(StorageUnavailable):  # logged by the storage
                evidence.file.delete(save=False)
        raise
    return added


@transaction.atomic
def incident_save(
    *,
    actor: User,
    facts: dict[str, Any],
    behaviours: Iterable[str],
    victims: list[VictimInput],
    uploads: Iterable[UploadedFile[bytes]] = (),
    submit: bool,
    incident: Incident | None = None,
    expected_version: int | None = None,
    before_write: Callable[[ReportFacts], None] | None = None,
) -> Incident:
    """Create or update a report; with submit=True a draft becomes a report (gemeld).
    The incident row is written once: `before_write` (protocol.services.report_save)
    gets the report as it is about to be written, to settle its handler and deadline.

    An update whose expected_version is not the stored one raises ConcurrentEditError,
    so two people editing at once never overwrite each other silently.
    """
    behaviours = list(behaviours)
    creating = incident is None
    if incident is None:
        incident = Incident(reporter=actor)
    else:
        # Compare against the stored row, not the object a ModelForm has already changed;
        # the lock keeps it so until this save commits.
        incident = Incident.objects.select_for_update().get(pk=incident.pk)
        if expected_version is not None and incident.version != expected_version:
            raise ConcurrentEditError
        incident.version += 1
    counted_before = None if creating else (incident.occurred_at, incident.team_id, incident.is_restricted)
    occurred_before = None if creating else incident.occurred_at

    changes: dict[str, list[Any]] = {}
    for name in FACT_FIELDS:
        if name not in facts:
            continue
        old, new = getattr(incident, name), facts[name]
        if old != new:
            if not creating:
                field = Incident._meta.get_field(name)
                assert isinstance(field, Field)  # a fact is a field of the incident, not a relation to it
                label = str(field.verbose_name)
                changes[label] = [_display(old), _display(new)]
            setattr(incident, name, new)

    all_victims = _victims_for(incident.reporter, incident.reporter_role, victims)
    incident.team_id = _team_for(all_victims, incident.reporter)
    incident.is_restricted = any(
        v.is_political_office_holder or (v.user and v.user.is_political_office_holder) for v in all_victims
    )
    newly_submitted = submit and incident.status == IncidentStatus.DRAFT
    if newly_submitted:
        lifecycle.submit(incident, at=clock.now())

    incident.full_clean(exclude=["reporter"])
    if before_write is not None:
        victim_rows = [Victim(user=v.user, name=v.name, kind=_victim_kind(v)) for v in all_victims]
        behaviour_rows = [IncidentBehaviour(kind=kind) for kind in set(behaviours)]
        before_write(ReportFacts(incident, RelatedRows(behaviour_rows), RelatedRows(victim_rows)))
    if creating:
        incident.save()
    else:
        incident.save(update_fields=[*SAVED_FIELDS, *facts.keys() & set(FACT_FIELDS)])
    if incident.status != IncidentStatus.DRAFT:
        # The figures of where it was counted and of where it is counted now; which
        # incident came first decides repeats and where a measure counts.
        moved = not creating and incident.occurred_at != occurred_before
        signals.incidents_changed_send([incident], counted_before=counted_before, moved=moved)

    behaviour_change = _set_behaviours(incident, behaviours)
    victim_change = _set_victims(incident, all_victims)
    if not creating:
        if behaviour_change:
            changes[_("soort gedrag")] = behaviour_change
        if victim_change:
            changes[_("slachtoffers")] = victim_change

    if creating:
        log_event(actor=actor, action=AuditAction.CREATED, target=incident)
    elif changes:
        log_event(actor=actor, action=AuditAction.UPDATED, target=incident, changes=changes)
    evidence_add_all(actor=actor, incident=incident, uploads=uploads)
    if newly_submitted:
        log_event(actor=actor, action=AuditAction.SUBMITTED, target=incident)
        transaction.on_commit(partial(tasks.notify_new_report.enqueue, incident.pk))
    return incident


def incident_read_log(*, actor: User, incident: Incident) -> None:
    """Who opened which incident: the privacy officer reads it (issue 17 item 7)."""
    log_event(actor=actor, action=AuditAction.INCIDENT_READ, target=incident)


def perpetrator_read_log(*, actor: User, incident: Incident) -> None:
    """Reads of perpetrator data are audit-logged (DESIGN §1)."""
    if incident.perpetrator_name or incident.perpetrator_description:
        log_event(actor=actor, action=AuditAction.PERPETRATOR_READ, target=incident)


@transaction.atomic
def incident_page_read_log(*, actor: User, incident: Incident, opened: bool, perpetrator_shown: bool) -> None:
    """What one view of the incident page read, in one commit: the incident opened, and
    the perpetrator data shown (each its own audit entry). Two commits cost the page two
    waits for the disk and two turns of the audit chain's lock (issue 18)."""
    if opened:
        incident_read_log(actor=actor, incident=incident)
    if perpetrator_shown:
        perpetrator_read_log(actor=actor, incident=incident)
