"""The Scoring page's grid view and the splitter that fits it to its rows."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QFrame,
    QLabel,
    QScrollArea,
    QSplitter,
    QTableView,
)


class ScoreTable(QTableView):
    """The grid view: Enter starts editing the current cell (as F2 does)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        current = self.currentIndex()
        if (enter and self.state() != QAbstractItemView.State.EditingState
                and current.isValid() and current.flags() & Qt.ItemFlag.ItemIsEditable):
            self.edit(current)
            event.accept()
            return
        super().keyPressEvent(event)

    def finish_editing(self) -> None:
        """Commit and close the cell editor, if one is open (before the grid changes view)."""
        editor = self.indexWidget(self.currentIndex())
        if self.state() == QAbstractItemView.State.EditingState and editor is not None:
            self.commitData(editor)
            self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)


class FittingSplitter(QSplitter):
    """A splitter that lets the page re-divide it after each resize."""

    after_resize: Callable[[], None] | None = None

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.after_resize is not None:
            self.after_resize()


def scrolling(label: QLabel) -> QScrollArea:
    """A frameless scroll area around a long label, scrolling only up and down."""
    area = QScrollArea()
    area.setWidget(label)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.viewport().setAutoFillBackground(False)
    label.setAutoFillBackground(False)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area
