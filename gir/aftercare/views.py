"""The aftercare pages (DESIGN §2.5): the team's worklist, an incident's
conversations, one conversation, the employee's own aftercare and the quarterly
report. Each view parses a form, asks the access policy, calls a service and
renders or redirects."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from gir.audit.models import AuditAction
from gir.audit.services import log_event
from gir.core import clock
from gir.core.forms import submit
from gir.core.http import forbid_unless
from gir.core.params import parse_id
from gir.incidents.models import Incident
from gir.protocol.constants import StepKind
from gir.protocol.models import Step
from gir.protocol.policy import can_work_aftercare

from . import selectors, services
from .constants import ConversationStatus, Stage
from .forms import (
    DeclineForm,
    DeclineNewForm,
    RecordForm,
    RecordNewForm,
    RequestForm,
    ScheduleForm,
    ScheduleNewForm,
    employee_key,
)
from .invitation import invitation_ics
from .models import Conversation
from .policy import (
    access_aftercare_incident,
    access_conversation,
    aftercare_incidents,
    can_read_aftercare_report,
    can_request_aftercare,
    has_aftercare_work,
)
from .report import Quarter, aftercare_figures, aftercare_report_pdf

PAGE_SIZE = 25
STALE = gettext_lazy(
    "Iemand anders heeft dit gesprek intussen gewijzigd. Uw invoer staat hieronder nog; "
    "bekijk de nieuwe gegevens en sla opnieuw op."
)
NO_TIME = _(
    "Dit gesprek heeft nog geen datum en tijd. Plan eerst het gesprek; "
    "daarna kunt u de agenda-uitnodiging (.ics) downloaden."
)


# --- The worklist -----------------------------------------------------------------------


def worklist(request: HttpRequest) -> HttpResponse:
    """Open aftercare steps by deadline, requests waiting and the next appointments."""
    user = request.user
    forbid_unless(has_aftercare_work(user))
    incidents = aftercare_incidents(user)
    page = Paginator(selectors.open_steps(incidents), PAGE_SIZE).get_page(request.GET.get("pagina"))
    context = {
        "page": page,
        "steps": selectors.step_rows(list(page.object_list)),
        "requests": list(selectors.waiting_requests(incidents)),
        "upcoming": selectors.upcoming(incidents),
        "can_report": can_read_aftercare_report(user),
        "now": clock.now(),
    }
    return render(request, "aftercare/worklist.html", context)


# --- An incident's aftercare ---------------------------------------------------------------


def _row_forms(row: selectors.Row, index: int, failed: dict[str, Any] | None) -> dict[str, Any]:
    """The three forms of a row that has no conversation yet; a failed one keeps its input."""
    target = {"step": row.step.pk, "employee": row.key}
    auto_id = f"id_r{row.step.pk}_{index}_%s"
    forms = {
        "schedule_form": ScheduleNewForm(initial=target, auto_id=auto_id.replace("%s", "s_%s")),
        "record_form": RecordNewForm(initial=target, stage=row.stage, auto_id=auto_id.replace("%s", "h_%s")),
        "decline_form": DeclineNewForm(initial=target, auto_id=auto_id.replace("%s", "d_%s")),
        "open": "",
    }
    if failed and failed["step"] == row.step.pk and failed["employee"] == row.key:
        failed["form"].auto_id = forms[failed["name"]].auto_id
        forms[failed["name"]] = failed["form"]
        forms["open"] = failed["name"]
        failed["shown"] = True
    return forms


def _render_incident(
    request: HttpRequest, incident: Incident, *, status: int = 200, failed: dict[str, Any] | None = None
) -> HttpResponse:
    page = selectors.incident_page(incident)
    rows = [
        {"row": row, **(_row_forms(row, i, failed) if row.workable and row.conversation is None else {})}
        for i, row in enumerate(page["rows"])
    ]
    context = {
        **page,
        "rows": rows,
        "now": clock.now(),
        # A form for a row that no longer exists (e.g. the step was just done) shows on top.
        "orphan_form": failed["form"] if failed and not failed.get("shown") else None,
    }
    return render(request, "aftercare/incident.html", context, status=status)


def incident_aftercare(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_incident(request, access_aftercare_incident(request.user, pk))


def _target(incident: Incident, form: Any) -> tuple[Step, services.Employee]:
    """The step and employee a *_new form names; refused if they are not the incident's."""
    step = Step.objects.filter(
        pk=form.cleaned_data["step"], incident=incident, kind=StepKind.AFTERCARE
    ).first()
    wanted = form.cleaned_data["employee"]
    employee = next(
        (
            e
            for e in services.employees_of(incident)
            if employee_key(e.user.pk if e.user else None, e.name) == wanted
        ),
        None,
    )
    if step is None or employee is None:
        raise ValidationError(_("Dit gesprek hoort niet bij deze melding. Open de pagina opnieuw."))
    return step, employee


