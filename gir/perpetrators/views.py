"""The register and measure pages (DESIGN §2.3). Each view parses a form, asks the
access policy, calls a service and renders or redirects."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gir.audit.selectors import history_of
from gir.core import clock
from gir.core.forms import add_service_errors, submit
from gir.core.http import forbid_unless
from gir.incidents.evidence import sniff_content_type
from gir.incidents.models import Incident
from gir.incidents.policy import IncidentAction, access_incident, incidents_visible_to

from . import selectors, services
from .advice import measure_advice
from .constants import (
    FINAL_STATUSES,
    HEARING_KINDS,
    OBJECTABLE_KINDS,
    MeasureKind,
    MeasureStatus,
)
from .forms import (
    LinkForm,
    MeasureDecideForm,
    MeasureProposeForm,
    MeetingPlanForm,
    MeetingRecordForm,
    MergeForm,
    ObjectionDecideForm,
    ObjectionRecordForm,
    PerpetratorForm,
    RegisterSearchForm,
    VersionForm,
    WithdrawForm,
)
from .models import Measure, Perpetrator
from .page import measure_page
from .policy import (
    access_measure,
    access_perpetrator,
    access_perpetrator_photo,
    can_add_to_register,
    can_handle_objections,
    can_link_perpetrator,
    can_manage_measures,
    can_merge_perpetrators,
    can_withdraw_measures,
    has_register,
    merged_successor,
    perpetrators_visible_to,
)
from .search import search_names

PAGE_SIZE = 25


def photo(request: HttpRequest, pk: int) -> FileResponse:
    """A person's photo, for who may read the person or (for a measure in force) reception."""
    perpetrator = access_perpetrator_photo(request.user, pk)
    try:
        handle = perpetrator.photo.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(handle, content_type=sniff_content_type(handle))
    response["Cache-Control"] = "private, no-store"
    return response


# --- The register ------------------------------------------------------------------


def register_list(request: HttpRequest) -> HttpResponse:
    forbid_unless(has_register(request.user))
    form = RegisterSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    rows = selectors.register_rows(perpetrators_visible_to(request.user), query=query)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("pagina"))
    context = {
        "form": form,
        "people": page,
        "page": page,
        "query": f"q={query}" if query else "",
        "searched": bool(query),
        "can_add": can_add_to_register(request.user),
        "can_merge": can_merge_perpetrators(request.user),
    }
    return render(request, "perpetrators/perpetrator_list.html", context)


def _person_or_redirect(request: HttpRequest, pk: int) -> Perpetrator | HttpResponse:
    """The person, or a redirect for a person merged into another."""
    try:
        return access_perpetrator(request.user, pk)
    except Http404:
        successor = merged_successor(request.user, pk)
        if successor is None:
            raise
        return redirect(request.resolver_match.view_name, pk=successor.pk)


