"""Reads of the register and of measures, starting from the access policy."""

import datetime as dt
from typing import Any

from django.db.models import Case, Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from gir.audit.models import CHANGE_ACTIONS, AuditEvent
from gir.audit.services import target_label
from gir.core import clock
from gir.incidents.models import Incident

from .constants import RECEPTION_KINDS, MeasureKind, MeasureStatus
from .models import Measure, Objection, Perpetrator, PerpetratorIncident
from .search import WORD_MATCH_THRESHOLD, normalise, search_names, word_match


def active_measures(*, today: dt.date | None = None) -> QuerySet[Measure]:
    """Measures in force today: active, started, not past their end date. The dates
    are checked here too, so an expired measure drops off even before the nightly
    task has marked it ended (001 §8.1)."""
    today = today or clock.today()
    return Measure.objects.filter(
        Q(starts_on__isnull=True) | Q(starts_on__lte=today),
        Q(ends_on__isnull=True) | Q(ends_on__gte=today),
        status=MeasureStatus.ACTIVE,
    )


def reception_people(*, today: dt.date | None = None) -> QuerySet[Perpetrator]:
    """The people reception may see: those with a measure in force that matters at
    the desk, each with those measures prefetched, and nothing else about them."""
    in_force = active_measures(today=today).filter(kind__in=RECEPTION_KINDS)
    return (
        Perpetrator.objects.filter(pk__in=in_force.values("perpetrator_id"), forgotten_at__isnull=True)
        .only("pk", "full_name", "photo", "search_text")
        .prefetch_related(
            Prefetch("measures", queryset=in_force.order_by("kind", "ends_on"), to_attr="measures_in_force")
        )
    )


def active_bans(*, today: dt.date | None = None) -> QuerySet[Measure]:
    """The binder of 001 §8.1: every building ban in force, with its person."""
    return (
        active_measures(today=today)
        .filter(kind=MeasureKind.BUILDING_BAN)
        .select_related("perpetrator")
        .order_by("perpetrator__full_name", "ends_on")
    )


# --- The register pages ------------------------------------------------------------

# Duplicate candidates are compared within groups of a bounded size (see duplicate_pairs).
DUPLICATE_GROUP_LIMIT = 200
DUPLICATE_PAIR_LIMIT = 100


