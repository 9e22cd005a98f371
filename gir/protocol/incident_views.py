"""The incident pages that go through the protocol: the report form, whose save gives
a submitted report its handler and plan (services.report_save), and the work list,
sorted on the plan's deadlines. They are mounted under the "incidents" namespace
(incident_urls.py) with the incident's own pages."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from gir.access.kernel import Capability, has_capability
from gir.core import clock
from gir.core.forms import submit
from gir.core.http import forbid_unless
from gir.core.pagination import CappedPaginator
from gir.core.params import parse_int
from gir.incidents.constants import IncidentStatus
from gir.incidents.forms import IncidentReportForm, report_sections
from gir.incidents.models import Incident
from gir.incidents.policy import IncidentAction, access_incident, can_handle_incidents

from . import selectors, services
from .forms import WorklistFilterForm

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
        lambda d: services.report_save(
            actor=request.user,
            incident=incident,
            expected_version=(parse_int(request.POST.get("version")) or 0) if incident else None,
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
        "now": clock.now(),
    }
    return render(request, "incidents/incident_list_handled.html", context)
