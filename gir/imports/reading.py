"""Reading an import file: XLSX or CSV, recognised by content, never by name.

The file's kind comes from libmagic (an OOXML spreadsheet, or text); anything else is
refused with a message in Dutch. The rows come back as dicts by header, each with the
row number the user sees in their spreadsheet program (the header is row 1).
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

import magic
import openpyxl

from .constants import FileKind

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# libmagic names a zip that it cannot see into this way; then the zip's contents decide.
ZIP_TYPES = frozenset({"application/zip", "application/octet-stream", "application/x-zip-compressed"})
CSV_TYPES = frozenset({"application/csv", "application/vnd.ms-excel"})
DELIMITERS = (";", ",", "\t")
SNIFF_BYTES = 64 * 1024


class ImportFileError(Exception):
    """The file cannot be read as a spreadsheet; the message says why, in Dutch."""


@dataclass
class Table:
    kind: str
    headers: list[str]
    # (row number in the file, {header: value})
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)


def file_kind(data: bytes) -> str:
    """XLSX or CSV by content; ImportFileError for anything else."""
    content_type = str(magic.from_buffer(data[:SNIFF_BYTES], mime=True))
    if content_type == XLSX_TYPE:
        return FileKind.XLSX
    if content_type in ZIP_TYPES and _is_workbook_zip(data):
        return FileKind.XLSX
    if (content_type.startswith("text/") or content_type in CSV_TYPES) and b"\x00" not in data[:SNIFF_BYTES]:
        return FileKind.CSV
    raise ImportFileError(
        _(
            "Dit bestand is geen spreadsheet (het is %(type)s). "
            "Kies een Excel-bestand (.xlsx) of een CSV-bestand."
        )
        % {"type": content_type}
    )


def _is_workbook_zip(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "xl/workbook.xml" in archive.namelist()
    except zipfile.BadZipFile:
        return False


def read_table(data: bytes, *, max_rows: int | None = None) -> Table:
    """The file's header and rows; ImportFileError when it is no spreadsheet, is too
    large, has too many rows or has no header row."""
    max_bytes = settings.GIR_EVIDENCE_MAX_BYTES
    if len(data) > max_bytes:
        raise ImportFileError(
            _("Het bestand is te groot (%(size)s). Een bestand mag hoogstens %(max)s zijn.")
            % {"size": filesizeformat(len(data)), "max": filesizeformat(max_bytes)}
        )
    if not data.strip():
        raise ImportFileError(_("Het bestand is leeg."))
    kind = file_kind(data)
    lines = _xlsx_lines(data) if kind == FileKind.XLSX else _csv_lines(data)
    return _table(kind, lines, max_rows if max_rows is not None else settings.GIR_IMPORT_MAX_ROWS)


def _xlsx_lines(data: bytes) -> list[tuple[Any, ...]]:
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # a damaged or encrypted workbook: openpyxl raises many kinds
        raise ImportFileError(
            _("Het Excel-bestand kan niet worden gelezen. Is het beschadigd of beveiligd met een wachtwoord?")
        ) from error
    try:
        sheet = workbook.worksheets[0]
        return [tuple(row) for row in sheet.iter_rows(values_only=True)]
    except Exception as error:
        raise ImportFileError(_("Het Excel-bestand kan niet worden gelezen.")) from error
    finally:
        workbook.close()


def decode_text(data: bytes) -> str:
    """UTF-8 with or without BOM, else Windows-1252 (what Excel writes as "CSV")."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _("De tekens in dit CSV-bestand zijn niet te lezen. Sla het op als CSV (UTF-8).")
        ) from error


def sniff_delimiter(text: str) -> str:
    """The one of ; , and tab that occurs most in the header line (outside quotes)."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    unquoted = "".join(part for index, part in enumerate(first.split('"')) if index % 2 == 0)
    counts = {d: unquoted.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ";"


def _csv_lines(data: bytes) -> list[tuple[Any, ...]]:
    text = decode_text(data)
    try:
        return [
            tuple(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
        ]
    except csv.Error as error:
        raise ImportFileError(
            _("Het CSV-bestand kan niet worden gelezen: %(error)s") % {"error": error}
        ) from error


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _table(kind: str, lines: list[tuple[Any, ...]], max_rows: int) -> Table:
    header_index = next((i for i, line in enumerate(lines) if not all(_blank(v) for v in line)), None)
    if header_index is None:
        raise ImportFileError(_("Het bestand bevat geen rijen."))
    header_line = list(lines[header_index])
    # Trailing cells without a header are not columns (Excel often adds a few).
    while header_line and _blank(header_line[-1]):
        header_line.pop()
    headers: list[str] = []
    for position, value in enumerate(header_line, start=1):
        name = str(value).strip() if not _blank(value) else ""
        name = name or _("Kolom %(number)s") % {"number": position}
        while name in headers:
            name = f"{name} ({position})"
        headers.append(name)
    table = Table(kind=kind, headers=headers)
    for index in range(header_index + 1, len(lines)):
        line = lines[index]
        if all(_blank(v) for v in line):
            continue
        if len(table.rows) >= max_rows:
            raise ImportFileError(
                _("Het bestand heeft meer dan %(max)s rijen. Splits het in kleinere bestanden.")
                % {"max": max_rows}
            )
        values = {header: (line[i] if i < len(line) else None) for i, header in enumerate(headers)}
        table.rows.append((index + 1, values))
    if not table.rows:
        raise ImportFileError(_("Het bestand heeft wel kolomkoppen, maar geen rijen met gegevens."))
    return table
