"""The scoring grid's table model: a thin Qt adapter over a ``ScoringGrid``.

Edits never happen here: ``setData`` hands the typed value to the page's ``commit`` callback,
which turns it into a domain edit through the session.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont, QIcon
from PySide6.QtWidgets import QApplication, QStyle

from slaselect.domain.model import Criterion, Provider, Scale
from slaselect.domain.wording import format_number
from slaselect.ui.models.scoring.grid import CONSENSUS, ScoreCell, ScoringGrid, provider_alias
from slaselect.ui.widgets import LEFT, RIGHT
from slaselect.ui.workers import let_go_later

CELL_ROLE = Qt.ItemDataRole.UserRole + 1
"""Data role returning the ``ScoreCell`` behind a score cell (None in the criterion columns)."""
CRITERION_ROLE = Qt.ItemDataRole.UserRole + 2
"""Data role returning the row's ``Criterion``."""

_DISAGREEMENT_TINT = QColor(230, 140, 0, 70)
_MISSING_TINT = QColor(128, 128, 128, 28)
_MODERATED_TINT = QColor(11, 87, 208, 26)

Index = QModelIndex | QPersistentModelIndex
Commit = Callable[["ScoreCell", Any], bool]


class Column(IntEnum):
    """The fixed columns; provider columns follow from ``FIRST_PROVIDER`` in provider order."""

    GROUP = 0
    CRITERION = 1
    FIRST_PROVIDER = 2


def plain_tooltip(text: str) -> str:
    """A tooltip that shows user text literally (never as markup) and wraps long lines."""
    return "<qt>" + html.escape(text).replace("\n", "<br>") + "</qt>"


