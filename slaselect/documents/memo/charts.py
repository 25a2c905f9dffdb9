"""The weighted-contributions chart: one horizontal bar per provider, stacked by criterion group.

Each segment is the points a group of criteria adds to the provider's weighted total
(share of weight x score), so a bar's length is the provider's WSM score on 0-10. Labels are
drawn as plain strings (never markup); long names are shortened with an ellipsis.
"""

from __future__ import annotations

from typing import Any

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors

from slaselect.documents.memo.facts import MemoFacts, ProviderFacts
from slaselect.documents.memo.styles import (
    GROUP_COLOURS,
    INK,
    MUTED,
    RULE,
    fit_text,
    lighter,
    memo_fonts,
    run_strings,
    text_width,
)

BAR_PITCH = 17.0
"""Vertical space per provider, in points."""
PROVIDERS_PER_CHART = 25
LABEL_SIZE = 7.5
MAX_LABEL_WIDTH = 150.0
LEGEND_COLUMNS = 4
LEGEND_ROW = 14.0


def group_colour(index: int) -> Any:
    """The chart colour of the criterion group at this position."""
    return GROUP_COLOURS[index % len(GROUP_COLOURS)]


def contributions_charts(facts: MemoFacts, width: float) -> list[Any]:
    """One or more Drawings (25 providers each) of the stacked weighted contributions."""
    providers = list(facts.providers)
    chunks = [providers[i:i + PROVIDERS_PER_CHART]
              for i in range(0, len(providers), PROVIDERS_PER_CHART)] or [[]]
    return [_chart(facts, chunk, width, legend=True) for chunk in chunks]


def _label(item: ProviderFacts) -> str:
    return item.name if item.eligible else f"{item.name} (ineligible)"


def _chart(facts: MemoFacts, providers: list[ProviderFacts], width: float,
           *, legend: bool) -> Any:
    fonts = memo_fonts()
    groups = facts.groups
    labels = [fit_text(_label(p), fonts.regular, LABEL_SIZE, MAX_LABEL_WIDTH) for p in providers]
    label_width = max((text_width(t, fonts.regular, LABEL_SIZE) for t in labels), default=40)
    legend_rows = -(-len(groups) // LEGEND_COLUMNS) if legend else 0
    legend_height = legend_rows * LEGEND_ROW + (10 if legend else 0)
    plot_height = max(BAR_PITCH * len(providers), BAR_PITCH)
    height = plot_height + 28 + legend_height
    drawing = Drawing(width, height)

    chart = HorizontalBarChart()
    chart.x = label_width + 8
    chart.y = legend_height + 20
    chart.width = width - chart.x - 34
    chart.height = plot_height
    # The chart draws the first category at the bottom: reverse so rank 1 is on top.
    ordered = list(reversed(providers))
    contributions = [facts.group_contributions(p) for p in ordered]
    chart.data = [[c[group] for c in contributions] for group in groups] or [[0.0] * len(ordered)]
    # The labels are drawn below, run by run, so names in any script print.
    chart.categoryAxis.categoryNames = [""] * len(labels)
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.labels.fontName = fonts.regular
    chart.categoryAxis.labels.fontSize = LABEL_SIZE
    chart.categoryAxis.labels.fillColor = INK
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -4
    chart.categoryAxis.strokeColor = RULE
    chart.categoryAxis.tickLeft = 0
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = 10
    chart.valueAxis.valueStep = 1
    chart.valueAxis.labels.fontName = fonts.regular
    chart.valueAxis.labels.fontSize = LABEL_SIZE
    chart.valueAxis.labels.fillColor = MUTED
    chart.valueAxis.strokeColor = RULE
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#E3E7EC")
    chart.valueAxis.gridStrokeWidth = 0.5
    chart.barWidth = BAR_PITCH * 0.62
    chart.groupSpacing = BAR_PITCH * 0.38
    chart.bars.strokeColor = colors.white
    chart.bars.strokeWidth = 0.4
    for series, _ in enumerate(groups):
        chart.bars[series].fillColor = group_colour(series)
        for row, item in enumerate(ordered):
            if not item.eligible:
                chart.bars[(series, row)].fillColor = lighter(group_colour(series))
    drawing.add(chart)

    band = chart.height / max(len(ordered), 1)
    for row, label in enumerate(reversed(labels)):
        y = chart.y + band * (row + 0.5) - LABEL_SIZE / 2 + 1.5
        for shape in run_strings(chart.x - 4, y, label, fonts.regular, LABEL_SIZE, INK,
                                 anchor="end"):
            drawing.add(shape)
    for row, item in enumerate(ordered):
        x = chart.x + chart.width * min(item.wsm, 10.0) / 10.0 + 4
        y = chart.y + band * (row + 0.5) - LABEL_SIZE / 2 + 1
        drawing.add(String(x, y, f"{item.wsm:.2f}", fontName=fonts.bold, fontSize=LABEL_SIZE,
                           fillColor=INK))

    if legend:
        column_width = chart.width / LEGEND_COLUMNS
        for index, group in enumerate(groups):
            row, column = divmod(index, LEGEND_COLUMNS)
            x = chart.x + column * column_width
            y = legend_height - 14 - row * LEGEND_ROW
            drawing.add(Rect(x, y, 8, 8, fillColor=group_colour(index), strokeColor=None))
            for shape in run_strings(x + 12, y + 1, fit_text(group, fonts.regular, LABEL_SIZE,
                                                             column_width - 18),
                                     fonts.regular, LABEL_SIZE, INK):
                drawing.add(shape)
    return drawing
