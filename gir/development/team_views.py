"""The team's side of learning and development (004 "Leren als team"): the aggregated
picture of a team or function group, never one person's answers and nothing at all for a
group below MIN_GROUP_SIZE; the team's learning goals; and the coordinator's learning
offer with its planned dates."""

from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from gir.accounts.constants import UnitKind
from gir.accounts.models import FunctionGroup, OrganisationUnit
from gir.core import clock
from gir.core.forms import submit
from gir.core.http import forbid_unless
from gir.core.pagination import CappedPaginator
from gir.core.params import parse_id

from . import services
from .forms import ORGANISATION, OfferForm, TeamGoalForm, offer_initial, offer_rows
from .models import LearningOffer, TeamGoal
from .policy import (
    access_offer,
    can_manage_offers,
    can_read_group_pictures,
    can_see_team_picture,
    can_write_team_goal,
    offers_visible_to,
    reader_groups,
)
from .selectors import FUNCTION_GROUP, TEAM, Picture, PictureRow, visible_pictures
from .views import upcoming_offers

PAGE_SIZE = 50
# How many rows of a picture are marked as where the group sees most room to learn.
MARKED_ROWS = 2
OFFER_STALE = gettext_lazy(
    "Iemand anders heeft dit aanbod intussen gewijzigd. Bovenaan staat wat nu bewaard is; "
    "hieronder staat jouw invoer. Sla opnieuw op om jouw versie te bewaren."
)
# Where a session error of the service is shown: at the first date.
SESSION_ERRORS = {"sessions": "datum_1"}


@dataclass(frozen=True)
class Segment:
    x: int
    width: int
    index: int


@dataclass(frozen=True)
class ShownRow:
    """A row of a picture with its stacked bar and whether it is marked."""

    row: PictureRow
    segments: list[Segment]
    marked: bool


def _shown(rows: list[PictureRow]) -> list[ShownRow]:
    ranked = sorted((r for r in rows if r.low_percent > 0), key=lambda r: -r.low_percent)
    marked = {id(r) for r in ranked[:MARKED_ROWS]}
    shown = []
    for row in rows:
        x, segments = 0, []
        for index, share in enumerate(row.shares):
            segments.append(Segment(x, share.percent, index))
            x += share.percent
        shown.append(ShownRow(row, segments, id(row) in marked))
    return shown


def picture_context(picture: Picture) -> dict[str, Any]:
    return {
        "picture": picture,
        "aspect_rows": _shown(picture.aspects),
        "competency_rows": _shown(picture.competencies),
    }


# --- Pictures ----------------------------------------------------------------------------------


def _team(user: Any, pk: int) -> OrganisationUnit:
    team = OrganisationUnit.objects.filter(pk=pk, kind=UnitKind.TEAM).first()
    if team is None or not can_see_team_picture(user, team.pk):
        raise Http404
    return team


@require_http_methods(["GET", "POST"])
def team(request: HttpRequest, pk: int) -> HttpResponse:
    """The team's picture, its learning goals (written by its manager or the coordinator)
    and the offer for it. A constant number of queries, whatever the team's size."""
    user = request.user
    current = _team(user, pk)
    may_write = can_write_team_goal(user, current.pk)

    def page(form: TeamGoalForm | None, status: int = 200) -> HttpResponse:
        goals = list(
            TeamGoal.objects.filter(team=current)
            .select_related("aspect", "competency", "written_by")
            .prefetch_related("offers")
        )
        offers = list(upcoming_offers(offers_visible_to(user).filter(team=current)))
        context = {
            "team": current,
            **picture_context(visible_pictures(reader_groups(user), [(TEAM, current.pk)])[TEAM, current.pk]),
            "goals": goals,
            "form": form,
            "offers": offers,
            "can_manage_offers": can_manage_offers(user),
            "today": clock.today(),
        }
        return render(request, "development/team.html", context, status=status)

    if request.method == "POST":
        forbid_unless(may_write)
        form = TeamGoalForm(request.POST)
        return submit(
            request,
            form,
            lambda d: services.team_goal_add(
                actor=user, team=current, text=d["text"], aspect=d["aspect"], competency=d["competency"]
            ),
            done=lambda _result: redirect("development:team", pk=current.pk),
            page=lambda status: page(form, status),
            success=_("Het leerdoel van het team is opgeslagen."),
        )
    return page(TeamGoalForm() if may_write else None)


