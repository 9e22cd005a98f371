"""The register pages (DESIGN §2.3): the list, a person, linking a person to an
incident, duplicates and merging. Each view parses a form, asks the access policy,
calls a service and renders or redirects."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from gir.core.forms import add_service_errors, submit
from gir.core.http import forbid_unless
from gir.core.pagination import CappedPaginator
from gir.core.params import parse_id
from gir.incidents.evidence import sniff_content_type
from gir.incidents.policy import IncidentAction, access_incident, incidents_visible_to
from gir.perpetrators import selectors, services
from gir.perpetrators.forms import (
    LinkForm,
    MergeForm,
    PerpetratorForm,
    RegisterSearchForm,
)
from gir.perpetrators.models import Perpetrator
from gir.perpetrators.page import person_page
from gir.perpetrators.policy import (
    access_perpetrator,
    access_perpetrator_photo,
    can_add_to_register,
    can_link_perpetrator,
    can_manage_measures,
    can_merge_perpetrators,
    has_register,
    merged_successor,
    perpetrators_visible_to,
)
from gir.perpetrators.search import search_names

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


def register_list(request: HttpRequest) -> HttpResponse:
    forbid_unless(has_register(request.user))
    form = RegisterSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    rows = selectors.register_rows(perpetrators_visible_to(request.user), query=query)
    page = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("pagina"))
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


def person_or_redirect(request: HttpRequest, pk: int) -> Perpetrator | HttpResponse:
    """The person, or a redirect for a person merged into another."""
    try:
        return access_perpetrator(request.user, pk)
    except Http404:
        successor = merged_successor(request.user, pk)
        if successor is None:
            raise
        return redirect(request.resolver_match.view_name, pk=successor.pk)


def incident_rows_for(user: Any, links: list) -> list[dict[str, Any]]:
    """The person's incidents; a link to the incident page only where the user may open it."""
    ids = [link.incident_id for link in links]
    visible = set(incidents_visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    return [
        {"link": link, "incident": link.incident, "can_view": link.incident_id in visible} for link in links
    ]


def perpetrator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    person = person_or_redirect(request, pk)
    if isinstance(person, HttpResponse):
        return person
    user = request.user
    services.perpetrator_read_log(actor=user, perpetrator=person)
    visible = perpetrators_visible_to(user)
    context = {
        "person": person,
        "incidents": incident_rows_for(user, list(selectors.person_links(person))),
        "measures": selectors.person_measures(person),
        "duplicates": selectors.possible_duplicates(visible, person),
        "events": selectors.person_history(person),
        "can_manage": can_manage_measures(user, person) and not person.forgotten_at,
        "can_merge": can_merge_perpetrators(user) and not person.forgotten_at,
        **person_page.context(user, person),
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
        incident_pk = parse_id(request.GET["melding"]) or 0
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
    person = person_or_redirect(request, pk)
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
    person = person_or_redirect(request, pk)
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
