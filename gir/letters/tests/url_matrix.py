"""The letters URLs in the project's access matrix (gir/home/tests/test_url_access_matrix.py):
who reaches each page, which are POST-only, and the URL kwargs for a test world."""

# The library is the coordinator's. Issue, download and copy URLs point at a letter for a
# decided building ban of a person linked to incident_a: whoever may read that person.
LETTERS_OF_A = frozenset({"team_manager", "coordinator", "legal"})
MATRIX: dict[str, frozenset[str]] = {
    "letters:templates": frozenset({"coordinator"}),
    "letters:template_create": frozenset({"coordinator"}),
    "letters:template_edit": frozenset({"coordinator"}),
    "letters:template_preview": frozenset({"coordinator"}),
    "letters:privacy_notice": frozenset({"coordinator"}),
    "letters:issue": LETTERS_OF_A,
    "letters:pdf": LETTERS_OF_A,
    "letters:docx": LETTERS_OF_A,
    "letters:copy_done": LETTERS_OF_A,
    # The file for an objection committee or the ombudsman (issue 19 item 6).
    "letters:measure_file": LETTERS_OF_A,
}
POST_ONLY: set[str] = {"letters:template_preview", "letters:copy_done"}


def url_kwargs(key: str, world) -> dict[str, int]:
    """pk, measure_pk, letter_pk and copy_pk for the letters' URLs; made once per test."""
    if not key.startswith("letters:"):
        return {}
    from django.utils import timezone

    from gir.letters.models import Letter, LetterTemplate
    from gir.letters.services import Delivery, letter_issue
    from gir.perpetrators import services as register
    from gir.perpetrators.constants import Hearing, MeasureKind

    letter = Letter.objects.filter(measure__perpetrator__full_name="Matrix Brief").first()
    if letter is None:
        coordinator = world.users["coordinator"]
        person = register.perpetrator_save(
            actor=coordinator, data={"full_name": "Matrix Brief"}, incident=world.incident_a
        )
        ban = register.measure_propose(
            actor=coordinator, perpetrator=person, kind=MeasureKind.BUILDING_BAN, incidents=[world.incident_a]
        )
        today = timezone.localdate()
        ban = register.measure_decide(
            actor=coordinator,
            measure=ban,
            decided_by=world.users["mayor"],
            hearing=Hearing.NOT_HEARD,
            hearing_notes="Niet bereikbaar.",
            unheard_reason="Acute dreiging; de persoon was niet te bereiken.",
            grounds="Bedreiging.",
            proportionality="Ernstig.",
            starts_on=today,
            ends_on=register.standard_ban_end(today),
        )
        letter = letter_issue(
            actor=coordinator,
            measure=ban,
            template=LetterTemplate.objects.get(code="toegangsverbod"),
            signed_by=world.users["mayor"],
            signatory_title="Burgemeester",
            delivery=Delivery.AT_MEETING,
        )
    return {
        "pk": letter.template_id,
        "measure_pk": letter.measure_id,
        "letter_pk": letter.pk,
        "copy_pk": letter.copies.first().pk,
    }
