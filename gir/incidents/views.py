from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gir.access.registry import can
from gir.audit.models import AuditAction
from gir.audit.selectors import history_of
from gir.audit.services import log_event
from gir.core.exceptions import STORAGE_UNAVAILABLE_MESSAGE, StorageUnavailable

from . import selectors, services
from .forms import EvidenceForm
from .page import incident_page
from .policy import IncidentAction, access_evidence, access_incident

PAGE_SIZE = 25


def my_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.my_incidents(request.user), PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(request, "incidents/incident_list_mine.html", {"incidents": page, "page": page})


def render_detail(
    request: HttpRequest, incident, *, status: int = 200, opened: bool = False, **forms
) -> HttpResponse:
    """The incident page: the facts by the 7 W's, the evidence, and the follow-up plan.
    `opened`: the page is opened (not shown again after a failed form), which is logged."""
    incident = selectors.incident_detail(incident)
    user = request.user
    show_perpetrator = can(user, IncidentAction.VIEW_PERPETRATOR, incident)
    if opened or show_perpetrator:
        services.incident_page_read_log(
            actor=user, incident=incident, opened=opened, perpetrator_shown=show_perpetrator
        )
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
        **incident_page.context(user, incident, forms),
    }
    return render(request, "incidents/incident_detail.html", context, status=status)


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    incident = access_incident(request.user, pk, action=IncidentAction.VIEW)
    return render_detail(request, incident, opened=True)


def history(request: HttpRequest, pk: int) -> HttpResponse:
    incident = access_incident(request.user, pk, action=IncidentAction.VIEW_HISTORY)
    context = {"incident": incident, "events": history_of(incident)}
    return render(request, "incidents/incident_history.html", context)


@require_POST
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    incident = access_incident(request.user, pk, action=IncidentAction.ADD_EVIDENCE)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.evidence_add_all(
                actor=request.user, incident=incident, uploads=form.cleaned_data["evidence_files"]
            )
        except StorageUnavailable:
            form.add_error("evidence_files", str(STORAGE_UNAVAILABLE_MESSAGE))
            return render_detail(request, incident, status=503, evidence_form=form)
        messages.success(request, _("Het bewijs is toegevoegd."))
        return redirect("incidents:detail", pk=incident.pk)
    return render_detail(request, incident, status=400, evidence_form=form)


def evidence_download(request: HttpRequest, pk: int, evidence_pk: int) -> FileResponse:
    evidence = access_evidence(request.user, pk, evidence_pk)
    handle = evidence.file.open("rb")  # first: a store that fails logs no download
    log_event(
        actor=request.user,
        action=AuditAction.EVIDENCE_DOWNLOADED,
        target=evidence.incident,
        detail=evidence.sha256,
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response