def _incident_rows(user: Any, links: list) -> list[dict[str, Any]]:
    """The person's incidents; a link to the incident page only where the user may open it."""
    ids = [link.incident_id for link in links]
    visible = set(incidents_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    return [
        {"link": link, "incident": link.incident, "can_view": link.incident_id in visible} for link in links
    ]


def perpetrator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_or_redirect(request, pk)
    if isinstance(person, HttpResponse):
        return person
    user = request.user
    services.perpetrator_read_log(actor=user, perpetrator=person)
    visible = perpetrators_visible_to(user)
    context = {
        "person": person,
        "incidents": _incident_rows(user, list(selectors.person_links(person))),
        "measures": selectors.person_measures(person),
        "duplicates": selectors.possible_duplicates(visible, person),
        "events": selectors.person_history(person),
        "can_manage": can_manage_measures(user, person) and not person.forgotten_at,
        "can_merge": can_merge_perpetrators(user) and not person.forgotten_at,
    }
    return render(request, "perpetrators/perpetrator_detail.html", context)


def _save_person(request: HttpRequest, form: PerpetratorForm, person=None, incident=None) -> HttpResponse:
    def done(saved: Perpetrator) -> HttpResponse:
        if incident is not None:
            return redirect("incidents:detail", pk=incident.pk)
        return redirect("perpetrators:detail", pk=saved.pk)

    return submit(
        request,
        form,
        lambda d: services.perpetrator_save(
            actor=request.user,
            data=form.data_for_service(),
            perpetrator=person,
            photo=d.get("photo"),
            version=d.get("version") if person else None,
            incident=incident,
        ),
        done=done,
        page=lambda status: _render_person_form(
            request, form, person=person, incident=incident, status=status
        ),
        success=lambda saved: _("De gegevens van %(name)s zijn opgeslagen.") % {"name": saved},
    )


def _render_person_form(request, form, *, person=None, incident=None, status=200) -> HttpResponse:
    context = {
        "form": form,
        "person": person,
        "incident": incident,
        "photo_dropped": bool(request.FILES) and bool(form.errors),
    }
    return render(request, "perpetrators/perpetrator_form.html", context, status=status)


@require_http_methods(["GET", "POST"])
def perpetrator_create(request: HttpRequest) -> HttpResponse:
    incident = None
    if request.GET.get("melding"):
        try:
            incident_pk = int(request.GET["melding"])
        except ValueError:
            incident_pk = 0
        incident = access_incident(request.user, incident_pk, action=IncidentAction.VIEW)
        forbid_unless(can_link_perpetrator(request.user, incident))
    else:
        forbid_unless(can_add_to_register(request.user))
    initial = {}
    if incident is not None:
        initial = {
            "full_name": incident.perpetrator_name,
            "description": incident.perpetrator_description,
            "is_unknown": not incident.perpetrator_name,
        }
    form = PerpetratorForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST":
        return _save_person(request, form, incident=incident)
    return _render_person_form(request, form, incident=incident)


@require_http_methods(["GET", "POST"])
def perpetrator_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_or_redirect(request, pk)
    if isinstance(person, HttpResponse):
        return person
    forbid_unless(can_manage_measures(request.user, person) and not person.forgotten_at)
    if request.method == "GET":
        services.perpetrator_read_log(actor=request.user, perpetrator=person)
    form = PerpetratorForm(request.POST or None, request.FILES or None, instance=person)
    if request.method == "POST":
        return _save_person(request, form, person=person)
    return _render_person_form(request, form, person=person)


# --- Linking a person to an incident --------------------------------------------------


def _linkable_incident(request: HttpRequest, incident_pk: int):
    incident = access_incident(request.user, incident_pk, action=IncidentAction.VIEW)
    forbid_unless(can_link_perpetrator(request.user, incident))
    return incident


@require_http_methods(["GET", "POST"])
def incident_link(request: HttpRequest, incident_pk: int) -> HttpResponse:
    """Search the visible register and link a person to the incident."""
    incident = _linkable_incident(request, incident_pk)
    visible = perpetrators_visible_to(request.user).filter(forgotten_at__isnull=True)
    candidates = visible.exclude(links__incident=incident)
    form = LinkForm(request.POST or None, choices=candidates)
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["perpetrator"]
        services.perpetrator_link(actor=request.user, perpetrator=person, incident=incident)
        messages.success(
            request,
            _("%(name)s is gekoppeld aan melding %(ref)s.") % {"name": person, "ref": incident.reference},
        )
        return redirect("incidents:detail", pk=incident.pk)
    search = RegisterSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    results = search_names(candidates, query) if query else []
    context = {"incident": incident, "search": search, "query": query, "results": results, "form": form}
    return render(request, "perpetrators/incident_link.html", context, status=400 if form.errors else 200)


@require_POST
def incident_unlink(request: HttpRequest, incident_pk: int) -> HttpResponse:
    incident = _linkable_incident(request, incident_pk)
    linked = perpetrators_visible_to(request.user).filter(links__incident=incident)
    form = LinkForm(request.POST, choices=linked)
    if not form.is_valid():
        messages.error(request, _("Kies een persoon die aan deze melding is gekoppeld."))
        return redirect("incidents:detail", pk=incident.pk) if linked.exists() else _bad_request(request)
    person = form.cleaned_data["perpetrator"]
    try:
        services.perpetrator_unlink(actor=request.user, perpetrator=person, incident=incident)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("De koppeling met %(name)s is verwijderd.") % {"name": person})
    return redirect("incidents:detail", pk=incident.pk)


