"""What a director (no case access) sees of the dashboard, read back from the downloads
and the page, and the attack on it (ADR 0022): every page they can ask for (each calendar
quarter and year), every relation a reader knows between the figures, and the LP auditor
of gir.core.tests.auditor over all of it together."""

import csv
import io
import re
from collections.abc import Iterable

from django.test import Client
from django.urls import reverse

from openpyxl import load_workbook
from pypdf import PdfReader

from gir.core.tests.auditor import Auditor
from gir.reports.figures import MONTHS

# The breakdowns whose rows add up to the total, and those where an incident counts in
# more than one row (each row at most the total). Measures are counted apart.
PARTITIONS = ("level", "aggression_type", "setting", "location", "department")
OVERLAPPING = ("behaviour", "function_group")
TABLES = (*PARTITIONS, *OVERLAPPING, "measures")
# The rates in the summary sheet, by row: (name, with the previous period).
RATES = {
    4: ("repeat_share", False),
    5: ("aangifte", True),
    6: ("aftercare_on_time", False),
    7: ("deadlines", False),
}
RATE = re.compile(r"^\d+% \((\d+) van (\d+)\)$")

Period = tuple[int, int]  # (year, quarter), quarter 0 for the year


def params(period: Period) -> dict[str, str]:
    year, quarter = period
    if quarter == 0:
        return {"van": f"{year}-01", "tot": f"{year}-12"}
    return {"van": f"{year}-{3 * quarter - 2:02d}", "tot": f"{year}-{3 * quarter:02d}"}


def previous(period: Period) -> Period:
    year, quarter = period
    if quarter == 0:
        return (year - 1, 0)
    return (year - 1, 4) if quarter == 1 else (year, quarter - 1)


def periods(years: Iterable[int]) -> list[Period]:
    return [(year, quarter) for year in years for quarter in range(5)]


def _text(value: object) -> str:
    return "" if value is None else str(value)


def xlsx_sheets(data: bytes) -> dict[str, list[list[str]]]:
    book = load_workbook(io.BytesIO(data), read_only=True)
    return {
        sheet.title: [[_text(v) for v in row] for row in sheet.iter_rows(values_only=True)] for sheet in book
    }


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def downloads(client: Client, period: Period) -> dict[str, list[list[str]]]:
    """The XLSX of one period, checked against every CSV of it."""
    response = client.get(reverse("reports:tables_xlsx"), params(period))
    assert response.status_code == 200
    sheets = xlsx_sheets(_body(response))
    for key, rows in sheets.items():
        one = client.get(reverse("reports:table_csv"), {**params(period), "tabel": key})
        assert csv_rows(_body(one)) == rows, key
    return sheets


def _clean(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html).replace("&amp;", "&").strip()


def screen(client: Client, period: Period) -> dict[str, list[list[str]]]:
    """The page's tables as rows of texts, like the sheets (without their header)."""
    response = client.get(reverse("reports:dashboard"), params(period))
    assert response.status_code == 200
    html = response.content.decode()
    tables = {}
    for key, body in re.findall(r'id="section-(\w+)".*?<tbody>(.*?)</tbody>', html, re.S):
        rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
        tables[key] = [
            [_clean(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)] for row in rows
        ]
    tables["key-figures"] = [
        [_clean(dd)] for dd in re.findall(r'<dd class="key-figure">(.*?)</dd>', html, re.S)
    ]
    tables["html"] = [[html]]
    return tables


def same_as_screen(sheets: dict[str, list[list[str]]], page: dict[str, list[list[str]]]) -> None:
    for key, rows in sheets.items():
        if key != "overzicht":
            assert page[key] == rows[1:], key
    summary = sheets["overzicht"]
    assert [row[0] for row in page["key-figures"][:2]] == summary[2][1:3]
    html = page["html"][0][0]
    for row in summary[3:]:
        for text in row[1:]:
            assert text in html


def pdf_lines(data: bytes) -> list[str]:
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return [line.strip() for line in text.splitlines() if line.strip()]


def _words(lines: list[str]) -> list[str]:
    """The PDF's words, without page footers and the table heads repeated on a new page."""
    text = re.sub(r"Pagina \d+ / \d+", " ", "\n".join(lines))
    text = re.sub(r"Wat Deze periode( Vorige periode)?", " ", re.sub(r"\s+", " ", text))
    return text.split()


