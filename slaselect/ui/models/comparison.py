"""The side-by-side grid: terms and derived figures as rows, providers as columns.

A thin adapter over ``slaselect.domain.comparison.Comparison``: rows are the comparison's
rows with a header row before each category; each cell shows the domain cell's text, tinted
green when best and red when worst in its row, and marked when it fails a must-have.
``ComparisonFilter`` narrows the grid to a category or to terms whose name matches.

The marks themselves (tints, the must-have icon, the standing dots) are in ``models.marks``,
shared with the terms grid.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QFont

from slaselect.domain.comparison import FIGURES_CATEGORY, Cell, Comparison, Row
from slaselect.domain.model import Evaluation, Provider, Term, TermType
from slaselect.domain.position import Standing, TermPosition
from slaselect.domain.wording import format_number
from slaselect.ui.models.figure_explanations import figure_explanation
from slaselect.ui.models.marks import (
    BETTER_BRUSH,
    FAILURE_BRUSH,
    HEADER_BRUSH,
    WORSE_BRUSH,
    must_have_icon,
    standing_icon,
    standing_words,
)
from slaselect.ui.text import term_value_text
from slaselect.ui.widgets import LEFT, RIGHT

AnyIndex = QModelIndex | QPersistentModelIndex

RowRole = Qt.ItemDataRole.UserRole + 1
"""Custom role: the domain ``Row`` of a term or figure (None on a category header row)."""
CellRole = Qt.ItemDataRole.UserRole + 2
"""Custom role: the domain ``Cell`` of a provider column (None elsewhere)."""
CategoryRole = Qt.ItemDataRole.UserRole + 3
"""Custom role: the category a row belongs to (header rows included)."""
IsHeaderRole = Qt.ItemDataRole.UserRole + 4
"""Custom role: True on a category header row."""
StandingRole = Qt.ItemDataRole.UserRole + 5
"""Custom role: the ``TermPosition`` of an offered term against the ask (None elsewhere)."""

# The roles a cell answers, looked up once: ``Qt.ItemDataRole.X`` is an attribute lookup
# through Python's enum machinery, and a tender's grid asks thousands of cells for eight roles
# each time its rows are fitted.
_DISPLAY = Qt.ItemDataRole.DisplayRole
_TOOLTIP = Qt.ItemDataRole.ToolTipRole
_FONT = Qt.ItemDataRole.FontRole
_BACKGROUND = Qt.ItemDataRole.BackgroundRole
_FOREGROUND = Qt.ItemDataRole.ForegroundRole
_ALIGNMENT = Qt.ItemDataRole.TextAlignmentRole
_DECORATION = Qt.ItemDataRole.DecorationRole
_CENTRED, _LEFT, _RIGHT = int(Qt.AlignmentFlag.AlignCenter), int(LEFT), int(RIGHT)

Positions = dict[tuple[str, str], TermPosition]
"""(provider key, term key) -> where that offer stands against the buyer's ask."""

NUMERIC_TYPES = frozenset({TermType.PERCENT, TermType.NUMBER, TermType.DURATION, TermType.MONEY})

class Column(IntEnum):
    """The fixed first column; provider columns follow from ``FIRST_PROVIDER``."""

    NAME = 0
    FIRST_PROVIDER = 1


@dataclass(frozen=True)
class _Line:
    """One grid row: a category header (row None) or a term/figure row."""

    category: str
    row: Row | None


TERM_TITLE = "Term"
"""The first column's title."""


def _provider_title(provider: Provider, round_number: int | None) -> str:
    """A provider column's title: its name, then the round shown."""
    shown = f"round {round_number}" if round_number is not None else "no rounds yet"
    excluded = " (excluded)" if provider.excluded else ""
    return f"{provider.name}{excluded}\n{shown}"


def _lines(comparison: Comparison) -> list[_Line]:
    lines: list[_Line] = []
    for category, rows in comparison.categories():
        lines.append(_Line(category, None))
        lines.extend(_Line(category, row) for row in rows)
    return lines


