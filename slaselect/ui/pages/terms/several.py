"""Several cells of the Terms grid at once: copy, paste and clear as one change.

A paste or a clear of several cells is one user action, so it is saved as one ``BatchEdit``:
one undo step, one audit row listing every value (old -> new) and, when it touches an older
round, one reason asked once for the whole batch. Nothing is half-written: when one pasted
value does not fit its term, the sentence names it and no cell changes.
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QMimeData, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QApplication

from slaselect.domain.edits import BatchEdit, Edit, SetAskValue, SetTermValue, SetWalkAwayValue
from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import Term, TermType
from slaselect.domain.term_values import checked_term_value, term_value_warnings
from slaselect.domain.typed_values import read_typed_number
from slaselect.domain.wording import plural
from slaselect.ui.models.terms import WALK_AWAY_TARGET, Column
from slaselect.ui.text import term_value_text

AnyIndex = QModelIndex | QPersistentModelIndex

TERM_VALUES_MIME = "application/x-slaselect-term-values"
"""Clipboard format of copied cells: their values in saved form, so any term type pastes."""

_NUMBER_TYPES = (TermType.PERCENT, TermType.NUMBER, TermType.MONEY)
_MARKS = "%$€£¥"


def text_as_value(term: Term, text: str) -> Any:
    """A value pasted as text from another program; EvaluationError when it cannot be read.

    Numbers, percentages and amounts read as typed ("99.95 %", "12,400"); one-line text as it
    is; an empty cell clears. Other kinds are copied within the app (or typed in the cell).
    """
    bare = text.strip()
    if not bare:
        return None
    if term.type in _NUMBER_TYPES:
        words = bare.strip(_MARKS + " ")
        for code in ("USD", "EUR", "GBP"):
            words = words.removeprefix(code).removesuffix(code).strip()
        try:
            return read_typed_number(words)
        except EvaluationError as error:
            raise EvaluationError(f"{term.name}: {error}") from None
    if term.type is TermType.TEXT:
        return bare
    raise EvaluationError(
        f"{term.name} cannot be pasted as text; copy it from another round in this app, or "
        "type it in its cell.")


class SeveralCells:
    """The several-cell half of ``TermsPage``: copy, paste and clear a block of cells."""

    # ------------------------------------------------------------------ which cells

    def _selected_cells(self) -> list[QModelIndex]:
        """The selected value cells (ask, walk-away or a round), top to bottom, left to right."""
        cells = [index for index in self.table.selectionModel().selectedIndexes()
                 if index.column() >= Column.ASK and self.model.term_at(index.row()) is not None
                 and not self.table.isRowHidden(index.row())]
        return sorted(cells, key=lambda index: (index.row(), index.column()))

    def _visible_rows_from(self, row: int, count: int) -> list[int]:
        """``count`` term rows going down from ``row``, skipping headings and hidden rows."""
        rows: list[int] = []
        while row < self.model.rowCount() and len(rows) < count:
            if self.model.term_at(row) is not None and not self.table.isRowHidden(row):
                rows.append(row)
            row += 1
        return rows

    # ------------------------------------------------------------------ copy

    def copy_cells(self) -> int:
        """Copy the selected cells (values for pasting here, text for other programs)."""
        cells = self._selected_cells()
        if not cells:
            return 0
        currency = self.session.evaluation.currency
        rows: dict[int, list[QModelIndex]] = {}
        for index in cells:
            rows.setdefault(index.row(), []).append(index)
        values, lines = [], []
        for row_cells in rows.values():
            term = self.model.term_at(row_cells[0].row())
            assert term is not None
            row_values = []
            for index in row_cells:
                cell = self.model.cell_at(index.row(), index.column())
                row_values.append(cell.value if cell is not None else None)
            values.append(row_values)
            lines.append("\t".join("" if value is None else term_value_text(term, value, currency)
                                   for value in row_values))
        data = QMimeData()
        data.setText("\n".join(lines))
        data.setData(TERM_VALUES_MIME, json.dumps(values, default=str).encode("utf-8"))
        QApplication.clipboard().setMimeData(data)
        self.message.show_info(f"Copied {plural(len(cells), 'value')}.")
        return len(cells)

    # ------------------------------------------------------------------ paste and clear

    def paste_cells(self) -> bool:
        """Paste the clipboard's block at the current cell as one change; True when saved."""
        start = self.table.currentIndex()
        if self.session.read_only or not start.isValid() or start.column() < Column.ASK:
            self.message.show_error("Select the cell to paste into first (a round or your ask).")
            return False
        data = QApplication.clipboard().mimeData()
        block: list[list[Any]]
        as_text = False
        if data is not None and data.hasFormat(TERM_VALUES_MIME):
            block = json.loads(bytes(data.data(TERM_VALUES_MIME).data()).decode("utf-8"))
        elif data is not None and data.hasText() and data.text().strip("\n"):
            block = [line.split("\t") for line in data.text().strip("\n").split("\n")]
            as_text = True
        else:
            self.message.show_error("There is nothing to paste: copy some cells first.")
            return False
        rows = self._visible_rows_from(start.row(), len(block))
        if len(rows) < len(block):
            self.message.show_error(
                f"The {plural(len(block), 'copied row')} do not fit below this cell; nothing "
                "was pasted.")
            return False
        targets: list[tuple[QModelIndex, Any]] = []
        for row, values in zip(rows, block, strict=True):
            for offset, value in enumerate(values):
                index = self.model.index(row, start.column() + offset)
                if not index.isValid():
                    self.message.show_error(
                        "The copied cells run past the last round; nothing was pasted.")
                    return False
                targets.append((index, value))
        try:
            changes = [(index, self._pasted_value(index, value, as_text))
                       for index, value in targets]
        except EvaluationError as error:
            self.message.show_error(f"{str(error).rstrip('.')}; nothing was pasted.")
            return False
        return self._save_several(changes, "Paste")

    def clear_cells(self) -> bool:
        """Clear every selected cell as one change; True when something was cleared."""
        cells = [index for index in self._selected_cells()
                 if self.model.flags(index) & Qt.ItemFlag.ItemIsEditable]
        return self._save_several([(index, None) for index in cells], "Clear")

    def _pasted_value(self, index: QModelIndex, value: Any, as_text: bool) -> Any:
        term = self.model.term_at(index.row())
        assert term is not None
        if not self.model.flags(index) & Qt.ItemFlag.ItemIsEditable:
            raise EvaluationError(f"{term.name} cannot be changed in this column.")
        if as_text:
            value = text_as_value(term, str(value))
        return checked_term_value(term, value)

    def _edit_for(self, term: Term, number: int | None, value: Any) -> Edit | None:
        """The edit setting one cell, None when the cell already holds the value."""
        evaluation = self.session.evaluation
        if number is None:
            return None if evaluation.ask.get(term.key) == value \
                else SetAskValue(term.key, value)
        if number == WALK_AWAY_TARGET:
            return None if evaluation.walk_away.get(term.key) == value \
                else SetWalkAwayValue(term.key, value)
        provider = self._provider_key
        assert provider is not None
        target = next(r for r in evaluation.rounds_of(provider) if r.number == number)
        if term.key in target.values:
            return None if target.values[term.key] == value \
                else SetTermValue(provider, number, term.key, value)
        carried = evaluation.terms_at(provider, number).get(term.key)
        return None if value is None or value == carried \
            else SetTermValue(provider, number, term.key, value)

    def _save_several(self, changes: list[tuple[QModelIndex, Any]], verb: str) -> bool:
        """Save several cells as one edit, asking once for a reason when an older round
        changes; refusals and warnings are shown in place."""
        edits: list[Edit] = []
        warnings: list[str] = []
        older = []
        latest = self._latest()
        for index, value in changes:
            term = self.model.term_at(index.row())
            assert term is not None
            number = self.model.target_number(index.column())
            edit = self._edit_for(term, number, value)
            if edit is None:
                continue
            edits.append(edit)
            warnings.extend(term_value_warnings(term, value) if value is not None else ())
            shown = self.model.round_at(index.column())
            if shown is not None and latest is not None and shown != latest \
                    and shown not in older:
                older.append(shown)
        if not edits:
            self.message.show_info("Nothing changed: the cells already hold these values.")
            return False
        if len(edits) == 1:  # one cell: the usual single change
            label = ""
        else:
            where = (f" in round {older[0].number}" if len(older) == 1 else "")
            label = f"{verb} {len(edits)} term values{where}"
        reason = ""
        if older:
            reason = self._ask_reason(older[0])
            if not reason:
                return False
        edit: Edit = edits[0] if not label else BatchEdit(tuple(edits), label)
        if not self.edit(edit, reason=reason):
            return False
        done = f"{label}." if label else "Saved."
        self.message.show_info(" ".join([done, *warnings]) if warnings else
                               f"{done} Edit > Undo takes {'them' if label else 'it'} back.")
        return True
