"""The damage pages (DESIGN §2.4): an incident's items and claims, and the overview with
the totals per period. Each view asks the access policy, parses a form, calls a service
and renders or redirects."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from gir.core import clock
from gir.core.forms import submit
from gir.core.http import forbid_unless
from gir.incidents.models import Incident
from gir.incidents.policy import incidents_visible_to
from gir.perpetrators.policy import perpetrators_visible_to
from gir.perpetrators.services import perpetrator_read_log
from gir.police.policy import (
    access_police_and_damage,
    can_work_police_and_damage,
    has_police_and_damage_overview,
    police_and_damage_incidents,
)

from . import selectors, services
from .forms import ClaimForm, ClaimResultForm, ItemForm, PeriodForm, format_amount, item_initial
from .models import DamageClaim, DamageItem

PAGE_SIZE = 50


def _linked_perpetrators(user: Any, incident: Incident):
    """The people linked to the incident that this user may read: whom one can claim from."""
    return (
        perpetrators_visible_to(user)
        .filter(links__incident=incident, forgotten_at__isnull=True)
        .distinct()
        .order_by("full_name", "pk")
    )


def _log_reads(user: Any, people: Any) -> None:
    """A page naming perpetrators is a read of the register: logged (DESIGN §1)."""
    for person in {p.pk: p for p in people}.values():
        perpetrator_read_log(actor=user, perpetrator=person)


@require_GET
def incident_damage(request: HttpRequest, pk: int) -> HttpResponse:
    """The incident's damage file: items with their totals, and the claims with their letters."""
    incident = access_police_and_damage(request.user, pk)
    claims = list(selectors.incident_claims(incident))
    _log_reads(request.user, [claim.perpetrator for claim in claims])
    context = {
        "incident": incident,
        "can_view_incident": incidents_visible_to(request.user).filter(pk=incident.pk).exists(),
        "items": list(selectors.incident_items(incident)),
        "claims": claims,
        "totals": selectors.incident_totals(incident),
        "can_claim": _linked_perpetrators(request.user, incident).exists(),
    }
    return render(request, "damage/incident_damage.html", context)


# --- Items -------------------------------------------------------------------------------


def _item_page(request, incident, form, *, item=None, status=200) -> HttpResponse:
    context = {"incident": incident, "form": form, "item": item}
    return render(request, "damage/item_form.html", context, status=status)


def _save_item(request, incident, form, *, item=None) -> HttpResponse:
    """Call the service with the form's input: back to the damage page, or the form with
    the input kept (400, or 409 when someone else changed the item meanwhile)."""
    return submit(
        request,
        form,
        lambda d: services.damage_item_save(
            actor=request.user,
            incident=incident,
            kind=d["kind"],
            owner=d["owner"],
            description=d["description"],
            amount=d["amount"],
            advanced_amount=d["advanced_amount"] or Decimal("0"),
            advanced_on=d["advanced_on"],
            item=item,
            version=d.get("version"),
        ),
        done=lambda _result: redirect("damage:incident", pk=incident.pk),
        page=lambda status: _item_page(request, incident, form, item=item, status=status),
        success=_("De schadepost is opgeslagen."),
    )


@require_http_methods(["GET", "POST"])
def item_create(request: HttpRequest, pk: int) -> HttpResponse:
    incident = access_police_and_damage(request.user, pk)
    if request.method == "POST":
        return _save_item(request, incident, ItemForm(request.POST))
    return _item_page(request, incident, ItemForm())


def _item_or_404(user: Any, item_pk: int) -> DamageItem:
    item = DamageItem.objects.select_related("incident").filter(pk=item_pk).first()
    if item is None or not can_work_police_and_damage(user, item.incident):
        raise Http404
    return item


@require_http_methods(["GET", "POST"])
def item_edit(request: HttpRequest, item_pk: int) -> HttpResponse:
    item = _item_or_404(request.user, item_pk)
    if request.method == "POST":
        return _save_item(request, item.incident, ItemForm(request.POST, editing=True), item=item)
    form = ItemForm(initial=item_initial(item), editing=True)
    return _item_page(request, item.incident, form, item=item)