class ComparisonModel(QAbstractTableModel):
    """Rows of a ``Comparison`` (with category header rows) against its providers."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._comparison: Comparison | None = None
        self._evaluation: Evaluation | None = None
        self._lines: list[_Line] = []
        self._numeric_rows: set[str] = set()
        self._positions: Positions = {}
        self._terms: dict[str, Term] = {}
        self._columns = 0
        self._shown: dict[tuple[str, bool, str], str] = {}  # a cell's text, once worded
        # Built once: calling Qt setters inside data() is both slow and, with some PySide
        # builds, a slow leak; fonts and brushes are shared instead.
        self._bold = QFont()
        self._bold.setBold(True)

    # ------------------------------------------------------------------ contents

    def set_comparison(self, comparison: Comparison, evaluation: Evaluation,
                       positions: Positions | None = None) -> None:
        """Show a new comparison: a targeted update when the grid keeps its shape, else a reset.

        ``positions`` says where each offered term stands against the buyer's ask.
        """
        lines = _lines(comparison)
        old_positions, self._positions = self._positions, dict(positions or {})
        same_shape = (
            self._comparison is not None
            and [p.key for p in self._comparison.providers] == [p.key for p in comparison.providers]
            and [(line.category, line.row.key if line.row else None) for line in self._lines]
            == [(line.category, line.row.key if line.row else None) for line in lines]
        )
        old_lines = self._lines
        old_comparison = self._comparison
        if not same_shape:
            self.beginResetModel()
        self._comparison, self._evaluation, self._lines = comparison, evaluation, lines
        self._columns = Column.FIRST_PROVIDER + len(comparison.providers)
        self._terms = {term.key: term for term in evaluation.terms}
        self._shown = {}
        self._numeric_rows = {
            t.key for t in evaluation.terms if t.type in NUMERIC_TYPES
        } | {row.key for row in comparison.rows if row.is_figure}
        if not same_shape:
            self.endResetModel()
            return
        assert old_comparison is not None
        if old_comparison.rounds != comparison.rounds or \
                old_comparison.providers != comparison.providers:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        for number, (old, new) in enumerate(zip(old_lines, lines, strict=True)):
            key = new.row.key if new.row else None
            moved = key is not None and any(
                old_positions.get((p.key, key)) != self._positions.get((p.key, key))
                for p in comparison.providers)
            if old != new or moved:
                self.dataChanged.emit(self.index(number, 0),
                                      self.index(number, self.columnCount() - 1))

    @property
    def comparison(self) -> Comparison | None:
        """The comparison shown (None before the first one is set)."""
        return self._comparison

    def is_header(self, row: int) -> bool:
        """True when the row is a category header."""
        return 0 <= row < len(self._lines) and self._lines[row].row is None

    def row_at(self, row: int) -> Row | None:
        """The domain row shown on a model row (None for a category header or out of range)."""
        return self._lines[row].row if 0 <= row < len(self._lines) else None

    def category_at(self, row: int) -> str:
        """The category a model row belongs to ('' when out of range)."""
        return self._lines[row].category if 0 <= row < len(self._lines) else ""

    def row_of(self, key: str) -> int:
        """The model row of a term or figure key; -1 when absent."""
        for number, line in enumerate(self._lines):
            if line.row is not None and line.row.key == key:
                return number
        return -1

    def provider_column(self, provider: str) -> int:
        """The column of a provider; -1 when absent."""
        if self._comparison is None:
            return -1
        for number, candidate in enumerate(self._comparison.providers):
            if candidate.key == provider:
                return Column.FIRST_PROVIDER + number
        return -1

    def header_titles(self) -> list[str]:
        """Every column's title as ``headerData`` shows it (the wrapping header reads a
        tender's thousand titles in one call)."""
        comparison = self._comparison
        if comparison is None:
            return []
        return [TERM_TITLE, *(_provider_title(provider, comparison.rounds.get(provider.key))
                              for provider in comparison.providers)]

    # ------------------------------------------------------------------ Qt model

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else self._columns

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self.is_header(index.row()):
            return Qt.ItemFlag.ItemIsEnabled
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or self._comparison is None:
            return None
        if section == Column.NAME:
            if role == Qt.ItemDataRole.DisplayRole:
                return TERM_TITLE
            if role == Qt.ItemDataRole.ToolTipRole:
                return ("The SLA terms by category, then figures derived from them with your "
                        "scenario. Hover a figure to see how it is worked out.")
            return None
        number = section - Column.FIRST_PROVIDER
        if not 0 <= number < len(self._comparison.providers):
            return None
        provider = self._comparison.providers[number]
        round_number = self._comparison.rounds.get(provider.key)
        if role == Qt.ItemDataRole.DisplayRole:
            return _provider_title(provider, round_number)
        if role == Qt.ItemDataRole.ToolTipRole:
            text = (f"{provider.name}: terms as of round {round_number}."
                    if round_number is not None else f"{provider.name} has no round yet.")
            if provider.excluded:
                text += f"\nExcluded by the team: {provider.excluded}"
            return text
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        number = index.row()
        if not 0 <= number < len(self._lines) or not index.isValid():
            return None
        line = self._lines[number]
        if role == CategoryRole:
            return line.category
        if role == IsHeaderRole:
            return line.row is None
        if role == RowRole:
            return line.row
        column = index.column()
        if line.row is None:
            return self._header_data(line, column, role)
        if column == Column.NAME:
            return self._name_data(line.row, role)
        cell = self._cell(line.row, column)
        if cell is None:
            return None
        return self._cell_data(line.row, cell, role)

    def _header_data(self, line: _Line, column: int, role: int) -> Any:
        if role == _DISPLAY and column == Column.NAME:
            return line.category
        if role == _FONT:
            return self._bold
        if role == _BACKGROUND:
            return HEADER_BRUSH
        if role == _TOOLTIP and line.category == FIGURES_CATEGORY:
            return ("Money and time worked out from each provider's terms and your scenario "
                    "(incident mix, uptime outcomes, support hours, exit month).")
        return None

    def _name_data(self, row: Row, role: int) -> Any:
        if role == _DISPLAY:
            return row.name
        if role == _TOOLTIP:
            if row.is_figure and self._evaluation is not None:
                return figure_explanation(row.key, self._evaluation) or row.name
            return row.description or row.name
        return None

    def _cell(self, row: Row, column: int) -> Cell | None:
        number = column - Column.FIRST_PROVIDER
        return row.cells[number] if 0 <= number < len(row.cells) else None

    def _value_text(self, row: Row, cell: Cell) -> str:
        """A term's value in the app's wording (human option labels, one duration style)."""
        if row.is_figure or self._evaluation is None:
            return cell.text
        term = self._terms.get(row.key)
        return cell.text if term is None else term_value_text(
            term, cell.value, self._evaluation.currency)

    def _cell_data(self, row: Row, cell: Cell, role: int) -> Any:
        if role == CellRole:
            return cell
        position = None if row.is_figure else self._positions.get((cell.provider, row.key))
        if role == StandingRole:
            return position
        if role == _DISPLAY:
            # worded once per comparison: fitting the rows and painting ask again and again
            key = (row.key, row.is_figure, cell.provider)
            shown = self._shown.get(key)
            if shown is None:
                extra = standing_words(position) if position is not None else ""
                text = self._value_text(row, cell)
                shown = self._shown[key] = f"{text}\n{extra}" if extra else text
            return shown
        if role == _ALIGNMENT:
            if cell.value is None and not row.is_figure:
                return _CENTRED  # "—" in the middle on every row
            scalar = cell.value is None or (isinstance(cell.value, int | float)
                                            and not isinstance(cell.value, bool))
            return _RIGHT if row.key in self._numeric_rows and scalar else _LEFT
        if role == _BACKGROUND:
            if cell.best:
                return BETTER_BRUSH
            if cell.worst:
                return WORSE_BRUSH
            return None
        if role == _FOREGROUND and cell.must_have_failure:
            return FAILURE_BRUSH
        if role == _FONT and cell.must_have_failure:
            return self._bold
        if role == _DECORATION:
            if cell.must_have_failure:
                return must_have_icon()
            return standing_icon(position.standing) if position is not None else None
        if role == _TOOLTIP:
            return self._cell_tip(row, cell, position)
        return None

    def _cell_tip(self, row: Row, cell: Cell, position: TermPosition | None = None) -> str:
        lines = [f"{row.name}: {cell.text}"]
        if position is not None:
            lines.append(self._standing_tip(row, position))
        if cell.score is not None:
            lines.append(f"Scores {format_number(cell.score, 1)} out of 10.")
        if cell.best:
            lines.append("Best in this row.")
        elif cell.worst:
            lines.append("Worst in this row.")
        if cell.must_have_failure:
            lines.append(f"Fails a must-have: {cell.must_have_failure}")
        if row.is_figure and self._evaluation is not None:
            lines.append(figure_explanation(row.key, self._evaluation))
        return "\n".join(line for line in lines if line)

    def _standing_tip(self, row: Row, position: TermPosition) -> str:
        evaluation = self._evaluation
        assert evaluation is not None
        term = evaluation.term(row.key)
        asked = term_value_text(term, position.ask, evaluation.currency)
        limit = ("none set" if position.walk_away is None else
                 term_value_text(term, position.walk_away, evaluation.currency))
        if position.standing is Standing.MEETS:
            verdict = f"Meets your ask of {asked}."
        elif position.standing is Standing.DIFFERS:
            verdict = f"Differs from your ask of {asked} (neither better nor worse)."
        else:
            verdict = (f"{position.standing.value.capitalize()} against your ask of {asked} "
                       f"(walk-away: {limit})")
            verdict += f": {position.gap_text}." if position.gap_text else "."
            if position.money_text:
                verdict += f" At your ask: {position.money_text}."
        how = ("How: the offer is compared with your ask and walk-away limit (Terms page) in "
               "the direction that is better for you; worse than the ask is negotiable, worse "
               "than the walk-away a deal-breaker.")
        if position.money_text:
            how += (" The money is the figure worked out again with this term at your ask and "
                    "everything else as offered.")
        return f"{verdict}\n{how}"


