"""The privacy app's URLs in the project's access matrix (test_url_access_matrix.py):
the audit log is the privacy officer's only."""

MATRIX: dict[str, frozenset[str]] = {
    "privacy:audit_log": frozenset({"privacy_officer"}),
    "privacy:audit_export": frozenset({"privacy_officer"}),
}
POST_ONLY: set[str] = set()


def url_kwargs(key: str, world) -> dict[str, int]:
    return {}
