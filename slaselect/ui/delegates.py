"""Every item delegate of the app: how a table cell is drawn and which editor changes it.

Delegates only edit and paint: a value typed goes to the model's ``setData``, which hands it
to the page as a domain edit. Nothing here imports a page (an import-linter contract).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QRect,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QWidget,
)

from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import EvaluatorRole
from slaselect.domain.typed_values import score_step
from slaselect.domain.wording import format_number
from slaselect.ui.models.criteria import BAR_ROLE, CRITERION_ROLE
from slaselect.ui.models.scoring import ScoringModel
from slaselect.ui.models.terms import TermsModel
from slaselect.ui.term_editors import INLINE_TYPES, TermEditor, editor_for
from slaselect.ui.text import ROLE_WORDS
from slaselect.ui.widgets.number_edit import NumberEdit, number_text

Index = QModelIndex | QPersistentModelIndex


class SpreadsheetDelegate(QStyledItemDelegate):
    """Enter commits the cell and moves down a row, as in a spreadsheet; a refused value
    keeps the cell where it is (the page says why), Escape leaves it as it was.

    ``setModelData`` of a subclass sets ``accepted`` to False when the value was refused.
    """

    accepted = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent)
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and isinstance(watched, QWidget)):
            view = _view_of(watched)
            current = view.currentIndex() if view is not None else QModelIndex()
            self.accepted = True
            self.commitData.emit(watched)
            self.closeEditor.emit(watched, QAbstractItemDelegate.EndEditHint.NoHint)
            if self.accepted and view is not None and current.isValid():
                below = view.model().index(current.row() + 1, current.column())
                if below.isValid():
                    view.setCurrentIndex(below)
            return True
        return super().eventFilter(watched, event)


def _view_of(editor: QWidget) -> QAbstractItemView | None:
    """The table an in-cell editor belongs to (its viewport's parent)."""
    widget = editor.parentWidget()
    while widget is not None and not isinstance(widget, QAbstractItemView):
        widget = widget.parentWidget()
    return widget


class RowDelegate(SpreadsheetDelegate):
    """Gives rows a little air above and below the text."""

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(hint.width(), hint.height() + 8)


class WrappedNameDelegate(RowDelegate):
    """A tree's name column whose long names wrap onto more lines instead of ending in "…".

    QTreeView measures rows without the column's width, so the height is worked out here from
    the width the text really gets (the column less the indentation of its level).
    """

    def __init__(self, view: QTreeView, column: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._view = view
        self._column = column

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        hint = super().sizeHint(option, index)
        if index.column() != self._column:
            return hint
        depth, parent = 1, index.parent()
        while parent.isValid():
            depth, parent = depth + 1, parent.parent()
        width = self._view.columnWidth(self._column) - depth * self._view.indentation() - 12
        text = str(index.data() or "")
        if width <= 20 or not text:
            return hint
        metrics = option.fontMetrics
        bounds = metrics.boundingRect(QRect(0, 0, width, 10_000),
                                      int(Qt.TextFlag.TextWordWrap), text)
        return QSize(hint.width(), max(hint.height(), bounds.height() + 10))


class NumberDelegate(RowDelegate):
    """Edits a number cell with a spin box; an optional word at the bottom means "none"."""

    def __init__(
        self, minimum: float, maximum: float, *, decimals: int = 2, step: float = 1.0,
        none_text: str = "", parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._minimum = minimum
        self._maximum = maximum
        self._decimals = decimals  # kept for callers; the editor shows every digit typed
        self._step = step
        self._none_text = none_text

    def set_range(self, minimum: float, maximum: float, step: float) -> None:
        """Change the values the spin box offers (e.g. when the scoring scale changes)."""
        self._minimum, self._maximum, self._step = minimum, maximum, step

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> QWidget:
        editor = NumberEdit(parent, step=self._step)
        editor.minimum, editor.maximum = self._minimum, self._maximum
        editor.setFrame(False)
        editor.setPlaceholderText(self._none_text)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, NumberEdit):
            value = index.data(Qt.ItemDataRole.EditRole)
            editor.set_number(float(value) if isinstance(value, int | float) else None)
            editor.selectAll()

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        # The text goes as typed: the model reads and checks it, and says why when it refuses.
        if isinstance(editor, NumberEdit) and editor.touched:
            self.accepted = model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)


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


class PercentDelegate(SpreadsheetDelegate):
    """Edits a 0-100 % cell and shows it with its unit; ``refused`` says why a value is not
    kept (not a number, or outside 0-100 %)."""

    def __init__(self, decimals: int, parent: QWidget | None = None,
                 refused: Callable[[str], None] | None = None) -> None:
        super().__init__(parent)
        self._decimals = decimals
        self._refused = refused

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: Index,
    ) -> QWidget:
        editor = NumberEdit(parent, step=1.0)
        editor.minimum, editor.maximum = 0.0, 100.0
        editor.setFrame(False)
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, NumberEdit):
            value = index.data(Qt.ItemDataRole.EditRole)
            editor.set_number(float(value) if isinstance(value, int | float) else None)
            editor.selectAll()

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if not isinstance(editor, NumberEdit) or not editor.touched:
            return
        old = index.data(Qt.ItemDataRole.EditRole)
        kept = f"the cell stays {number_text(old)} %" if isinstance(old, int | float) else \
            "the cell stays empty"
        try:
            number = editor.number()
        except EvaluationError as error:
            self._refuse(f"{str(error).rstrip('.')}; {kept}.")
            return
        if number is None or not 0 <= number <= 100:
            shown = "An empty cell" if number is None else f"{number_text(number)} %"
            self._refuse(f"{shown} is not a share between 0 and 100 %; {kept}.")
            return
        model.setData(index, number, Qt.ItemDataRole.EditRole)

    def _refuse(self, sentence: str) -> None:
        self.accepted = False
        if self._refused is not None:
            self._refused(sentence)

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


