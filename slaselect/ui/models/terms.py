"""One provider's terms across its negotiation rounds, next to the buyer's ask, as a table.

``TermsModel`` only shows the grid ``models.term_rounds.build_term_grid`` works out (what each
round says about each term); an edit typed into a cell is handed to a ``commit`` callback (the
page), which checks it, asks what must be asked and applies the edit, and says whether it
went through.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QFont, QPalette
from PySide6.QtWidgets import QApplication

from slaselect.domain.direction import BETTER, WORSE
from slaselect.domain.model import Round, Term
from slaselect.ui.models.comparison import NUMERIC_TYPES
from slaselect.ui.models.marks import (
    BETTER_BRUSH,
    CHANGED_BRUSH,
    FAILURE_BRUSH,
    HEADER_BRUSH,
    WORSE_BRUSH,
    must_have_icon,
)
from slaselect.ui.models.term_rounds import AskCell, RoundCell, TermGrid, TermLine, round_title
from slaselect.ui.widgets import LEFT, RIGHT

AnyIndex = QModelIndex | QPersistentModelIndex

TermRole = Qt.ItemDataRole.UserRole + 1
"""Custom role: the row's domain ``Term`` (None on a category header row)."""
CellRole = Qt.ItemDataRole.UserRole + 2
"""Custom role: the ``AskCell`` or ``RoundCell`` of the index (None elsewhere)."""
RoundRole = Qt.ItemDataRole.UserRole + 3
"""Custom role: the domain ``Round`` of a round column (None elsewhere)."""
IsHeaderRole = Qt.ItemDataRole.UserRole + 4
"""Custom role: True on a category header row."""

VERDICT_WORDS = {BETTER: "better for you", WORSE: "worse for you", "changed": "changed"}


class Column(IntEnum):
    """The fixed columns; one column per round follows from ``FIRST_ROUND``."""

    TERM = 0
    ASK = 1
    WALK_AWAY = 2
    FIRST_ROUND = 3


WALK_AWAY_TARGET = -1
"""The round number the commit callback gets for the walk-away column (None is the ask)."""


Commit = Callable[[Term, "int | None", Any], bool]
"""The page's callback: (term, round number, None for the ask or ``WALK_AWAY_TARGET``, value)
-> applied?"""


