"""The accounts URLs in the project's access matrix (gir/home/tests/test_url_access_matrix.py):
everyone reaches the log-in page and the forgotten-password pages; logging out always
ends with a redirect; one's own password and the session timer need a log-in. Without a
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
    # Forgotten password: for anyone (a logged-in user may ask too); the link's page with
    # any token answers (an invalid link says so).
    "accounts:password_reset": ALL | {ANONYMOUS},
    "accounts:password_reset_done": ALL | {ANONYMOUS},
    "accounts:password_reset_confirm": ALL | {ANONYMOUS},
    "accounts:password_reset_complete": ALL | {ANONYMOUS},
    # One's own password and the session's timer: every logged-in user.
    "accounts:password_change": ALL,
    "accounts:session_status": ALL,
    "accounts:session_keep_alive": ALL,
}
POST_ONLY: set[str] = {"accounts:logout", "accounts:session_keep_alive"}


def url_kwargs(key: str, world) -> dict[str, int | str]:
    if key == "accounts:password_reset_confirm":
        return {"uidb64": "MQ", "token": "ongeldig"}
    return {}
