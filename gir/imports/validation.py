"""The dry run: every row of an import file checked against GIR, with the reasons in
Dutch (issue 7 item 4, "Bad input"). It reads the database and writes nothing."""

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from openpyxl.utils.datetime import from_excel

from gir.accounts.models import Location, OrganisationUnit
from gir.core import clock
from gir.core.clock import AMSTERDAM
from gir.incidents.constants import PerpetratorKnown
from gir.incidents.models import Incident

from .constants import CLOSED_AFTER_DAYS
from .mapping import (
    BEHAVIOUR_SEPARATORS,
    BEHAVIOUR_WORDS,
    CLOSED_WORDS,
    INJURY_WORDS,
    LEVELS,
    NO_WORDS,
    OPEN_WORDS,
    SETTING_WORDS,
    YES_WORDS,
    missing_required,
    normalise,
)
from .reading import Table

DATE_FORMATS = ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%y", "%d/%m/%y")
TIME_FORMATS = ("%H:%M", "%H:%M:%S")
TIME_PATTERN = re.compile(r"^(\d{1,2})[:.u](\d{2})(?:[:.](\d{2}))?$")
# An incident whose time is not known is put at noon, so its day is the same in every time zone.
UNKNOWN_TIME = dt.time(12, 0)
# Excel day numbers between 1960 and 2150: a bare number in a date column.
EXCEL_SERIALS = range(21916, 91311)
CHUNK = 500


@dataclass
class CleanRow:
    """A row as GIR will store it."""

    number: int
    occurred_at: dt.datetime
    unit_id: int
    setting: str = ""
    behaviours: list[str] = field(default_factory=list)
    escalation_level: str = ""
    description: str = ""
    location_id: int | None = None
    injury: str = ""
    perpetrator_known: str = ""
    reference: str = ""
    closed: bool = False


@dataclass
class RowResult:
    number: int
    errors: list[str]
    date: str = ""
    unit: str = ""
    clean: CleanRow | None = None


@dataclass
class DryRun:
    columns: list[str]  # problems with the columns, reported before any row
    rows: list[RowResult]

    @property
    def error_rows(self) -> list[RowResult]:
        return [r for r in self.rows if r.errors]

    @property
    def is_clean(self) -> bool:
        return not self.columns and bool(self.rows) and not self.error_rows

    def report(self, *, ok_rows_kept: int) -> dict[str, Any]:
        """The JSON kept on the batch: all rows with errors, the first OK rows, the counts."""
        ok = [r for r in self.rows if not r.errors][:ok_rows_kept]
        return {
            "columns": self.columns,
            "total": len(self.rows),
            "errors": len(self.error_rows),
            "rows": [
                {"row": r.number, "date": r.date, "unit": r.unit, "errors": r.errors}
                for r in self.error_rows + ok
            ],
        }


