"""The Results page's robustness tab: how sure is the ranking, and what would change it?

Shows the analysis of ``slaselect.domain.analysis``: the summary a buyer reads first, the
win probability of each provider over the Monte Carlo scenarios, the tipping points, each
criterion's stable weight range with a rank-versus-weight chart, and the moderation agenda.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QPointF, Qt, QTimer
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from slaselect.domain.errors import EvaluationError
from slaselect.domain.ranking import ScoreTable
from slaselect.domain.sensitivity import weight_sweep
from slaselect.ui.charts import PALETTE, plain_chart
from slaselect.ui.widgets import LEFT, RIGHT, fit_columns_to_sample
from slaselect.ui.workers import let_go_later

if TYPE_CHECKING:
    from slaselect.domain.analysis import Analysis

# A tender can have hundreds of providers and thousands of disagreements: the charts show the
# leaders and the agenda the widest ranges (the workbook and `slaselect analyse` list all).
CHART_PROVIDERS = 12
AGENDA_ROWS = 100


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setAlternatingRowColors(True)
    table.horizontalHeader().setStretchLastSection(True)
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    table.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return table


def _fill(table: QTableWidget, rows: list[list[str]], numeric: set[int]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            item.setTextAlignment(RIGHT if c in numeric else LEFT)
            item.setToolTip(text)
            table.setItem(r, c, item)
    fit_columns_to_sample(table)
    # as tall as its rows: the page around it is the one scroll area
    table.setFixedHeight(table.horizontalHeader().sizeHint().height()
                         + table.verticalHeader().length() + 2 * table.frameWidth() + 2)


class RobustnessView(QWidget):
    """Win probabilities, tipping points, stable weight ranges and the moderation agenda."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.analysis: Analysis | None = None
        self._table: ScoreTable | None = None
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.win_chart = QChartView()
        self.win_chart.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.win_chart.setMinimumHeight(220)
        self.tipping = QLabel()
        self.tipping.setWordWrap(True)
        self.tipping.setTextFormat(Qt.TextFormat.PlainText)
        self.stability = _table(["Criterion", "Weight now", "Winner stays first between",
                                 "Who overtakes outside it"])
        self.stability.itemSelectionChanged.connect(self._criterion_selected)
        self.sweep_criterion = QComboBox()
        self.sweep_criterion.currentIndexChanged.connect(self._draw_sweep)
        self._sweep_later = QTimer(self)
        self._sweep_later.setSingleShot(True)
        self._sweep_later.setInterval(0)
        self._sweep_later.timeout.connect(self._draw_sweep)
        self.sweep_chart = QChartView()
        self.sweep_chart.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.sweep_chart.setMinimumHeight(240)
        self.agenda = _table(["Provider", "Criterion", "Lowest", "Highest", "Range",
                              "Moderated"])
        self.calibration = QLabel()
        self.calibration.setWordWrap(True)
        self.calibration.setTextFormat(Qt.TextFormat.PlainText)

        robustness = QGroupBox("How often each provider wins when weights and scores vary")
        robustness_layout = QVBoxLayout(robustness)
        robustness_layout.addWidget(self.win_chart)
        tipping_box = QGroupBox("Tipping points")
        tipping_layout = QVBoxLayout(tipping_box)
        tipping_layout.addWidget(self.tipping)
        tipping_layout.addStretch(1)
        stability_box = QGroupBox("How far each weight can move before the winner changes")
        stability_layout = QVBoxLayout(stability_box)
        stability_layout.addWidget(self.stability)
        sweep_row = QHBoxLayout()
        sweep_row.addWidget(QLabel("Totals as the weight of"))
        sweep_row.addWidget(self.sweep_criterion, 1)
        sweep_row.addWidget(QLabel("goes from 0 to 100 %"))
        stability_layout.addLayout(sweep_row)
        stability_layout.addWidget(self.sweep_chart)
        agenda_box = QGroupBox("Moderation agenda: where evaluators disagree")
        agenda_layout = QVBoxLayout(agenda_box)
        agenda_layout.addWidget(self.agenda)
        self.agenda_more = QLabel()
        self.agenda_more.setWordWrap(True)
        self.agenda_more.hide()
        agenda_layout.addWidget(self.agenda_more)
        agenda_layout.addWidget(self.calibration)

        self.working = QLabel("Working out how robust the ranking is…")
        self.working.setEnabled(False)
        self.working.hide()
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 4, 0, 0)
        grid.addWidget(self.working, 0, 0, 1, 2)
        grid.addWidget(self.summary, 0, 0, 1, 2)
        # One column, each part at full width and full height: the tab scrolls as one (no
        # scroll bars inside scroll bars), and the chart has room for whole provider names.
        for row, part in enumerate((robustness, tipping_box, stability_box, agenda_box),
                                   start=1):
            grid.addWidget(part, row, 0, 1, 2)
        grid.setRowStretch(5, 1)

    def show_working(self, working: bool = True) -> None:
        """Say the analysis is being redone (it runs on a worker); the old one stays greyed."""
        self.working.setVisible(working)
        self.summary.setVisible(not working)
        for child in self.findChildren(QGroupBox):
            child.setEnabled(not working)

    def show_analysis(self, analysis: Analysis, table: ScoreTable,
                      sentences: tuple[str, ...] | None = None) -> None:
        """Redraw every part for a new analysis (``sentences``: its ``summary_sentences``
        when the worker wrote them already)."""
        if sentences is None:
            from slaselect.domain.analysis import summary_sentences  # brings scipy

            sentences = summary_sentences(analysis)
        self.show_working(False)
        let_go_later(self.analysis, self._table)  # a tender's analysis is large to free
        self.analysis = analysis
        self._table = table
        names = analysis.provider_names
        criteria = analysis.criterion_names
        self.summary.setText(" ".join(sentences))
        self._draw_win_chart(analysis)
        points = [p.sentence for p in analysis.tipping_points[:8]]
        self.tipping.setText(
            "\n\n".join(points) if points
            else "No single weight change within 0-100 % would change the winner.")
        rows = []
        for interval in analysis.stability:
            rival = interval.overtaken_below or interval.overtaken_above
            rows.append([
                criteria.get(interval.criterion, interval.criterion),
                f"{interval.weight_pct:.1f} %",
                f"{interval.low_pct:.1f} – {interval.high_pct:.1f} %",
                names.get(rival, "") if rival else "nobody",
            ])
        _fill(self.stability, rows, {1, 2})
        agenda = [
            [names.get(s.provider, s.provider), criteria.get(s.criterion, s.criterion),
             f"{s.lowest:.1f}", f"{s.highest:.1f}", f"{s.range:.1f}",
             "yes" if s.moderated else "not yet"]
            for s in analysis.disagreement[:AGENDA_ROWS]
        ]
        _fill(self.agenda, agenda, {2, 3, 4})
        hidden = len(analysis.disagreement) - len(agenda)
        self.agenda_more.setVisible(hidden > 0)
        self.agenda_more.setText(
            f"The {len(agenda)} widest disagreements are shown; {hidden:,} more are in the "
            "workbook's Disagreement sheet and in `slaselect analyse`." if hidden > 0 else "")
        offsets = [
            f"{c.name}: {c.mean_offset:+.2f} points against the consensus"
            for c in analysis.calibration
        ]
        self.calibration.setText(
            "Evaluator calibration (0-10 scale; + is more generous): " + "; ".join(offsets)
            if offsets else "")
        current = self.sweep_criterion.currentData()
        self.sweep_criterion.blockSignals(True)
        self.sweep_criterion.clear()
        for criterion in table.criteria:
            self.sweep_criterion.addItem(criterion.name, criterion.key)
        index = self.sweep_criterion.findData(current)
        self.sweep_criterion.setCurrentIndex(max(index, 0))
        self.sweep_criterion.blockSignals(False)
        # the sweep chart on the next turn of the event loop: the window paints the rest
        # first (a tender's tables and its sweep are each tens of milliseconds)
        self._sweep_later.start()

    def _draw_win_chart(self, analysis: Analysis) -> None:
        probabilities = sorted(analysis.monte_carlo.win_probability.items(),
                               key=lambda item: -item[1])
        title = f"Win probability over {analysis.monte_carlo.samples:,} scenarios"
        if len(probabilities) > CHART_PROVIDERS:
            probabilities = probabilities[:CHART_PROVIDERS]
            title += f"<br>(the {CHART_PROVIDERS} most likely winners)"  # two lines: no cut
        chart = plain_chart(title, self)
        colour = self.palette().text().color()
        bar_set = QBarSet("Wins")
        bar_set.setColor(QColor(PALETTE[0]))
        bar_set.setBorderColor(QColor(PALETTE[0]))  # no light outline on a dark theme
        bar_set.setLabelColor(colour)  # beside the bar, in the text colour: readable in both themes
        probabilities.reverse()  # horizontal bars draw bottom-up: the likeliest winner on top
        bar_set.append([100.0 * p for _, p in probabilities])
        series = QHorizontalBarSeries()
        series.append(bar_set)
        series.setLabelsVisible(True)
        series.setLabelsFormat("@value %")
        series.setLabelsPrecision(2)
        series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)
        chart.addSeries(series)
        chart.legend().setVisible(False)
        # names on the side axis get the room they need instead of "Aurelga…"
        axis_names = QBarCategoryAxis()
        axis_names.append([analysis.provider_names.get(k, k) for k, _ in probabilities])
        axis_share = QValueAxis()
        axis_share.setRange(0, 115)  # room for the label beside a 100 % bar
        axis_share.setTickType(QValueAxis.TickType.TicksDynamic)
        axis_share.setTickAnchor(0)
        axis_share.setTickInterval(25)
        axis_share.setLabelFormat("%.0f %%")
        axis_names.setLabelsColor(colour)
        axis_share.setLabelsColor(colour)
        chart.addAxis(axis_names, Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(axis_share, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_names)
        series.attachAxis(axis_share)
        self.win_chart.setMinimumHeight(max(220, 60 + 34 * len(probabilities)))
        self._replace_chart(self.win_chart, chart)

    def _criterion_selected(self) -> None:
        rows = self.stability.selectionModel().selectedRows()
        if rows:
            self.sweep_criterion.setCurrentIndex(rows[0].row())

    def _draw_sweep(self) -> None:
        table, analysis = self._table, self.analysis
        key = self.sweep_criterion.currentData()
        if table is None or analysis is None or key is None:
            return
        try:
            sweep = weight_sweep(table, str(key), points=51)
        except EvaluationError:
            return
        chart = plain_chart(f"Weighted totals as the weight of {self.sweep_criterion.currentText()}"
                       " varies (dashed: today's weight)", self)
        axis_x = QValueAxis()
        axis_x.setRange(0, 100)
        axis_x.setLabelFormat("%.0f %%")
        axis_y = QValueAxis()
        axis_y.setRange(0, 10)
        colour = self.palette().text().color()
        axis_x.setLabelsColor(colour)
        axis_y.setLabelsColor(colour)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        # the providers leading at today's weight, when there are too many lines to read
        today = int(np.argmin(np.abs(sweep.x_pct - sweep.weight_pct)))
        leaders = sorted(np.argsort(-sweep.totals[:, today], kind="stable")[:CHART_PROVIDERS])
        for number in leaders:
            provider = sweep.providers[number]
            line = QLineSeries()
            line.setName(analysis.provider_names.get(provider, provider))
            line.setColor(QColor(PALETTE[number % len(PALETTE)]))
            for x, total in zip(sweep.x_pct.tolist(), sweep.totals[number].tolist(),
                                strict=True):
                line.append(QPointF(x, total))
            chart.addSeries(line)
            line.attachAxis(axis_x)
            line.attachAxis(axis_y)
        marker = QLineSeries()
        marker.setName("today")
        pen = marker.pen()
        pen.setStyle(Qt.PenStyle.DashLine)
        pen.setColor(colour)
        marker.setPen(pen)
        marker.append(QPointF(sweep.weight_pct, 0))
        marker.append(QPointF(sweep.weight_pct, 10))
        chart.addSeries(marker)
        marker.attachAxis(axis_x)
        marker.attachAxis(axis_y)
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self._replace_chart(self.sweep_chart, chart)

    @staticmethod
    def _replace_chart(view: QChartView, chart: QChart) -> None:
        old = view.chart()
        view.setChart(chart)
        if old is not None:
            old.deleteLater()

