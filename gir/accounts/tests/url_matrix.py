"""The accounts URLs in the project's access matrix (gir/home/tests/test_url_access_matrix.py):
everyone reaches the log-in page; logging out always ends with a redirect. Without a
configured identity provider (as in the matrix test) the single sign-on pages send
everyone back to the log-in page."""

from conftest import PERSONAS

ALL = frozenset(PERSONAS) | {"councillor"}
ANONYMOUS = "anonymous"

MATRIX: dict[str, frozenset[str]] = {
    "accounts:login": ALL | {ANONYMOUS},
    "accounts:logout": ALL | {ANONYMOUS},
    "accounts:oidc_login": frozenset(),
    "accounts:oidc_callback": frozenset(),
}
POST_ONLY: set[str] = {"accounts:logout"}


def url_kwargs(key: str, world) -> dict[str, int]:
    return {}
