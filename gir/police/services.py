"""Recording police notifications, aangiftes, their course and the labour
inspectorate notification; each completes its protocol step (DESIGN §2.2, §2.4).

Every function runs in one transaction and writes the incident's history.
"""

import datetime as dt
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gir.accounts.models import Location, User
from gir.audit.models import AuditAction
from gir.audit.services import log_event
from gir.core import clock
from gir.core.exceptions import ConcurrentEditError
from gir.incidents.evidence import check_evidence_file, sha256_of
from gir.incidents.models import Incident
from gir.incidents.signals import incidents_changed_send
from gir.protocol.constants import StepKind, StepStatus
from gir.protocol.deadlines import CLOCK_SLACK
from gir.protocol.models import Step
from gir.protocol.services import StepAlreadyRecorded, step_complete

from . import tasks
from .constants import COPY_CONTENT_TYPES, FINAL_CASE_STAGES, CaseStage, PoliceReportKind
from .models import CaseUpdate, LabourInspectorateNotice, PoliceReport


def organisation_addresses() -> list[str]:
    """The addresses an aangifte may name as domicile: the organisation's own and
    those of its buildings, never a private address (001 §6.4, §9.3)."""
    own = " ".join(settings.GIR_ORGANISATION_ADDRESS.replace("\\n", "\n").split())
    buildings = [loc.address for loc in Location.objects.filter(is_active=True).exclude(street="")]
    return list(dict.fromkeys([own, *buildings]))


def default_domicile(incident: Incident) -> str:
    if incident.location is not None and incident.location.street:
        return incident.location.address
    return organisation_addresses()[0]


def aangifte_expected(incident: Incident) -> bool:
    """Whether the protocol asks for an aangifte here (physical violence or threat, 001 §9.3)."""
    return (
        Step.objects.filter(incident=incident, kind=StepKind.POLICE_REPORT)
        .exclude(status=StepStatus.LAPSED)
        .exists()
    )


def _check_moment(moment: dt.datetime | None, incident: Incident, field: str, errors: dict[str, str]) -> None:
    if moment is None:
        errors[field] = _("Vul de datum en de tijd in.")
    elif moment > clock.now() + CLOCK_SLACK:
        errors[field] = _("Deze datum ligt in de toekomst.")
    elif incident.occurred_at and moment < incident.occurred_at:
        errors[field] = _("Dit kan niet eerder zijn dan het incident (%(when)s).") % {
            "when": timezone.localtime(incident.occurred_at).strftime("%d-%m-%Y %H:%M")
        }


def _complete_open_steps(
    *, actor: User, incident: Incident, kind: str, outcome: str = "", notes: str
) -> None:
    for step in Step.objects.filter(incident=incident, kind=kind, status=StepStatus.OPEN):
        try:
            step_complete(actor=actor, step=step, outcome=outcome, notes=notes)
        except StepAlreadyRecorded:
            continue


@transaction.atomic
def police_report_record(
    *,
    actor: User,
    incident: Incident,
    kind: str,
    filed_by: str,
    vpt_code: bool,
    domicile: str,
    police_unit: str,
    reported_at: dt.datetime | None,
    police_reference: str = "",
    no_aangifte_reason: str = "",
    notes: str = "",
) -> PoliceReport:
    """Record a melding or an aangifte. It completes the incident's open police step;
    an aangifte then opens the step for its copy to the coordinator (001 §7.4 stap 4)."""
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    errors: dict[str, str] = {}
    domicile = " ".join(domicile.split())
    if domicile not in organisation_addresses():
        errors["domicile"] = _(
            "Doe aangifte op het adres van de organisatie, nooit op een privéadres (001 §7.4 stap 4). "
            "Kies een adres uit de lijst."
        )
    if not police_unit.strip():
        errors["police_unit"] = _("Vul in bij welke politie-eenheid of welk bureau het is gemeld.")
    _check_moment(reported_at, incident, "reported_at", errors)
    if kind == PoliceReportKind.MELDING and aangifte_expected(incident) and not no_aangifte_reason.strip():
        errors["no_aangifte_reason"] = _(
            "Het protocol vraagt hier om aangifte (lichamelijk geweld of bedreiging). "
            "Schrijf op waarom het bij een melding blijft."
        )
    report = PoliceReport(
        incident=incident,
        kind=kind,
        filed_by=filed_by,
        vpt_code=vpt_code,
        domicile=domicile,
        police_unit=police_unit.strip(),
        police_reference=police_reference.strip(),
        no_aangifte_reason=no_aangifte_reason.strip() if kind == PoliceReportKind.MELDING else "",
        notes=notes.strip(),
        recorded_by=actor,
        stage=CaseStage.FILED if kind == PoliceReportKind.AANGIFTE else "",
    )
    if reported_at is not None:  # None is already in errors; full_clean still reports the other fields
        report.reported_at = reported_at
    try:
        report.full_clean(exclude=["copy"])
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, messages[0])
    if errors:
        raise ValidationError(errors)
    report.save()
    incidents_changed_send([incident])
    if report.is_aangifte:
        CaseUpdate.objects.create(
            report=report, stage=CaseStage.FILED, on=timezone.localtime(reported_at).date(), recorded_by=actor
        )
    summary = ", ".join(
        part
        for part in (
            report.get_kind_display(),
            _("meldcode VPT") if report.vpt_code else _("zonder meldcode VPT"),
            report.police_unit,
            report.police_reference,
        )
        if part
    )
    log_event(
        actor=actor,
        action=AuditAction.POLICE_REPORT_RECORDED,
        target=incident,
        changes={str(_("politie")): [None, summary]},
        detail=report.no_aangifte_reason,
    )
    notes_for_step = summary
    if report.no_aangifte_reason:
        notes_for_step += "\n" + _("Geen aangifte omdat: %(reason)s") % {"reason": report.no_aangifte_reason}
    _complete_open_steps(
        actor=actor, incident=incident, kind=StepKind.POLICE_REPORT, outcome=kind, notes=notes_for_step
    )
    return report


