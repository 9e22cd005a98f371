"""The imports URLs in the project's access matrix (gir/home/tests/test_url_access_matrix.py):
the coordinator's only. Who reaches each page, which are POST-only, and the URL kwargs."""

# Batch URLs point at an uploaded, unchecked batch: the report and the import send the
# coordinator back to the column mapping.
MATRIX: dict[str, frozenset[str]] = {
    "imports:upload": frozenset({"coordinator"}),
    "imports:example_xlsx": frozenset({"coordinator"}),
    "imports:example_csv": frozenset({"coordinator"}),
    "imports:detail": frozenset({"coordinator"}),
    "imports:mapping": frozenset({"coordinator"}),
    "imports:report": frozenset({"coordinator"}),
    "imports:start": frozenset({"coordinator"}),
}
POST_ONLY: set[str] = {"imports:start"}


def url_kwargs(key: str, world) -> dict[str, int]:
    """pk for the import's batch URLs; the batch is made once per test."""
    if not key.startswith("imports:"):
        return {}
    from gir.imports.models import ImportBatch

    batch = ImportBatch.objects.filter(original_name="matrix.csv").first()
    if batch is None:
        from django.core.files.base import ContentFile

        batch = ImportBatch(
            uploaded_by=world.users["coordinator"],
            original_name="matrix.csv",
            kind="csv",
            sha256="0" * 64,
            headers=["datum", "afdeling"],
        )
        batch.file.save("matrix.csv", ContentFile(b"datum;afdeling\n01-11-2026;Publiekszaken\n"), save=False)
        batch.save()
    return {"pk": batch.pk}
