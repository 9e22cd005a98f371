"""The accounts URLs in the project's access matrix (gir/home/tests/test_url_access_matrix.py):
everyone reaches the log-in page; logging out always ends with a redirect."""

from conftest import PERSONAS

ALL = frozenset(PERSONAS) | {"councillor"}
ANONYMOUS = "anonymous"

MATRIX: dict[str, frozenset[str]] = {
    "accounts:login": ALL | {ANONYMOUS},
    "accounts:logout": ALL | {ANONYMOUS},
}
POST_ONLY: set[str] = {"accounts:logout"}


def url_kwargs(key: str, world) -> dict[str, int]:
    return {}