def _act_new(request: HttpRequest, pk: int, form_class: type, name: str, call: Any, success: str):
    incident = access_aftercare_incident(request.user, pk)
    if form_class is RecordNewForm:
        # The record form's fields follow the stage of the step it names.
        step = Step.objects.filter(
            pk=parse_id(request.POST.get("step")) or 0, incident=incident, kind=StepKind.AFTERCARE
        ).first()
        form = form_class(request.POST, stage=services.stage_of(step) if step else Stage.FIRST)
    else:
        form = form_class(request.POST)

    def done(conversation: Conversation) -> HttpResponse:
        if name == "schedule_form":
            return redirect("aftercare:conversation", conversation_pk=conversation.pk)
        return redirect("aftercare:incident", pk=incident.pk)

    def page(status: int) -> HttpResponse:
        cleaned = getattr(form, "cleaned_data", {})
        failed = {
            "step": cleaned.get("step"),
            "employee": cleaned.get("employee"),
            "name": name,
            "form": form,
        }
        return _render_incident(request, incident, status=status, failed=failed)

    return submit(
        request,
        form,
        lambda _data: call(incident, *_target(incident, form), form),
        done=done,
        page=page,
        success=success,
    )


@require_POST
def schedule_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _act_new(
        request,
        pk,
        ScheduleNewForm,
        "schedule_form",
        lambda incident, step, employee, form: services.conversation_schedule(
            actor=request.user, incident=incident, step=step, employee=employee, **form.service_kwargs()
        ),
        _("Het gesprek is gepland. Stuur nu de uitnodiging."),
    )


@require_POST
def record_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _act_new(
        request,
        pk,
        RecordNewForm,
        "record_form",
        lambda incident, step, employee, form: services.conversation_record(
            actor=request.user,
            incident=incident,
            step=step,
            employee=employee,
            held_at=form.cleaned_data["held_at"],
            content=form.content(),
        ),
        _("Het gesprek is vastgelegd als gevoerd."),
    )


@require_POST
def decline_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _act_new(
        request,
        pk,
        DeclineNewForm,
        "decline_form",
        lambda incident, step, employee, form: services.conversation_decline(
            actor=request.user,
            incident=incident,
            step=step,
            employee=employee,
            notes=form.cleaned_data["notes"],
        ),
        _("Vastgelegd: de medewerker heeft het aanbod afgeslagen. Dat telt als afgehandeld."),
    )


# --- One conversation ---------------------------------------------------------------------------


def _has_content(conversation: Conversation) -> bool:
    return conversation.status in {ConversationStatus.HELD, ConversationStatus.DECLINED} or bool(
        conversation.request_message
    )


