"""The reception desk: check a visitor, and the binder of bans (001 §7.1, §8.1–§8.5).

Kept apart from views.py (the register) because reception is a different audience
with its own, narrower access: can_check_visitors.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from gir.core import clock
from gir.core.http import forbid_unless

from . import reception
from .constants import RECEPTION_INSTRUCTIONS, MeasureKind
from .policy import can_check_visitors

QUERY_PARAM = "naam"


def _private(response: HttpResponse) -> HttpResponse:
    # Names and photos of people under a measure: never kept by a browser or proxy.
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@vary_on_headers("HX-Request")
def check(request: HttpRequest) -> HttpResponse:
    """Bezoeker controleren: one search field; results live (htmx) or by a plain GET form."""
    forbid_unless(can_check_visitors(request.user))
    query = request.GET.get(QUERY_PARAM, "").strip()[:100]
    searched = reception.is_searchable(query)
    cards = reception.desk_cards(reception.reception_search(query)) if searched else []
    if searched:
        reception.reception_check_log(actor=request.user, query=query, cards=cards)
    context = {
        "query": query,
        "searched": searched,
        "too_short": bool(query) and not searched,
        "cards": cards,
        "min_length": reception.MIN_QUERY_LENGTH,
    }
    template = "perpetrators/reception_check.html"
    if request.htmx:
        template += "#results"
    return _private(render(request, template, context))


@require_GET
def ban_list(request: HttpRequest) -> HttpResponse:
    """The printable binder: every building ban in force, one card per person (001 §8.1)."""
    forbid_unless(can_check_visitors(request.user))
    cards = reception.ban_cards()
    reception.ban_list_log(actor=request.user, cards=cards, fmt="html")
    context = {
        "cards": cards,
        "instruction": RECEPTION_INSTRUCTIONS[MeasureKind.BUILDING_BAN],
        "printed_at": timezone.localtime(clock.now()),
    }
    return _private(render(request, "perpetrators/reception_ban_list.html", context))


@require_GET
def ban_list_pdf(request: HttpRequest) -> HttpResponse:
    forbid_unless(can_check_visitors(request.user))
    cards = reception.ban_cards()
    reception.ban_list_log(actor=request.user, cards=cards, fmt="pdf")
    response = HttpResponse(reception.ban_list_pdf(cards), content_type="application/pdf")
    stamp = clock.today().strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'inline; filename="toegangsverboden-{stamp}.pdf"'
    return _private(response)