# --- Claims ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def claim_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Claim (part of) the damage from a person linked to the incident; this decides the
    measure "schade verhalen", whose letter is made on the letters page."""
    user = request.user
    incident = access_police_and_damage(user, pk)
    perpetrators = _linked_perpetrators(user, incident)
    items = selectors.incident_items(incident)

    def page(form: ClaimForm, status: int = 200) -> HttpResponse:
        _log_reads(user, perpetrators)
        context = {
            "incident": incident,
            "form": form,
            "has_perpetrators": perpetrators.exists(),
            "has_items": items.exists(),
        }
        return render(request, "damage/claim_form.html", context, status=status)

    if request.method == "POST":
        form = ClaimForm(request.POST, perpetrators=perpetrators, items=items)
        return submit(
            request,
            form,
            lambda d: services.damage_claim_start(
                actor=user,
                incident=incident,
                perpetrator=d["perpetrator"],
                items=list(d["items"]),
                route=d["route"],
                amount_claimed=d["amount_claimed"],
                claimed_on=d["claimed_on"],
            ),
            done=lambda _claim: redirect("damage:incident", pk=incident.pk),
            page=lambda status: page(form, status),
            success=lambda claim: (
                _("Het schadeverhaal is vastgelegd. Maak hieronder de brief aan %(name)s op.")
                % {"name": claim.perpetrator}
            ),
        )
    chosen = list(items)
    people = list(perpetrators[:2])
    initial = {
        "items": chosen,
        "amount_claimed": format_amount(sum((i.amount for i in chosen), Decimal("0"))) if chosen else "",
        "claimed_on": clock.today(),
        "perpetrator": people[0] if len(people) == 1 else None,
    }
    return page(ClaimForm(initial=initial, perpetrators=perpetrators, items=items))


@require_http_methods(["GET", "POST"])
def claim_result(request: HttpRequest, claim_pk: int) -> HttpResponse:
    """Record where the claim stands and what came in; a closed claim ends its measure."""
    claim = (
        DamageClaim.objects.select_related("incident", "perpetrator", "measure")
        .prefetch_related("items")
        .filter(pk=claim_pk)
        .first()
    )
    if claim is None or not can_work_police_and_damage(request.user, claim.incident):
        raise Http404

    def page(form: ClaimResultForm, status: int = 200) -> HttpResponse:
        _log_reads(request.user, [claim.perpetrator])
        context = {"incident": claim.incident, "claim": claim, "form": form}
        return render(request, "damage/claim_result.html", context, status=status)

    if request.method == "POST":
        form = ClaimResultForm(request.POST)
        return submit(
            request,
            form,
            lambda d: services.damage_claim_result(
                actor=request.user,
                claim=claim,
                status=d["status"],
                amount_recovered=d["amount_recovered"],
                result=d["result"],
                version=d["version"],
            ),
            done=lambda _result: redirect("damage:incident", pk=claim.incident_id),
            page=lambda status: page(form, status),
            success=_("De stand van het schadeverhaal is opgeslagen."),
        )
    form = ClaimResultForm(
        initial={
            "status": claim.status,
            "amount_recovered": format_amount(claim.amount_recovered),
            "result": claim.result,
            "version": claim.version,
        }
    )
    return page(form)


# --- The overview ------------------------------------------------------------------------


def _period(form: PeriodForm) -> tuple[dt.date, dt.date]:
    """The chosen period, inclusive; by default the current year."""
    today = clock.today()
    data = form.cleaned_data if form.is_valid() else {}
    start = data.get("van") or dt.date((data.get("tot") or today).year, 1, 1)
    end = data.get("tot") or max(dt.date(start.year, 12, 31), start)
    return start, end


@require_GET
def overview(request: HttpRequest) -> HttpResponse:
    """Legal's and the coordinator's overview: the damage and recovery of a period, by month,
    and the incidents with damage. A constant number of queries, whatever the rows."""
    user = request.user
    forbid_unless(has_police_and_damage_overview(user))
    form = PeriodForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        today = clock.today()
        start, end = dt.date(today.year, 1, 1), dt.date(today.year, 12, 31)
        context = {"form": form, "start": start, "end": end, "invalid": True}
        return render(request, "damage/overview.html", context, status=400)
    start, end = _period(form)
    after = end + dt.timedelta(days=1)  # the selectors take [start, end)
    visible = police_and_damage_incidents(user)
    in_period = visible.filter(
        occurred_at__gte=selectors.period_bound(start), occurred_at__lt=selectors.period_bound(after)
    )
    incidents = selectors.with_damage_totals(selectors.incidents_with_damage(in_period)).order_by(
        "-occurred_at", "-pk"
    )
    page = Paginator(incidents, PAGE_SIZE).get_page(request.GET.get("pagina"))
    context = {
        "form": form,
        "start": start,
        "end": end,
        "totals": selectors.period_totals(start, after, visible),
        "months": selectors.period_months(start, after, visible),
        "page": page,
        "query": urlencode({"van": start.strftime("%d-%m-%Y"), "tot": end.strftime("%d-%m-%Y")}),
    }
    return render(request, "damage/overview.html", context)
