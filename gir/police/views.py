"""The police pages of an incident (DESIGN §2.4; 001 §7.4 stap 4, §9): meldingen and
aangiftes, the copy for the coordinator, the course of the case, the dossier for the
police and the labour inspectorate notification; and the overview for legal and the
coordinator. Each view asks the access policy, parses a form, calls a service and
renders or redirects."""

import io
import logging
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gir.audit.models import AuditAction
from gir.audit.services import log_event
from gir.core.forms import submit
from gir.core.http import forbid_unless
from gir.incidents.models import Incident
from gir.incidents.policy import incidents_visible_to
from gir.protocol.constants import StepKind

from . import selectors, services
from .constants import PoliceReportKind
from .dossier import EvidenceChanged, dossier_export_log, dossier_of, dossier_pdf, dossier_zip
from .forms import (
    CaseUpdateForm,
    CopyForm,
    LabourNoticeForm,
    OverviewFilterForm,
    PoliceReportForm,
)
from .models import LabourInspectorateNotice, PoliceReport
from .policy import (
    access_police_and_damage,
    can_work_police_and_damage,
    has_police_and_damage_overview,
    police_and_damage_incidents,
)

PAGE_SIZE = 50
STALE = gettext_lazy(
    "Iemand anders heeft deze zaak intussen gewijzigd. Er is niets opgeslagen; "
    "bekijk het verloop en probeer opnieuw."
)

logger = logging.getLogger(__name__)


def _report(request: HttpRequest, report_pk: int) -> PoliceReport:
    """The report, for whoever may work its incident's police file; 404 otherwise."""
    report = PoliceReport.objects.select_related("incident").filter(pk=report_pk).first()
    if report is None or not can_work_police_and_damage(request.user, report.incident):
        raise Http404
    return report


def _case_form(report: PoliceReport, data: Any = None) -> CaseUpdateForm:
    return CaseUpdateForm(data, initial={"version": report.version}, auto_id=f"case{report.pk}_%s")


def _copy_form(report: PoliceReport, data: Any = None, files: Any = None) -> CopyForm:
    return CopyForm(data, files, auto_id=f"copy{report.pk}_%s")


