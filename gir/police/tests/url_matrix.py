"""The police URLs in the project's access matrix (gir/home/tests/test_url_access_matrix.py):
who reaches each page, which are POST-only, and the URL kwargs for a test world.

Incident URLs point at incident_a; report URLs at an aangifte of incident_a with its
copy, made once per test. Its handlers (team manager, coordinator) and legal work the
police file; only legal and the coordinator have the overview."""

from django.core.files.uploadedfile import SimpleUploadedFile

POLICE_OF_A = frozenset({"team_manager", "coordinator", "legal"})

MATRIX: dict[str, frozenset[str]] = {
    "police:overview": frozenset({"coordinator", "legal"}),
    "police:incident": POLICE_OF_A,
    "police:report_create": POLICE_OF_A,
    "police:dossier_pdf": POLICE_OF_A,
    "police:dossier_zip": POLICE_OF_A,
    "police:labour": POLICE_OF_A,
    "police:copy_add": POLICE_OF_A,  # the report has its copy: a refused second one is a 400
    "police:copy_download": POLICE_OF_A,
    "police:case_update": POLICE_OF_A,  # an empty form: 400
}
POST_ONLY: set[str] = {"police:copy_add", "police:case_update"}

PDF_BYTES = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
MATRIX_REFERENCE = "MATRIX-POLITIE"


def url_kwargs(key: str, world) -> dict[str, int]:
    if not key.startswith("police:"):
        return {}
    from django.utils import timezone

    from gir.police import services
    from gir.police.constants import FiledBy, PoliceReportKind
    from gir.police.models import PoliceReport

    report = PoliceReport.objects.filter(police_reference=MATRIX_REFERENCE).first()
    if report is None:
        coordinator = world.users["coordinator"]
        report = services.police_report_record(
            actor=coordinator,
            incident=world.incident_a,
            kind=PoliceReportKind.AANGIFTE,
            filed_by=FiledBy.EMPLOYER,
            vpt_code=True,
            domicile=services.organisation_addresses()[0],
            police_unit="Basisteam Centrum",
            reported_at=timezone.now(),
            police_reference=MATRIX_REFERENCE,
        )
        report = services.police_copy_add(
            actor=coordinator,
            report=report,
            upload=SimpleUploadedFile("kopie.pdf", PDF_BYTES, content_type="application/pdf"),
        )
    return {"pk": world.incident_a.pk, "report_pk": report.pk}
