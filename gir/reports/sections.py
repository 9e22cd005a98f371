"""The dashboard page's sections: each figure of gir.reports.figures as rows for its
table, a chart of the same rows, and, for readers with case access, a link per count to
the incidents behind it in the work list. Only the texts of the cells reach the page:
for a suppressed reader a hidden cell's count is neither drawn nor written."""

import calendar
import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from gir.accounts.models import OrganisationUnit
from gir.core.disclosure import is_hidden

from . import charts
from .figures import Dashboard, Period, Table, team_departments

# The work list's filter for each breakdown (gir.protocol.forms.WorklistFilterForm).
WORKLIST_PARAMS = {
    "behaviour": "gedrag",
    "level": "ernst",
    "aggression_type": "soort",
    "setting": "situatie",
    "location": "locatie",
    "department": "unit",
    "function_group": "functiegroep",
}


@dataclass
class Row:
    label: str
    text: str
    previous_text: str | None = None
    link: str = ""
    previous_link: str = ""


@dataclass
class Section:
    key: str
    title: str
    rows: list[Row]
    chart: SafeString
    with_previous: bool = False
    note: str = ""


@dataclass
class Page:
    dashboard: Dashboard
    change: str
    total_link: str = ""
    total_previous_link: str = ""
    sections: list[Section] = field(default_factory=list)


class Links:
    """Work list addresses for one reader, or none at all for a suppressed reader."""

    def __init__(self, unit: OrganisationUnit | None, *, enabled: bool):
        self.enabled = enabled
        self.unit = unit
        self._departments: dict[object, object] | None = None

    def to(self, period: Period, **filters: object) -> str:
        if not self.enabled:
            return ""
        query: dict[str, object] = {"status": "all", "van": period.start.isoformat()}
        query["tot"] = period.end.isoformat()
        if self.unit is not None:
            query["unit"] = self.unit.pk
        query.update(filters)
        return f"{reverse('incidents:handled')}?{urlencode(query)}"

    def for_key(self, table: str, key: object, period: Period) -> str:
        if not self.enabled or key is None or table not in WORKLIST_PARAMS:
            return ""
        if table == "department":
            # The narrower of the department and the filtered unit (a team within it).
            if self._departments is None:
                self._departments = team_departments()
            unit_pk = key
            if self.unit is not None and self._departments.get(self.unit.pk) == key:
                unit_pk = self.unit.pk
            return self.to(period, unit=unit_pk)
        return self.to(period, **{WORKLIST_PARAMS[table]: key})


def month_period(day: dt.date, months: int, period: Period) -> Period:
    """The months from `day` on, clipped to the period (its first and last may be partial)."""
    last_month = day.month + months - 1
    end = dt.date(day.year, last_month, calendar.monthrange(day.year, last_month)[1])
    return Period(max(day, period.start), min(end, period.end))


def change_text(dashboard: Dashboard) -> str:
    """The change against the previous period, unless either total is hidden."""
    if is_hidden(dashboard.total) or is_hidden(dashboard.total_previous):
        return "—"
    now, before = int(dashboard.total), int(dashboard.total_previous)
    difference = now - before
    sign = "+" if difference > 0 else "−" if difference < 0 else "±"
    text = f"{sign}{abs(difference)}"
    if before:
        text += f" ({sign}{round(100 * abs(difference) / before)}%)"
    return text


def _month_days(months: Table) -> list[dt.date]:
    """The keys of the month table: the first day of each month."""
    days = [key for key in months.keys if isinstance(key, dt.date)]
    assert len(days) == len(months.keys)
    return days


def _table_section(table: Table, dashboard: Dashboard, links: Links) -> Section:
    rows = [
        Row(
            label,
            cell.text,
            previous.text if previous is not None else None,
            links.for_key(table.key, key, dashboard.period) if cell.count else "",
            links.for_key(table.key, key, dashboard.previous)
            if previous is not None and previous.count
            else "",
        )
        for key, label, cell, previous in table.rows
    ]
    bars = [charts.bar_of(label, cell, previous) for _key, label, cell, previous in table.rows]
    chart = charts.bar_chart(
        chart_id=f"chart-{table.key}",
        title=table.title,
        bars=bars,
        current_label=_("Deze periode"),
        previous_label=_("Vorige periode"),
    )
    return Section(table.key, table.title, rows, chart, with_previous=True)


def page(dashboard: Dashboard, unit: OrganisationUnit | None) -> Page:
    links = Links(unit, enabled=not dashboard.suppressed)
    result = Page(
        dashboard,
        change_text(dashboard),
        links.to(dashboard.period) if dashboard.total_count else "",
        links.to(dashboard.previous) if dashboard.total_previous not in ("0",) else "",
    )
    months = dashboard.months
    month_rows = [
        Row(label, cell.text, link=links.to(month_period(key, 1, dashboard.period)) if cell.count else "")
        for key, label, cell in zip(_month_days(months), months.labels, months.current, strict=True)
    ]
    result.sections.append(
        Section(
            "month",
            _("Meldingen per maand"),
            month_rows,
            charts.column_chart(
                chart_id="chart-month",
                title=_("Meldingen per maand"),
                bars=[
                    charts.bar_of(label, cell)
                    for label, cell in zip(months.labels, months.current, strict=True)
                ],
            ),
        )
    )
    quarters = dashboard.quarters
    result.sections.append(
        Section(
            "quarter",
            _("Meldingen per kwartaal"),
            [
                Row(
                    cell.label,
                    cell.text,
                    link=links.to(month_period(key, 3, dashboard.period)) if cell.count else "",
                )
                for key, cell in quarters
            ],
            charts.column_chart(
                chart_id="chart-quarter",
                title=_("Meldingen per kwartaal"),
                bars=[charts.bar_of(cell.label, cell) for _key, cell in quarters],
            ),
        )
    )
    for table in dashboard.tables.values():
        section = _table_section(table, dashboard, links)
        if table.key in ("behaviour", "function_group"):
            section.note = _("Een melding kan in meer dan één rij tellen.")
        if table.key == "measures":
            section.note = _("Aantal maatregelen, niet meldingen.")
        result.sections.append(section)
    return result
