"""Reads of the police files. Each starts from what the access policy lets the user work."""

from django.db.models import Prefetch, QuerySet

from gir.incidents.models import Incident
from gir.protocol.constants import StepStatus
from gir.protocol.models import Step

from .models import CaseUpdate, PoliceReport


def reports_of(incident: Incident) -> QuerySet[PoliceReport]:
    """The incident's reports with their course, for the police page."""
    return (
        PoliceReport.objects.filter(incident=incident)
        .select_related("recorded_by", "copy_uploaded_by")
        .prefetch_related(Prefetch("updates", queryset=CaseUpdate.objects.select_related("recorded_by")))
        .order_by("reported_at", "pk")
    )


def open_step(incident: Incident, kind: str) -> Step | None:
    return Step.objects.filter(incident=incident, kind=kind, status=StepStatus.OPEN).order_by("pk").first()


def overview_reports(
    incidents: QuerySet[Incident], *, kind: str = "", stage: str = ""
) -> QuerySet[PoliceReport]:
    """The reports of the given incidents (from police_and_damage_incidents), newest first."""
    reports = PoliceReport.objects.filter(incident__in=incidents).select_related("incident")
    if kind:
        reports = reports.filter(kind=kind)
    if stage:
        reports = reports.filter(stage=stage)
    return reports.order_by("-reported_at", "-pk")