def _render_conversation(
    request: HttpRequest,
    conversation: Conversation,
    *,
    status: int = 200,
    invite_error: str = "",
    **forms: Any,
) -> HttpResponse:
    user = request.user
    works = can_work_aftercare(user, conversation.incident)
    if _has_content(conversation):
        services.conversation_read_log(actor=user, conversation=conversation)
    context: dict[str, Any] = {
        "conversation": conversation,
        "incident": conversation.incident,
        "works": works,
        "is_employee": conversation.employee_id == user.pk,
        "show_content": _has_content(conversation),
        "open": works and not conversation.is_finished,
        "invite_error": invite_error,
        "stale": status == 409,
    }
    if context["open"]:
        version = {"version": conversation.version}
        local = timezone.localtime(conversation.scheduled_at) if conversation.scheduled_at else None
        context["schedule_form"] = forms.get("schedule_form") or ScheduleForm(
            initial={
                **version,
                "scheduled_at": local,
                "duration_minutes": conversation.duration_minutes,
                "mode": conversation.mode,
                "place": conversation.place,
            }
        )
        context["record_form"] = forms.get("record_form") or RecordForm(
            initial={
                **version,
                "held_at": local if local and local <= timezone.localtime(clock.now()) else None,
            },
            stage=conversation.stage,
        )
        context["decline_form"] = forms.get("decline_form") or DeclineForm(initial=version)
        # Three forms on one page: each its own ids.
        for name, auto_id in (
            ("schedule_form", "id_s_%s"),
            ("record_form", "id_r_%s"),
            ("decline_form", "id_d_%s"),
        ):
            context[name].auto_id = auto_id
    return render(request, "aftercare/conversation.html", context, status=status)


def conversation_detail(request: HttpRequest, conversation_pk: int) -> HttpResponse:
    """The employee reads their own conversation; the aftercare worker works it."""
    return _render_conversation(request, access_conversation(request.user, conversation_pk))


def _conversation_form(
    request: HttpRequest, conversation: Conversation, form: Any, name: str, save: Any, success: str
) -> HttpResponse:
    """A form on the conversation page: back to the page when saved; the page with the
    input kept otherwise, showing the conversation as it is now after a concurrent change."""
    form.fields["version"].required = True

    def page(status: int) -> HttpResponse:
        shown = conversation
        if status == 409:
            shown = access_conversation(request.user, conversation.pk, work=True)
        return _render_conversation(request, shown, status=status, **{name: form})

    return submit(
        request,
        form,
        save,
        done=lambda _result: redirect("aftercare:conversation", conversation_pk=conversation.pk),
        page=page,
        success=success,
        stale=STALE,
    )


@require_POST
def schedule(request: HttpRequest, conversation_pk: int) -> HttpResponse:
    conversation = access_conversation(request.user, conversation_pk, work=True)
    form = ScheduleForm(request.POST)
    return _conversation_form(
        request,
        conversation,
        form,
        "schedule_form",
        lambda d: services.conversation_schedule(
            actor=request.user,
            incident=conversation.incident,
            conversation=conversation,
            version=d["version"],
            **form.service_kwargs(),
        ),
        _("De afspraak is opgeslagen."),
    )


@require_POST
def record(request: HttpRequest, conversation_pk: int) -> HttpResponse:
    conversation = access_conversation(request.user, conversation_pk, work=True)
    form = RecordForm(request.POST, stage=conversation.stage)
    return _conversation_form(
        request,
        conversation,
        form,
        "record_form",
        lambda d: services.conversation_record(
            actor=request.user,
            incident=conversation.incident,
            conversation=conversation,
            held_at=d["held_at"],
            content=form.content(),
            version=d["version"],
        ),
        _("Het gesprek is vastgelegd als gevoerd."),
    )


@require_POST
def decline(request: HttpRequest, conversation_pk: int) -> HttpResponse:
    conversation = access_conversation(request.user, conversation_pk, work=True)
    return _conversation_form(
        request,
        conversation,
        DeclineForm(request.POST),
        "decline_form",
        lambda d: services.conversation_decline(
            actor=request.user,
            incident=conversation.incident,
            conversation=conversation,
            notes=d["notes"],
            version=d["version"],
        ),
        _("Vastgelegd: de medewerker heeft het aanbod afgeslagen. Dat telt als afgehandeld."),
    )