def register_rows(visible: QuerySet[Perpetrator], *, query: str = "") -> QuerySet[Perpetrator]:
    """The register list: the visible people with the number of incidents and of
    measures in force, as annotations so that a page costs the same few queries
    whatever its length. A query narrows it to names resembling it, best first."""
    incident_count = (
        PerpetratorIncident.objects.filter(perpetrator=OuterRef("pk"))
        .values("perpetrator")
        .annotate(n=Count("pk"))
        .values("n")
    )
    in_force = (
        active_measures()
        .filter(perpetrator=OuterRef("pk"))
        .values("perpetrator")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = visible.annotate(
        incident_count=Coalesce(Subquery(incident_count, output_field=IntegerField()), 0),
        measures_in_force=Coalesce(Subquery(in_force, output_field=IntegerField()), 0),
    )
    if not query.strip():
        return rows.order_by("full_name", "pk")
    found = [p.pk for p in search_names(visible, query, limit=100)]
    ranking = Case(*[When(pk=pk, then=rank) for rank, pk in enumerate(found)], output_field=IntegerField())
    return rows.filter(pk__in=found).order_by(ranking, "pk") if found else rows.none()


def person_links(perpetrator: Perpetrator) -> QuerySet[PerpetratorIncident]:
    """The person's incidents, newest first, with what a list of them shows."""
    return (
        perpetrator.links.select_related("incident", "incident__team")
        .prefetch_related("incident__behaviours")
        .order_by("-incident__occurred_at", "-pk")
    )


def person_measures(perpetrator: Perpetrator) -> QuerySet[Measure]:
    return perpetrator.measures.select_related("decided_by").prefetch_related("incidents")


def possible_duplicates(visible: QuerySet[Perpetrator], perpetrator: Perpetrator) -> list[Perpetrator]:
    """Other people in the visible register with a similar name, whose date of birth
    is the same or unknown on one side."""
    if perpetrator.is_unknown or not perpetrator.full_name or perpetrator.forgotten_at:
        return []
    candidates = visible.exclude(pk=perpetrator.pk).filter(forgotten_at__isnull=True)
    if perpetrator.date_of_birth:
        candidates = candidates.filter(
            Q(date_of_birth=perpetrator.date_of_birth) | Q(date_of_birth__isnull=True)
        )
    return search_names(candidates, perpetrator.full_name, limit=10)


def duplicate_pairs(visible: QuerySet[Perpetrator]) -> list[tuple[Perpetrator, Perpetrator, str]]:
    """Candidate pairs for merging, with why they look alike. Two bounded queries:
    people with an identical name text (name and aliases, normalised), and people
    sharing a date of birth whose names resemble each other."""
    people = visible.filter(forgotten_at__isnull=True, is_unknown=False).exclude(search_text="")
    pairs: dict[tuple[int, int], tuple[Perpetrator, Perpetrator, str]] = {}
    same_text = (people.values("search_text").annotate(n=Count("pk")).filter(n__gt=1).values("search_text"))[
        :DUPLICATE_GROUP_LIMIT
    ]
    by_text: dict[str, list[Perpetrator]] = {}
    for person in people.filter(search_text__in=same_text).order_by("pk"):
        by_text.setdefault(person.search_text, []).append(person)
    for group in by_text.values():
        for i, first in enumerate(group):
            for second in group[i + 1 :]:
                pairs[(first.pk, second.pk)] = (first, second, str(_("Zelfde naam")))
    shared_birth = (
        people.filter(date_of_birth__isnull=False)
        .values("date_of_birth")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values("date_of_birth")
    )[:DUPLICATE_GROUP_LIMIT]
    by_birth: dict[dt.date, list[Perpetrator]] = {}
    for person in people.filter(date_of_birth__in=shared_birth).order_by("pk"):
        assert person.date_of_birth is not None  # filtered on a shared date of birth
        by_birth.setdefault(person.date_of_birth, []).append(person)
    for group in by_birth.values():
        for i, first in enumerate(group):
            for second in group[i + 1 :]:
                key = (first.pk, second.pk)
                if key in pairs:
                    continue
                name = normalise(first.full_name)
                if name == normalise(second.full_name) or word_match(name, second.search_text) >= (
                    WORD_MATCH_THRESHOLD
                ):
                    pairs[key] = (first, second, str(_("Lijkende naam en zelfde geboortedatum")))
    return [pairs[key] for key in sorted(pairs)][:DUPLICATE_PAIR_LIMIT]


def person_history(perpetrator: Perpetrator) -> QuerySet[AuditEvent]:
    """The changes to the person and to its measures, oldest first; reads are left out."""
    measure_ids = [str(pk) for pk in perpetrator.measures.values_list("pk", flat=True)]
    return (
        AuditEvent.objects.filter(
            Q(target_type=target_label(perpetrator), target_id=str(perpetrator.pk))
            | Q(target_type=Measure._meta.label_lower, target_id__in=measure_ids),
            action__in=CHANGE_ACTIONS,
        )
        .select_related("actor")
        .order_by("at", "pk")
    )


def measure_page(measure: Measure) -> Measure:
    """A measure with what its page shows, loaded at once."""
    return (
        Measure.objects.select_related("perpetrator", "decided_by", "proposed_by")
        .prefetch_related(
            Prefetch(
                "incidents",
                queryset=Incident.objects.order_by("-occurred_at", "-pk").prefetch_related("behaviours"),
            ),
            Prefetch("objections", queryset=Objection.objects.select_related("recorded_by")),
        )
        .get(pk=measure.pk)
    )


def incident_perpetrators(user: Any, incident: Incident) -> dict[str, Any] | None:
    """The "Veroorzaker(s)" section of an incident page: the linked people this user
    may read, and whether the user may link, unlink and propose measures. None when
    the section is not for this user (the reporter, aftercare)."""
    from .policy import can_link_perpetrator, perpetrators_visible_to

    can_link = can_link_perpetrator(user, incident)
    people = list(
        perpetrators_visible_to(user).filter(links__incident=incident).order_by("full_name", "pk").distinct()
    )
    if not can_link and not people:
        return None
    # Whoever may read a person may propose a measure for them (can_manage_measures).
    return {"people": people, "can_link": can_link}
