"""Every item delegate of the app: how a table cell is drawn and which editor changes it.

Delegates only edit and paint: a value typed goes to the model's ``setData``, which hands it
to the page as a domain edit. Nothing here imports a page (an import-linter contract).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDoubleSpinBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import EvaluatorRole
from slaselect.domain.wording import format_number
from slaselect.ui.models.criteria import BAR_ROLE, CRITERION_ROLE
from slaselect.ui.models.scoring import ScoringModel
from slaselect.ui.models.terms import TermsModel
from slaselect.ui.term_editors import INLINE_TYPES, TermEditor, editor_for
from slaselect.ui.text import ROLE_WORDS
from slaselect.ui.widgets.alignment import RIGHT
from slaselect.ui.widgets.spin_boxes import NumberSpinBox, ScoreSpinBox

Index = QModelIndex | QPersistentModelIndex


class RowDelegate(QStyledItemDelegate):
    """Gives rows a little air above and below the text."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width(), hint.height() + 8)


class NumberDelegate(RowDelegate):
    """Edits a number cell with a spin box; an optional word at the bottom means "none"."""

    def __init__(
        self, minimum: float, maximum: float, *, decimals: int = 2, step: float = 1.0,
        none_text: str = "", parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._minimum = minimum
        self._maximum = maximum
        self._decimals = decimals
        self._step = step
        self._none_text = none_text

    def set_range(self, minimum: float, maximum: float, step: float) -> None:
        """Change the values the spin box offers (e.g. when the scoring scale changes)."""
        self._minimum, self._maximum, self._step = minimum, maximum, step

    def _bottom(self) -> float:
        # With a "none" word the spin box goes one step below the range: that step reads "none".
        return self._minimum - self._step if self._none_text else self._minimum

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> QWidget:
        spin = NumberSpinBox(parent)
        spin.setDecimals(self._decimals)
        spin.setRange(self._bottom(), self._maximum)
        spin.setSingleStep(self._step)
        spin.setAlignment(RIGHT)
        spin.setFrame(False)
        spin.setButtonSymbols(QDoubleSpinBox.ButtonSymbols.NoButtons)  # arrows still step
        spin.setGroupSeparatorShown(True)
        if self._none_text:
            spin.setSpecialValueText(self._none_text)
        return spin

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QDoubleSpinBox):
            value = index.data(Qt.ItemDataRole.EditRole)
            editor.setValue(editor.minimum() if value is None else float(value))
            editor.selectAll()

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QDoubleSpinBox):
            editor.interpretText()
            value: float | None = editor.value()
            if self._none_text and value == editor.minimum():
                value = None
            model.setData(index, value, Qt.ItemDataRole.EditRole)


class ShareBarDelegate(RowDelegate):
    """Draws the share of the total weight as a bar in the palette's highlight colour."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        fraction = index.data(BAR_ROLE)
        if not fraction:
            return
        area = QRectF(opt.rect.adjusted(6, 0, -6, 0))
        height = max(6.0, round(area.height() * 0.5))
        rect = QRectF(area.left(), area.center().y() - height / 2,
                      max(2.0, area.width() * min(1.0, float(fraction))), height)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Highlight
        colour = QColor(opt.palette.color(role))
        if index.data(CRITERION_ROLE) is None:  # group subtotal: a lighter bar
            colour.setAlphaF(0.45)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(rect, 2.0, 2.0)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        return QSize(140, super().sizeHint(option, index).height())


class PercentDelegate(QStyledItemDelegate):
    """Edits a 0-100 % cell with a spin box and shows it with its unit."""

    def __init__(self, decimals: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._decimals = decimals

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: Index,
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
        self, parent: QWidget, option: QStyleOptionViewItem, index: Index,
    ) -> QWidget:
        combo = QComboBox(parent)
        for role, words in ROLE_WORDS.items():
            combo.addItem(words, role.value)
        return combo

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, QComboBox):
            found = editor.findData(index.data(Qt.ItemDataRole.EditRole))
            editor.setCurrentIndex(max(found, 0))

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, QComboBox):
            model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)

    def displayText(self, value: object, locale: QLocale | QLocale.Language) -> str:
        try:
            return ROLE_WORDS[EvaluatorRole(str(value))]
        except ValueError:
            return str(value)


class ScoreDelegate(QStyledItemDelegate):
    """Edits a score cell with a ``ScoreSpinBox`` bounded by the evaluation scale."""

    def __init__(self, model: ScoringModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._model = model

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> QWidget:
        editor = ScoreSpinBox(parent)
        scale = self._model.grid.scale
        editor.set_scale(scale.min, scale.max)
        editor.setToolTip(
            f"A score from {format_number(scale.min)} to {format_number(scale.max)} in steps "
            "of 0.5; Enter saves, Escape cancels."
        )
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, ScoreSpinBox):
            value = index.data(Qt.ItemDataRole.EditRole)
            editor.set_score(value if isinstance(value, int | float) else None)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if not isinstance(editor, ScoreSpinBox):
            return
        editor.interpretText()
        if editor.touched:
            model.setData(index, editor.score(), Qt.ItemDataRole.EditRole)


class TermValueDelegate(QStyledItemDelegate):
    """In-cell editors for simple term types; the value goes to the model's setData.

    ``currency`` gives the evaluation's currency for money editors; ``refused`` shows a value
    the editor cannot read (the page's in-place message).
    """

    def __init__(self, model: TermsModel, currency: Callable[[], str],
                 refused: Callable[[str], None], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._currency = currency
        self._refused = refused

    def createEditor(  # type: ignore[override]  # None: no in-cell editor (Qt allows it)
        self, parent: QWidget, option: QStyleOptionViewItem, index: Index,
    ) -> QWidget | None:
        term = self._model.term_at(index.row())
        if term is None or term.type not in INLINE_TYPES:
            return None
        editor = editor_for(term, self._currency(), parent=parent)
        editor.setAutoFillBackground(True)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, TermEditor):
            cell = self._model.cell_at(index.row(), index.column())
            editor.set_value(cell.value if cell is not None else None)

    def setModelData(self, editor: QWidget, model: Any, index: Index) -> None:
        if not isinstance(editor, TermEditor):
            return
        try:
            value = editor.value()
        except EvaluationError as error:
            self._refused(str(error))
            return
        model.setData(index, value, Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem,
                             index: Index) -> None:
        rect = option.rect
        hint = editor.sizeHint()
        width = max(rect.width(), min(hint.width(), 320))
        height = max(rect.height(), hint.height())
        editor.setGeometry(rect.x(), rect.y(), width, height)
