"""Small form widgets of the Overview page: spin boxes, clock field, tiles, table delegates."""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtGui import (
    QPalette,
    QResizeEvent,
    QValidator,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QDoubleSpinBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QScrollArea,
    QSpinBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from slaselect.domain.model import (
    CriterionKind,
    Evaluation,
    EvaluatorRole,
)
from slaselect.domain.wording import ROLE_WORDS, format_number
from slaselect.ui.widgets import RIGHT

# --------------------------------------------------------------------------- small widgets


def _settle(spin: QAbstractSpinBox) -> None:
    """One value per committed change, focus by click or tab, numbers right-aligned."""
    spin.setKeyboardTracking(False)
    spin.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    spin.setAlignment(RIGHT)


def _wheel_only_when_focused(spin: QAbstractSpinBox, event: QWheelEvent,
                             turn: Callable[[QWheelEvent], None]) -> None:
    """Scrolling the page must not change numbers: the wheel works only in a focused field."""
    if spin.hasFocus():
        turn(event)
    else:
        event.ignore()


class IntSpin(QSpinBox):
    """An integer field that saves once per committed value and ignores stray mouse wheels."""

    def __init__(self, low: int, high: int, suffix: str = "", prefix: str = "") -> None:
        super().__init__()
        self.setRange(low, high)
        self.setSuffix(suffix)
        self.setPrefix(prefix)
        _settle(self)

    def wheelEvent(self, event: QWheelEvent) -> None:
        _wheel_only_when_focused(self, event, super().wheelEvent)


class DecimalSpin(QDoubleSpinBox):
    """A decimal field that saves once per committed value and ignores stray mouse wheels."""

    def __init__(self, low: float, high: float, decimals: int = 2, suffix: str = "",
                 step: float = 1.0) -> None:
        super().__init__()
        self.setDecimals(decimals)
        self.setRange(low, high)
        self.setSuffix(suffix)
        self.setSingleStep(step)
        _settle(self)

    def wheelEvent(self, event: QWheelEvent) -> None:
        _wheel_only_when_focused(self, event, super().wheelEvent)

    def textFromValue(self, value: float) -> str:
        # The locale's own digits (so typing them back parses), without needless zeros.
        locale = self.locale()
        text = locale.toString(float(value), "f", self.decimals())
        point = locale.decimalPoint()
        if point in text:
            text = text.rstrip("0").rstrip(point)
        return text.replace(locale.groupSeparator(), "")


class ClockSpin(IntSpin):
    """A time of day as HH:MM, held as minutes after midnight (0-1440, 24:00 allowed)."""

    _PATTERN = re.compile(r"^\s*(\d{1,2})(?::(\d{0,2}))?\s*$")

    def __init__(self) -> None:
        super().__init__(0, 24 * 60)
        self.setSingleStep(30)
        self.setAlignment(RIGHT)

    def textFromValue(self, value: int) -> str:
        return f"{value // 60:02d}:{value % 60:02d}"

    def valueFromText(self, text: str) -> int:
        match = self._PATTERN.match(text)
        if not match:
            return self.value()
        hours = int(match.group(1))
        minutes = int(match.group(2) or 0)
        return min(24 * 60, hours * 60 + minutes)

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        return self._state(text), text, pos

    def _state(self, text: str) -> QValidator.State:
        if not text.strip():
            return QValidator.State.Intermediate
        match = self._PATTERN.match(text)
        if not match:
            return QValidator.State.Invalid
        hours = int(match.group(1))
        minutes = int(match.group(2)) if match.group(2) else 0
        if hours > 24 or minutes > 59 or (hours == 24 and minutes):
            return QValidator.State.Invalid
        return QValidator.State.Acceptable


class PercentDelegate(QStyledItemDelegate):
    """Edits a 0-100 % cell with a spin box and shows it with its unit."""

    def __init__(self, decimals: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._decimals = decimals

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        editor = QDoubleSpinBox(parent)
        editor.setRange(0.0, 100.0)
        editor.setDecimals(self._decimals)
        editor.setSuffix(" %")
        editor.setAlignment(RIGHT)
        editor.setFrame(False)
        return editor

    def displayText(self, value: object, locale: QLocale | QLocale.Language) -> str:
        if isinstance(value, int | float):
            return f"{format_number(float(value), self._decimals)} %"
        return str(value)


class RoleDelegate(QStyledItemDelegate):
    """Shows an evaluator's role in words and edits it with a drop-down list."""

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        combo = QComboBox(parent)
        for role, words in ROLE_WORDS.items():
            combo.addItem(words, role.value)
        return combo

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QComboBox):
            found = editor.findData(index.data(Qt.ItemDataRole.EditRole))
            editor.setCurrentIndex(max(found, 0))

    def setModelData(
        self, editor: QWidget, model: QAbstractItemModel,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)

    def displayText(self, value: object, locale: QLocale | QLocale.Language) -> str:
        try:
            return ROLE_WORDS[EvaluatorRole(str(value))]
        except ValueError:
            return str(value)


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
            QTimer.singleShot(0, self._fit)
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


def help_label(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # dimmed, in any palette
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def with_help(field: QWidget | QLayout, text: str) -> QWidget:
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


def plural(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def expected_scores(evaluation: Evaluation) -> tuple[int, int]:
    """Judgement scores entered and expected (providers x judgement criteria x evaluators)."""
    judgement = {c.key for c in evaluation.criteria if c.kind is CriterionKind.JUDGEMENT}
    providers = {p.key for p in evaluation.providers}
    evaluators = {e.key for e in evaluation.evaluators}
    entered = sum(
        1 for s in evaluation.scores
        if s.criterion in judgement and s.provider in providers and s.evaluator in evaluators
    )
    return entered, len(judgement) * len(providers) * len(evaluators)


# --------------------------------------------------------------------------- the page
