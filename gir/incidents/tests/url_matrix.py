"""The incidents URLs in the project's access matrix (gir/home/tests/test_url_access_matrix.py).

Object URLs point at incident_a: reported by "employee" in the team of "team_manager";
the evidence URL at a photo of it, made once per test."""

import io

from conftest import PERSONAS

ALL = frozenset(PERSONAS) | {"councillor"}
HANDLERS_OF_A = frozenset({"employee", "team_manager", "coordinator"})

MATRIX: dict[str, frozenset[str]] = {
    "incidents:create": ALL,
    "incidents:mine": ALL,
    "incidents:handled": frozenset({"team_manager", "coordinator", "mayor", "clerk"}),
    "incidents:detail": HANDLERS_OF_A,
    "incidents:edit": HANDLERS_OF_A,
    "incidents:history": frozenset({"team_manager", "coordinator"}),
    "incidents:evidence_add": HANDLERS_OF_A,
    "incidents:evidence_download": HANDLERS_OF_A,
}
POST_ONLY: set[str] = {"incidents:evidence_add"}


def url_kwargs(key: str, world) -> dict[str, int]:
    if not key.startswith("incidents:"):
        return {}
    from gir.incidents.models import Evidence

    evidence = Evidence.objects.filter(incident=world.incident_a, original_name="foto.png").first()
    if evidence is None:
        evidence = Evidence.objects.create(
            incident=world.incident_a,
            original_name="foto.png",
            content_type="image/png",
            size=4,
            sha256="0" * 64,
            uploaded_by=world.users["employee"],
            file="evidence/test/foto",
        )
        evidence.file.storage.save("evidence/test/foto", io.BytesIO(b"\x89PNG"))
    return {"pk": world.incident_a.pk, "evidence_pk": evidence.pk}
