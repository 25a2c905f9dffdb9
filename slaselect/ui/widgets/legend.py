"""A colour legend row and a row-height fitter, shared by the grids of terms."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QHBoxLayout, QLabel, QTableView, QWidget

from slaselect.ui.widgets.flow import FlowLayout


def _swatch(colour: QColor | None, icon: QIcon | None = None) -> QLabel:
    """A 14 px sample of a tint (or an icon) for a legend."""
    pixmap = QPixmap(14, 14)
    pixmap.fill(Qt.GlobalColor.transparent)
    if icon is not None:
        pixmap = icon.pixmap(14, 14)
    elif colour is not None:
        painter = QPainter(pixmap)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(0, 0, 14, 14, 3, 3)
        painter.end()
    label = QLabel()
    label.setPixmap(pixmap)
    return label


def legend_row(items: list[tuple[QColor | QIcon | None, str]]) -> QWidget:
    """A legend: a sample and a few words for each mark the grid uses (wraps when narrow)."""
    widget = QWidget()
    layout = FlowLayout(widget, spacing=16)
    for mark, words in items:
        entry = QWidget()
        row = QHBoxLayout(entry)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(4)
        if isinstance(mark, QIcon):
            row.addWidget(_swatch(None, mark))
        elif isinstance(mark, QColor):
            row.addWidget(_swatch(mark))
        text = QLabel(words)
        text.setTextFormat(Qt.TextFormat.PlainText)
        if mark is None:
            font = text.font()
            font.setItalic(True)
            text.setFont(font)
            text.setEnabled(False)
        row.addWidget(text)
        layout.addWidget(entry)
    return widget


class RowHeightFitter(QObject):
    """Keeps a word-wrapping table's rows as tall as their text, cheaply.

    Qt's ResizeToContents mode re-measures every row on any change; this fits only the rows
    whose data changed, and all rows (once, on the next event-loop turn) after a reset, a
    filter change or a column resize.
    """

    MEASURED_COLUMNS = 24
    """A row's height is measured on the columns on screen and a few beside them, up to this
    many, not on all 200 providers of a tender (that took half a second per fit)."""

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self._view = view
        view.verticalHeader().setResizeContentsPrecision(self.MEASURED_COLUMNS)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(view.resizeRowsToContents)
        model = view.model()
        model.dataChanged.connect(self._fit_changed)
        for signal in (model.modelReset, model.rowsInserted, model.layoutChanged):
            signal.connect(self.schedule)
        view.horizontalHeader().sectionResized.connect(self.schedule)

    def schedule(self, *_args: object) -> None:
        """Fit every row on the next event-loop turn."""
        self._timer.start()

    def _fit_changed(self, top_left: QModelIndex, bottom_right: QModelIndex,
                     *_roles: object) -> None:
        if self._timer.isActive():
            return
        for row in range(top_left.row(), bottom_right.row() + 1):
            self._view.resizeRowToContents(row)
