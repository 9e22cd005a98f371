"""The health endpoints in the project's access matrix: open to everyone, logged in or not
(gir/core/health.py says what they answer; no data)."""

from conftest import PERSONAS

ALL = frozenset(PERSONAS) | {"councillor"}
ANONYMOUS = "anonymous"

MATRIX: dict[str, frozenset[str]] = {
    "core:health_alive": ALL | {ANONYMOUS},
    "core:health_ready": ALL | {ANONYMOUS},
}
POST_ONLY: set[str] = set()


def url_kwargs(key: str, world) -> dict[str, int | str]:
    return {}
