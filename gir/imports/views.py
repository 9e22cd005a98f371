"""The import pages, for the coordinator only: upload, map the columns, read the dry run,
import, follow the progress (issue 7 item 4)."""

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.decorators.vary import vary_on_headers

from gir.core.forms import submit
from gir.core.http import forbid_unless

from . import services
from .constants import REPORT_ROWS_SHOWN, BatchStatus
from .forms import MappingForm, UploadForm
from .mapping import FIELDS
from .models import ImportBatch
from .policy import can_import_incidents

EXAMPLES = Path(settings.BASE_DIR) / "docs" / "examples"
EXAMPLE_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def _batch(request: HttpRequest, pk: int) -> ImportBatch:
    forbid_unless(can_import_incidents(request.user))
    return get_object_or_404(ImportBatch, pk=pk)


@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    forbid_unless(can_import_incidents(request.user))
    form = UploadForm(request.POST or None, request.FILES or None)

    def page(status: int = 200) -> HttpResponse:
        context = {"form": form, "batches": ImportBatch.objects.select_related("uploaded_by")[:20]}
        return render(request, "imports/upload.html", context, status=status)

    if request.method == "POST":
        return submit(
            request,
            form,
            lambda d: services.batch_upload(actor=request.user, name=d["file"].name, data=d["file"].read()),
            done=lambda batch: redirect("imports:mapping", pk=batch.pk),
            page=page,
            field="file",
        )
    return page()


def example(request: HttpRequest, kind: str) -> FileResponse:
    forbid_unless(can_import_incidents(request.user))
    name = f"registratie-voorbeeld.{kind}"
    return FileResponse(
        (EXAMPLES / name).open("rb"), as_attachment=True, filename=name, content_type=EXAMPLE_TYPES[kind]
    )


@require_http_methods(["GET", "POST"])
def mapping(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    if batch.status not in {BatchStatus.UPLOADED, BatchStatus.CHECKED, BatchStatus.FAILED}:
        return redirect("imports:detail", pk=batch.pk)
    form = MappingForm(request.POST or None, initial=batch.mapping, headers=batch.headers)
    if request.method == "POST":
        return submit(
            request,
            form,
            lambda _data: services.batch_check(actor=request.user, batch=batch, mapping=form.mapping()),
            done=lambda _result: redirect("imports:report", pk=batch.pk),
            page=lambda status: render(
                request, "imports/mapping.html", {"batch": batch, "form": form}, status=status
            ),
        )
    return render(request, "imports/mapping.html", {"batch": batch, "form": form})


def report(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    if not batch.checked_at:
        return redirect("imports:mapping", pk=batch.pk)
    rows = batch.report.get("rows", [])
    mapped = [(spec.label, batch.mapping.get(spec.key, "")) for spec in FIELDS]
    context = {
        "batch": batch,
        "columns": batch.report.get("columns", []),
        "rows": rows[:REPORT_ROWS_SHOWN],
        "shown": min(len(rows), REPORT_ROWS_SHOWN),
        "ok_count": batch.total - batch.error_count,
        "mapped": mapped,
    }
    return render(request, "imports/report.html", context)


@require_POST
def start(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    try:
        services.batch_import_start(actor=request.user, batch=batch)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("imports:report", pk=batch.pk)
    messages.success(request, _("De import is gestart."))
    return redirect("imports:detail", pk=batch.pk)


@vary_on_headers("HX-Request")
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch(request, pk)
    incidents = services.imported_incidents(batch).order_by("pk")
    context = {
        "batch": batch,
        "progress": services.import_progress(batch),
        "incidents": incidents[:50],
        "incident_count": incidents.count(),
    }
    template = "imports/detail.html#status" if getattr(request, "htmx", False) else "imports/detail.html"
    return render(request, template, context)