def _lock(report: PoliceReport, version: int | None) -> PoliceReport:
    current = PoliceReport.objects.select_for_update().select_related("incident").get(pk=report.pk)
    if version is not None and current.version != version:
        raise ConcurrentEditError
    return current


def check_copy(upload: UploadedFile[bytes]) -> str:
    try:
        content_type = check_evidence_file(upload)
    except ValidationError as error:
        # Evidence's own message lists sound, video and e-mail, which a copy cannot be.
        if error.code != "wrong_type":
            raise
        content_type = ""
    if content_type not in COPY_CONTENT_TYPES:
        raise ValidationError(
            _("‘%(name)s’ is geen PDF of foto. Voeg de kopie van de aangifte toe als PDF, JPG of PNG.")
            % {"name": upload.name},
            code="wrong_type",
        )
    return content_type


@transaction.atomic
def police_copy_add(
    *, actor: User, report: PoliceReport, upload: UploadedFile[bytes], notify: bool = True
) -> PoliceReport:
    """Store the copy of the aangifte for the coordinator; completes the copy step
    and tells the coordinators (a link, no details). Demo data notifies nobody."""
    content_type = check_copy(upload)
    report = _lock(report, None)
    if report.copy:
        raise ValidationError(_("Er is al een kopie van deze aangifte. Een kopie wordt nooit vervangen."))
    assert upload.name is not None  # an uploaded file always has a name
    report.copy_sha256 = sha256_of(upload)
    report.copy_name = upload.name[:255]
    report.copy_content_type = content_type
    report.copy_uploaded_at, report.copy_uploaded_by = clock.now(), actor
    report.copy.save(upload.name, upload, save=False)
    report.version += 1
    report.save()
    log_event(
        actor=actor,
        action=AuditAction.POLICE_COPY_ADDED,
        target=report.incident,
        changes={str(_("kopie aangifte")): [None, report.copy_name]},
    )
    _complete_open_steps(
        actor=actor,
        incident=report.incident,
        kind=StepKind.POLICE_REPORT_COPY,
        notes=_("Kopie toegevoegd in GIR: %(name)s") % {"name": report.copy_name},
    )
    if notify:
        transaction.on_commit(partial(tasks.notify_copy_received.enqueue, report.pk))
    return report


@transaction.atomic
def police_case_update(
    *,
    actor: User,
    report: PoliceReport,
    stage: str,
    on: dt.date | None,
    outcome: str = "",
    version: int | None = None,
) -> CaseUpdate:
    """Record the next step in the course of the case; a final one needs its outcome."""
    report = _lock(report, version)
    errors: dict[str, str] = {}
    if not report.is_aangifte:
        raise ValidationError(_("Het verloop van een zaak hoort bij een aangifte, niet bij een melding."))
    if stage not in CaseStage.values:
        errors["stage"] = _("Kies de stand van de zaak.")
    if on is None:
        errors["on"] = _("Vul de datum in.")
    elif on > clock.today():
        errors["on"] = _("Deze datum ligt in de toekomst.")
    elif on < timezone.localtime(report.reported_at).date():
        errors["on"] = _("Deze datum ligt voor de aangifte.")
    if stage in FINAL_CASE_STAGES and not outcome.strip():
        errors["outcome"] = _("Schrijf de uitkomst op, bijvoorbeeld de straf of de reden van het sepot.")
    if errors:
        raise ValidationError(errors)
    assert on is not None  # reported in errors above
    before = report.get_stage_display()
    update = CaseUpdate.objects.create(
        report=report, stage=stage, on=on, outcome=outcome.strip(), recorded_by=actor
    )
    report.stage = stage
    report.version += 1
    report.save(update_fields=["stage", "version", "updated_at"])
    log_event(
        actor=actor,
        action=AuditAction.POLICE_CASE_UPDATED,
        target=report.incident,
        changes={str(_("stand van de zaak")): [before, report.get_stage_display()]},
    )
    return update


@transaction.atomic
def labour_notice_record(
    *, actor: User, incident: Incident, notified_at: dt.datetime | None, reference: str, notes: str = ""
) -> LabourInspectorateNotice:
    """Record the notification to the labour inspectorate (001 §6.4); completes its step."""
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    errors: dict[str, str] = {}
    _check_moment(notified_at, incident, "notified_at", errors)
    if not reference.strip():
        errors["reference"] = _("Vul het kenmerk in dat de Arbeidsinspectie gaf.")
    if LabourInspectorateNotice.objects.filter(incident=incident).exists():
        errors["reference"] = _("De melding aan de Arbeidsinspectie is al vastgelegd.")
    if errors:
        raise ValidationError(errors)
    assert notified_at is not None  # _check_moment reported None above
    notice = LabourInspectorateNotice.objects.create(
        incident=incident,
        notified_at=notified_at,
        reference=reference.strip(),
        notes=notes.strip(),
        recorded_by=actor,
    )
    when = timezone.localtime(notified_at).strftime("%d-%m-%Y %H:%M")
    log_event(
        actor=actor,
        action=AuditAction.LABOUR_INSPECTORATE_NOTIFIED,
        target=incident,
        changes={str(_("Arbeidsinspectie")): [None, f"{when}, {notice.reference}"]},
    )
    _complete_open_steps(
        actor=actor,
        incident=incident,
        kind=StepKind.LABOUR_INSPECTORATE,
        notes=_("Gemeld op %(when)s, kenmerk %(ref)s") % {"when": when, "ref": notice.reference},
    )
    return notice
