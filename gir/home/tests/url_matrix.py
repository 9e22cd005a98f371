"""The home page in the project's access matrix (test_url_access_matrix.py): everyone's."""

from conftest import PERSONAS

ALL = frozenset(PERSONAS) | {"councillor"}

MATRIX: dict[str, frozenset[str]] = {
    "home:home": ALL,
}
POST_ONLY: set[str] = set()


def url_kwargs(key: str, world) -> dict[str, int]:
    return {}
