"""The duties URLs in the project's access matrix
(gir/core/tests/test_url_access_matrix.py)."""

from conftest import PERSONAS

ALL = frozenset(PERSONAS) | {"councillor"}

MATRIX: dict[str, frozenset[str]] = {
    "duties:calendar": ALL,
}
POST_ONLY: set[str] = set()


def url_kwargs(key: str, world) -> dict[str, int]:
    return {}
