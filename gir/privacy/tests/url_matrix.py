"""The privacy app's URLs in the project's access matrix (test_url_access_matrix.py):
the audit log is the privacy officer's only; the requests of the people in the register
are handled by the coordinator and legal, and the privacy officer follows their list; the
retention schedule and its deletion log are the privacy officer's and the coordinator's
(issue 19 item 4); legal holds the coordinator's."""

RETENTION = frozenset({"privacy_officer", "coordinator"})

HANDLERS = frozenset({"coordinator", "legal"})
MATRIX: dict[str, frozenset[str]] = {
    "privacy:audit_log": frozenset({"privacy_officer"}),
    "privacy:audit_export": frozenset({"privacy_officer"}),
    "privacy:subject_requests": HANDLERS | {"privacy_officer"},
    "privacy:subject_request_create": HANDLERS,
    "privacy:subject_request_decide": HANDLERS,
    "privacy:subject_request_extend": HANDLERS,
    "privacy:subject_access_pdf": HANDLERS,
    "privacy:retention": RETENTION,
    "privacy:retention_rule": RETENTION,
    "privacy:retention_dry_run": RETENTION,
    "privacy:deletion_log": RETENTION,
    "privacy:legal_holds": frozenset({"coordinator"}),
    "privacy:legal_hold_lift": frozenset({"coordinator"}),  # without a reason: back to the list
}
POST_ONLY: set[str] = {
    "privacy:subject_request_extend",
    "privacy:retention_dry_run",
    "privacy:legal_hold_lift",
}
REQUEST_URLS = {"privacy:subject_request_decide", "privacy:subject_request_extend"}
OBJECT_URLS = {"privacy:subject_request_create", "privacy:subject_access_pdf", *REQUEST_URLS}


def url_kwargs(key: str, world) -> dict[str, int]:
    """pk: a person linked to incident_a (person URLs) or their open request; a retention
    rule; a legal hold on incident_a."""
    if key == "privacy:retention_rule":
        from gir.privacy.retention_models import RetentionRule

        return {"pk": RetentionRule.objects.get(key="aftercare_notes").pk}
    if key == "privacy:legal_hold_lift":
        from gir.incidents.models import LegalHold

        hold, _created = LegalHold.objects.get_or_create(
            incident=world.incident_a, defaults={"reason": "Matrix", "set_by": world.users["coordinator"]}
        )
        return {"pk": hold.pk}
    if key not in OBJECT_URLS:
        return {}
    from gir.core import clock
    from gir.perpetrators import services as register
    from gir.privacy.models import SubjectRequest
    from gir.privacy.subjects.services import subject_request_record

    record = SubjectRequest.objects.filter(perpetrator__full_name="Matrix Betrokkene").first()
    if record is None:
        coordinator = world.users["coordinator"]
        person = register.perpetrator_save(
            actor=coordinator, data={"full_name": "Matrix Betrokkene"}, incident=world.incident_a
        )
        record = subject_request_record(
            actor=coordinator, perpetrator=person, kind="access", received_on=clock.today(), request="Inzage."
        )
    return {"pk": record.pk if key in REQUEST_URLS else record.perpetrator_id}
