"""The SVG charts (issue 7 item 1): well-formed, accessible, and a hidden cell drawn at
a fixed size with its text, never at its real size."""

import re
import xml.etree.ElementTree as ET

from django.utils import translation

from gir.core.disclosure import Cell
from gir.reports import charts

SVG = "{http://www.w3.org/2000/svg}"
NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def _parse(markup: str) -> ET.Element:
    root = ET.fromstring(markup)  # noqa: S314 -- our own markup
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("viewBox", "").startswith("0 0 ")
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and title.text
    assert desc is not None and desc.text
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    return root


def _geometry_is_plain_numbers(root: ET.Element) -> None:
    # Coordinates in Dutch would get a decimal comma ("6,5"): SVG wants a point.
    for element in root.iter():
        if element is root:
            continue
        for name in ("x", "y", "width", "height"):
            value = element.get(name)
            if value is not None:
                assert NUMBER.match(value), (element.tag, name, value)


def _texts(root: ET.Element) -> list[str]:
    return [text.text or "" for text in root.iter(f"{SVG}text")]


def test_bar_chart_draws_hidden_cells_at_a_fixed_size():
    bars = [
        charts.bar_of("Balie", Cell("Balie", 7, "*"), Cell("Balie", 12, "12")),
        charts.bar_of("Telefoon", Cell("Telefoon", 3, "*"), Cell("Telefoon", 2, "*")),
        charts.bar_of("E-mail", Cell("E-mail", 40, "40"), Cell("E-mail", 0, "0")),
    ]
    with translation.override("nl"):
        markup = charts.bar_chart(chart_id="chart-test", title="Situatie", bars=bars)
    root = _parse(markup)
    _geometry_is_plain_numbers(root)
    texts = _texts(root)
    assert {"*", "40", "12"} <= set(texts) and texts.count("*") == 3
    assert "7" not in texts and "3" not in texts and "2" not in texts
    assert "7" not in markup.split("<desc")[1].split("</desc>")[0]
    hatched = [
        r for r in root.iter(f"{SVG}rect") if (r.get("fill") or "").startswith("url(#chart-test-hatch")
    ]
    # Balie now, Telefoon now and before: each at the fixed size, whatever it hides.
    assert len(hatched) == 3 and {r.get("width") for r in hatched} == {str(charts.HIDDEN_BAR)}
    solid = [
        r for r in root.iter(f"{SVG}rect") if r.get("fill") == charts.CURRENT and r.get("height") == "18"
    ]
    # Only E-mail is drawn to scale, at the full width (the largest shown value).
    assert [r.get("width") for r in solid] == ["320"]


def test_column_chart_has_one_column_per_month_and_parses():
    bars = [
        charts.bar_of("jan 2026", Cell("jan 2026", 9, "9")),
        charts.bar_of("feb 2026", Cell("feb 2026", 1, "*")),
        charts.bar_of("mrt 2026", Cell("mrt 2026", 0, "0")),
    ]
    with translation.override("nl"):
        root = _parse(charts.column_chart(chart_id="chart-month", title="Per maand", bars=bars))
    _geometry_is_plain_numbers(root)
    texts = _texts(root)
    assert texts.count("jan") == 1 and "2026" in texts and "*" in texts and "1" not in texts


def test_chart_ids_make_each_chart_on_a_page_unique():
    bars = [charts.bar_of("A", Cell("A", 5, "5"))]
    one = charts.bar_chart(chart_id="chart-a", title="A", bars=bars)
    other = charts.bar_chart(chart_id="chart-b", title="B", bars=bars)
    ids = set(re.findall(r'id="([^"]+)"', one))
    assert ids and not ids & set(re.findall(r'id="([^"]+)"', other))


def test_titles_are_escaped():
    bars = [charts.bar_of("<b>&", Cell("<b>&", 5, "5"))]
    root = _parse(charts.bar_chart(chart_id="chart-x", title="A & B <c>", bars=bars))
    assert root.find(f"{SVG}title").text == "A & B <c>"
