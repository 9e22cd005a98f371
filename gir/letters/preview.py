"""What a letter will look like before it exists: a template merged with a sample
person (template editor) or with the real measure (before issuing)."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings

from gir.accounts.models import User
from gir.core import clock
from gir.incidents.constants import Setting
from gir.incidents.models import Incident
from gir.perpetrators.constants import ANSWER_TERM_DAYS, BAN_STANDARD_MONTHS, MeasureKind
from gir.perpetrators.models import Measure, Perpetrator

from .merge import LetterContext, merge
from .render import blocks, paragraphs
from .selectors import next_reference

SAMPLE_NAME = "J. de Vries"


@dataclass(frozen=True)
class Draft:
    subject: str
    paragraphs: list[list[str]]
    blocks: list[dict[str, Any]]
    signatory: str
    signatory_title: str


class _Incidents:
    def __init__(self, incidents: list[Incident]) -> None:
        self._incidents = incidents

    def all(self) -> list[Incident]:
        return self._incidents


class _SampleMeasure:
    """An unsaved measure with one unsaved incident; the merge fields read it like a real one."""

    def __init__(self, measure: Measure, incident: Incident) -> None:
        self._measure = measure
        self.incidents = _Incidents([incident])

    def __getattr__(self, name: str) -> Any:
        return getattr(self._measure, name)


def sample_context(*, measure_kind: str, signatory: Any) -> LetterContext:
    """A made-up person and dates, so the coordinator sees a template filled in.
    Nothing is saved."""
    today = clock.today()
    now = clock.now()
    person = Perpetrator(
        full_name=SAMPLE_NAME,
        address="Dorpsstraat 1\n1234 AB Voorbeeldstad",
        date_of_birth=dt.date(1980, 1, 1),
    )
    measure = Measure(
        perpetrator=person,
        kind=measure_kind or MeasureKind.BUILDING_BAN,
        starts_on=today,
        ends_on=today + dt.timedelta(days=BAN_STANDARD_MONTHS * 30),
        grounds="U heeft een medewerker aan de balie uitgescholden en bedreigd.",
        meeting_at=now + dt.timedelta(days=7),
        meeting_place=f"{settings.GIR_ORGANISATION_NAME}, spreekkamer 2",
        answer_by=today + dt.timedelta(days=ANSWER_TERM_DAYS),
    )
    incident = Incident(occurred_at=now - dt.timedelta(days=2), setting=Setting.COUNTER, escalation_level="C")
    return LetterContext(
        measure=_SampleMeasure(measure, incident),
        signatory=signatory if signatory is not None else User(first_name="A.", last_name="Jansen"),
        signatory_title="namens de burgemeester, teammanager",
        reference="GIR-123-1",
        issued_on=today,
    )


def draft_from_text(*, subject: str, body: str, context: LetterContext) -> Draft:
    text = merge(body, context)
    return Draft(
        subject=merge(subject, context),
        paragraphs=paragraphs(text),
        blocks=blocks(text),
        signatory=context.signatory.get_full_name() or context.signatory.username,
        signatory_title=context.signatory_title,
    )


def letter_draft(*, measure: Measure, template: Any, signed_by: Any, signatory_title: str) -> Draft:
    """The letter as letter_issue will make it now."""
    context = LetterContext(
        measure=measure,
        signatory=signed_by,
        signatory_title=signatory_title.strip(),
        reference=next_reference(measure),
        issued_on=clock.today(),
    )
    return draft_from_text(subject=template.subject, body=template.body, context=context)