class ComparisonFilter(QSortFilterProxyModel):
    """Shows one category (or all) and only the rows whose name contains the search text.

    A category header stays while any row under it is shown.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._text = ""
        self._category: str | None = None

    def set_text(self, text: str) -> None:
        """Keep rows whose term or figure name contains the text (case-insensitive)."""
        self.beginFilterChange()
        self._text = text.strip().casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def set_category(self, category: str | None) -> None:
        """Keep one category's rows (None: every category)."""
        self.beginFilterChange()
        self._category = category
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def _row_matches(self, row: Row | None, category: str) -> bool:
        if self._category is not None and category != self._category:
            return False
        if row is None:
            return not self._text
        return not self._text or self._text in row.name.casefold()

    def header_titles(self) -> list[str]:
        """The source grid's column titles (only rows are filtered out, never columns)."""
        model = self.sourceModel()
        return model.header_titles() if isinstance(model, ComparisonModel) else []

    def filterAcceptsRow(self, source_row: int, source_parent: AnyIndex) -> bool:  # noqa: N802
        model = self.sourceModel()
        if not isinstance(model, ComparisonModel):
            return True
        row = model.row_at(source_row)
        category = model.category_at(source_row)
        if row is not None:
            return self._row_matches(row, category)
        if self._category is not None and category != self._category:
            return False
        if not self._text:
            return True
        # a header is shown while any row of its category is
        for below in range(source_row + 1, model.rowCount()):
            if model.is_header(below):
                break
            if self._row_matches(model.row_at(below), category):
                return True
        return False