def _contains(words: list[str], part: list[str]) -> bool:
    return any(words[i : i + len(part)] == part for i in range(len(words) - len(part) + 1))


def same_in_pdf(data: bytes, sheets: dict[str, list[list[str]]]) -> None:
    """Each table of the sheets, row after row (label, then the texts of the periods),
    as words of the PDF's text."""
    words = _words(pdf_lines(data))
    for key, rows in sheets.items():
        if key == "overzicht":
            continue
        table = [word for row in rows[1:] for word in " ".join(row).split()]
        assert _contains(words, table), key


def attack(views: dict[Period, dict[str, list[list[str]]]]) -> Auditor:
    """Everything the reader sees on the pages of these periods, and every relation they
    know between the figures: a year is the sum of its quarters, a quarter of its months,
    each breakdown of the incidents sums to the total, a row of the other breakdowns is at
    most the total, a rate's part is at most its whole."""
    auditor = Auditor()
    labels: dict[str, set[str]] = {key: set() for key in TABLES}
    for sheets in views.values():
        for key in TABLES:
            labels[key].update(row[0] for row in sheets[key][1:])
    for period, sheets in views.items():
        before = previous(period)
        summary = sheets["overzicht"]
        auditor.see(("total", period), summary[2][1])
        auditor.see(("total", before), summary[2][2])
        people = summary[3][1]
        assert people == "*" or int(people) == 0 or int(people) >= 5
        for row, (name, with_previous) in RATES.items():
            _see_rate(auditor, (name, period), summary[row][1])
            if with_previous:
                _see_rate(auditor, (name, before), summary[row][2])
        for label, text in sheets["month"][1:]:
            auditor.see(("month", label), text)
        for label, text in sheets["quarter"][1:]:
            year, quarter = int(label.split()[1]), int(label.split()[0][1:])
            auditor.see(("total", (year, quarter)), text)
        for key in TABLES:
            shown = {row[0]: row for row in sheets[key][1:]}
            for label in labels[key]:
                # A row not on the page is 0 in both periods.
                row = shown.get(label, [label, "0", "0"])
                auditor.see((key, label, period), row[1])
                auditor.see((key, label, before), row[2])
    years = {year for year, _quarter in views} | {previous(p)[0] for p in views}
    for year in years:
        quarters = [(year, q) for q in range(1, 5)]
        auditor.sum(("total", (year, 0)), [("total", q) for q in quarters])
        for q in range(1, 5):
            months = [f"{MONTHS[m - 1]} {year}" for m in range(3 * q - 2, 3 * q + 1)]
            auditor.sum(("total", (year, q)), [("month", m) for m in months])
        for key in TABLES:
            for label in labels[key]:
                auditor.sum((key, label, (year, 0)), [(key, label, q) for q in quarters])
        for name, _with_previous in RATES.values():
            for side in ("part", "whole"):
                auditor.sum((name, (year, 0), side), [(name, q, side) for q in quarters])
        for quarter in range(5):
            period = (year, quarter)
            for key in PARTITIONS:
                auditor.sum(("total", period), [(key, label, period) for label in labels[key]])
            for key in OVERLAPPING:
                for label in labels[key]:
                    auditor.bound((key, label, period), ("total", period))
            for name, _with_previous in RATES.values():
                auditor.bound((name, period, "part"), (name, period, "whole"))
    return auditor


def _see_rate(auditor: Auditor, key: tuple[str, Period], text: str) -> None:
    name, period = key
    if text == "—":
        auditor.see((name, period, "part"), "0")
        auditor.see((name, period, "whole"), "0")
    elif text == "verborgen":
        auditor.see((name, period, "part"), "*", floor=0)
        auditor.see((name, period, "whole"), "*", floor=1)
    else:
        match = RATE.match(text)
        assert match, text
        part, whole = match.groups()
        assert int(part) == 0 or int(part) >= 5, text
        assert int(whole) - int(part) == 0 or int(whole) - int(part) >= 5, text
        auditor.see((name, period, "part"), part)
        auditor.see((name, period, "whole"), whole)


def reader_views(client: Client, years: Iterable[int]) -> dict[Period, dict[str, list[list[str]]]]:
    """Every page of these years, read from the downloads and checked against the screen."""
    views = {}
    for period in periods(years):
        sheets = downloads(client, period)
        same_as_screen(sheets, screen(client, period))
        views[period] = sheets
    return views