class ScoringModel(QAbstractTableModel):
    """Table adapter over a ``ScoringGrid``: criteria as rows, providers as columns."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._grid = ScoringGrid(CONSENSUS, Scale())
        self._blind = False
        self._editable = True
        self._positions: tuple[tuple[Provider, ...], dict[str, int]] | None = None
        self.commit: Commit | None = None
        """Called by ``setData`` with the cell and the typed value; True when it was applied."""

    # ----------------------------------------------------------------- state

    @property
    def grid(self) -> ScoringGrid:
        """The grid shown now."""
        return self._grid

    @property
    def blind(self) -> bool:
        """True while provider names are hidden behind "Provider A", "Provider B", ..."""
        return self._blind

    def set_grid(self, grid: ScoringGrid) -> None:
        """Show a new grid: a reset when rows or columns changed, else one redraw signal for
        the cells (the view asks again only for those on screen)."""
        old = self._grid
        let_go_later(old)  # it holds the state before: freed on the next turn
        same_shape = (
            [c.key for c in old.criteria] == [c.key for c in grid.criteria]
            and [p.key for p in old.providers] == [p.key for p in grid.providers]
        )
        if not same_shape:
            self.beginResetModel()
            self._grid = grid
            self.endResetModel()
            return
        self._grid = grid
        if old.providers != grid.providers:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self.rowCount() - 1, self.columnCount() - 1))

    def set_cells(self, grid: ScoringGrid, keys: Iterable[tuple[str, str]]) -> None:
        """Show ``grid``, which differs from the one shown only in the (criterion, provider)
        cells of ``keys``: each of those cells is signalled, nothing else is compared."""
        let_go_later(self._grid)  # it holds the state before: freed on the next turn
        self._grid = grid
        for criterion, provider in keys:
            index = self.index_of(criterion, provider)
            if index.isValid():
                self.dataChanged.emit(index, index)

    def set_blind(self, blind: bool) -> None:
        """Hide or show provider names in headers and tooltips."""
        if blind == self._blind:
            return
        self._blind = blind
        if self.columnCount():
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self.columnCount() - 1)
        if self.rowCount() and self.columnCount():
            self.dataChanged.emit(self.index(0, 0),
                                  self.index(self.rowCount() - 1, self.columnCount() - 1))

    def set_editable(self, editable: bool) -> None:
        """Allow or forbid editing score cells (forbidden while the file is read-only)."""
        self._editable = editable

    # ----------------------------------------------------------------- names

    def provider_name(self, provider: Provider) -> str:
        """The provider's name, or its blind alias while blind scoring is on."""
        if not self._blind:
            return provider.name
        providers = self._grid.providers
        if self._positions is None or self._positions[0] is not providers:
            # one lookup per header, not a scan of a tender's thousand providers each
            self._positions = (providers, {p.key: n for n, p in enumerate(providers)})
        position = self._positions[1].get(provider.key)
        return provider_alias(position) if position is not None else "A provider"

    def mask(self, text: str) -> str:
        """The text with provider names replaced by their aliases while blind (else unchanged)."""
        if not self._blind or not text:
            return text
        return _replace_words(text, self._aliases().items())

    def unmask(self, text: str) -> str:
        """The text with blind aliases turned back into provider names (for saving)."""
        if not self._blind or not text:
            return text
        names = {provider_alias(i): p.name for i, p in enumerate(self._grid.providers) if p.name}
        return _replace_words(text, names.items())

    def _aliases(self) -> dict[str, str]:
        """Names to hide: each full name, and its first word when only that provider uses it
        (rationales often say "Aurelgate" for "Aurelgate Digital")."""
        providers = self._grid.providers
        firsts = [p.name.split()[0] if p.name.split() else "" for p in providers]
        aliases: dict[str, str] = {}
        for position, (provider, first) in enumerate(zip(providers, firsts, strict=True)):
            if not provider.name:
                continue
            alias = provider_alias(position)
            aliases[provider.name] = alias
            if len(first) >= 4 and first != provider.name and firsts.count(first) == 1:
                aliases.setdefault(first, alias)
        return aliases

    # ----------------------------------------------------------------- lookup

    def cell_at(self, index: Index) -> ScoreCell | None:
        """The score cell at an index (None for the criterion columns or an invalid index)."""
        if not index.isValid() or index.column() < Column.FIRST_PROVIDER:
            return None
        criterion = self._grid.criteria[index.row()]
        provider = self._grid.providers[index.column() - Column.FIRST_PROVIDER]
        return self._grid.get(criterion.key, provider.key)

    def index_of(self, criterion: str, provider: str) -> QModelIndex:
        """The index of a criterion's row and provider's column (invalid when absent)."""
        rows = [c.key for c in self._grid.criteria]
        columns = [p.key for p in self._grid.providers]
        if criterion not in rows or provider not in columns:
            return QModelIndex()
        return self.index(rows.index(criterion), columns.index(provider) + Column.FIRST_PROVIDER)

    # ----------------------------------------------------------------- Qt interface

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._grid.criteria)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        if parent.isValid() or not self._grid.criteria:
            return 0
        return Column.FIRST_PROVIDER + len(self._grid.providers)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() >= Column.FIRST_PROVIDER and self._editable:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def headerData(
        self, section: int, orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole and 0 <= section < self.rowCount():
                return str(section + 1)
            return None
        if not 0 <= section < self.columnCount():
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and section >= Column.FIRST_PROVIDER:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        tooltip = role == Qt.ItemDataRole.ToolTipRole  # worked out only when asked for
        if section == Column.GROUP:
            text = "The group of criteria this one belongs to." if tooltip else "Group"
        elif section == Column.CRITERION:
            text = ("What the team judges; select a cell to read its rubric." if tooltip
                    else "Criterion")
        else:
            provider = self._grid.providers[section - Column.FIRST_PROVIDER]
            text = (self._provider_tooltip(provider) if tooltip
                    else _two_lines(self.provider_name(provider)))
        return plain_tooltip(text) if tooltip else text

    def header_titles(self) -> list[str]:
        """Every column's title as ``headerData`` gives it (the wrapping header reads a
        tender's thousand titles in one call)."""
        if not self.columnCount():
            return []
        return ["Group", "Criterion", *(_two_lines(self.provider_name(provider))
                                        for provider in self._grid.providers)]

    def _provider_tooltip(self, provider: Provider) -> str:
        name = self.provider_name(provider)
        if self._blind:
            text = f"{name}: the name is hidden while blind scoring is on."
        else:
            text = provider.name
        if provider.excluded:
            text += f"\nExcluded by the team: {self.mask(provider.excluded)}"
        return text

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        criterion = self._grid.criteria[index.row()]
        if role == CRITERION_ROLE:
            return criterion
        if index.column() == Column.GROUP:
            return self._group_data(index.row(), criterion, role)
        if index.column() == Column.CRITERION:
            return self._criterion_data(criterion, role)
        cell = self.cell_at(index)
        if cell is None:
            return None
        return self._cell_data(cell, role)

    def _group_data(self, row: int, criterion: Criterion, role: int) -> Any:
        first = row == 0 or self._grid.criteria[row - 1].group != criterion.group
        if role == Qt.ItemDataRole.DisplayRole:
            return criterion.group if first else ""
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(criterion.group)
        if role == Qt.ItemDataRole.FontRole and first:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(LEFT)
        return None

    def _criterion_data(self, criterion: Criterion, role: int) -> Any:
        if role == Qt.ItemDataRole.DisplayRole:
            return criterion.name
        if role == Qt.ItemDataRole.ToolTipRole:
            text = criterion.name
            if criterion.description:
                text += f"\n{criterion.description}"
            if criterion.min_score is not None:
                text += (f"\nMinimum to stay eligible: {format_number(criterion.min_score)}"
                         " (consensus score)")
            return plain_tooltip(text)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(LEFT)
        return None

    def _cell_data(self, cell: ScoreCell, role: int) -> Any:
        if role == CELL_ROLE:
            return cell
        if role == Qt.ItemDataRole.DisplayRole:
            if cell.value is None:
                return ""
            if cell.partly_scored(len(self._grid.evaluators)):
                return f"{format_number(cell.value)} ({self._scored_of(cell)})"
            return format_number(cell.value)
        if role == Qt.ItemDataRole.EditRole:
            return cell.value
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(RIGHT)
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(self.cell_summary(cell))
        if role == Qt.ItemDataRole.FontRole and cell.is_consensus and cell.moderated:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.FontRole and cell.partly_scored(len(self._grid.evaluators)):
            font = QFont()
            font.setItalic(True)  # a partial mean, not the team's view
            return font
        if role == Qt.ItemDataRole.BackgroundRole:
            if cell.value is None:
                return _MISSING_TINT
            if cell.is_consensus and cell.disagreement:
                return _DISAGREEMENT_TINT
            if cell.is_consensus and cell.moderated:
                return _MODERATED_TINT
        if role == Qt.ItemDataRole.DecorationRole and cell.is_consensus and cell.disagreement:
            return _warning_icon()
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return self.cell_summary(cell)
        return None

    def cell_summary(self, cell: ScoreCell) -> str:
        """Plain text about a cell for tooltips and the panel: who scored what, and why."""
        names = {e.key: e.name for e in self._grid.evaluators}
        head = f"{self.provider_name(cell.provider)} on {cell.criterion.name}"
        lines: list[str] = []
        if not cell.is_consensus:
            who = names.get(cell.evaluator, cell.evaluator)
            if cell.value is None:
                lines.append(f"{head}: not scored yet by {who}.")
            else:
                lines.append(f"{head}: {who} scored {format_number(cell.value)}.")
                if cell.rationale:
                    lines.append(f"Why: {self.mask(cell.rationale)}")
            return "\n".join(lines)
        if cell.consensus is not None:
            lines.append(f"{head}: {format_number(cell.consensus.value)}, agreed in moderation: "
                         f"{self.mask(cell.consensus.rationale) or 'no rationale recorded'}")
        elif cell.partly_scored(len(self._grid.evaluators)):
            lines.append(f"{head}: {format_number(cell.value)}, {self._scored_of(cell)} — "
                         "the mean of the scores entered so far, not yet the team's view.")
        elif cell.value is not None:
            lines.append(f"{head}: {format_number(cell.value)}, the mean of the evaluators' "
                         "scores (no score agreed in moderation yet).")
        else:
            lines.append(f"{head}: nobody has scored this yet.")
        if cell.disagreement and cell.spread_on_ten is not None:
            lines.append(f"The evaluators differ by {format_number(cell.spread_on_ten, 1)} "
                         "points on a 0-10 scale: worth discussing in moderation.")
        lines.extend(self.evaluator_lines(cell))
        return "\n".join(lines)

    def _scored_of(self, cell: ScoreCell) -> str:
        """"1 of 3 scored": how many of the team scored a cell."""
        return f"{len(cell.scores)} of {len(self._grid.evaluators)} scored"

    def evaluator_lines(self, cell: ScoreCell) -> list[str]:
        """One line per evaluator: their score of the cell and their rationale."""
        by_evaluator = {s.evaluator: s for s in cell.scores}
        lines: list[str] = []
        for evaluator in self._grid.evaluators:
            score = by_evaluator.get(evaluator.key)
            if score is None:
                lines.append(f"• {evaluator.name}: not scored")
                continue
            why = f" — {self.mask(score.rationale)}" if score.rationale else ""
            lines.append(f"• {evaluator.name}: {format_number(score.value)}{why}")
        return lines

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        cell = self.cell_at(index)
        if cell is None or self.commit is None:
            return False
        return self.commit(cell, value)


def _warning_icon() -> QIcon:
    """The style's warning sign, marking cells where the evaluators disagree."""
    return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)


def _two_lines(name: str, longest: int = 18) -> str:
    """A long name broken at the space nearest its middle, so that headers stay narrow."""
    if len(name) <= longest or " " not in name:
        return name
    spaces = [i for i, char in enumerate(name) if char == " "]
    cut = min(spaces, key=lambda i: abs(i - len(name) / 2))
    return name[:cut] + "\n" + name[cut + 1:]


def _replace_words(text: str, pairs: Iterable[tuple[str, str]]) -> str:
    """Replace whole-word occurrences, longest first so that one name never eats another."""
    table = dict(pairs)
    if not table:
        return text
    pattern = "|".join(re.escape(k) for k in sorted(table, key=len, reverse=True))
    return re.sub(rf"(?<!\w)(?:{pattern})(?!\w)", lambda m: table[m.group(0)], text)