def _bad_request(request: HttpRequest) -> HttpResponse:
    return render(request, "400.html", status=400)


# --- Duplicates and merging ---------------------------------------------------------------


def duplicates(request: HttpRequest) -> HttpResponse:
    forbid_unless(can_merge_perpetrators(request.user))
    pairs = selectors.duplicate_pairs(perpetrators_visible_to(request.user))
    return render(request, "perpetrators/perpetrator_duplicates.html", {"pairs": pairs})


@require_http_methods(["GET", "POST"])
def merge(request: HttpRequest, pk: int) -> HttpResponse:
    """Merge another person (the duplicate) into this one; this one stays."""
    person = _person_or_redirect(request, pk)
    if isinstance(person, HttpResponse):
        return person
    forbid_unless(can_merge_perpetrators(request.user))
    visible = perpetrators_visible_to(request.user).filter(forgotten_at__isnull=True)
    data = request.POST if request.method == "POST" else (request.GET if "other" in request.GET else None)
    form = MergeForm(data, choices=visible)
    if request.method == "POST" and form.is_valid():
        other = form.cleaned_data["other"]
        try:
            services.perpetrator_merge(actor=request.user, source=other, target=person)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(other)s is samengevoegd met %(name)s.") % {"other": f"#{other.pk}", "name": person},
            )
            return redirect("perpetrators:detail", pk=person.pk)
    if form.is_bound:
        form.is_valid()  # cleaned once; a POST's service errors stay
    other = getattr(form, "cleaned_data", {}).get("other")
    if other is not None and other.pk == person.pk:
        if not form.errors:
            form.add_error(None, _("Een persoon kan niet met zichzelf worden samengevoegd."))
        other = None
    if other is not None:
        services.perpetrator_read_log(actor=request.user, perpetrator=other)
    services.perpetrator_read_log(actor=request.user, perpetrator=person)
    search = RegisterSearchForm(request.GET if "q" in request.GET else None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    context = {
        "person": person,
        "other": other,
        "form": form,
        "search": search,
        "results": [p for p in search_names(visible, query) if p.pk != person.pk] if query else [],
        "duplicates": selectors.possible_duplicates(visible, person),
        "other_counts": _counts(other) if other else None,
        "person_counts": _counts(person),
    }
    status = 400 if form.errors else 200
    return render(request, "perpetrators/perpetrator_merge.html", context, status=status)


def _counts(person: Perpetrator) -> dict[str, int]:
    return {"incidents": person.links.count(), "measures": person.measures.count()}


# --- Measures ---------------------------------------------------------------------------------


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
    person = _person_or_redirect(request, pk)
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
    if request.GET.get("melding", "").isdigit():
        chosen = choosable.filter(pk=int(request.GET["melding"])).first()
    if chosen is None and choosable.count() == 1:
        chosen = choosable.first()
    initial = {"incidents": [chosen.pk]} if chosen else {}
    form = MeasureProposeForm(request.POST or None, initial=initial, incidents=choosable)

    def page(status: int = 200) -> HttpResponse:
        shown = chosen
        if shown is None and form.is_bound and getattr(form, "cleaned_data", {}).get("incidents"):
            shown = form.cleaned_data["incidents"][0]
        shown = shown or choosable.first()
        services.perpetrator_read_log(actor=user, perpetrator=person)
        context = {
            "person": person,
            "form": form,
            "incidents": _incident_rows(user, list(selectors.person_links(person))),
            "choosable": choosable,
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
    incident_rows = _incident_rows(user, [_Link(i) for i in measure.incidents.all()])
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
    if show["decide"]:
        context["decide_form"] = forms.get("decide_form") or MeasureDecideForm(
            measure=measure, user=user, today=today
        )
        # The advice for the first of the measure's incidents this user may open.
        first = next((row["incident"] for row in incident_rows if row["can_view"]), None)
        context.update(_advice_context(user, person, first))
        context["person_incidents"] = _incident_rows(user, list(selectors.person_links(person)))
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


class _Link:
    """An incident shaped like a PerpetratorIncident, for _incident_rows."""

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
    form = MeasureDecideForm(request.POST, measure=measure, user=request.user, today=clock.today())
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
        ),
        _("Het besluit is vastgelegd. Maak nu de brief."),
    )


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
