"""A paginator for lists that may hold a million rows: counting them all costs more than
showing the page, so it counts up to a cap and says "more than" beyond it."""

from functools import cached_property

from django.core.paginator import Paginator


class CappedPaginator(Paginator):
    cap = 10_000

    @cached_property
    def count(self) -> int:
        # COUNT over a LIMIT: the database stops at cap + 1 rows.
        return self.object_list[: self.cap + 1].count()

    @property
    def is_capped(self) -> bool:
        return self.count > self.cap
