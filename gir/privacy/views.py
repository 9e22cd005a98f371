import io

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from gir.core import clock
from gir.core.http import forbid_unless
from gir.core.pagination import CappedPaginator

from . import exports, services
from .forms import AuditFilterForm
from .policy import can_read_audit_log
from .selectors import audit_rows, describe, last_prune

PAGE_SIZE = 50
FORMATS = {
    "csv": ("text/csv; charset=utf-8", exports.csv_bytes),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", exports.xlsx_bytes),
}


@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    """The privacy officer's reader of the audit log: who read, searched, logged in and
    changed roles, filtered; every viewing is logged too."""
    forbid_unless(can_read_audit_log(request.user))
    form = AuditFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return render(request, "privacy/audit_log.html", {"form": form}, status=400)
    filters = form.filters()
    page = CappedPaginator(audit_rows(filters), PAGE_SIZE).get_page(request.GET.get("pagina"))
    services.audit_log_viewed(actor=request.user, filters=filters, page=page.number)
    query = request.GET.copy()
    query.pop("pagina", None)
    context = {
        "form": form,
        "listed": True,
        "page": page,
        "rows": list(describe(page.object_list)),
        "query": query.urlencode(),
        "last_prune": last_prune(),
    }
    response = render(request, "privacy/audit_log.html", context)
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def audit_export(request: HttpRequest) -> HttpResponse:
    """The filtered log as CSV or XLSX (?formaat=csv|xlsx); the export is logged."""
    forbid_unless(can_read_audit_log(request.user))
    form = AuditFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        return render(request, "privacy/audit_log.html", {"form": form}, status=400)
    fmt = request.GET.get("formaat", "xlsx")
    if fmt not in FORMATS:
        fmt = "xlsx"
    content_type, write = FORMATS[fmt]
    filters = form.filters()
    data, count = write(audit_rows(filters))
    services.audit_log_exported(actor=request.user, filters=filters, fmt=fmt, rows=count)
    name = f"auditlog-{timezone.localtime(clock.now()):%Y%m%d-%H%M}.{fmt}"
    response = FileResponse(io.BytesIO(data), as_attachment=True, filename=name, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response
