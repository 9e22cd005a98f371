"""The capped paginator of long lists (issue 7, issue 18): it counts up to its cap,
has no page past it, and reads a deep page in two steps: the page's ids, then its rows."""

from django.db import connection
from django.db.models import Count, OuterRef, Subquery
from django.test.utils import CaptureQueriesContext

import pytest

from gir.core.pagination import CappedPaginator
from gir.incidents.models import Incident, IncidentBehaviour
from gir.incidents.tests.factories import IncidentFactory


class SmallCap(CappedPaginator):
    cap = 10


def _listed():
    kinds = IncidentBehaviour.objects.filter(incident=OuterRef("pk")).values("incident")
    return (
        Incident.objects.annotate(kinds=Subquery(kinds.annotate(n=Count("pk")).values("n")))
        .select_related("team")
        .prefetch_related("behaviours")
        .order_by("-occurred_at", "-pk")
    )


@pytest.fixture
def incidents(db):
    return [IncidentFactory() for _ in range(14)]


def test_a_deep_page_is_the_same_rows_in_the_same_order(incidents):
    everything = list(_listed())
    paginator = SmallCap(_listed(), 3)
    for number in (1, 2, 3):
        page = paginator.page(number)
        assert [row.pk for row in page] == [row.pk for row in everything[(number - 1) * 3 : number * 3]]
        assert all(row.kinds == 1 and len(row.behaviours.all()) == 1 for row in page)


def test_no_page_past_the_cap(incidents):
    paginator = SmallCap(_listed(), 3)
    assert paginator.is_capped and paginator.count == 11
    assert paginator.num_pages == 4  # 10 rows, not 11
    assert paginator.get_page(99).number == 4
    assert not paginator.get_page(4).has_next()


def test_a_deep_page_costs_the_same_queries_as_the_second(incidents):
    def queries(number: int) -> list[str]:
        paginator = SmallCap(_listed(), 2)
        paginator.count  # noqa: B018 -- counted apart
        with CaptureQueriesContext(connection) as captured:
            list(paginator.page(number))
        return [query["sql"] for query in captured.captured_queries]

    second, fifth = queries(2), queries(5)
    assert len(second) == len(fifth) == 3  # the ids, the rows, their behaviours
    # The ids are read without the per-row subquery and the join.
    assert "incidents_incidentbehaviour" not in fifth[0] and "JOIN" not in fifth[0]
