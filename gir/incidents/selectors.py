import datetime as dt
from collections.abc import Iterator
from functools import cached_property
from typing import Any

from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    QuerySet,
    Window,
)

from gir.access.kernel import Capability, users_with
from gir.core.clock import AMSTERDAM

from .constants import IncidentStatus
from .models import Incident, IncidentBehaviour, Victim
from .policy import own_incidents


def with_list_relations(queryset: QuerySet[Incident]) -> QuerySet[Incident]:
    return queryset.select_related("team", "location", "reporter", "handler").prefetch_related("behaviours")


# Newest first; drafts without a moment first, on every database.
NEWEST_FIRST = (F("occurred_at").desc(nulls_first=True), F("pk").desc())


def _newest_first(key: tuple[dt.datetime | None, int]) -> tuple[int, float, int]:
    occurred_at, pk = key
    return (0, 0.0, -pk) if occurred_at is None else (1, -occurred_at.timestamp(), -pk)


class OwnIncidents:
    """Mijn meldingen (the reports the user made or was the victim of), newest first, as
    a Paginator reads them: `count()` and slices. Its two parts never overlap
    (policy.own_incidents), so the count is their sum. Of each part the database sorts
    and returns only the first rows a page needs (the reported ones off the reporter's
    index; the ones only suffered with their number beside them, from one window
    query), and a page merges the two: whatever the user's number of reports, only a
    page's worth of rows leaves the database (issue 18)."""

    # The count reads this many of the suffered rows along: the first pages need no more.
    AHEAD = 100

    def __init__(self, user: Any) -> None:
        self.reported, self.suffered = own_incidents(user)
        self._suffered_first: tuple[int, list[tuple[dt.datetime | None, int]], int] | None = None

    def _suffered(self, limit: int) -> tuple[list[tuple[dt.datetime | None, int]], int]:
        """The first `limit` suffered (moment, id) pairs, newest first, and how many there are."""
        if self._suffered_first is not None and self._suffered_first[0] >= limit:
            _limit, keys, total = self._suffered_first
            return keys[:limit], total
        rows = list(
            self.suffered.annotate(total=Window(Count("pk")))
            .order_by(*NEWEST_FIRST)
            .values_list("occurred_at", "pk", "total")[:limit]
        )
        keys, total = [(at, pk) for at, pk, _n in rows], (rows[0][2] if rows else 0)
        self._suffered_first = (limit, keys, total)
        return keys, total

    @cached_property
    def reported_count(self) -> int:
        return self.reported.count()

    def count(self) -> int:
        return self.reported_count + self._suffered(self.AHEAD)[1]

    def __len__(self) -> int:
        return self.count()

    def __iter__(self) -> Iterator[Incident]:
        return iter(self[0 : self.count()])

    def __getitem__(self, index: slice) -> list[Incident]:
        start, stop = index.start or 0, index.stop
        if stop is None:
            stop = self.count()
        if stop <= start:
            return []
        keys = list(self.reported.order_by(*NEWEST_FIRST).values_list("occurred_at", "pk")[:stop])
        keys += self._suffered(max(stop, self.AHEAD))[0]
        ids = [pk for _at, pk in sorted(keys, key=_newest_first)[start:stop]]
        rows = with_list_relations(Incident.objects.filter(pk__in=ids))
        found = {incident.pk: incident for incident in rows}
        return [found[pk] for pk in ids]


def my_drafts(user: Any) -> QuerySet[Incident]:
    """The reports the user started and did not send yet, newest first."""
    reported, _suffered = own_incidents(user)
    return with_list_relations(reported.filter(status=IncidentStatus.DRAFT).order_by(*NEWEST_FIRST))


def my_incidents(user: Any) -> OwnIncidents:
    """Reports the user made or was the victim of ("Mijn meldingen"), newest first."""
    return OwnIncidents(user)


def with_figure_filters(queryset: QuerySet[Incident], filters: dict[str, Any]) -> QuerySet[Incident]:
    """The filters the dashboard links with: when it happened (Amsterdam days) and one
    key of a breakdown, matching how gir.reports.figures counts them."""
    if filters.get("van"):
        queryset = queryset.filter(
            occurred_at__gte=dt.datetime.combine(filters["van"], dt.time(), tzinfo=AMSTERDAM)
        )
    if filters.get("tot"):
        day_after = filters["tot"] + dt.timedelta(days=1)
        queryset = queryset.filter(
            occurred_at__lt=dt.datetime.combine(day_after, dt.time(), tzinfo=AMSTERDAM)
        )
    if filters.get("gedrag"):
        queryset = queryset.filter(
            Exists(IncidentBehaviour.objects.filter(incident=OuterRef("pk"), kind=filters["gedrag"]))
        )
    if filters.get("functiegroep"):
        queryset = queryset.filter(
            Exists(
                Victim.objects.filter(incident=OuterRef("pk"), user__function_group=filters["functiegroep"])
            )
        )
    for name, field in (("ernst", "escalation_level"), ("soort", "aggression_type"), ("situatie", "setting")):
        if filters.get(name):
            queryset = queryset.filter(**{field: filters[name]})
    if filters.get("locatie"):
        queryset = queryset.filter(location=filters["locatie"])
    return queryset


def incident_detail(incident: Incident) -> Incident:
    """The incident with everything its page shows, in a fixed number of queries."""
    return (
        Incident.objects.select_related("reporter", "team", "location", "handler")
        .prefetch_related(
            "behaviours",
            Prefetch("victims", queryset=Victim.objects.select_related("user")),
            "evidence",
        )
        .get(pk=incident.pk)
    )


def new_report_recipients(incident_id: int) -> tuple[Incident | None, list[str]]:
    """Who is told of a new report: the team's managers, or for the restricted track
    the mayor, the clerk and the coordinator (001 §6.4)."""
    incident = Incident.objects.filter(pk=incident_id).first()
    if incident is None:
        return None, []
    if incident.is_restricted:
        users = users_with(Capability.HANDLE_RESTRICTED_INCIDENTS) | users_with(
            Capability.HANDLE_ALL_INCIDENTS
        )
    elif incident.team_id:
        users = users_with(Capability.HANDLE_TEAM_INCIDENTS, teams=[incident.team_id])
    else:
        users = users_with(Capability.HANDLE_ALL_INCIDENTS)
    return incident, sorted(set(users.exclude(email="").values_list("email", flat=True)))