class ScoreDelegate(SpreadsheetDelegate):
    """Edits a score cell as typed text; the page checks it against the scale and its steps
    and refuses it with a sentence (a cell holding 6: ``11`` stays 11 and is refused)."""

    def __init__(self, model: ScoringModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._model = model

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> QWidget:
        scale = self._model.grid.scale
        step = score_step(scale)
        editor = NumberEdit(parent, step=step)
        editor.minimum, editor.maximum = scale.min, scale.max
        editor.setFrame(False)
        editor.setPlaceholderText("not scored")
        editor.setToolTip(
            f"A score from {format_number(scale.min)} to {format_number(scale.max)} in steps "
            f"of {format_number(step)}; Enter saves and moves down, Escape cancels."
        )
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, NumberEdit):
            value = index.data(Qt.ItemDataRole.EditRole)
            editor.set_number(value if isinstance(value, int | float) else None)
            editor.selectAll()

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if isinstance(editor, NumberEdit) and editor.touched:
            self.accepted = model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)


class TermValueDelegate(SpreadsheetDelegate):
    """In-cell editors for simple term types; the value goes to the model's setData.

    ``currency`` gives the evaluation's currency for money editors; ``refused`` shows a value
    the editor cannot read (the page's in-place message), given the cell's row and column.
    """

    def __init__(self, model: TermsModel, currency: Callable[[], str],
                 refused: Callable[[int, int, str], None],
                 parent: QObject | None = None) -> None:
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
            self.accepted = False
            self._refused(index.row(), index.column(), str(error))
            return
        self.accepted = model.setData(index, value, Qt.ItemDataRole.EditRole)

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem,
                             index: Index) -> None:
        rect = option.rect
        hint = editor.sizeHint()
        width = max(rect.width(), min(hint.width(), 320))
        height = max(rect.height(), hint.height())
        editor.setGeometry(rect.x(), rect.y(), width, height)
