"""Trend charts of the Service page (QtCharts): uptime against the guarantee, attainment."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from PySide6.QtCharts import QCategoryAxis, QChart, QChartView, QLineSeries, QValueAxis
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QResizeEvent
from PySide6.QtWidgets import QWidget

from slaselect.domain.service.report import MonthAssessment
from slaselect.ui.charts import PALETTE, plain_chart
from slaselect.ui.pages.service.months import month_attainment

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _short(key: str, first: bool = False) -> str:
    """``2027-03`` as ``Mar``; January and the first label also show the year: ``Jan 27``."""
    month = int(key[5:7])
    return _MONTHS[month - 1] + (f" {key[2:4]}" if month == 1 or first else "")


def label_step(months: Sequence[str], room: float, width: Callable[[str], float]) -> int:
    """Label every n-th month so that no label is cut short in ``room`` pixels.

    Labels sit ``room / len(months) * n`` apart, so they fit when that is at least the widest
    label (``width`` measures one) plus a gap. Steps are 1, 2, 3, 4, 6 or 12 months.
    """
    for step in (1, 2, 3, 4, 6, 12):
        widest = max((width(text) for _, text in month_labels(months, step)), default=0.0)
        if room / max(1, len(months)) * step >= widest + 10:
            return step
    return 12


def month_labels(months: Sequence[str], step: int) -> list[tuple[int, str]]:
    """(position, label) of the months to label: every ``step``-th from the first."""
    if len(months) <= 6 and step == 1:
        return list(enumerate(months))
    return [(k, _short(months[k], first=k == 0)) for k in range(0, len(months), step)]


class TrendChart(QChartView):
    """Lines over the months shown, with an optional dashed target line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(200)
        self.series: list[QLineSeries] = []
        self.months: list[str] = []
        self.step = 1
        self._axis: QCategoryAxis | None = None

    def _step_for_width(self) -> int:
        metrics = self.fontMetrics()
        room = max(1.0, self.width() - 90.0)  # the y axis labels and margins take the rest
        return label_step(self.months, room, metrics.horizontalAdvance)

    def _label_axis(self, axis: QCategoryAxis) -> None:
        for label in list(axis.categoriesLabels()):
            axis.remove(label)
        self.step = self._step_for_width()
        for position, label in month_labels(self.months, self.step):
            axis.append(label, position)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        """Fewer month labels when narrow, more when wide: never cut short."""
        super().resizeEvent(event)
        if self._axis is not None and self.months and self._step_for_width() != self.step:
            self._label_axis(self._axis)

    def draw(self, title: str, months: Sequence[str],
             lines: Sequence[tuple[str, Sequence[float | None]]],
             target: tuple[str, float] | None, low: float, high: float) -> None:
        """Redraw: ``lines`` are (name, value per month), None where nothing was measured."""
        chart = plain_chart(title, self)
        text = self.palette().text().color()
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        axis_x = QCategoryAxis()
        axis_x.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
        axis_x.setRange(-0.3, max(0.3, len(months) - 0.7))
        self.months = list(months)
        self._label_axis(axis_x)
        self._axis = axis_x
        axis_x.setLabelsColor(text)
        axis_y = QValueAxis()
        axis_y.setRange(low, high)
        # ticks on round numbers counted down from 100 %: 100.00, 99.95, 99.90 …
        axis_y.setTickType(QValueAxis.TickType.TicksDynamic)
        axis_y.setTickAnchor(100.0)
        axis_y.setTickInterval(nice_step((high - low) / 5))
        axis_y.setLabelFormat("%.2f" if high - low < 2 else "%.0f")
        axis_y.setLabelsColor(text)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        self.series = []
        for n, (name, values) in enumerate(lines):
            series = QLineSeries()
            series.setName(name)
            series.setPointsVisible(True)
            pen = QPen(QColor(PALETTE[n % len(PALETTE)]))
            pen.setWidthF(2.0)
            series.setPen(pen)
            for k, value in enumerate(values):
                if value is not None:
                    series.append(QPointF(k, min(max(value, low), high)))
            self._add(chart, series, axis_x, axis_y)
        if target is not None and months:
            name, value = target
            line = QLineSeries()
            line.setName(name)
            pen = QPen(QColor("#C0392B"))
            pen.setStyle(Qt.PenStyle.DashLine)
            pen.setWidthF(1.5)
            line.setPen(pen)
            line.append(QPointF(-0.3, value))
            line.append(QPointF(len(months) - 0.7, value))
            self._add(chart, line, axis_x, axis_y)
        old = self.chart()
        self.setChart(chart)
        if old is not None:
            old.deleteLater()

    def _add(self, chart: QChart, series: QLineSeries, x: QCategoryAxis, y: QValueAxis) -> None:
        chart.addSeries(series)
        series.attachAxis(x)
        series.attachAxis(y)
        self.series.append(series)


def nice_step(rough: float) -> float:
    """A round tick interval near ``rough``: 1, 2, 2.5 or 5 times a power of ten."""
    if rough <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(rough))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= rough)


def uptime_range(values: Sequence[float | None], guarantee: float | None) -> tuple[float, float]:
    """A y range that shows both the months and the guarantee with a little room."""
    known = [v for v in values if v is not None] + ([guarantee] if guarantee is not None else [])
    if not known:
        return 95.0, 100.0
    low = min(known)
    span = max(0.2, 100.0 - low)
    return max(0.0, low - span * 0.25), 100.0 + span * 0.05


def draw_uptime(chart: TrendChart, months: Sequence[MonthAssessment],
                guarantee: float | None) -> None:
    """Uptime per month with the guarantee line."""
    values = [m.availability.uptime_pct for m in months]
    low, high = uptime_range(values, guarantee)
    chart.draw("Uptime per month (%)", [m.key for m in months], [("Uptime", values)],
               None if guarantee is None else (f"Guarantee {guarantee:g} %", guarantee),
               low, high)


def draw_attainment(chart: TrendChart, months: Sequence[MonthAssessment]) -> None:
    """Response and resolution attainment per month, all priorities pooled (the months
    table has them per priority: a P1 line would join months months apart)."""
    lines: list[tuple[str, Sequence[float | None]]] = [
        ("Response targets met", [month_attainment(m, "response", None) for m in months]),
        ("Resolution targets met", [month_attainment(m, "resolution", None) for m in months]),
    ]
    known = [v for _, values in lines for v in values if v is not None]
    low = min(known, default=80.0)
    chart.draw("Targets met per month (%)", [m.key for m in months], lines, None,
               max(0.0, min(80.0, low - 5.0)), 101.0)
