"""Charts drawn on the server as SVG, for the dashboard page and the PDF reports.

Plain functions returning SVG markup: self-contained (attributes, no external CSS or
fonts), scaled to their container through the viewBox, with a title and a description
for assistive technology; the page shows the same numbers in a table beside each chart.
A hidden cell ("*") is drawn as a hatched bar of a fixed size with its text, never
at its real size, and the scale ignores it: the chart reveals no more than the table.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from gir.core.disclosure import Cell, is_hidden

# Colours with at least 3:1 against white for the bars and 4.5:1 for the text (WCAG AA).
INK = "#1b1f24"
MUTED = "#4a5560"
CURRENT = "#0b4f8a"
PREVIOUS = "#6b7785"
HIDDEN_BAR = 28  # the width (or height) of a hidden cell's bar, whatever it hides


@dataclass(frozen=True)
class Bar:
    """One row of a chart: its label and what the page shows for it, per period."""

    label: str
    text: str
    value: int | None  # None when the text hides the number
    previous_text: str | None = None
    previous_value: int | None = None


def _n(number: float) -> str:
    """A coordinate as SVG wants it: a point for decimals, whatever the language."""
    return f"{round(number, 1):g}"


def value_of(cell: Cell | None) -> int | None:
    if cell is None or is_hidden(cell.text):
        return None
    return cell.count


def bar_of(label: str, cell: Cell, previous: Cell | None = None) -> Bar:
    return Bar(
        label,
        cell.text,
        value_of(cell),
        previous.text if previous is not None else None,
        value_of(previous),
    )


def _scale(bars: Sequence[Bar], room: float) -> float:
    shown = [v for bar in bars for v in (bar.value, bar.previous_value) if v]
    return room / max(shown) if shown else 0.0


def _describe(bars: Sequence[Bar], previous_label: str | None) -> str:
    parts = []
    for bar in bars:
        part = f"{bar.label}: {bar.text}"
        if previous_label and bar.previous_text is not None:
            part += f" ({previous_label}: {bar.previous_text})"
        parts.append(part)
    return "; ".join(parts) + "."


def bar_chart(
    *,
    chart_id: str,
    title: str,
    bars: Sequence[Bar],
    current_label: str = "",
    previous_label: str = "",
) -> SafeString:
    """Horizontal bars, one per row; the previous period, when given, as a thin bar below."""
    width, text_room = 400, 80
    with_previous = any(bar.previous_text is not None for bar in bars)
    legend = 30 if with_previous else 0
    row_height = 60 if with_previous else 46
    scale = _scale(bars, width - text_room)
    rows = []
    for i, bar in enumerate(bars):
        y = legend + i * row_height
        current_w = HIDDEN_BAR if bar.value is None else (bar.value or 0) * scale
        previous_w = HIDDEN_BAR if bar.previous_value is None else (bar.previous_value or 0) * scale
        rows.append(
            {
                "bar": bar,
                "label_y": y + 14,
                "y": y + 20,
                "w": _n(current_w),
                "drawn": current_w > 0,
                "hidden": bar.value is None,
                "text_x": _n(current_w + 6),
                "text_y": y + 34,
                "previous": with_previous and bar.previous_text is not None,
                "previous_y": y + 42,
                "previous_w": _n(previous_w),
                "previous_drawn": previous_w > 0,
                "previous_hidden": bar.previous_value is None,
                "previous_text_x": _n(previous_w + 6),
                "previous_text_y": y + 49,
            }
        )
    context = {
        "id": chart_id,
        "title": title,
        "desc": _describe(bars, previous_label if with_previous else None),
        "width": width,
        "height": legend + len(bars) * row_height + 4,
        "rows": rows,
        "with_previous": with_previous,
        "current_label": current_label or _("Deze periode"),
        "previous_label": previous_label or _("Vorige periode"),
        "colours": {"ink": INK, "muted": MUTED, "current": CURRENT, "previous": PREVIOUS},
    }
    return render_to_string("reports/_bar_chart.svg", context)


def column_chart(*, chart_id: str, title: str, bars: Sequence[Bar]) -> SafeString:
    """Vertical columns in a row (months, quarters), labelled below and valued above."""
    column, top, plot, bottom = 44, 24, 150, 40
    width = max(400, 8 + column * len(bars))
    scale = _scale(bars, plot)
    columns = []
    for i, bar in enumerate(bars):
        h = HIDDEN_BAR / 2 if bar.value is None else (bar.value or 0) * scale
        x = 8 + i * column
        first, second = (bar.label.split(" ", 1) + [""])[:2]
        columns.append(
            {
                "bar": bar,
                "x": x + 6,
                "w": column - 12,
                "y": _n(top + plot - h),
                "h": _n(h),
                "drawn": h > 0,
                "hidden": bar.value is None,
                "mid": _n(x + column / 2),
                "text_y": _n(top + plot - h - 5),
                "label": first,
                "sublabel": second if i == 0 or first in ("jan", "K1") else "",
            }
        )
    context = {
        "id": chart_id,
        "title": title,
        "desc": _describe(bars, None),
        "width": width,
        "height": top + plot + bottom,
        "baseline": top + plot,
        "label_y": top + plot + 17,
        "sublabel_y": top + plot + 33,
        "columns": columns,
        "colours": {"ink": INK, "muted": MUTED, "current": CURRENT, "previous": PREVIOUS},
    }
    return render_to_string("reports/_column_chart.svg", context)
