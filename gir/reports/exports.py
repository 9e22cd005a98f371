"""Spreadsheets of the reports (issue 7 item 3): each dashboard table as XLSX or CSV,
with exactly the texts the reader sees (small groups stay hidden), and the
case-level export of the coordinator, written in chunks by a background task. Both are
written by `gir.core.spreadsheets`, where a text that could start a formula is escaped.

The case-level export holds no names: not of employees, not of perpetrators. It is
for analysis, and the case files stay in GIR.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, TypedDict

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gir.core import clock
from gir.core.spreadsheets import csv_bytes, xlsx_bytes
from gir.incidents.models import Incident, IncidentBehaviour
from gir.police.constants import PoliceReportKind
from gir.police.models import PoliceReport
from gir.protocol.constants import StepStatus

from .constants import ExportFormat
from .figures import Dashboard, Rate
from .sections import Page, Section

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

CHUNK = 2000


def section_rows(section: Section) -> list[list[str]]:
    """A dashboard section as the reader sees it: header, then label and the shown texts."""
    header = [section.title, _("deze periode")] + ([_("vorige periode")] if section.with_previous else [])
    return [header] + [
        [row.label, row.text] + ([row.previous_text or ""] if section.with_previous else [])
        for row in section.rows
    ]


def _rate(rate: Rate | None) -> str:
    assert rate is not None  # figures.build fills every rate of the dashboard
    return rate.text


def summary_rows(dashboard: Dashboard) -> list[list[str]]:
    return [
        [_("Cijfer"), _("deze periode"), _("vorige periode")],
        [_("Periode"), dashboard.period.label, dashboard.previous.label],
        [_("Meldingen"), dashboard.total, dashboard.total_previous],
        [_("Veroorzakers die opnieuw een incident veroorzaakten"), dashboard.repeat_people, ""],
        [
            _("Aandeel meldingen door iemand die al eerder een incident veroorzaakte"),
            _rate(dashboard.repeat_share),
            "",
        ],
        [
            _("Aangifte waar het protocol erom vraagt"),
            _rate(dashboard.aangifte),
            _rate(dashboard.aangifte_previous),
        ],
        [_("Eerste nazorggesprek op tijd"), _rate(dashboard.aftercare_on_time), ""],
        [_("Protocoltermijnen gehaald"), _rate(dashboard.deadlines_met), ""],
    ]


def dashboard_sheets(page: Page) -> dict[str, list[list[str]]]:
    """Every table of the dashboard page by its key, with exactly the texts it shows."""
    sheets = {"overzicht": summary_rows(page.dashboard)}
    for section in page.sections:
        sheets[section.key] = section_rows(section)
    return sheets


# --- The case-level export ------------------------------------------------------------------


CASE_HEADER = (
    "melding",
    "datum incident",
    "gemeld op",
    "status",
    "afgehandeld op",
    "team",
    "situatie",
    "locatie",
    "gedrag",
    "ernst",
    "soort agressie",
    "letsel",
    "politie ter plaatse",
    "materiële schade",
    "veroorzaker bekend",
    "aangifte",
    "stappen open",
    "stappen te laat",
    "afgeschermd",
)


class CaseAnnotations(TypedDict):
    open_steps: int
    late_steps: int
    has_aangifte: bool


def case_queryset(incidents: QuerySet[Incident]) -> QuerySet[WithAnnotations[Incident, CaseAnnotations]]:
    now = clock.now()
    is_open = Q(steps__status=StepStatus.OPEN)
    aangifte = PoliceReport.objects.filter(incident=OuterRef("pk"), kind=PoliceReportKind.AANGIFTE)
    return (
        incidents.select_related("team", "location")
        .prefetch_related(Prefetch("behaviours", queryset=IncidentBehaviour.objects.order_by("kind")))
        .annotate(
            open_steps=Count("steps", filter=is_open),
            late_steps=Count("steps", filter=is_open & Q(steps__due_at__lt=now)),
            has_aangifte=Exists(aangifte),
        )
        .order_by("occurred_at", "pk")
    )


def _when(moment: dt.datetime | None) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def case_row(incident: WithAnnotations[Incident, CaseAnnotations]) -> list[Any]:
    yes, no = _("ja"), _("nee")
    return [
        incident.reference,
        _when(incident.occurred_at),
        _when(incident.submitted_at),
        incident.get_status_display(),
        _when(incident.closed_at),
        incident.team.name if incident.team is not None else "",
        incident.get_setting_display(),
        incident.location.name
        if incident.location is not None
        else incident.address_outside and _("buiten kantoor"),
        ", ".join(str(b.get_kind_display()) for b in incident.behaviours.all()),
        incident.escalation_level,
        incident.get_aggression_type_display(),
        incident.get_injury_display(),
        yes if incident.police_called else no,
        yes if incident.material_damage else no,
        incident.get_perpetrator_known_display(),
        yes if incident.has_aangifte else no,
        incident.open_steps,
        incident.late_steps,
        yes if incident.is_restricted else no,
    ]


def case_rows(
    incidents: QuerySet[Incident], progress: Callable[[int], None] | None = None
) -> Iterator[list[Any]]:
    """The header, then a row per incident, read in chunks; `progress` hears how many are done."""
    yield list(CASE_HEADER)
    done = 0
    for incident in case_queryset(incidents).iterator(chunk_size=CHUNK):
        yield case_row(incident)
        done += 1
        if progress is not None and done % CHUNK == 0:
            progress(done)
    if progress is not None:
        progress(done)


def case_file(
    incidents: QuerySet[Incident], fmt: str, progress: Callable[[int], None] | None = None
) -> bytes:
    rows = case_rows(incidents, progress)
    if fmt == ExportFormat.CSV:
        return csv_bytes(rows)
    return xlsx_bytes({_("meldingen"): rows})
