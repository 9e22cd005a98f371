"""The measure pages (DESIGN §2.3): proposing, deciding, communicating, the conduct
meeting, withdrawing, objections. Each view parses a form, asks the access policy,
calls a service and renders or redirects."""

import datetime as dt
from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gir.audit.models import AuditAction
from gir.audit.selectors import history_of
from gir.audit.services import log_event
from gir.core import clock
from gir.core.forms import submit
from gir.core.http import forbid_unless
from gir.core.params import parse_id
from gir.incidents.models import Incident
from gir.incidents.policy import incidents_visible_to
from gir.perpetrators import selectors, services
from gir.perpetrators.advice import measure_advice
from gir.perpetrators.constants import (
    ANSWER_TERM_DAYS,
    FINAL_STATUSES,
    HEARING_GUARD_KINDS,
    HEARING_KINDS,
    MINOR_LEVELS,
    OBJECTABLE_KINDS,
    MeasureKind,
    MeasureStatus,
)
from gir.perpetrators.due_process import measure_facts, needs_minor_behaviour_reason, term_running
from gir.perpetrators.forms import (
    AnswerForm,
    AnswerTermForm,
    MeasureDecideForm,
    MeasureProposeForm,
    MeetingPlanForm,
    MeetingRecordForm,
    ObjectionDecideForm,
    ObjectionRecordForm,
    VersionForm,
    WithdrawForm,
)
from gir.perpetrators.models import Measure, Perpetrator
from gir.perpetrators.page import measure_page
from gir.perpetrators.policy import (
    access_measure,
    can_handle_objections,
    can_manage_measures,
    can_withdraw_measures,
)
from gir.perpetrators.views.register import incident_rows_for, person_or_redirect


def _advice_context(user: Any, person: Perpetrator, incident) -> dict[str, Any]:
    history = list(selectors.person_measures(person))
    advice = []
    if incident is not None:
        with_behaviours = Incident.objects.prefetch_related("behaviours").get(pk=incident.pk)
        advice = measure_advice(person, with_behaviours, history)
    return {"advice": advice, "advice_incident": incident, "history": history}


@require_http_methods(["GET", "POST"])
def measure_create(request: HttpRequest, pk: int) -> HttpResponse:
    """One screen: the person's earlier incidents and measures, the protocol's advice
    for the chosen incident, and the proposal form."""
    person = person_or_redirect(request, pk)
    if isinstance(person, HttpResponse):
        return person
    user = request.user
    forbid_unless(can_manage_measures(user, person) and not person.forgotten_at)
    choosable = (
        incidents_visible_to(user)
        .filter(perpetrator_links__perpetrator=person)
        .order_by("-occurred_at", "-pk")
    )
    chosen = None
    if chosen_pk := parse_id(request.GET.get("melding")):
        chosen = choosable.filter(pk=chosen_pk).first()
    if chosen is None and choosable.count() == 1:
        chosen = choosable.first()
    initial = {"incidents": [chosen.pk]} if chosen else {}
    form = MeasureProposeForm(request.POST or None, initial=initial, incidents=choosable)
    # The fairness guard, shown before submit: which choosable incidents are emotion or
    # criticism only (001 §2.1 levels A and B).
    minor_incidents = [i for i in choosable if i.escalation_level in MINOR_LEVELS]

    def page(status: int = 200) -> HttpResponse:
        shown = chosen
        if shown is None and form.is_bound and getattr(form, "cleaned_data", {}).get("incidents"):
            shown = form.cleaned_data["incidents"][0]
        shown = shown or choosable.first()
        services.perpetrator_read_log(actor=user, perpetrator=person)
        context = {
            "person": person,
            "form": form,
            "incidents": incident_rows_for(user, list(selectors.person_links(person))),
            "choosable": choosable,
            "minor_incidents": minor_incidents,
            **_advice_context(user, person, shown),
        }
        return render(request, "perpetrators/measure_create.html", context, status=status)

    if request.method == "POST":
        return submit(
            request,
            form,
            lambda d: services.measure_propose(
                actor=user,
                perpetrator=person,
                kind=d["kind"],
                incidents=d["incidents"],
                starts_on=d["starts_on"],
                ends_on=d["ends_on"],
                period_reason=d["period_reason"],
                notes=d["notes"],
                minor_behaviour_reason=d["minor_behaviour_reason"],
            ),
            done=lambda measure: redirect("perpetrators:measure", pk=measure.pk),
            page=page,
            success=_("De maatregel is voorgesteld. Leg hieronder het besluit vast."),
        )
    return page()


