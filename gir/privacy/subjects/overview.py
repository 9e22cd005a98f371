"""The art. 15 overview (AVG art. 15; issue 19 item 5): everything GIR holds about one
person in the register, as a PDF the coordinator or legal sends them.

What it carries, and what it leaves out on purpose (ADR 0021):
- the register's data about the person, the records merged into theirs included;
- their incidents as facts only: date, kind of place, behaviour, level A-E. The free
  text ("wat gebeurde er", the cause, witnesses) is left out: it is written by and about
  employees and may name them (001 §1.2). The person may ask for it; it is then given on
  paper with employees' names blacked out, outside GIR;
- their measures (kind, period, status, hearing yes/no, grounds), objections (dates and
  outcome), letters (date, subject, reference), their own requests and their decisions;
- the reads of their data in the audit log: when, what kind of read, and the role of
  who read it, never the person (an employee is not monitored through this overview).
No employee's name goes out: not the reporter, victim, handler, manager, decider or
signatory; the free texts that do go out (the person's description, the grounds) have
the names of GIR's accounts and of the incidents' victims replaced by "[medewerker]"."""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, Q, TextField
from django.db.models.functions import Cast
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from weasyprint import HTML
from weasyprint.urls import URLFetcher

from gir.accounts.constants import Role
from gir.accounts.models import User
from gir.audit.models import AuditAction, AuditEvent
from gir.core import clock
from gir.incidents.models import Incident, Victim
from gir.letters.models import Letter
from gir.perpetrators.models import Measure, Objection, Perpetrator, PerpetratorIncident

from ..constants import READ_ACTIONS
from ..models import SubjectRequest
from ..selectors import INCIDENT, PERPETRATOR, _shown_at_the_desk

MEASURE = "perpetrators.measure"
REDACTED = "[medewerker]"
# Names shorter than this are not looked for on their own (they match ordinary words).
MIN_NAME = 3


@dataclass(frozen=True)
class Read:
    at: Any
    action: str
    roles: str


@dataclass(frozen=True)
class Overview:
    person: Perpetrator
    merged: list[Perpetrator]
    incidents: list[Incident]
    measures: list[Measure]
    objections: list[Objection]
    letters: list[Letter]
    requests: list[SubjectRequest]
    reads: list[Read]


def _names_to_hide(incident_ids: Iterable[int]) -> list[str]:
    """Every account's full and last name and the incidents' victims' names: what must
    not appear in the overview's free texts. Longest first, so a full name is replaced
    whole before its last name."""
    names: set[str] = set()
    for first, last in User.objects.values_list("first_name", "last_name").iterator():
        full = f"{first} {last}".strip()
        names |= {full, last.strip()}
    names |= set(Victim.objects.filter(incident_id__in=list(incident_ids)).values_list("name", flat=True))
    return sorted((n for n in names if len(n) >= MIN_NAME), key=len, reverse=True)


def redactor(names: list[str]) -> Any:
    if not names:
        return lambda text: text
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in names) + r")\b", re.IGNORECASE)
    return lambda text: pattern.sub(REDACTED, text or "")


def _role_labels(user: User | None) -> str:
    if user is None:
        return _("(geen gebruiker: automatische taak)")
    labels = dict(Role.choices)
    roles = sorted(str(labels.get(r.role, r.role)) for r in user.roles.all())
    return ", ".join(roles) or _("(geen rol meer)")


def reads_of(person_ids: list[int], measure_ids: list[int], incident_ids: list[int]) -> list[Read]:
    """The logged reads of the person's data, oldest first: opening their record, the desk
    showing them, their letters downloaded (logged on the measure), a police dossier of
    their incident, the overview itself; with the role of who read, never the name."""
    events = (
        AuditEvent.objects.annotate(changes_text=Cast("changes", TextField()))
        .filter(
            Q(target_type=PERPETRATOR, target_id__in=_texts(person_ids), action__in=READ_ACTIONS)
            | Q(target_type=MEASURE, target_id__in=_texts(measure_ids), action__in=READ_ACTIONS)
            | Q(
                target_type=INCIDENT,
                target_id__in=_texts(incident_ids),
                action=AuditAction.POLICE_DOSSIER_EXPORTED,
            )
            | _shown_at_the_desk(person_ids)
        )
        .select_related("actor")
        .prefetch_related("actor__roles")
        .order_by("at", "pk")
    )
    return [Read(at=e.at, action=e.get_action_display(), roles=_role_labels(e.actor)) for e in events]


def _texts(ids: Iterable[int]) -> list[str]:
    return [str(pk) for pk in ids]


def overview_of(person: Perpetrator) -> Overview:
    """Everything the overview shows, in a fixed number of queries."""
    merged = list(Perpetrator.objects.filter(merged_into=person).order_by("pk"))
    person_ids = [person.pk, *(m.pk for m in merged)]
    links = (
        PerpetratorIncident.objects.filter(perpetrator_id__in=person_ids)
        .select_related("incident")
        .prefetch_related("incident__behaviours")
        .order_by("incident__occurred_at", "incident_id")
    )
    incidents = list({link.incident_id: link.incident for link in links}.values())
    measures = list(
        Measure.objects.filter(perpetrator_id__in=person_ids)
        .prefetch_related(Prefetch("incidents", queryset=Incident.objects.only("pk", "occurred_at")))
        .order_by("created_at", "pk")
    )
    return Overview(
        person=person,
        merged=merged,
        incidents=incidents,
        measures=measures,
        objections=list(
            Objection.objects.filter(measure__perpetrator_id__in=person_ids)
            .select_related("measure")
            .order_by("received_on", "pk")
        ),
        letters=list(
            Letter.objects.filter(measure__perpetrator_id__in=person_ids)
            .select_related("template", "measure")
            .order_by("issued_at", "pk")
        ),
        requests=list(
            SubjectRequest.objects.filter(perpetrator_id__in=person_ids).order_by("received_on", "pk")
        ),
        reads=reads_of(person_ids, [m.pk for m in measures], [i.pk for i in incidents]),
    )


def overview_pdf(overview: Overview) -> bytes:
    hide = redactor(_names_to_hide(i.pk for i in overview.incidents))
    person = overview.person
    context = {
        "o": overview,
        "person": person,
        "description": hide(person.description),
        "measures": [{"measure": m, "grounds": hide(m.grounds)} for m in overview.measures],
        "requests": [{"request": r, "grounds": hide(r.grounds)} for r in overview.requests],
        "organisation": settings.GIR_ORGANISATION_NAME,
        "made_at": clock.now(),
    }
    html = render_to_string("privacy/subjects/overview_pdf.html", context)
    # No file is fetched: the overview says whether there is a photo, it does not show it.
    pdf: bytes = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()
    return pdf
