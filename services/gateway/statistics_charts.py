"""Server-rendered SVG bar charts of the public statistics, drawn by pygal (issue 15).

pygal writes an inline ``<style>``, a ``<script>`` of tooltip settings and inline
``style`` attributes; the portal's Content-Security-Policy runs none of them
(security_headers.py), so each is taken out here and the charts are styled by
``static/conoceles.css`` (``.grafica``). What is left is drawn without JavaScript.

Each chart is an image to assistive technology (``role="img"``) named by its ``<title>``
and described by its ``<desc>``; the page puts the same numbers beside it as a table,
which is what a screen reader reads and what a person copies.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pygal
from pygal.etree import etree
from pygal.style import Style

DROPPED = {"style", "script", "defs", "title", "desc"}
"""pygal's inline style and tooltip script (the CSP runs neither), and its own titles and
descriptions (coordinates, its name): the chart's title and description are put in."""

STYLE = Style(value_font_size=12, label_font_size=13, major_label_font_size=13)
"""Sizes only: pygal's colours and fonts travel in its inline style, which the CSP refuses;
``static/conoceles.css`` (``.grafica``) gives the bars colours at least 3:1 against white
(WCAG 1.4.11), told apart by the legend's words too."""
WIDTH = 480
"""About the width the page gives a chart beside its table, so its text is read near the
size the stylesheet says."""
BAR_HEIGHT = 26
"""Pixels per bar of a horizontal chart, so that many labels stay legible."""


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[int | None]  # None: no bar (a withheld figure)


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _clean(root: Any, chart_id: str, title: str, description: str) -> str:
    """pygal's SVG tree without what the CSP refuses, named and described for assistive
    technology, as text."""
    for parent in list(root.iter()):
        for child in list(parent):
            if _local(child.tag) in DROPPED or "tooltip-overlay" in child.get("class", ""):
                parent.remove(child)
    for element in root.iter():
        element.attrib.pop("style", None)
        element.attrib.pop("id", None)
    root.set("id", chart_id)
    root.set("role", "img")
    root.set("aria-labelledby", f"{chart_id}-titulo {chart_id}-desc")
    root.set("focusable", "false")
    svg = root.tag.removesuffix("svg")  # the namespace, as pygal's tree spells it
    described = root.makeelement(f"{svg}desc", {"id": f"{chart_id}-desc"})
    described.text = description
    named = root.makeelement(f"{svg}title", {"id": f"{chart_id}-titulo"})
    named.text = title
    root.insert(0, described)
    root.insert(0, named)
    text = str(etree.tostring(root, encoding="unicode"))
    return re.sub(r"<!--.*?-->", "", text, flags=re.S)


def whole_ticks(series: Sequence[Series]) -> list[int]:
    """The value axis's marks, whole numbers at a round step (1, 2, 5, 10, 20…): people are
    counted in units, and pygal's own scale marks «0 0 1 1 2» when the counts are small."""
    top = max((v for one in series for v in one.values if v is not None), default=1) or 1
    step = 1
    while top / step > 10:
        for factor in (2, 5 / 2, 2):
            step = int(step * factor)
            if top / step <= 10:
                break
    return list(range(0, top + step, step))


def bar_chart(
    chart_id: str,
    title: str,
    description: str,
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    horizontal: bool = True,
) -> str:
    """An SVG bar chart (horizontal by default: long labels read on a phone), one bar
    per label and series, the value printed on each bar."""
    kind = pygal.HorizontalBar if horizontal else pygal.Bar
    rows = max(len(labels), 1) * max(len(series), 1)
    chart = kind(
        style=STYLE,
        js=[],
        no_prefix=True,
        disable_xml_declaration=True,
        width=WIDTH,
        height=max(240, 120 + rows * BAR_HEIGHT) if horizontal else 360,
        show_legend=len(series) > 1,
        legend_at_bottom=True,
        legend_at_bottom_columns=2 if len(series) > 2 else None,
        print_values=True,
        print_zeroes=True,
        print_values_position="top",
        show_y_guides=False,
        truncate_label=-1,
        truncate_legend=-1,
        value_formatter=lambda v: f"{v:,.0f}".replace(",", " "),
        y_labels=whole_ticks(series),
        no_data_text="Sin cifras que mostrar",
        margin=12,
    )
    # pygal stacks a horizontal chart's labels from the bottom up: given reversed, the
    # first label reads at the top, as in the table beside it.
    step = -1 if horizontal else 1
    chart.x_labels = list(labels)[::step]
    for one in series:
        chart.add(one.name, list(one.values)[::step])
    return _clean(chart.render_tree(), chart_id, title, description)