def _render_incident(
    request: HttpRequest,
    incident: Incident,
    *,
    bound: dict[int, dict[str, Any]] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The police page; `bound` holds a failed form per report to show with its errors."""
    bound = bound or {}
    rows = []
    for report in selectors.reports_of(incident):
        forms_of = bound.get(report.pk, {})
        rows.append(
            {
                "report": report,
                "copy_form": forms_of.get("copy") or (None if report.copy else _copy_form(report)),
                "case_form": forms_of.get("case") or (_case_form(report) if report.is_aangifte else None),
            }
        )
    police_step = selectors.open_step(incident, StepKind.POLICE_REPORT)
    context = {
        "incident": incident,
        "can_view_incident": incidents_visible_to(request.user).filter(pk=incident.pk).exists(),
        "rows": rows,
        "expected": services.aangifte_expected(incident),
        "police_step": police_step,
        "copy_step": selectors.open_step(incident, StepKind.POLICE_REPORT_COPY),
        "labour_step": selectors.open_step(incident, StepKind.LABOUR_INSPECTORATE),
        "labour_notice": LabourInspectorateNotice.objects.filter(incident=incident).first(),
        "organisation_address": services.default_domicile(incident),
        "organisation": settings.GIR_ORGANISATION_NAME,
    }
    return render(request, "police/incident.html", context, status=status)


@require_GET
def incident_police(request: HttpRequest, pk: int) -> HttpResponse:
    incident = access_police_and_damage(request.user, pk)
    return _render_incident(request, incident)


@require_http_methods(["GET", "POST"])
def report_create(request: HttpRequest, pk: int) -> HttpResponse:
    incident = access_police_and_damage(request.user, pk)
    expected = services.aangifte_expected(incident)
    initial = {"domicile": services.default_domicile(incident), "vpt_code": True}
    if expected:
        initial["kind"] = PoliceReportKind.AANGIFTE
    form = PoliceReportForm(request.POST or None, initial=initial)

    def page(status: int = 200) -> HttpResponse:
        context = {"incident": incident, "form": form, "expected": expected}
        return render(request, "police/report_form.html", context, status=status)

    if request.method == "POST":
        return submit(
            request,
            form,
            lambda _data: services.police_report_record(
                actor=request.user, incident=incident, **form.service_kwargs()
            ),
            done=lambda _report: redirect("police:incident", pk=incident.pk),
            page=page,
            success=lambda report: (
                _("%(kind)s vastgelegd bij melding %(ref)s.")
                % {"kind": report.get_kind_display(), "ref": incident.reference}
            ),
        )
    return page()


@require_POST
def copy_add(request: HttpRequest, report_pk: int) -> HttpResponse:
    report = _report(request, report_pk)
    form = _copy_form(report, request.POST, request.FILES)
    return submit(
        request,
        form,
        lambda d: services.police_copy_add(actor=request.user, report=report, upload=d["copy"]),
        done=lambda _result: redirect("police:incident", pk=report.incident_id),
        page=lambda status: _render_incident(
            request, report.incident, bound={report.pk: {"copy": form}}, status=status
        ),
        success=_("De kopie van de aangifte is opgeslagen. De coördinator krijgt bericht."),
        field="copy",
    )


@require_GET
def copy_download(request: HttpRequest, report_pk: int) -> FileResponse:
    report = _report(request, report_pk)
    if not report.copy:
        raise Http404
    try:
        handle = report.copy.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    log_event(
        actor=request.user,
        action=AuditAction.POLICE_COPY_DOWNLOADED,
        target=report.incident,
        detail=report.copy_name,
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=report.copy_name or "kopie-aangifte",
        content_type=report.copy_content_type or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def case_update(request: HttpRequest, report_pk: int) -> HttpResponse:
    report = _report(request, report_pk)
    form = _case_form(report, request.POST)

    def page(form: CaseUpdateForm, status: int) -> HttpResponse:
        return _render_incident(request, report.incident, bound={report.pk: {"case": form}}, status=status)

    def stale() -> HttpResponse:
        # Keep the input but carry the current version, so saving again after a look works.
        report.refresh_from_db()
        data = request.POST.copy()
        data["version"] = str(report.version)
        rebound = _case_form(report, data)
        rebound.is_valid()
        rebound.add_error(None, STALE)
        return page(rebound, 409)

    return submit(
        request,
        form,
        lambda d: services.police_case_update(
            actor=request.user,
            report=report,
            stage=d["stage"],
            on=d["on"],
            outcome=d["outcome"],
            version=d["version"],
        ),
        done=lambda _result: redirect("police:incident", pk=report.incident_id),
        page=lambda status: page(form, status),
        success=_("Het verloop van de zaak is bijgewerkt."),
        on_stale=stale,
    )


def _export(request: HttpRequest, pk: int, what: str) -> tuple[Any, bytes]:
    incident = access_police_and_damage(request.user, pk)
    dossier = dossier_of(incident)
    pdf = dossier_pdf(dossier)
    dossier_export_log(actor=request.user, dossier=dossier, what=what)
    return dossier, pdf


@require_GET
def dossier_pdf_view(request: HttpRequest, pk: int) -> FileResponse:
    dossier, pdf = _export(request, pk, "pdf")
    response = FileResponse(
        io.BytesIO(pdf),
        as_attachment=True,
        filename=f"dossier-{dossier.incident.reference}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def dossier_zip_view(request: HttpRequest, pk: int) -> HttpResponse:
    dossier, pdf = _export(request, pk, "zip")
    try:
        archive = dossier_zip(dossier, pdf)
    except EvidenceChanged as error:
        logger.error("Evidence of %s changed on storage: %s", dossier.incident.reference, error)
        messages.error(
            request,
            _(
                "Het dossier is niet gemaakt: %(files)s is niet meer gelijk aan het bestand zoals het is "
                "toegevoegd. Neem contact op met de beheerder."
            )
            % {"files": ", ".join(error.names)},
        )
        return _render_incident(request, dossier.incident, status=409)
    response = FileResponse(
        archive,
        as_attachment=True,
        filename=f"dossier-{dossier.incident.reference}.zip",
        content_type="application/zip",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
def labour_notice(request: HttpRequest, pk: int) -> HttpResponse:
    incident = access_police_and_damage(request.user, pk)
    notice = LabourInspectorateNotice.objects.filter(incident=incident).select_related("recorded_by").first()
    form = LabourNoticeForm(request.POST or None)

    def page(status: int = 200) -> HttpResponse:
        context = {
            "incident": incident,
            "form": form,
            "notice": notice,
            "step": selectors.open_step(incident, StepKind.LABOUR_INSPECTORATE),
        }
        return render(request, "police/labour_form.html", context, status=status)

    if request.method == "POST":
        return submit(
            request,
            form,
            lambda d: services.labour_notice_record(actor=request.user, incident=incident, **d),
            done=lambda _result: redirect("police:incident", pk=incident.pk),
            page=page,
            success=_("De melding aan de Arbeidsinspectie is vastgelegd."),
        )
    return page()


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    forbid_unless(has_police_and_damage_overview(request.user))
    form = OverviewFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    kind, stage = filters.get("kind", ""), filters.get("stage", "")
    reports = selectors.overview_reports(police_and_damage_incidents(request.user), kind=kind, stage=stage)
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = urlencode({key: value for key, value in (("kind", kind), ("stage", stage)) if value})
    context = {"form": form, "page": page, "reports": page, "query": query, "filtered": bool(query)}
    return render(request, "police/overview.html", context)
