"""The lifetime of police files (issue 19 item 4, ADR 0023): the copy of the aangifte
and what was written about the case go; the report's kind, stage and dates stay (the
dashboard counts aangiftes, ADR 0007). An incident with a running aangifte is held: its
evidence and police files stay until the case has its final stage."""

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from gir.core.retention import Action, RecordKind, held, register_hold, register_kind

from .constants import FINAL_CASE_STAGES, PoliceReportKind
from .models import CaseUpdate, LabourInspectorateNotice, PoliceReport


def running_cases() -> QuerySet[Any, Any]:
    """Incidents with an aangifte whose case has not reached a final stage."""
    return (
        PoliceReport.objects.filter(kind=PoliceReportKind.AANGIFTE)
        .exclude(stage__in=FINAL_CASE_STAGES)
        .values("incident_id")
    )


def police_files_due(cutoff: dt.datetime) -> QuerySet[Any, Any]:
    """Reports of incidents closed before the cutoff that still carry a file or text."""
    written = CaseUpdate.objects.filter(report=OuterRef("pk")).exclude(outcome="")
    return (
        PoliceReport.objects.filter(incident__closed_at__lt=cutoff)
        .filter(~Q(copy="") | ~Q(notes="") | ~Q(no_aangifte_reason="") | ~Q(copy_name="") | Exists(written))
        .exclude(held())
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def police_files_wipe(ids: list[int]) -> int:
    """Delete the copies from the store, then wipe the text of the reports, of their
    case updates and of the incidents' notice to the labour inspectorate."""
    reports = list(PoliceReport.objects.filter(pk__in=ids))
    for report in reports:
        if report.copy.name:
            report.copy.storage.delete(report.copy.name)
    pks = [report.pk for report in reports]
    PoliceReport.objects.filter(pk__in=pks).update(
        copy="", copy_name="", copy_content_type="", copy_sha256="", notes="", no_aangifte_reason=""
    )
    CaseUpdate.objects.filter(report_id__in=pks).update(outcome="")
    incidents = {report.incident_id for report in reports}
    LabourInspectorateNotice.objects.filter(incident_id__in=incidents).update(notes="")
    return len(reports)


register_kind(
    RecordKind(
        key="police_files",
        label=_("Politiedossiers: kopie aangifte en toelichting"),
        action=Action.ANONYMISE,
        due=police_files_due,
        erase=police_files_wipe,
        order=30,
    )
)
register_hold("police_case", running_cases)
