"""The reception check and the binder of bans (DESIGN §2.3; 001 §7.1, §8.1–§8.5).

Reception sees only what it needs at the desk: name, photo, the measures in force
with their period, and what to do. Nothing here reads a date of birth, a
description, an address or an incident.
"""

import base64
import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from weasyprint import HTML
from weasyprint.urls import URLFetcher

from gir.audit.models import AuditAction
from gir.audit.services import log_event
from gir.core import clock
from gir.core.exceptions import StorageUnavailable
from gir.incidents.evidence import sniff_content_type

from .constants import RECEPTION_INSTRUCTIONS, MeasureKind
from .models import Measure, Perpetrator
from .search import normalise, search_names
from .selectors import active_bans, reception_people

# Fewer letters than this find too many people to be useful, and are not logged.
MIN_QUERY_LENGTH = 2
RESULT_LIMIT = 10

# The most restrictive measure first: what the desk must act on comes on top.
SEVERITY = [
    MeasureKind.BUILDING_BAN,
    MeasureKind.EXCEPTION_PERMIT,
    MeasureKind.CONTACT_BY_LETTER_ONLY,
    MeasureKind.NO_PHONE_CONTACT,
    MeasureKind.RESTRICTION,
    MeasureKind.WRITTEN_WARNING,
    MeasureKind.VERBAL_WARNING,
]


def is_searchable(query: str) -> bool:
    return len(normalise(query)) >= MIN_QUERY_LENGTH


def reception_search(query: str, *, limit: int = RESULT_LIMIT, today: dt.date | None = None) -> list:
    """The people with a measure in force whose name or alias resembles query
    (typos tolerated), best first, each with `measures_in_force` loaded."""
    if not is_searchable(query):
        return []
    return search_names(reception_people(today=today), query, limit=limit)


@dataclass
class MeasureAtDesk:
    measure: Measure
    instruction: str

    @property
    def is_ban(self) -> bool:
        return self.measure.kind == MeasureKind.BUILDING_BAN


@dataclass
class PersonAtDesk:
    """One result card: the person and, most restrictive first, what applies."""

    perpetrator: Perpetrator
    measures: list[MeasureAtDesk] = field(default_factory=list)
    photo_data_uri: str = ""

    @property
    def has_ban(self) -> bool:
        return any(m.is_ban for m in self.measures)


def _severity(measure: Measure) -> tuple[int, dt.date]:
    rank = SEVERITY.index(measure.kind) if measure.kind in SEVERITY else len(SEVERITY)
    return rank, measure.ends_on or dt.date.max


def desk_cards(people: list[Perpetrator]) -> list[PersonAtDesk]:
    return [
        PersonAtDesk(
            perpetrator=person,
            measures=[
                MeasureAtDesk(measure=m, instruction=str(RECEPTION_INSTRUCTIONS.get(m.kind, "")))
                for m in sorted(person.measures_in_force, key=_severity)
            ],
        )
        for person in people
    ]


def shown(cards: list[PersonAtDesk]) -> list[dict[str, Any]]:
    """What was on the screen, for the audit log: ids only, never names."""
    return [
        {"veroorzaker": card.perpetrator.pk, "maatregelen": [m.measure.pk for m in card.measures]}
        for card in cards
    ]


def reception_check_log(*, actor: Any, query: str, cards: list[PersonAtDesk]) -> None:
    """Every search at the desk is logged: who, what was searched and what was shown (DESIGN §1)."""
    log_event(
        actor=actor,
        action=AuditAction.RECEPTION_CHECK,
        target=None,
        target_type="perpetrators.reception_check",
        detail=query,
        changes={"getoond": shown(cards)},
    )


# --- The binder of bans (001 §8.1) -------------------------------------------


def ban_cards(*, today: dt.date | None = None) -> list[PersonAtDesk]:
    """Every person with a building ban in force, one card each, by name."""
    by_person: dict[int, PersonAtDesk] = {}
    bans = active_bans(today=today).filter(perpetrator__forgotten_at__isnull=True)
    instruction = str(RECEPTION_INSTRUCTIONS[MeasureKind.BUILDING_BAN])
    for ban in bans:
        card = by_person.setdefault(ban.perpetrator_id, PersonAtDesk(perpetrator=ban.perpetrator))
        card.measures.append(MeasureAtDesk(measure=ban, instruction=instruction))
    return list(by_person.values())


def ban_list_log(*, actor: Any, cards: list[PersonAtDesk], fmt: str) -> None:
    log_event(
        actor=actor,
        action=AuditAction.BAN_LIST_VIEWED,
        target=None,
        target_type="perpetrators.ban_list",
        detail=fmt,
        changes={"getoond": shown(cards)},
    )


def photo_data_uri(perpetrator: Perpetrator) -> str:
    """The photo as a data: URI, so the PDF carries it and WeasyPrint fetches nothing."""
    if not perpetrator.photo:
        return ""
    try:
        with perpetrator.photo.open("rb") as handle:
            content_type = sniff_content_type(handle)
            handle.seek(0)
            data = handle.read()
    except (OSError, StorageUnavailable):  # the list without this photo, rather than none
        return ""
    if not content_type.startswith("image/"):
        return ""
    return f"data:{content_type};base64,{base64.b64encode(data).decode('ascii')}"


def ban_list_pdf(cards: list[PersonAtDesk]) -> bytes:
    for card in cards:
        card.photo_data_uri = photo_data_uri(card.perpetrator)
    html = render_to_string(
        "perpetrators/reception_ban_list_pdf.html",
        {
            "cards": cards,
            "instruction": RECEPTION_INSTRUCTIONS[MeasureKind.BUILDING_BAN],
            "printed_at": timezone.localtime(clock.now()),
        },
    )
    # Only data: URIs: the PDF is made from what is in this process, never from the network or disk.
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()
