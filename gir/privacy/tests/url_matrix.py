"""The privacy app's URLs in the project's access matrix (test_url_access_matrix.py):
the audit log is the privacy officer's only; the retention schedule and its deletion log
are the privacy officer's and the coordinator's (issue 19 item 4); legal holds the
coordinator's."""

RETENTION = frozenset({"privacy_officer", "coordinator"})

MATRIX: dict[str, frozenset[str]] = {
    "privacy:audit_log": frozenset({"privacy_officer"}),
    "privacy:audit_export": frozenset({"privacy_officer"}),
    "privacy:retention": RETENTION,
    "privacy:retention_rule": RETENTION,
    "privacy:retention_dry_run": RETENTION,
    "privacy:deletion_log": RETENTION,
    "privacy:legal_holds": frozenset({"coordinator"}),
    "privacy:legal_hold_lift": frozenset({"coordinator"}),  # without a reason: back to the list
}
POST_ONLY: set[str] = {"privacy:retention_dry_run", "privacy:legal_hold_lift"}


def url_kwargs(key: str, world) -> dict[str, int]:
    from gir.incidents.models import LegalHold
    from gir.privacy.retention_models import RetentionRule

    if key == "privacy:retention_rule":
        return {"pk": RetentionRule.objects.get(key="aftercare_notes").pk}
    if key == "privacy:legal_hold_lift":
        hold, _created = LegalHold.objects.get_or_create(
            incident=world.incident_a, defaults={"reason": "Matrix", "set_by": world.users["coordinator"]}
        )
        return {"pk": hold.pk}
    return {}
