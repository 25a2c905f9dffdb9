"""The terms grid view: Enter or F2 edits a cell, Delete clears it, older rounds ask first;
Ctrl+C and Ctrl+V copy and paste a block of cells."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QTableView

from slaselect.ui.term_editors import INLINE_TYPES

if TYPE_CHECKING:
    from slaselect.ui.pages.terms.page import TermsPage

AnyIndex = QModelIndex | QPersistentModelIndex


class TermTable(QTableView):
    """The terms grid: Enter or F2 edits a cell, Delete clears it, older rounds ask first."""

    def __init__(self, page: TermsPage) -> None:
        super().__init__(page)
        self._page = page

    def _would_edit(self, index: AnyIndex, trigger: QAbstractItemView.EditTrigger) -> bool:
        if not index.isValid() or self.state() == QAbstractItemView.State.EditingState:
            return False
        if not index.flags() & Qt.ItemFlag.ItemIsEditable:
            return False
        every = QAbstractItemView.EditTrigger.AllEditTriggers
        return trigger == every or bool(trigger & self.editTriggers())

    def edit(self, index: AnyIndex,  # type: ignore[override]
             trigger: QAbstractItemView.EditTrigger = QAbstractItemView.EditTrigger
             .AllEditTriggers, event: QEvent | None = None) -> bool:
        """Start editing: ask first for an older round; complex types open a dialog."""
        if not self._would_edit(index, trigger):
            return super().edit(index, trigger, event)  # type: ignore[arg-type]
        if not self._page.prepare_edit(index):
            return False
        term = self._page.model.term_at(index.row())
        if term is not None and term.type not in INLINE_TYPES:
            self._page.edit_in_dialog(index)
            return False
        return super().edit(index, trigger, event)  # type: ignore[arg-type]

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """Enter edits the current cell; Delete clears the selected cells; copy and paste."""
        if self.state() != QAbstractItemView.State.EditingState:
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
                self.edit(self.currentIndex(), QAbstractItemView.EditTrigger.EditKeyPressed,
                          event)
                return
            several = len(self._page._selected_cells()) > 1
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.currentIndex().isValid():
                if several:  # one change, one undo step, one reason for an older round
                    self._page.clear_cells()
                else:
                    self._page.clear_cell(self.currentIndex())
                return
            if event.matches(QKeySequence.StandardKey.Copy):
                self._page.copy_cells()
                return
            if event.matches(QKeySequence.StandardKey.Paste):
                self._page.paste_cells()
                return
        super().keyPressEvent(event)