def text_of(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_date(value: Any) -> tuple[dt.date, dt.time | None]:
    """The date and, when the cell has one, the time; ValueError when unreadable."""
    if isinstance(value, dt.datetime):
        return value.date(), (value.time() if value.time() != dt.time(0) else None)
    if isinstance(value, dt.date):
        return value, None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_serial(value)
    text = text_of(value)
    if text.isascii() and text.isdigit() and int(text) in EXCEL_SERIALS:
        return _from_serial(int(text))
    date_part, _sep, time_part = text.replace("T", " ").partition(" ")
    for pattern in DATE_FORMATS:
        try:
            day = dt.datetime.strptime(date_part, pattern).date()  # noqa: DTZ007 - a date only
        except ValueError:
            continue
        return day, (parse_time(time_part) if time_part.strip() else None)
    raise ValueError(text)


def _from_serial(number: float) -> tuple[dt.date, dt.time | None]:
    if int(number) not in EXCEL_SERIALS:
        raise ValueError(number)
    moment = from_excel(number)
    return moment.date(), (moment.time().replace(microsecond=0) if number % 1 else None)


def parse_time(value: Any) -> dt.time:
    if isinstance(value, dt.datetime):
        return value.time()
    if isinstance(value, dt.time):
        return value
    if isinstance(value, float) and 0 <= value < 1:  # Excel keeps a time as a part of a day
        seconds = round(value * 86400)
        return dt.time(seconds // 3600, seconds % 3600 // 60)
    match = TIME_PATTERN.match(text_of(value).split("+")[0].removesuffix("Z"))
    if not match:
        raise ValueError(value)
    return dt.time(int(match[1]), int(match[2]), int(match[3] or 0))


def _by_name[T: (OrganisationUnit, Location)](objects: Iterable[T]) -> dict[str, list[T]]:
    names: dict[str, list[T]] = {}
    for obj in objects:
        names.setdefault(" ".join(obj.name.casefold().split()), []).append(obj)
    return names


class _Checker:
    def __init__(self, table: Table, mapping: dict[str, str], now: dt.datetime) -> None:
        self.mapping = {k: v for k, v in mapping.items() if v and v in table.headers}
        self.now = now
        self.units = _by_name(OrganisationUnit.objects.filter(is_active=True).only("pk", "name"))
        self.locations = _by_name(Location.objects.filter(is_active=True).only("pk", "name"))

    def cell(self, row: dict[str, Any], key: str) -> Any:
        header = self.mapping.get(key)
        return row.get(header) if header else None

    def check(self, number: int, row: dict[str, Any]) -> RowResult:
        errors: list[str] = []
        result = RowResult(number=number, errors=errors)
        occurred_at = self._occurred_at(row, errors)
        if occurred_at is not None:
            result.date = timezone.localtime(occurred_at, AMSTERDAM).strftime("%d-%m-%Y %H:%M")
        unit = self._unit(row, errors)
        if unit is not None:
            result.unit = unit.name
        clean = CleanRow(number=number, occurred_at=occurred_at or self.now, unit_id=unit.pk if unit else 0)
        clean.setting = self._choice(row, "situatie", SETTING_WORDS, _("situatie"), errors)
        clean.behaviours = self._behaviours(row, errors)
        clean.escalation_level = self._level(row, errors)
        clean.description = "\n".join(
            line.rstrip() for line in text_of(self.cell(row, "omschrijving")).splitlines()
        )
        clean.location_id = self._location(row, errors)
        clean.injury = self._choice(row, "letsel", INJURY_WORDS, _("letsel"), errors)
        clean.perpetrator_known = self._known(row, errors)
        clean.reference = text_of(self.cell(row, "kenmerk"))[:100]
        clean.closed = self._closed(row, occurred_at, errors)
        if not errors:
            result.clean = clean
        return result

    def _occurred_at(self, row: dict[str, Any], errors: list[str]) -> dt.datetime | None:
        value = self.cell(row, "datum")
        if not text_of(value):
            errors.append(_("De datum ontbreekt."))
            return None
        try:
            day, moment = parse_date(value)
        except (ValueError, OverflowError):
            errors.append(_("Onleesbare datum ‘%(value)s’; schrijf dd-mm-jjjj.") % {"value": text_of(value)})
            return None
        time_value = self.cell(row, "tijd")
        if text_of(time_value):
            try:
                moment = parse_time(time_value)
            except ValueError:
                errors.append(
                    _("Onleesbare tijd ‘%(value)s’; schrijf uu:mm.") % {"value": text_of(time_value)}
                )
                return None
        occurred_at = dt.datetime.combine(day, moment or UNKNOWN_TIME, tzinfo=AMSTERDAM)
        if occurred_at > self.now:
            errors.append(_("De datum %(date)s ligt in de toekomst.") % {"date": day.strftime("%d-%m-%Y")})
            return None
        return occurred_at

    def _unit(self, row: dict[str, Any], errors: list[str]) -> OrganisationUnit | None:
        name = text_of(self.cell(row, "afdeling"))
        if not name:
            errors.append(_("De afdeling ontbreekt."))
            return None
        found = self.units.get(" ".join(name.casefold().split()), [])
        if not found:
            errors.append(_("Onbekende afdeling ‘%(name)s’.") % {"name": name})
            return None
        if len(found) > 1:
            errors.append(
                _("Er zijn meer afdelingen of teams met de naam ‘%(name)s’; GIR weet niet welke.")
                % {"name": name}
            )
            return None
        return found[0]

    def _choice(
        self, row: dict[str, Any], key: str, words: dict[str, str], label: str, errors: list[str]
    ) -> str:
        text = text_of(self.cell(row, key))
        if not text:
            return ""
        value = words.get(normalise(text))
        if value is None:
            errors.append(_("Onbekende %(label)s ‘%(value)s’.") % {"label": label, "value": text})
            return ""
        return value

    def _behaviours(self, row: dict[str, Any], errors: list[str]) -> list[str]:
        text = text_of(self.cell(row, "gedrag"))
        if not text:
            return []
        whole = BEHAVIOUR_WORDS.get(normalise(text))
        if whole:
            return [whole]
        kinds: list[str] = []
        for part in BEHAVIOUR_SEPARATORS.split(re.sub(r"\([^)]*\)", " ", text)):
            if not part.strip():
                continue
            kind = BEHAVIOUR_WORDS.get(normalise(part))
            if kind is None:
                errors.append(_("Onbekend soort gedrag ‘%(value)s’.") % {"value": part.strip()})
            elif kind not in kinds:
                kinds.append(kind)
        return kinds

    def _level(self, row: dict[str, Any], errors: list[str]) -> str:
        text = text_of(self.cell(row, "ernst"))
        if not text:
            return ""
        letter = text[0].upper()
        if letter in LEVELS and (len(text) == 1 or not text[1].isalpha()):
            return letter
        errors.append(_("Onbekende ernst ‘%(value)s’; kies A, B, C, D of E.") % {"value": text})
        return ""

    def _location(self, row: dict[str, Any], errors: list[str]) -> int | None:
        name = text_of(self.cell(row, "locatie"))
        if not name:
            return None
        found = self.locations.get(" ".join(name.casefold().split()), [])
        if len(found) != 1:
            errors.append(_("Onbekende locatie ‘%(name)s’.") % {"name": name})
            return None
        return int(found[0].pk)

    def _known(self, row: dict[str, Any], errors: list[str]) -> str:
        text = normalise(text_of(self.cell(row, "veroorzaker_bekend")))
        if not text:
            return ""
        if text in YES_WORDS:
            return PerpetratorKnown.KNOWN
        if text in NO_WORDS:
            return PerpetratorKnown.UNKNOWN
        errors.append(
            _("Onbekende waarde ‘%(value)s’ bij veroorzaker bekend; schrijf ja of nee.")
            % {"value": text_of(self.cell(row, "veroorzaker_bekend"))}
        )
        return ""

    def _closed(self, row: dict[str, Any], occurred_at: dt.datetime | None, errors: list[str]) -> bool:
        text = normalise(text_of(self.cell(row, "status")))
        if not text:
            return occurred_at is not None and occurred_at < self.now - dt.timedelta(days=CLOSED_AFTER_DAYS)
        if text in CLOSED_WORDS:
            return True
        if text in OPEN_WORDS:
            return False
        errors.append(
            _("Onbekende status ‘%(value)s’; schrijf open of afgehandeld.")
            % {"value": text_of(self.cell(row, "status"))}
        )
        return False


def _description_key(text: str) -> str:
    return " ".join(text.casefold().split())


def _mark_duplicates_in_file(results: list[RowResult]) -> None:
    seen: dict[tuple[Any, ...], int] = {}
    references: dict[str, int] = {}
    for result in results:
        clean = result.clean
        if clean is None:
            continue
        day = timezone.localtime(clean.occurred_at, AMSTERDAM).date()
        description = _description_key(clean.description)
        # Without a description, only the same moment makes two rows the same.
        key = (day, clean.unit_id, description) if description else (clean.occurred_at, clean.unit_id, "")
        if key in seen:
            result.errors.append(
                _("Dubbele rij: dezelfde datum, afdeling en omschrijving als rij %(row)s.")
                % {"row": seen[key]}
            )
        else:
            seen[key] = result.number
        if clean.reference:
            if clean.reference in references:
                result.errors.append(
                    _("Kenmerk ‘%(ref)s’ staat ook in rij %(row)s.")
                    % {"ref": clean.reference, "row": references[clean.reference]}
                )
            else:
                references[clean.reference] = result.number


def _chunks(values: list[Any]) -> Iterable[list[Any]]:
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _mark_duplicates_in_gir(results: list[RowResult]) -> None:
    """Rows that are already in GIR: the same old reference, or the same moment, team and
    description. A few queries in chunks, whatever the number of rows."""
    rows = [r for r in results if r.clean is not None]
    references = sorted({r.clean.reference for r in rows if r.clean and r.clean.reference})
    known_refs: dict[str, str] = {}
    for chunk in _chunks(references):
        for pk, reference in Incident.objects.filter(import_reference__in=chunk).values_list(
            "pk", "import_reference"
        ):
            known_refs.setdefault(reference, Incident(pk=pk).reference)
    moments = sorted({r.clean.occurred_at for r in rows if r.clean})
    known_facts: dict[tuple[Any, ...], str] = {}
    for chunk in _chunks(moments):
        for pk, occurred_at, team_id, description in Incident.objects.filter(
            occurred_at__in=chunk
        ).values_list("pk", "occurred_at", "team_id", "description"):
            known_facts.setdefault(
                (occurred_at, team_id, _description_key(description)), Incident(pk=pk).reference
            )
    for result in rows:
        clean = result.clean
        assert clean is not None
        if clean.reference in known_refs:
            result.errors.append(
                _("Kenmerk ‘%(ref)s’ is al geïmporteerd (%(incident)s).")
                % {"ref": clean.reference, "incident": known_refs[clean.reference]}
            )
            continue
        found = known_facts.get((clean.occurred_at, clean.unit_id, _description_key(clean.description)))
        if found:
            result.errors.append(
                _("Deze melding staat al in GIR als %(incident)s (zelfde moment, afdeling en omschrijving).")
                % {"incident": found}
            )


def dry_run(table: Table, mapping: dict[str, str], *, now: dt.datetime | None = None) -> DryRun:
    """Check every row; a required field without a column stops before the rows."""
    columns = missing_required(mapping, table.headers)
    if columns:
        return DryRun(columns=columns, rows=[RowResult(n, []) for n, _row in table.rows])
    checker = _Checker(table, mapping, now or clock.now())
    results = [checker.check(number, row) for number, row in table.rows]
    _mark_duplicates_in_file(results)
    _mark_duplicates_in_gir(results)
    for result in results:
        if result.errors:
            result.clean = None
    return DryRun(columns=[], rows=results)