class TermsModel(QAbstractTableModel):
    """A ``TermGrid`` as a table: term, buyer's ask, then one column per round."""

    def __init__(self, commit: Commit | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._grid = TermGrid(None, (), ())
        self._commit = commit
        self._editable = True
        # Built once: calling Qt setters inside data() is both slow and, with some PySide
        # builds, a slow leak; fonts and brushes are shared instead.
        self._bold = QFont()
        self._bold.setBold(True)
        self._italic = QFont()
        self._italic.setItalic(True)
        self._bold_italic = QFont(self._bold)
        self._bold_italic.setItalic(True)
        self._faded = self._faded_brush()

    @staticmethod
    def _faded_brush() -> QBrush:
        """The theme's text colour, faded: readable on light and dark palettes."""
        palette = QApplication.palette() if QApplication.instance() else QPalette()
        faded = palette.color(QPalette.ColorGroup.Active, QPalette.ColorRole.Text)
        faded.setAlpha(150)
        return QBrush(faded)

    # ------------------------------------------------------------------ contents

    def set_grid(self, grid: TermGrid, *, editable: bool = True) -> None:
        """Show a grid: a targeted update when rows and rounds stay the same, else a reset."""
        old = self._grid
        same_shape = (
            (old.provider.key if old.provider else None)
            == (grid.provider.key if grid.provider else None)
            and [r.number for r in old.rounds] == [r.number for r in grid.rounds]
            and [(line.category, line.term) for line in old.lines]
            == [(line.category, line.term) for line in grid.lines]
            and editable == self._editable
        )
        if not same_shape:
            self.beginResetModel()
            self._grid, self._editable = grid, editable
            self._faded = self._faded_brush()
            self.endResetModel()
            return
        self._grid = grid
        if [round_title(r) for r in old.rounds] != [round_title(r) for r in grid.rounds]:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        for number, (before, after) in enumerate(zip(old.lines, grid.lines, strict=True)):
            if before != after:
                self.dataChanged.emit(self.index(number, 0),
                                      self.index(number, self.columnCount() - 1))

    @property
    def grid(self) -> TermGrid:
        """The grid shown."""
        return self._grid

    def is_header(self, row: int) -> bool:
        """True when the row is a category header."""
        return 0 <= row < len(self._grid.lines) and self._grid.lines[row].term is None

    def term_at(self, row: int) -> Term | None:
        """The term on a row (None for a category header or out of range)."""
        return self._grid.lines[row].term if 0 <= row < len(self._grid.lines) else None

    def cell_at(self, row: int, column: int) -> AskCell | RoundCell | None:
        """The ask or round cell at a position (None for the term column and headers)."""
        if not 0 <= row < len(self._grid.lines):
            return None
        line = self._grid.lines[row]
        if column == Column.ASK:
            return line.ask
        if column == Column.WALK_AWAY:
            return line.walk_away
        position = column - Column.FIRST_ROUND
        return line.cells[position] if 0 <= position < len(line.cells) else None

    def row_of(self, term_key: str) -> int:
        """The row of a term; -1 when absent."""
        for number, line in enumerate(self._grid.lines):
            if line.term is not None and line.term.key == term_key:
                return number
        return -1

    def column_of(self, round_number: int | None) -> int:
        """The column of a round (None: the ask column); -1 when absent."""
        if round_number is None:
            return Column.ASK
        for position, negotiation_round in enumerate(self._grid.rounds):
            if negotiation_round.number == round_number:
                return Column.FIRST_ROUND + position
        return -1

    def round_at(self, column: int) -> Round | None:
        """The round shown in a column (None for the term and ask columns)."""
        position = column - Column.FIRST_ROUND
        return self._grid.rounds[position] if 0 <= position < len(self._grid.rounds) else None

    # ------------------------------------------------------------------ Qt model

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._grid.lines)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else Column.FIRST_ROUND + len(self._grid.rounds)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.is_header(index.row()):
            return Qt.ItemFlag.ItemIsEnabled
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() >= Column.ASK and self._editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if section == Column.TERM:
            if role == Qt.ItemDataRole.DisplayRole:
                return "Term"
            if role == Qt.ItemDataRole.ToolTipRole:
                return "The SLA terms, grouped by category."
            return None
        if section == Column.ASK:
            if role == Qt.ItemDataRole.DisplayRole:
                return "Buyer's ask"
            if role == Qt.ItemDataRole.ToolTipRole:
                return ("What you asked for (your RFP position). Each round's values are "
                        "compared with it; hover a cell to see how it stands.")
            return None
        if section == Column.WALK_AWAY:
            if role == Qt.ItemDataRole.DisplayRole:
                return "Walk-away"
            if role == Qt.ItemDataRole.ToolTipRole:
                return ("The worst value you will sign. An offer worse than your ask but not "
                        "than this is negotiable; worse than this it is a deal-breaker.")
            return None
        negotiation_round = self.round_at(section)
        if negotiation_round is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return round_title(negotiation_round)
        if role == Qt.ItemDataRole.ToolTipRole:
            latest = section == self.columnCount() - 1
            return (f"{round_title(negotiation_round)}: what the provider offered then. "
                    + ("This latest round is what the ranking scores."
                       if latest else "An earlier round: editing it asks for a reason."))
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._grid.lines):
            return None
        line = self._grid.lines[index.row()]
        column = index.column()
        if role == IsHeaderRole:
            return line.term is None
        if role == TermRole:
            return line.term
        if role == RoundRole:
            return self.round_at(column)
        if line.term is None:
            return self._header_data(line, column, role)
        if column == Column.TERM:
            return self._term_data(line.term, role)
        if column == Column.ASK:
            return self._ask_data(line.term, line.ask, role)
        if column == Column.WALK_AWAY:
            return self._walk_away_data(line.term, line.walk_away, role)
        position = column - Column.FIRST_ROUND
        if not 0 <= position < len(line.cells):
            return None
        return self._round_data(line.term, line.cells[position], role)

    def _header_data(self, line: TermLine, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and column == Column.TERM:
            return line.category
        if role == Qt.ItemDataRole.FontRole:
            return self._bold
        if role == Qt.ItemDataRole.BackgroundRole:
            return HEADER_BRUSH
        return None

    def _term_data(self, term: Term, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return term.name
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = term.description or term.name
            if term.must_have is not None:
                tip += "\nA must-have: a provider that fails it is out of the running."
            return tip
        if role == Qt.ItemDataRole.FontRole and term.must_have is not None:
            return self._bold
        return None

    def _alignment(self, term: Term, value: Any = 0) -> int:
        # "—" (nothing stated) sits in the middle on every row, numbers right, words left
        if value is None:
            return int(Qt.AlignmentFlag.AlignCenter)
        return int(RIGHT if term.type in NUMERIC_TYPES else LEFT)

    def _ask_data(self, term: Term, ask: AskCell | None, role: int) -> Any:
        if ask is None:
            return None
        if role == CellRole:
            return ask
        if role == Qt.ItemDataRole.DisplayRole:
            return ask.text
        if role == Qt.ItemDataRole.EditRole:
            return ask.value
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._alignment(term, ask.value)
        if role == Qt.ItemDataRole.ToolTipRole:
            if ask.value is None:
                return f"You have not said what you ask for {term.name}. Press F2 to set it."
            return f"You asked for {ask.text}."
        return None

    def _walk_away_data(self, term: Term, limit: AskCell | None, role: int) -> Any:
        if limit is None:
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            if limit.value is None:
                return (f"No walk-away limit for {term.name}: an offer short of your ask is "
                        "negotiable however far. Press F2 to set the worst value you will sign.")
            return (f"You will not sign {term.name} worse than {limit.text}: an offer beyond "
                    "it is a deal-breaker.")
        return self._ask_data(term, limit, role)

    def _round_data(self, term: Term, cell: RoundCell, role: int) -> Any:
        if role == CellRole:
            return cell
        if role == Qt.ItemDataRole.DisplayRole:
            return cell.text
        if role == Qt.ItemDataRole.EditRole:
            return cell.value
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self._alignment(term, cell.value)
        if role == Qt.ItemDataRole.BackgroundRole:
            if not cell.verdict:
                return None
            return {BETTER: BETTER_BRUSH, WORSE: WORSE_BRUSH}.get(cell.verdict, CHANGED_BRUSH)
        if role == Qt.ItemDataRole.ForegroundRole:
            if cell.must_have_failure:
                return FAILURE_BRUSH
            return self._faded if cell.carried_from is not None else None
        if role == Qt.ItemDataRole.FontRole:
            if cell.must_have_failure:
                return self._bold_italic if cell.carried_from is not None else self._bold
            return self._italic if cell.carried_from is not None else None
        if role == Qt.ItemDataRole.DecorationRole and cell.must_have_failure:
            return must_have_icon()
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._round_tip(term, cell)
        return None

    def _round_tip(self, term: Term, cell: RoundCell) -> str:
        lines = [f"{term.name}: {cell.text}"]
        if cell.carried_from is not None:
            lines.append(f"Carried forward from round {cell.carried_from}.")
        elif cell.value is None:
            lines.append("Not stated in this round or before.")
        if cell.verdict:
            lines.append(f"Was {cell.previous_text} in the round before: "
                         f"{VERDICT_WORDS.get(cell.verdict, cell.verdict)}.")
        if cell.must_have_failure:
            lines.append(f"Fails a must-have: {cell.must_have_failure}")
        if cell.ask_note:
            lines.append(cell.ask_note)
        return "\n".join(lines)

    def setData(self, index: AnyIndex, value: Any,  # noqa: N802
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        """Hand an edited value to the page; True when it was applied."""
        if (role != Qt.ItemDataRole.EditRole or not index.isValid() or self._commit is None
                or not self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        term = self._grid.lines[index.row()].term
        if term is None:
            return False
        negotiation_round = self.round_at(index.column())
        if index.column() not in (Column.ASK, Column.WALK_AWAY) and negotiation_round is None:
            return False
        return self._commit(term, self.target_number(index.column()), value)

    def target_number(self, column: int) -> int | None:
        """What the commit callback gets for a column: the round number, None for the ask,
        ``WALK_AWAY_TARGET`` for the walk-away limit."""
        if column == Column.WALK_AWAY:
            return WALK_AWAY_TARGET
        negotiation_round = self.round_at(column)
        return negotiation_round.number if negotiation_round is not None else None