def _render_measure(
    request: HttpRequest, measure: Measure, *, status: int = 200, **forms: Any
) -> HttpResponse:
    """The measure page, with every form that applies; a form passed in keeps its input and errors."""
    user = request.user
    measure = selectors.measure_page(measure)
    person = measure.perpetrator
    services.perpetrator_read_log(actor=user, perpetrator=person)
    today = clock.today()
    can_manage = can_manage_measures(user, person)
    running = measure.status not in FINAL_STATUSES
    incident_rows = incident_rows_for(user, [_Link(i) for i in measure.incidents.all()])
    show = {
        "decide": can_manage and measure.status == MeasureStatus.PROPOSED,
        "communicate": can_manage and measure.status == MeasureStatus.DECIDED,
        "meeting": can_manage and running and measure.kind == MeasureKind.CONDUCT_MEETING,
        "objection": can_handle_objections(user)
        and measure.kind in OBJECTABLE_KINDS
        and measure.status in {MeasureStatus.DECIDED, MeasureStatus.COMMUNICATED, MeasureStatus.ACTIVE},
        "objection_decide": can_handle_objections(user) and measure.kind in OBJECTABLE_KINDS,
        "withdraw": can_withdraw_measures(user) and running,
    }
    context: dict[str, Any] = {
        "measure": measure,
        "person": person,
        # The letters of the measure, and what else the apps above add (gir.perpetrators.page).
        **measure_page.context(user, measure),
        "events": history_of(measure),
        "incidents": incident_rows,
        "show": show,
        "hearing_kind": measure.kind in HEARING_KINDS,
        "open_objections": [o for o in measure.objections.all() if not o.outcome],
    }
    context["facts"] = measure_facts(measure.incidents.all())
    if show["decide"]:
        context["guards"] = decide_guards(measure, today=today)
        context["decide_form"] = forms.get("decide_form") or MeasureDecideForm(
            measure=measure, user=user, today=today, guards=context["guards"]
        )
        context["term_form"] = forms.get("term_form") or AnswerTermForm(
            initial={
                "answer_by": measure.answer_by or today + dt.timedelta(days=ANSWER_TERM_DAYS),
                "version": measure.version,
            }
        )
        context["answer_form"] = forms.get("answer_form") or AnswerForm(
            initial={
                "answer_received_on": measure.answer_received_on or today,
                "answer_text": measure.answer_text,
                "version": measure.version,
            }
        )
        # The advice for the first of the measure's incidents this user may open.
        first = next((row["incident"] for row in incident_rows if row["can_view"]), None)
        context.update(_advice_context(user, person, first))
        context["person_incidents"] = incident_rows_for(user, list(selectors.person_links(person)))
    if show["communicate"]:
        context["communicate_form"] = forms.get("communicate_form") or VersionForm(
            initial={"version": measure.version}
        )
    if show["meeting"]:
        context["plan_form"] = forms.get("plan_form") or MeetingPlanForm(
            initial={
                "meeting_at": timezone.localtime(measure.meeting_at) if measure.meeting_at else None,
                "meeting_place": measure.meeting_place,
                "meeting_attendees": measure.meeting_attendees,
                "version": measure.version,
            }
        )
        context["record_form"] = forms.get("record_form") or MeetingRecordForm(
            initial={
                "meeting_attendance": measure.meeting_attendance,
                "meeting_outcome": measure.meeting_outcome,
                "version": measure.version,
            }
        )
    if show["objection"]:
        context["objection_form"] = forms.get("objection_form") or ObjectionRecordForm(
            initial={"received_on": today}
        )
    if show["objection_decide"] and context["open_objections"]:
        context["objection_decide_form"] = forms.get("objection_decide_form") or ObjectionDecideForm(
            measure=measure, initial={"objection": context["open_objections"][0].pk, "decided_on": today}
        )
    if show["withdraw"]:
        context["withdraw_form"] = forms.get("withdraw_form") or WithdrawForm(
            initial={"version": measure.version}
        )
    return render(request, "perpetrators/measure_detail.html", context, status=status)


