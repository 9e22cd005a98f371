from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from gir.access.kernel import Capability, has_capability
from gir.access.registry import can
from gir.audit.models import AuditAction
from gir.audit.selectors import history_of
from gir.audit.services import log_event
from gir.core.forms import submit
from gir.core.http import forbid_unless
from gir.core.pagination import CappedPaginator

from . import selectors, services
from .constants import IncidentStatus
from .forms import EvidenceForm, IncidentReportForm, WorklistFilterForm, report_sections
from .models import Incident
from .page import page_parts_context
from .policy import IncidentAction, access_evidence, access_incident, can_handle_incidents

# The report's own stale message; it answers 400, as it always has.
STALE = gettext_lazy(
    "Iemand anders heeft deze melding intussen gewijzigd. Uw tekst staat hieronder "
    "nog; open de melding opnieuw in een ander tabblad om de nieuwe versie te zien."
)


def _save_report(request: HttpRequest, form: IncidentReportForm, incident=None) -> HttpResponse:
    """Save the form; on a concurrent edit, say so and keep what was typed."""

    def saved_message(saved: Incident) -> str:
        if saved.is_draft:
            return _("Uw concept is bewaard. U kunt het later afmaken.")
        if form.submitting and incident is not None and incident.status != IncidentStatus.DRAFT:
            return _("De wijzigingen zijn opgeslagen.")
        return _("Dank u. Uw melding %(ref)s is verstuurd.") % {"ref": saved.reference}

    return submit(
        request,
        form,
        lambda d: services.incident_save(
            actor=request.user,
            incident=incident,
            expected_version=int(request.POST.get("version", "0")) if incident else None,
            facts=form.facts(),
            behaviours=d.get("behaviour_kinds", []),
            victims=form.victims(),
            uploads=d.get("evidence_files", []),
            submit=form.submitting,
        ),
        done=lambda saved: redirect("incidents:detail", pk=saved.pk),
        page=lambda status: _render_form(request, form, incident, status=status),
        success=saved_message,
        stale=STALE,
        stale_status=400,
    )


def _render_form(request: HttpRequest, form: IncidentReportForm, incident, status: int = 200) -> HttpResponse:
    context = {
        "form": form,
        "incident": incident,
        "sections": report_sections(form),
        "files_dropped": bool(request.FILES) and bool(form.errors),
    }
    return render(request, "incidents/incident_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def report_create(request: HttpRequest) -> HttpResponse:
    forbid_unless(has_capability(request.user, Capability.REPORT_INCIDENT))
    form = IncidentReportForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST":
        return _save_report(request, form)
    return _render_form(request, form, None)


@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    incident = access_incident(request.user, pk, action=IncidentAction.EDIT)
    form = IncidentReportForm(
        request.POST or None, request.FILES or None, instance=incident, user=request.user
    )
    if request.method == "POST":
        return _save_report(request, form, incident)
    return _render_form(request, form, incident)


PAGE_SIZE = 25


def my_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.my_incidents(request.user), PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(request, "incidents/incident_list_mine.html", {"incidents": page, "page": page})


def handled_list(request: HttpRequest) -> HttpResponse:
    """The work list: the manager's team incidents, the coordinator's overview of all."""
    forbid_unless(can_handle_incidents(request.user))
    form = WorklistFilterForm(
        request.GET or None,
        handlers=selectors.worklist_handlers(request.user),
        units=selectors.worklist_units(),
    )
    incidents = selectors.handled_incidents(request.user, form.filters())
    page = CappedPaginator(incidents, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    context = {
        "incidents": page,
        "page": page,
        "form": form,
        "query": query.urlencode(),
        "now": timezone.now(),
    }
    return render(request, "incidents/incident_list_handled.html", context)


def render_detail(request: HttpRequest, incident, *, status: int = 200, **forms) -> HttpResponse:
    """The incident page: the facts by the 7 W's, the evidence, and the follow-up plan."""
    incident = selectors.incident_detail(incident)
    user = request.user
    show_perpetrator = can(user, IncidentAction.VIEW_PERPETRATOR, incident)
    if show_perpetrator:
        services.perpetrator_read_log(actor=user, incident=incident)
    context = {
        "incident": incident,
        "show_perpetrator": show_perpetrator,
        "can_edit": can(user, IncidentAction.EDIT, incident),
        "can_view_history": can(user, IncidentAction.VIEW_HISTORY, incident),
        "can_assign": can(user, IncidentAction.ASSIGN_HANDLER, incident),
        "can_close": can(user, IncidentAction.CLOSE, incident),
        "can_reopen": can(user, IncidentAction.REOPEN, incident),
        "evidence_form": forms.get("evidence_form") or EvidenceForm(),
        # The follow-up plan and the sections of the apps above (gir.incidents.page).
        **page_parts_context(user, incident, forms),
    }
    return render(request, "incidents/incident_detail.html", context, status=status)


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_detail(request, access_incident(request.user, pk, action=IncidentAction.VIEW))


def history(request: HttpRequest, pk: int) -> HttpResponse:
    incident = access_incident(request.user, pk, action=IncidentAction.VIEW_HISTORY)
    context = {"incident": incident, "events": history_of(incident)}
    return render(request, "incidents/incident_history.html", context)


@require_POST
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    incident = access_incident(request.user, pk, action=IncidentAction.ADD_EVIDENCE)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        for upload in form.cleaned_data["evidence_files"]:
            services.evidence_add(actor=request.user, incident=incident, upload=upload)
        messages.success(request, _("Het bewijs is toegevoegd."))
        return redirect("incidents:detail", pk=incident.pk)
    return render_detail(request, incident, status=400, evidence_form=form)


def evidence_download(request: HttpRequest, pk: int, evidence_pk: int) -> FileResponse:
    evidence = access_evidence(request.user, pk, evidence_pk)
    log_event(
        actor=request.user,
        action=AuditAction.EVIDENCE_DOWNLOADED,
        target=evidence.incident,
        detail=evidence.sha256,
    )
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response
