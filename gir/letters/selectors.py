"""Reads of letters and letter templates."""

from django.db.models import Prefetch, Q, QuerySet

from gir.perpetrators.constants import FINAL_STATUSES, MeasureKind, MeasureStatus, MeetingAttendance
from gir.perpetrators.models import Measure
from gir.protocol.constants import StepKind, StepStatus
from gir.protocol.models import Step

from .constants import INTENT_TEMPLATE_CODE
from .models import Letter, LetterCopy, LetterTemplate

# The letters that fit a measure that has come to an end (einde-maatregel, intrekking-maatregel).
END_TEMPLATE_CODES: dict[str, str] = {
    MeasureStatus.ENDED: "einde-maatregel",
    MeasureStatus.WITHDRAWN: "intrekking-maatregel",
}


def letters_of(measure: Measure) -> QuerySet[Letter]:
    """A measure's letters, newest first, with their copies and people."""
    return (
        Letter.objects.filter(measure=measure)
        .select_related("template", "signed_by", "issued_by")
        .prefetch_related(
            Prefetch("copies", queryset=LetterCopy.objects.select_related("done_by").order_by("pk"))
        )
    )


def next_reference(measure: Measure) -> str:
    """The kenmerk the measure's next letter gets."""
    count = Letter.objects.filter(measure=measure).count() + 1
    return f"GIR-{measure.pk}-{count}"


def templates_for(measure: Measure) -> QuerySet[LetterTemplate]:
    """The active templates one can choose for a measure: those for its kind and the
    generic ones; for an ended or withdrawn measure, the letters about its end; for a
    proposed one, the letter of intent (issue 19 item 6)."""
    active = LetterTemplate.objects.filter(is_active=True)
    if measure.status == MeasureStatus.PROPOSED:
        return active.filter(code=INTENT_TEMPLATE_CODE)
    end_code = END_TEMPLATE_CODES.get(measure.status)
    if end_code:
        return active.filter(code=end_code)
    return active.filter(Q(measure_kind=measure.kind) | Q(measure_kind="")).exclude(
        code__in=[*END_TEMPLATE_CODES.values(), INTENT_TEMPLATE_CODE]
    )


def default_delivery(measure: Measure) -> str:
    """How the person most likely gets the letter (001 §8.1, §7.4 stap 3): handed over
    at a planned conduct meeting; by ordinary and registered post after a no-show;
    otherwise by post. The invitation to the meeting itself always goes by post."""
    from .services import Delivery

    if measure.kind == MeasureKind.CONDUCT_MEETING:
        return Delivery.BY_POST
    meeting = (
        Measure.objects.filter(
            perpetrator_id=measure.perpetrator_id,
            kind=MeasureKind.CONDUCT_MEETING,
            meeting_at__isnull=False,
        )
        .order_by("-meeting_at", "-pk")
        .values("meeting_attendance", "status")
        .first()
    )
    if meeting is None:
        return Delivery.BY_POST
    if meeting["meeting_attendance"] == MeetingAttendance.NO_SHOW:
        return Delivery.NO_SHOW
    if not meeting["meeting_attendance"] and meeting["status"] not in FINAL_STATUSES:
        return Delivery.AT_MEETING
    return Delivery.BY_POST


def police_report_made(measure: Measure) -> bool:
    """Whether aangifte was made for one of the measure's incidents, so a copy of the
    letter goes to the police (001 §8.1)."""
    from gir.police.models import PoliceReport

    incidents = measure.incidents.all()
    if PoliceReport.objects.filter(incident__in=incidents, kind="aangifte").exists():
        return True
    return Step.objects.filter(
        incident__in=incidents,
        kind=StepKind.POLICE_REPORT,
        status=StepStatus.DONE,
        outcome="aangifte",
    ).exists()


def template_list() -> QuerySet[LetterTemplate]:
    return LetterTemplate.objects.order_by("-is_active", "position", "title")
