from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gir.core import clock
from gir.core.forms import submit
from gir.core.http import forbid_unless
from gir.core.params import safe_next
from gir.incidents.policy import IncidentAction, access_incident, incidents_visible_to
from gir.incidents.views import render_detail

from . import selectors, services
from .constants import RECORDED_ELSEWHERE, StepKind
from .forms import HandlerForm, ReasonForm, StepCompleteForm
from .models import Step
from .policy import access_step, can_work_aftercare, has_tasks_page

PAGE_SIZE = 50


def my_tasks(request: HttpRequest) -> HttpResponse:
    forbid_unless(has_tasks_page(request.user))
    page = Paginator(selectors.my_tasks(request.user), PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(request, "protocol/my_tasks.html", {"steps": page, "page": page, "now": clock.now()})


def _back(request: HttpRequest, step: Step) -> HttpResponse:
    target = safe_next(request, request.POST.get("next"))
    if target:
        return HttpResponseRedirect(target)
    return redirect("protocol:step", pk=step.pk)


def _render_step(request: HttpRequest, step: Step, status: int = 200, **forms) -> HttpResponse:
    context = {
        "step": step,
        "incident": step.incident,
        "victims": list(step.incident.victims.select_related("user")),
        "can_view_incident": incidents_visible_to(request.user).filter(pk=step.incident_id).exists(),
        "complete_form": forms.get("complete_form") or StepCompleteForm(step=step),
        "recorded_at_url": recorded_at_url(step),
        "recorded_by_aftercare_team": _recorded_by_aftercare_team(request.user, step),
        "waive_form": forms.get("waive_form") or ReasonForm(),
        "next": safe_next(request, request.POST.get("next") or request.GET.get("next")) or "",
    }
    return render(request, "protocol/step_detail.html", context, status=status)


def recorded_at_url(step: Step) -> str:
    """The page where this kind of step is recorded, if not on the step page."""
    name = RECORDED_ELSEWHERE.get(step.kind)
    return reverse(name, args=[step.incident_id]) if name else ""


def _recorded_by_aftercare_team(user, step: Step) -> bool:
    """A handler sees the aftercare step but records nothing of it (DESIGN §2.5)."""
    return step.kind == StepKind.AFTERCARE and not can_work_aftercare(user, step.incident)


def step_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_step(request, access_step(request.user, pk))


def _already_recorded(request: HttpRequest, error: services.StepAlreadyRecorded) -> HttpResponse:
    step = error.step
    messages.error(
        request,
        _("Deze stap is intussen al vastgelegd door %(who)s op %(when)s. Uw invoer is niet opgeslagen.")
        % {
            "who": step.completed_by or _("iemand anders"),
            "when": timezone.localtime(step.completed_at).strftime("%d-%m-%Y %H:%M"),
        },
    )
    return _render_step(request, access_step(request.user, step.pk), status=409)


@require_POST
def step_complete(request: HttpRequest, pk: int) -> HttpResponse:
    step = access_step(request.user, pk)
    form = StepCompleteForm(request.POST, step=step)
    if recorded_at_url(step):
        form.is_valid()
        form.add_error(
            None, _("Deze stap legt u vast op de eigen pagina ervan, met de gegevens die erbij horen.")
        )
    elif form.is_valid():
        try:
            services.step_complete(
                actor=request.user,
                step=step,
                outcome=form.cleaned_data.get("outcome", ""),
                notes=form.cleaned_data["notes"],
            )
        except services.StepAlreadyRecorded as error:
            return _already_recorded(request, error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("De stap ‘%(title)s’ is vastgelegd als gedaan.") % {"title": step.title}
            )
            return _back(request, step)
    return _render_step(request, step, status=400, complete_form=form)


@require_POST
def step_waive(request: HttpRequest, pk: int) -> HttpResponse:
    step = access_step(request.user, pk)
    form = ReasonForm(request.POST)
    if step.kind == StepKind.AFTERCARE:
        # A reason here would be read by every handler; a declined offer is recorded
        # on the aftercare page, where what the employee says stays confidential.
        form.is_valid()
        form.add_error(None, _("Een nazorggesprek legt het Bedrijfs Opvang Team vast op de nazorgpagina."))
    elif form.is_valid():
        try:
            services.step_waive(actor=request.user, step=step, reason=form.cleaned_data["reason"])
        except services.StepAlreadyRecorded as error:
            return _already_recorded(request, error)
        messages.success(
            request, _("De stap ‘%(title)s’ is vastgelegd als niet nodig.") % {"title": step.title}
        )
        return _back(request, step)
    return _render_step(request, step, status=400, waive_form=form)


@require_POST
def incident_close(request: HttpRequest, pk: int) -> HttpResponse:
    incident = access_incident(request.user, pk, action=IncidentAction.CLOSE)
    try:
        services.incident_close(actor=request.user, incident=incident)
    except services.IncidentNotClosable as error:
        titles = "; ".join(step.title for step in error.open_steps)
        refusal = _("De melding kan nog niet worden afgehandeld. Deze verplichte stappen staan nog open:")
        messages.error(request, f"{refusal} {titles}.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("De melding is afgehandeld."))
    return redirect("incidents:detail", pk=incident.pk)


@require_POST
def incident_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    incident = access_incident(request.user, pk, action=IncidentAction.REOPEN)
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            services.incident_reopen(
                actor=request.user, incident=incident, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("De melding is heropend."))
        return redirect("incidents:detail", pk=incident.pk)
    return render_detail(request, incident, status=400, reopen_form=form)


@require_http_methods(["GET", "POST"])
def handler_assign(request: HttpRequest, pk: int) -> HttpResponse:
    incident = access_incident(request.user, pk, action=IncidentAction.ASSIGN_HANDLER)
    form = HandlerForm(request.POST or None, incident=incident)

    def page(status: int = 200) -> HttpResponse:
        return render(
            request, "protocol/handler_form.html", {"incident": incident, "form": form}, status=status
        )

    if request.method == "POST":
        return submit(
            request,
            form,
            lambda d: services.handler_assign(actor=request.user, incident=incident, handler=d["handler"]),
            done=lambda _result: redirect("incidents:detail", pk=incident.pk),
            page=page,
            success=lambda _result: (
                _("%(name)s is nu behandelaar en krijgt daarover een e-mail.")
                % {"name": form.cleaned_data["handler"]}
            ),
            field="handler",
        )
    return page()
