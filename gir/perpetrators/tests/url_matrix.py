"""The register's and the reception desk's URLs in the project's access matrix
(gir/home/tests/test_url_access_matrix.py): who reaches each page, which are POST-only,
and the URL kwargs for a test world."""

import re

# Person and measure URLs point at a person linked to incident_a with a proposed building
# ban, answered in writing with a file (the person has no photo); the link URLs at
# incident_a. Coordinator and legal read the whole register, the team manager the people
# of team A's incidents, the mayor and the clerk those of restricted incidents; only the
# coordinator merges and withdraws.
REGISTER_OF_A = frozenset({"team_manager", "coordinator", "legal"})
MATRIX: dict[str, frozenset[str]] = {
    "perpetrators:list": frozenset({"team_manager", "coordinator", "legal", "mayor", "clerk"}),
    "perpetrators:create": frozenset({"coordinator", "legal"}),  # without ?melding=
    "perpetrators:duplicates": frozenset({"coordinator"}),
    "perpetrators:link": frozenset({"team_manager", "coordinator"}),
    "perpetrators:unlink": frozenset({"team_manager", "coordinator"}),
    "perpetrators:detail": REGISTER_OF_A,
    "perpetrators:edit": REGISTER_OF_A,
    "perpetrators:merge": frozenset({"coordinator"}),
    "perpetrators:photo": frozenset(),  # the person has no photo
    "perpetrators:measure_create": REGISTER_OF_A,
    "perpetrators:measure": REGISTER_OF_A,
    "perpetrators:measure_decide": REGISTER_OF_A,
    "perpetrators:measure_communicate": REGISTER_OF_A,
    # Due process (issue 19 item 6): the term, the written answer and its file.
    "perpetrators:measure_answer_term": REGISTER_OF_A,
    "perpetrators:measure_answer": REGISTER_OF_A,
    "perpetrators:measure_answer_file": REGISTER_OF_A,
    "perpetrators:measure_plan_meeting": REGISTER_OF_A,
    "perpetrators:measure_record_meeting": REGISTER_OF_A,
    "perpetrators:objection_record": frozenset({"coordinator", "legal"}),
    "perpetrators:objection_decide": frozenset({"coordinator", "legal"}),
    "perpetrators:measure_withdraw": frozenset({"coordinator"}),
    # The reception desk (issue 5 item 7): check a visitor, the binder of bans, as HTML and PDF.
    "reception:check": frozenset({"reception", "coordinator"}),
    "reception:ban_list": frozenset({"reception", "coordinator"}),
    "reception:ban_list_pdf": frozenset({"reception", "coordinator"}),
}
POST_ONLY: set[str] = {
    "perpetrators:unlink",
    "perpetrators:measure_decide",
    "perpetrators:measure_communicate",
    "perpetrators:measure_answer_term",
    "perpetrators:measure_answer",
    "perpetrators:measure_plan_meeting",
    "perpetrators:measure_record_meeting",
    "perpetrators:objection_record",
    "perpetrators:objection_decide",
    "perpetrators:measure_withdraw",
}
MEASURE_URLS = re.compile(r"^perpetrators:(measure|measure_(?!create).*|objection_.*)$")


def url_kwargs(key: str, world) -> dict[str, int]:
    """pk and incident_pk for the register's URLs; the person and measure are made once per test."""
    if not key.startswith("perpetrators:"):
        return {}
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from gir.perpetrators import services as register
    from gir.perpetrators.constants import MeasureKind
    from gir.perpetrators.models import Measure

    measure = Measure.objects.filter(perpetrator__full_name="Matrix Persoon").first()
    if measure is None:
        coordinator = world.users["coordinator"]
        person = register.perpetrator_save(
            actor=coordinator, data={"full_name": "Matrix Persoon"}, incident=world.incident_a
        )
        measure = register.measure_propose(
            actor=coordinator, perpetrator=person, kind=MeasureKind.BUILDING_BAN, incidents=[world.incident_a]
        )
        measure = register.measure_record_answer(
            actor=coordinator,
            measure=measure,
            received_on=timezone.localdate(),
            text="Reactie",
            upload=SimpleUploadedFile("reactie.pdf", b"%PDF-1.4\n%%EOF\n"),
        )
    pk = measure.pk if MEASURE_URLS.match(key) else measure.perpetrator_id
    return {"pk": pk, "incident_pk": world.incident_a.pk}