def decide_guards(measure: Measure, *, today: Any) -> dict[str, bool]:
    """Which fairness questions the decide form asks (issue 19 item 6)."""
    return {
        "minor_behaviour_reason": needs_minor_behaviour_reason(measure.kind, measure.incidents.all()),
        "unheard_reason": measure.kind in HEARING_GUARD_KINDS,
        "decide_before_term": term_running(measure.answer_by, measure.answer_received_on, today),
    }


class _Link:
    """An incident shaped like a PerpetratorIncident, for incident_rows."""

    def __init__(self, incident):
        self.incident, self.incident_id = incident, incident.pk


def measure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _render_measure(request, access_measure(request.user, pk))


def _managed_measure(request: HttpRequest, pk: int) -> Measure:
    measure = access_measure(request.user, pk)
    forbid_unless(can_manage_measures(request.user, measure.perpetrator))
    return measure


def _measure_form(request: HttpRequest, measure: Measure, form: Any, form_name: str, save: Any, success: str):
    """A form on the measure page: back to the page when saved, the page with the input
    kept otherwise."""
    return submit(
        request,
        form,
        save,
        done=lambda _result: redirect("perpetrators:measure", pk=measure.pk),
        page=lambda status: _render_measure(request, measure, status=status, **{form_name: form}),
        success=success,
    )


@require_POST
def measure_decide(request: HttpRequest, pk: int) -> HttpResponse:
    measure = _managed_measure(request, pk)
    today = clock.today()
    form = MeasureDecideForm(
        request.POST,
        measure=measure,
        user=request.user,
        today=today,
        guards=decide_guards(measure, today=today),
    )
    return _measure_form(
        request,
        measure,
        form,
        "decide_form",
        lambda d: services.measure_decide(
            actor=request.user,
            measure=measure,
            decided_by=d["decided_by"],
            hearing=d["hearing"],
            hearing_notes=d["hearing_notes"],
            grounds=d["grounds"],
            proportionality=d["proportionality"],
            starts_on=d["starts_on"],
            ends_on=d["ends_on"],
            period_reason=d["period_reason"],
            version=d["version"],
            minor_behaviour_reason=d.get("minor_behaviour_reason"),
            unheard_reason=d.get("unheard_reason", ""),
            decide_before_term=d.get("decide_before_term", False),
        ),
        _("Het besluit is vastgelegd. Maak nu de brief."),
    )


@require_POST
def measure_answer_term(request: HttpRequest, pk: int) -> HttpResponse:
    """The term for the person's written answer to the intended measure."""
    measure = _managed_measure(request, pk)
    return _measure_form(
        request,
        measure,
        AnswerTermForm(request.POST),
        "term_form",
        lambda d: services.measure_set_answer_term(
            actor=request.user, measure=measure, answer_by=d["answer_by"], version=d["version"]
        ),
        _("De termijn is vastgelegd. Maak nu de brief ‘Voornemen maatregel’."),
    )


