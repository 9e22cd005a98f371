"""The file of one measure for an objection committee or the ombudsman (issue 19
item 6): the facts, the hearing, the person's answer, the grounds and proportionality,
the reasons the fairness guard asked for, the letters and the date of each step, as a
PDF (WeasyPrint, like the letters).

No employee is named: the facts are incidents as facts (gir.perpetrators.due_process),
the decision shows the mandate, not the decider, and the letters their kind and dates,
not their signatory (001 §1.2). The text fields written by the handler (hearing notes,
grounds) are shown as written."""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from weasyprint import HTML

from gir.core import clock
from gir.perpetrators.due_process import measure_facts
from gir.perpetrators.models import Measure

from .constants import INTENT_TEMPLATE_CODE
from .selectors import letters_of


@dataclass(frozen=True)
class Step:
    when: Any
    what: str


def _day(value: Any) -> str:
    if value is None:
        return ""
    if hasattr(value, "tzinfo"):
        value = timezone.localtime(value)
    return str(value.strftime("%d-%m-%Y"))


def measure_steps(measure: Measure, letters: list[Any]) -> list[Step]:
    """The dates of each step, in order."""
    steps = [Step(measure.created_at, _("Maatregel voorgesteld"))]
    for letter in letters:
        kind = (
            _("Brief over het voornemen verstuurd")
            if letter.template.code == INTENT_TEMPLATE_CODE
            else _("Brief opgemaakt")
        )
        steps.append(Step(letter.issued_at, f"{kind}: {letter.template.title} ({letter.reference})"))
    if measure.answer_by:
        steps.append(Step(measure.answer_by, _("Einde van de termijn voor een schriftelijke reactie")))
    if measure.answer_received_on:
        steps.append(Step(measure.answer_received_on, _("Schriftelijke reactie ontvangen")))
    if measure.decided_at:
        steps.append(Step(measure.decided_at, _("Besluit genomen")))
    if measure.communicated_at:
        steps.append(Step(measure.communicated_at, _("Besluit meegedeeld aan de persoon")))
    for objection in measure.objections.all():
        steps.append(Step(objection.received_on, _("Bezwaar ontvangen")))
        if objection.decided_on:
            steps.append(
                Step(
                    objection.decided_on,
                    _("Beslissing op bezwaar: %(outcome)s") % {"outcome": objection.get_outcome_display()},
                )
            )
    if measure.ended_at:
        steps.append(Step(measure.ended_at, measure.get_status_display()))

    def key(step: Step) -> Any:
        when = step.when
        if not hasattr(when, "tzinfo"):  # a date: the start of that day
            return (when, 0)
        return (timezone.localtime(when).date(), 1)

    return sorted(steps, key=key)


def measure_file_context(measure: Measure) -> dict[str, Any]:
    measure = (
        Measure.objects.select_related("perpetrator")
        .prefetch_related("incidents__behaviours", "objections")
        .get(pk=measure.pk)
    )
    letters = list(letters_of(measure).order_by("issued_at", "pk"))
    return {
        "organisation": settings.GIR_ORGANISATION_NAME,
        "made_on": _day(clock.now()),
        "measure": measure,
        "person": measure.perpetrator,
        "facts": measure_facts(measure.incidents.all()),
        "letters": [
            {
                "reference": letter.reference,
                "kind": letter.template.title,
                "subject": letter.subject,
                "issued_on": _day(letter.issued_at),
                "copies": [
                    {"destination": copy.get_destination_display(), "done_on": _day(copy.done_at)}
                    for copy in letter.copies.all()
                ],
            }
            for letter in letters
        ],
        "steps": [{"on": _day(step.when), "what": step.what} for step in measure_steps(measure, letters)],
    }


def measure_file_pdf(measure: Measure) -> bytes:
    html = render_to_string("letters/measure_file_pdf.html", measure_file_context(measure))
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