@require_GET
def groups(request: HttpRequest) -> HttpResponse:
    """The picture of each function group over the whole organisation, weighed against
    the teams the reader sees too."""
    forbid_unless(can_read_group_pictures(request.user))
    groups = list(FunctionGroup.objects.order_by("name"))
    by_group = visible_pictures(reader_groups(request.user), [(FUNCTION_GROUP, group.pk) for group in groups])
    pictures = [
        {"group": group, "prefix": f"group-{group.pk}", **picture_context(by_group[FUNCTION_GROUP, group.pk])}
        for group in groups
    ]
    return render(request, "development/groups.html", {"pictures": pictures})


# --- The learning offer ------------------------------------------------------------------------


@require_GET
def offers(request: HttpRequest) -> HttpResponse:
    user = request.user
    visible = offers_visible_to(user)
    page = CappedPaginator(upcoming_offers(visible), PAGE_SIZE).get_page(request.GET.get("pagina"))
    context = {"page": page, "can_manage_offers": can_manage_offers(user), "today": clock.today()}
    return render(request, "development/offers.html", context)


def _save_offer(
    request: HttpRequest, form: OfferForm, offer: LearningOffer | None, page: Any
) -> HttpResponse:
    """Save the offer through the service: to the offer's page, or `page` with the input
    kept; after a concurrent change the form carries the stored version, so a second save
    keeps this one."""

    def stale() -> HttpResponse:
        fresh = LearningOffer.objects.get(pk=offer.pk) if offer else None
        form.data = form.data.copy()
        form.data["version"] = str(fresh.version if fresh else "")
        form.add_error(None, OFFER_STALE)
        return page(409)

    return submit(
        request,
        form,
        lambda d: services.offer_save(
            actor=request.user,
            team=d["team"],
            kind=d["kind"],
            title=d["title"],
            sessions=form.sessions(),
            description=d["description"],
            goal=d["goal"],
            offer=offer,
            expected_version=d.get("version"),
        ),
        done=lambda saved: redirect("development:offer", pk=saved.pk),
        page=page,
        success=_("Het leeraanbod is opgeslagen."),
        on_stale=stale,
        renamed=SESSION_ERRORS,
    )


@require_http_methods(["GET", "POST"])
def offer_add(request: HttpRequest) -> HttpResponse:
    """A new offer; `?doel=` starts it from a team's learning goal."""
    forbid_unless(can_manage_offers(request.user))
    if request.method == "POST":
        form = OfferForm(request.POST)
        return _save_offer(
            request,
            form,
            None,
            lambda status: render(
                request, "development/offer_form.html", {"form": form, "offer": None}, status=status
            ),
        )
    initial: dict[str, Any] = {}
    if "doel" in request.GET:
        goal = get_object_or_404(TeamGoal, pk=parse_id(request.GET["doel"]) or 0)
        initial = {"team": str(goal.team_id), "goal": goal.pk}
    form = OfferForm(initial=initial)
    return render(request, "development/offer_form.html", {"form": form, "offer": None})


@require_http_methods(["GET", "POST"])
def offer(request: HttpRequest, pk: int) -> HttpResponse:
    """An offer for who may see it; the coordinator edits it here."""
    user = request.user
    current = access_offer(user, pk)
    manager = can_manage_offers(user)
    sessions = list(current.sessions.all())

    def page(
        shown: LearningOffer, sessions: list[Any], form: OfferForm | None, status: int = 200
    ) -> HttpResponse:
        context = {
            "offer": shown,
            "sessions": sessions,
            "form": form,
            "today": clock.today(),
            "organisation": ORGANISATION,
        }
        return render(request, "development/offer.html", context, status=status)

    if request.method == "POST":
        forbid_unless(manager)
        form = OfferForm(request.POST, rows=offer_rows(len(sessions)))

        def refused(status: int) -> HttpResponse:
            shown = access_offer(user, pk)
            return page(shown, list(shown.sessions.all()), form, status)

        return _save_offer(request, form, current, refused)
    form = (
        OfferForm(initial=offer_initial(current, sessions), rows=offer_rows(len(sessions)))
        if manager
        else None
    )
    return page(current, sessions, form)