@require_POST
def measure_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """The person's written answer (zienswijze), with the letter itself if wanted."""
    measure = _managed_measure(request, pk)
    return _measure_form(
        request,
        measure,
        AnswerForm(request.POST, request.FILES),
        "answer_form",
        lambda d: services.measure_record_answer(
            actor=request.user,
            measure=measure,
            received_on=d["answer_received_on"],
            text=d["answer_text"],
            upload=d["answer_file"],
            version=d["version"],
        ),
        _("De reactie van de persoon is bewaard bij de maatregel."),
    )


def measure_answer_file(request: HttpRequest, pk: int) -> FileResponse:
    """The person's answer as they sent it; reading it is logged."""
    measure = _managed_measure(request, pk)
    if not measure.answer_file:
        raise Http404
    handle = measure.answer_file.open("rb")  # first: a store that fails logs no read
    log_event(
        actor=request.user,
        action=AuditAction.PERPETRATOR_READ,
        target=measure,
        detail=str(_("zienswijze (bestand)")),
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=measure.answer_file_name or "zienswijze",
        content_type=measure.answer_file_type or "application/octet-stream",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def measure_communicate(request: HttpRequest, pk: int) -> HttpResponse:
    measure = _managed_measure(request, pk)
    return _measure_form(
        request,
        measure,
        VersionForm(request.POST),
        "communicate_form",
        lambda d: services.measure_communicate(actor=request.user, measure=measure, version=d["version"]),
        _("Vastgelegd: de persoon is op de hoogte gebracht."),
    )


@require_POST
def measure_plan_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    measure = _managed_measure(request, pk)
    return _measure_form(
        request,
        measure,
        MeetingPlanForm(request.POST),
        "plan_form",
        lambda d: services.measure_plan_meeting(
            actor=request.user,
            measure=measure,
            meeting_at=d["meeting_at"],
            place=d["meeting_place"],
            attendees=d["meeting_attendees"],
            version=d["version"],
        ),
        _("Het ordegesprek is gepland."),
    )


@require_POST
def measure_record_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    measure = _managed_measure(request, pk)
    return _measure_form(
        request,
        measure,
        MeetingRecordForm(request.POST),
        "record_form",
        lambda d: services.measure_record_meeting(
            actor=request.user,
            measure=measure,
            attendance=d["meeting_attendance"],
            outcome=d["meeting_outcome"],
            version=d["version"],
        ),
        _("De uitkomst van het ordegesprek is vastgelegd."),
    )


@require_POST
def measure_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    measure = access_measure(request.user, pk)
    forbid_unless(can_withdraw_measures(request.user))
    return _measure_form(
        request,
        measure,
        WithdrawForm(request.POST),
        "withdraw_form",
        lambda d: services.measure_withdraw(
            actor=request.user, measure=measure, reason=d["reason"], version=d["version"]
        ),
        _("De maatregel is ingetrokken. De receptie ziet hem niet meer."),
    )


@require_POST
def objection_record(request: HttpRequest, pk: int) -> HttpResponse:
    measure = access_measure(request.user, pk)
    forbid_unless(can_handle_objections(request.user))
    return _measure_form(
        request,
        measure,
        ObjectionRecordForm(request.POST),
        "objection_form",
        lambda d: services.objection_record(
            actor=request.user, measure=measure, received_on=d["received_on"], grounds=d["grounds"]
        ),
        _("Het bezwaar is vastgelegd."),
    )


@require_POST
def objection_decide(request: HttpRequest, pk: int) -> HttpResponse:
    measure = access_measure(request.user, pk)
    forbid_unless(can_handle_objections(request.user))
    return _measure_form(
        request,
        measure,
        ObjectionDecideForm(request.POST, measure=measure),
        "objection_decide_form",
        lambda d: services.objection_decide(
            actor=request.user,
            objection=d["objection"],
            outcome=d["outcome"],
            handling=d["handling"],
            decided_on=d["decided_on"],
            new_ends_on=d["new_ends_on"],
        ),
        _("De beslissing op het bezwaar is vastgelegd."),
    )
