"""Downloads of the reports (issue 7 item 3): every dashboard table as XLSX or CSV, the
quarterly overview and the annual report as PDF with their charts, and the
coordinator's case-level export that runs in the background."""

import datetime as dt
import io
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from weasyprint import HTML

from gir.audit.models import AuditAction
from gir.audit.services import log_event
from gir.core import clock
from gir.core.http import forbid_unless
from gir.core.params import parse_int

from . import sections, services
from .constants import CONTENT_TYPES, ExportFormat
from .exports import csv_bytes, dashboard_sheets, xlsx_bytes
from .figures import Period, build
from .forms import DashboardFilterForm
from .policy import (
    access_export,
    can_export_cases,
    can_view_dashboard,
    dashboard_has_case_access,
    dashboard_scope,
    dashboard_units,
)


def _page(
    request: HttpRequest, period: Period | None = None
) -> tuple[Any, DashboardFilterForm] | HttpResponse:
    """The dashboard page's figures for the request's filters, or the page with its errors."""
    user = request.user
    forbid_unless(can_view_dashboard(user))
    suppress = not dashboard_has_case_access(user)
    form = DashboardFilterForm(
        request.GET or None, units=dashboard_units(user), today=clock.today(), suppressed=suppress
    )
    if form.is_bound and not form.is_valid():
        return render(request, "reports/dashboard.html", {"form": form}, status=400)
    figures = build(
        dashboard_scope(user),
        period or form.period(),
        form.unit(),
        suppress=suppress,
    )
    return sections.page(figures, form.unit()), form


def _file(data: bytes, name: str, fmt: str) -> FileResponse:
    response = FileResponse(
        io.BytesIO(data), as_attachment=True, filename=name, content_type=CONTENT_TYPES[fmt]
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def tables(request: HttpRequest, fmt: str) -> HttpResponse:
    """All tables of the dashboard in one workbook, or (CSV) the one named by ?tabel=."""
    result = _page(request)
    if isinstance(result, HttpResponse):
        return result
    page, _form = result
    sheets = dashboard_sheets(page)
    stamp = f"{page.dashboard.period.start:%Y%m%d}-{page.dashboard.period.end:%Y%m%d}"
    if fmt == ExportFormat.XLSX:
        return _file(xlsx_bytes(sheets), f"rapportage-{stamp}.xlsx", fmt)
    key = request.GET.get("tabel", "overzicht")
    if key not in sheets:
        raise Http404
    return _file(csv_bytes(sheets[key]), f"rapportage-{key}-{stamp}.csv", fmt)


def _report_pdf(request: HttpRequest, period: Period, title: str, name: str) -> HttpResponse:
    result = _page(request, period)
    if isinstance(result, HttpResponse):
        return result
    page, form = result
    context = {
        "page": page,
        "figures": page.dashboard,
        "title": title,
        "unit": form.unit(),
        "made_on": clock.today(),
    }
    pdf = HTML(string=render_to_string("reports/report_pdf.html", context)).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _year(request: HttpRequest, default: int) -> int:
    year = parse_int(request.GET.get("jaar") or default, minimum=2000, maximum=clock.today().year)
    if year is None:
        raise ValidationError(_("Kies een jaar tot en met dit jaar."))
    return year


@require_GET
def quarterly_pdf(request: HttpRequest) -> HttpResponse:
    """The quarterly overview for the college and the management team (003; 001 §7.2)."""
    forbid_unless(can_view_dashboard(request.user))
    today = clock.today()
    last = Period.quarter_of(Period.quarter_of(today).start - dt.timedelta(days=1))
    try:
        year = _year(request, last.start.year)
        number = parse_int(
            request.GET.get("kwartaal") or (last.start.month - 1) // 3 + 1, minimum=1, maximum=4
        )
        if number is None:
            raise ValueError
    except (ValidationError, ValueError):
        messages.error(request, _("Kies een jaar tot en met dit jaar en een kwartaal van 1 tot en met 4."))
        return redirect("reports:dashboard")
    quarter = Period.quarter_of(dt.date(year, 3 * number - 2, 1))
    if quarter.start > today:
        messages.error(request, _("Dit kwartaal is nog niet begonnen."))
        return redirect("reports:dashboard")
    title = _("Kwartaaloverzicht agressie en geweld, %(number)se kwartaal %(year)s") % {
        "number": number,
        "year": year,
    }
    return _report_pdf(request, quarter, title, f"kwartaaloverzicht-{year}-K{number}.pdf")


@require_GET
def annual_pdf(request: HttpRequest) -> HttpResponse:
    """The annual report (003; 004 "Trendanalyse"): the year against the year before."""
    forbid_unless(can_view_dashboard(request.user))
    try:
        year = _year(request, clock.today().year - 1)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reports:dashboard")
    period = Period(dt.date(year, 1, 1), dt.date(year, 12, 31))
    title = _("Jaarverslag agressie en geweld %(year)s") % {"year": year}
    return _report_pdf(request, period, title, f"jaarverslag-{year}.pdf")


@require_POST
def case_export(request: HttpRequest) -> HttpResponse:
    """Queue the case-level export of the dashboard's filters (the coordinator only)."""
    forbid_unless(can_export_cases(request.user))
    form = DashboardFilterForm(request.POST, units=dashboard_units(request.user), today=clock.today())
    fmt = request.POST.get("format", ExportFormat.XLSX)
    if not form.is_valid() or fmt not in ExportFormat.values:
        return render(request, "reports/dashboard.html", {"form": form}, status=400)
    export = services.export_request(actor=request.user, period=form.period(), unit=form.unit(), fmt=fmt)
    return redirect("reports:export", pk=export.pk)


@require_GET
def export_status(request: HttpRequest, pk: int) -> HttpResponse:
    """How far the export is; htmx asks again every two seconds until it is done."""
    export = access_export(request.user, pk)
    template = "reports/_export_progress.html" if request.htmx else "reports/export.html"
    return render(request, template, {"export": export})


@require_GET
def export_download(request: HttpRequest, pk: int) -> HttpResponse:
    export = access_export(request.user, pk)
    if not export.file:
        raise Http404
    handle = export.file.open("rb")  # first: a store that fails logs no download
    log_event(actor=request.user, action=AuditAction.CASE_EXPORT_DOWNLOADED, target=export)
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=export.file.name.rsplit("/", 1)[-1],
        content_type=CONTENT_TYPES[export.format],
    )
    response["Cache-Control"] = "private, no-store"
    return response