@require_POST
def invite(request: HttpRequest, conversation_pk: int) -> HttpResponse:
    conversation = access_conversation(request.user, conversation_pk, work=True)
    try:
        services.conversation_invite(actor=request.user, conversation=conversation)
    except ValidationError as error:
        return _render_conversation(request, conversation, status=400, invite_error=" ".join(error.messages))
    messages.success(
        request, _("De uitnodiging is verstuurd naar %(email)s.") % {"email": conversation.employee.email}
    )
    return redirect("aftercare:conversation", conversation_pk=conversation.pk)


@require_GET
def invitation_download(request: HttpRequest, conversation_pk: int) -> HttpResponse:
    """The calendar file of the appointment; it holds no incident details."""
    conversation = access_conversation(request.user, conversation_pk)
    if conversation.scheduled_at is None or conversation.is_finished:
        message = NO_TIME if conversation.scheduled_at is None else _("Dit gesprek is al afgerond.")
        context = {"message": message, "conversation": conversation}
        return render(request, "aftercare/ics_refused.html", context, status=400)
    response = HttpResponse(invitation_ics(conversation), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="nazorggesprek.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


# --- The employee's own aftercare -------------------------------------------------------------


def _render_mine(request: HttpRequest, *, status: int = 200, failed: tuple[int, RequestForm] | None = None):
    user = request.user
    incidents = []
    for incident in selectors.victim_incidents(user):
        form = RequestForm(auto_id=f"id_request_{incident.pk}_%s")
        if failed and failed[0] == incident.pk:
            failed[1].auto_id = form.auto_id
            form = failed[1]
        incidents.append({"incident": incident, "form": form})
    context = {"conversations": list(selectors.conversations_of(user)), "incidents": incidents}
    return render(request, "aftercare/mine.html", context, status=status)


def mine(request: HttpRequest) -> HttpResponse:
    return _render_mine(request)


@require_POST
def request_aftercare(request: HttpRequest, pk: int) -> HttpResponse:
    """An employee asks for aftercare, also long after ("de klap kan later komen")."""
    incident = Incident.objects.filter(pk=pk).first()
    if incident is None or not can_request_aftercare(request.user, incident):
        raise Http404
    form = RequestForm(request.POST)
    return submit(
        request,
        form,
        lambda d: services.aftercare_request(actor=request.user, incident=incident, message=d["message"]),
        done=lambda _result: redirect("aftercare:mine"),
        page=lambda status: _render_mine(request, status=status, failed=(incident.pk, form)),
        success=_("Uw vraag om nazorg is doorgegeven. Het Bedrijfs Opvang Team neemt contact met u op."),
    )


# --- The quarterly report -------------------------------------------------------------------------


def _quarter_context(request: HttpRequest) -> tuple[dict[str, Any], int]:
    forbid_unless(can_read_aftercare_report(request.user))
    this_year = clock.today().year
    context: dict[str, Any] = {
        "years": list(range(this_year, this_year - 6, -1)),
        "numbers": [1, 2, 3, 4],
        "can_work": has_aftercare_work(request.user),
    }
    try:
        quarter = Quarter.parse(request.GET.get("jaar"), request.GET.get("kwartaal"))
    except ValidationError as error:
        context["error"] = " ".join(error.messages)
        return context, 400
    context["quarter"] = quarter
    context["figures"] = aftercare_figures(quarter)
    return context, 200


@require_GET
def report(request: HttpRequest) -> HttpResponse:
    context, status = _quarter_context(request)
    return render(request, "aftercare/report.html", context, status=status)


@require_GET
def report_pdf(request: HttpRequest) -> HttpResponse:
    context, status = _quarter_context(request)
    if status != 200:
        return render(request, "aftercare/report.html", context, status=status)
    quarter = context["quarter"]
    pdf = aftercare_report_pdf(context["figures"])
    log_event(
        actor=request.user,
        action=AuditAction.AFTERCARE_REPORT_VIEWED,
        target=None,
        target_type="aftercare.report",
        detail=f"{quarter.year}-K{quarter.number}",
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="nazorg-{quarter.year}-K{quarter.number}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response
