"""Form pieces of the Overview page: status tiles, the scrolling form, help under fields."""

from __future__ import annotations

import weakref
from collections import Counter
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from slaselect.domain.model import CriterionKind, Evaluation
from slaselect.ui.widgets import help_label


class Tile(QFrame):
    """One figure of the status line: a value in large type over a caption."""

    def __init__(self, caption: str, tip: str) -> None:
        super().__init__()
        self.setObjectName("StatusTile")
        self.setStyleSheet(
            "#StatusTile { border: 1px solid palette(mid); border-radius: 6px; "
            "background: palette(base); }"
        )
        self.value = QLabel("—")
        self.value.setTextFormat(Qt.TextFormat.PlainText)
        font = self.value.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.value.setFont(font)
        self.caption = QLabel(caption)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        self.caption.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(2)
        layout.addWidget(self.value)
        layout.addWidget(self.caption)
        self.setToolTip(tip)

    def show_value(self, value: str, caption: str | None = None) -> None:
        """Show a new value (and caption)."""
        self.value.setText(value)
        if caption is not None:
            self.caption.setText(caption)


class FormScroll(QScrollArea):
    """A scroll area whose content is never squeezed below the height its wrapped text needs.

    QScrollArea sizes its widget from ``minimumSizeHint``, which ignores height-for-width, so
    word-wrapped help lines would overlap the rows below them in a narrow or changed layout.
    """

    def __init__(self) -> None:
        super().__init__()
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)

    def setWidget(self, widget: QWidget) -> None:
        super().setWidget(widget)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            QTimer.singleShot(0, self, self._fit)  # dropped if the area is deleted first
        return super().eventFilter(watched, event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        widget = self.widget()
        layout = widget.layout() if widget is not None else None
        if widget is None or layout is None:
            return
        width = self.viewport().width()
        if layout.hasHeightForWidth():
            needed = layout.totalHeightForWidth(width)
        else:
            needed = layout.totalMinimumSize().height()
        if widget.minimumHeight() != needed:
            widget.setMinimumHeight(needed)


def with_help(field: QWidget | QLayout, text: str) -> QWidget:
    """A field with its dimmed help line underneath."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 4)
    layout.setSpacing(2)
    if isinstance(field, QWidget):
        layout.addWidget(field)
    else:
        layout.addLayout(field)
    layout.addWidget(help_label(text))
    return box


def form_row(*widgets: QWidget | str, stretch: bool = True) -> QHBoxLayout:
    """Widgets (or words) side by side in one form row."""
    layout = QHBoxLayout()
    layout.setSpacing(8)
    for widget in widgets:
        if isinstance(widget, str):
            label = QLabel(widget)
            layout.addWidget(label)
        else:
            layout.addWidget(widget)
    if stretch:
        layout.addStretch(1)
    return layout


@dataclass(frozen=True)
class ScoreCounts:
    """Judgement scores entered (in all and per evaluator) and expected."""

    entered: int
    expected: int
    by_evaluator: Counter[str]


_last_counted: tuple[weakref.ref[Evaluation], ScoreCounts] | None = None
"""The last evaluation counted, held weakly: a closed project's two million scores are not
kept alive by it, nor freed by the next count (on a worker, holding the interpreter for a
tenth of a second while the window waited)."""


def score_counts(evaluation: Evaluation) -> ScoreCounts:
    """Scores entered and expected (providers x judgement criteria x evaluators), one pass.

    The status tiles and the team table both ask after every change: the second asks for
    the same evaluation and gets the same counts without another pass over every score.
    """
    global _last_counted
    if _last_counted is not None and _last_counted[0]() is evaluation:
        return _last_counted[1]
    index = evaluation.score_index  # the scores' columns: one numpy pass, not one per score
    judged = np.array([c.kind is CriterionKind.JUDGEMENT for c in evaluation.criteria] + [False])
    counted = (index.provider >= 0) & (index.evaluator >= 0) & judged[index.criterion]
    tally = np.bincount(index.evaluator[counted], minlength=len(index.evaluators)).tolist()
    by_evaluator: Counter[str] = Counter(
        {key: n for key, n in zip(index.evaluators, tally, strict=True) if n})
    counts = ScoreCounts(sum(by_evaluator.values()),
                         int(judged.sum()) * len(index.providers) * len(index.evaluators),
                         by_evaluator)
    _last_counted = (weakref.ref(evaluation), counts)
    return counts


def expected_scores(evaluation: Evaluation) -> tuple[int, int]:
    """Judgement scores entered and expected (providers x judgement criteria x evaluators)."""
    counts = score_counts(evaluation)
    return counts.entered, counts.expected


# --------------------------------------------------------------------------- the page
