"""The dossier the employer hands to the police (DESIGN §2.4; 001 §6.4, §9.1
"verzamel zo veel mogelijk feiten met behulp van de 7 W's"): a PDF with the facts,
the chronology, the witnesses, the perpetrator's known data and the VPT note, and
a ZIP with that PDF, the evidence files untouched and a SHA-256 manifest that
`sha256sum -c` checks."""

import datetime as dt
import hashlib
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from typing import IO, Any

from django.conf import settings
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from weasyprint import HTML

from gir.audit.models import AuditAction
from gir.audit.services import log_event
from gir.core import clock
from gir.incidents.models import Incident, Victim
from gir.perpetrators.models import Perpetrator
from gir.perpetrators.reception import photo_data_uri
from gir.protocol.constants import StepKind, StepStatus

from .models import CaseUpdate, LabourInspectorateNotice, PoliceReport
from .services import default_domicile

MANIFEST_NAME = "MANIFEST-SHA256.txt"


class EvidenceChanged(Exception):
    """A stored evidence file no longer has the hash it had when it was added."""

    def __init__(self, names: list[str]):
        super().__init__(", ".join(names))
        self.names = names


CHUNK = 1024 * 1024


@dataclass
class Dossier:
    incident: Incident
    victims: list[Victim]
    perpetrators: list[Perpetrator]
    photos: dict[int, str]
    reports: list[PoliceReport]
    evidence: list[Any]
    chronology: list[tuple[dt.datetime, str]] = field(default_factory=list)

    @property
    def has_vpt(self) -> bool:
        return any(report.vpt_code for report in self.reports)


def _chronology(incident: Incident, reports: list[PoliceReport]) -> list[tuple[dt.datetime, str]]:
    """What happened when, from the records themselves. Aftercare is left out: it is
    the employee's own and not for the police."""
    events: list[tuple[dt.datetime, str]] = []
    if incident.occurred_at:
        events.append((incident.occurred_at, _("Incident")))
    if incident.submitted_at:
        events.append((incident.submitted_at, _("Gemeld in GIR")))
    steps = incident.steps.filter(status__in=[StepStatus.DONE, StepStatus.WAIVED]).exclude(
        kind=StepKind.AFTERCARE
    )
    for step in steps:
        what = step.title + (f": {step.outcome_label}" if step.outcome else "")
        if step.status == StepStatus.WAIVED:
            what += " — " + _("niet nodig: %(reason)s") % {"reason": step.reason}
        events.append((step.completed_at, what))
    for measure in incident.measures.all():
        if measure.decided_at:
            events.append((measure.decided_at, _("Besluit: %(kind)s") % {"kind": measure.get_kind_display()}))
        events.extend(
            (letter.issued_at, _("Brief verstuurd: %(subject)s") % {"subject": letter.subject})
            for letter in measure.letters.all()
        )
    events.extend((r.reported_at, f"{r.get_kind_display()} — {r.police_unit}") for r in reports)
    for update in CaseUpdate.objects.filter(report__in=reports).exclude(stage="filed"):
        moment = timezone.make_aware(dt.datetime.combine(update.on, dt.time(12)))
        events.append((moment, f"{update.get_stage_display()}. {update.outcome}".strip()))
    notice = LabourInspectorateNotice.objects.filter(incident=incident).first()
    if notice:
        events.append(
            (notice.notified_at, _("Gemeld bij de Arbeidsinspectie (%(ref)s)") % {"ref": notice.reference})
        )
    events.extend(
        (item.uploaded_at, _("Bewijs toegevoegd: %(name)s") % {"name": item.original_name})
        for item in incident.evidence.all()
    )
    return sorted(events, key=lambda event: event[0])


def dossier_of(incident: Incident) -> Dossier:
    incident = (
        Incident.objects.select_related("reporter", "team", "location", "handler")
        .prefetch_related(
            "behaviours",
            Prefetch("victims", queryset=Victim.objects.select_related("user")),
            "evidence",
            "measures__letters",
        )
        .get(pk=incident.pk)
    )
    perpetrators = list(
        Perpetrator.objects.filter(links__incident=incident, forgotten_at__isnull=True).order_by("pk")
    )
    reports = list(PoliceReport.objects.filter(incident=incident).prefetch_related("updates"))
    return Dossier(
        incident=incident,
        victims=list(incident.victims.all()),
        perpetrators=perpetrators,
        photos={p.pk: photo_data_uri(p) for p in perpetrators},
        reports=reports,
        evidence=list(incident.evidence.all()),
        chronology=_chronology(incident, reports),
    )


def dossier_pdf(dossier: Dossier) -> bytes:
    context = {
        "dossier": dossier,
        "incident": dossier.incident,
        "organisation": settings.GIR_ORGANISATION_NAME,
        # The VPT note names the organisation's address when no report names one yet.
        "organisation_address": default_domicile(dossier.incident),
        "made_at": clock.now(),
    }
    return HTML(string=render_to_string("police/dossier_pdf.html", context)).write_pdf()


def _safe_name(position: int, name: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "bestand"
    return f"bewijs/{position:02d}-{stem[:80]}"


def dossier_zip(dossier: Dossier, pdf: bytes) -> IO[bytes]:
    """The ZIP as a temporary file (evidence can be large). Each evidence file's
    hash is computed from the stored bytes while it is written and must equal the hash
    taken when it was added (EvidenceChanged otherwise); the manifest lists them with
    the PDF's."""
    archive_file = tempfile.SpooledTemporaryFile(max_size=16 * CHUNK)  # noqa: SIM115 (the response closes it)
    pdf_name = f"dossier-{dossier.incident.reference}.pdf"
    lines = [f"{hashlib.sha256(pdf).hexdigest()}  {pdf_name}"]
    changed: list[str] = []
    with zipfile.ZipFile(archive_file, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(pdf_name, pdf)
        for position, item in enumerate(dossier.evidence, start=1):
            name = _safe_name(position, item.original_name)
            digest = hashlib.sha256()
            with item.file.open("rb") as source, archive.open(name, "w") as target:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    target.write(chunk)
            if digest.hexdigest() != item.sha256:
                changed.append(item.original_name)
            lines.append(f"{digest.hexdigest()}  {name}")
        archive.writestr(MANIFEST_NAME, "\n".join(lines) + "\n")
    if changed:
        # Chain of custody: the police get the files as they were added, or nothing.
        archive_file.close()
        raise EvidenceChanged(changed)
    archive_file.seek(0)
    return archive_file


def dossier_export_log(*, actor: Any, dossier: Dossier, what: str) -> None:
    """The export carries the perpetrator's data: it is logged, and so is each read."""
    log_event(actor=actor, action=AuditAction.POLICE_DOSSIER_EXPORTED, target=dossier.incident, detail=what)
    for perpetrator in dossier.perpetrators:
        log_event(actor=actor, action=AuditAction.PERPETRATOR_READ, target=perpetrator, detail=what)
