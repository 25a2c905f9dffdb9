"""Charts (QtCharts): each provider's weighted contributions, stacked by criterion group."""

from __future__ import annotations

import numpy as np
from PySide6.QtCharts import (
    QAbstractAxis,
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalStackedBarSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QToolTip, QWidget

from slaselect.domain.ranking import Ranking, ScoreTable

MAX_BARS = 20
"""More bars than this cannot be read; the chart shows the leaders."""

# A colour-blind-safe qualitative palette (Okabe & Ito), readable on light and dark.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#999999")


def group_contributions(table: ScoreTable, ranking: Ranking) -> tuple[list[str], list[str],
                                                                        list[list[float]]]:
    """Providers (in ranking order), criterion groups, and per group the points per provider.

    A provider's points in a group = Σ share_j × score_j over the group's criteria, so the
    stacked bar of a provider adds up to its WSM total.
    """
    groups: list[str] = []
    for criterion in table.criteria:
        name = criterion.group or "Other"
        if name not in groups:
            groups.append(name)
    index = {p.key: i for i, p in enumerate(table.providers)}
    order = [index[r.provider] for r in ranking.results]
    group_of = np.array([groups.index(c.group or "Other") for c in table.criteria], dtype=int)
    points = table.scores[order] * table.normalised_weights  # providers x criteria
    by_group = np.zeros((len(groups), len(order)))
    np.add.at(by_group, group_of, points.T)
    names = [table.providers[i].name for i in order]
    return names, groups, by_group.tolist()


class _PlainChart(QChart):
    """A chart whose axes take quiet grid lines in the palette's text colour, so the grid
    stays in the background on a light and a dark theme alike."""

    def __init__(self, text: QColor) -> None:
        super().__init__()
        self._grid = QColor(text)
        self._grid.setAlpha(48)
        self._line = QColor(text)
        self._line.setAlpha(110)

    def addAxis(self, axis: QAbstractAxis, alignment: Qt.AlignmentFlag) -> None:  # noqa: N802
        super().addAxis(axis, alignment)
        axis.setGridLineColor(self._grid)
        axis.setLinePenColor(self._line)


def plain_chart(title: str, palette_source: QWidget) -> QChart:
    """A chart in the app's style: no animation, tight margins, no background, and title,
    legend and grid in the palette's text colour (readable in light and dark themes)."""
    chart = _PlainChart(palette_source.palette().text().color())
    chart.setTitle(title)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setMargins(QMargins(4, 4, 4, 4))
    chart.setBackgroundVisible(False)
    colour = palette_source.palette().text().color()
    chart.setTitleBrush(colour)
    chart.legend().setLabelColor(colour)
    return chart


class ContributionChart(QChartView):
    """Horizontal stacked bars: one per provider, one segment per criterion group."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(260)
        self.series: QHorizontalStackedBarSeries | None = None

    def show_results(self, table: ScoreTable, ranking: Ranking) -> None:
        """Redraw for a score table and its WSM ranking."""
        names, groups, values = group_contributions(table, ranking)
        title = "Weighted contribution to the total score (0-10), by criterion group"
        if len(names) > MAX_BARS:
            names = names[:MAX_BARS]
            values = [row[:MAX_BARS] for row in values]
            title += f" — top {MAX_BARS} of {len(ranking.results)} providers"
        chart = plain_chart(title, self)
        text_colour = self.palette().text().color()
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        series = QHorizontalStackedBarSeries()
        for g, group in enumerate(groups):
            bar_set = QBarSet(group)
            bar_set.setColor(QColor(PALETTE[g % len(PALETTE)]))
            bar_set.setBorderColor(QColor(PALETTE[g % len(PALETTE)]))
            # Bars are drawn bottom-up: reverse so the leader is on top.
            bar_set.append(list(reversed(values[g])))
            series.append(bar_set)
        series.hovered.connect(self._tooltip)
        chart.addSeries(series)
        axis_y = QBarCategoryAxis()
        axis_y.append(list(reversed(names)))
        axis_y.setLabelsColor(text_colour)
        axis_x = QValueAxis()
        axis_x.setRange(0, 10)
        axis_x.setTickCount(11)
        axis_x.setLabelFormat("%.0f")
        axis_x.setLabelsColor(text_colour)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_y)
        series.attachAxis(axis_x)
        self._names = list(reversed(names))
        self.series = series
        old = self.chart()
        self.setChart(chart)
        if old is not None:
            old.deleteLater()

    def _tooltip(self, status: bool, index: int, bar_set: QBarSet) -> None:
        if status:
            QToolTip.showText(
                self.cursor().pos(),
                f"{self._names[index]} — {bar_set.label()}: {bar_set.at(index):.2f} points",
            )
        else:
            QToolTip.hideText()
