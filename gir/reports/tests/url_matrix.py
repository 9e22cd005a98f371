"""The reports URLs in the project's access matrix (gir/home/tests/test_url_access_matrix.py):
who reaches each page, which are POST-only, and the URL kwargs for a test world."""

# The coordinator and directors over the organisation, a team manager over their teams.
TREND_READERS = frozenset({"team_manager", "coordinator", "director"})
MATRIX: dict[str, frozenset[str]] = {
    "reports:dashboard": frozenset({"team_manager", "coordinator", "director"}),
    # Downloads of the same figures; the case-level export and its file are the coordinator's.
    "reports:tables_xlsx": TREND_READERS,
    "reports:table_csv": TREND_READERS,
    "reports:quarterly_pdf": TREND_READERS,
    "reports:annual_pdf": TREND_READERS,
    "reports:case_export": frozenset({"coordinator"}),
    "reports:export": frozenset({"coordinator"}),
    "reports:export_download": frozenset({"coordinator"}),
}
POST_ONLY: set[str] = {"reports:case_export"}


def url_kwargs(key: str, world) -> dict[str, int]:
    """pk of the coordinator's finished export, made once per test."""
    if not key.startswith("reports:export"):
        return {}
    from django.core.files.base import ContentFile

    from gir.reports.constants import ExportStatus
    from gir.reports.models import Export

    export = Export.objects.filter(requested_by=world.users["coordinator"], status=ExportStatus.DONE).first()
    if export is None:
        export = Export.objects.create(
            requested_by=world.users["coordinator"],
            format="csv",
            filters={"start": "2026-01-01", "end": "2026-03-31", "unit": None},
            status=ExportStatus.DONE,
        )
        export.file.save("meldingen.csv", ContentFile(b"melding\n"))
    return {"pk": export.pk}
