"""Table models for the Results page: the ranking and the criterion score matrix."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from slaselect.domain.completeness import real_failures, unstated_must_haves
from slaselect.domain.model import Evaluation
from slaselect.domain.ranking import ProviderResult, Ranking, ScoreTable
from slaselect.domain.wording import and_list
from slaselect.ui.widgets import LEFT, RIGHT

ResultRole = Qt.ItemDataRole.UserRole + 1
"""Returns the row's domain object (a ProviderResult)."""

Index = QModelIndex | QPersistentModelIndex
_NO_INDEX = QModelIndex()


class RankingColumn(IntEnum):
    """Columns of the ranking table."""

    RANK = 0
    PROVIDER = 1
    WSM = 2
    TOPSIS = 3
    TOPSIS_RANK = 4
    ELIGIBLE = 5
    REASONS = 6


_HEADERS = {
    RankingColumn.RANK: ("Rank", "Rank by weighted sum; equal scores share a rank"),
    RankingColumn.PROVIDER: ("Provider", ""),
    RankingColumn.WSM: ("Score (0-10)", "Weighted sum of the 0-10 criterion scores"),
    RankingColumn.TOPSIS: ("TOPSIS (0-1)",
                           "Closeness to the ideal provider, a cross-check on the ranking"),
    RankingColumn.TOPSIS_RANK: ("TOPSIS rank", "Rank by TOPSIS among eligible providers"),
    RankingColumn.ELIGIBLE: ("Eligible", "Meets every must-have and minimum score"),
    RankingColumn.REASONS: ("Why not eligible", ""),
}


class RankingModel(QAbstractTableModel):
    """Providers in WSM order with the TOPSIS cross-check beside them."""

    def __init__(self) -> None:
        super().__init__()
        self._rows: list[ProviderResult] = []
        self._topsis: dict[str, ProviderResult] = {}
        self._waiting: dict[str, tuple[str, tuple[str, ...]]] = {}

    def set_rankings(self, wsm: Ranking, topsis: Ranking,
                     evaluation: Evaluation | None = None,
                     waiting: dict[str, tuple[str, tuple[str, ...]]] | None = None) -> None:
        """Show new rankings; with the evaluation, providers still missing an offer or a
        must-have read "awaiting offer" / "to fill in" instead of failing (``waiting``: those
        rows, when ``waiting_rows`` was worked out already)."""
        if waiting is None:
            waiting = {} if evaluation is None else waiting_rows(evaluation, wsm)
        self.beginResetModel()
        self._rows = list(wsm.results)
        self._topsis = {r.provider: r for r in topsis.results}
        self._waiting = waiting
        self.endResetModel()

    def rowCount(self, parent: Index = _NO_INDEX) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _NO_INDEX) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(RankingColumn)

    def headerData(  # noqa: N802 - Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(RankingColumn):
            return None
        text, tip = _HEADERS[RankingColumn(section)]
        if role == Qt.ItemDataRole.DisplayRole:
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip or None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        result = self._rows[index.row()]
        column = RankingColumn(index.column())
        if role == ResultRole:
            return result
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(result, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            numeric = column in (RankingColumn.RANK, RankingColumn.WSM, RankingColumn.TOPSIS,
                                 RankingColumn.TOPSIS_RANK)
            return int(RIGHT if numeric else LEFT)
        if role == Qt.ItemDataRole.ToolTipRole and column == RankingColumn.REASONS:
            return "\n".join(self._reasons(result)) or None
        waiting = result.provider in self._waiting
        if role == Qt.ItemDataRole.ForegroundRole and not result.eligible and not waiting:
            return QBrush(QColor("#b3261e")) if column == RankingColumn.ELIGIBLE else None
        return None

    def _text(self, result: ProviderResult, column: RankingColumn) -> str:
        topsis = self._topsis.get(result.provider)
        if column == RankingColumn.RANK:
            return str(result.rank) if result.rank is not None else "—"
        if column == RankingColumn.PROVIDER:
            return result.name
        if column == RankingColumn.WSM:
            return f"{result.score:.2f}" if result.score is not None else "—"
        if column == RankingColumn.TOPSIS:
            return f"{topsis.score:.3f}" if topsis and topsis.score is not None else "—"
        if column == RankingColumn.TOPSIS_RANK:
            return str(topsis.rank) if topsis and topsis.rank is not None else "—"
        if column == RankingColumn.ELIGIBLE:
            if result.provider in self._waiting:
                return self._waiting[result.provider][0]
            return "yes" if result.eligible else "no"
        return " ".join(self._reasons(result))

    def _reasons(self, result: ProviderResult) -> tuple[str, ...]:
        waiting = self._waiting.get(result.provider)
        return waiting[1] if waiting is not None else result.reasons


def waiting_rows(evaluation: Evaluation, wsm: Ranking) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Providers not eligible only because something is not entered yet: their eligibility
    word ("awaiting offer", "to fill in") and what to say instead of the gate's failures."""
    rows: dict[str, tuple[str, tuple[str, ...]]] = {}
    if all(result.eligible for result in wsm.results):
        return rows
    unstated = unstated_must_haves(evaluation)  # one pass over the rounds for everyone
    all_must_haves = tuple(t for t in evaluation.terms if t.must_have is not None)
    for result in wsm.results:
        if result.eligible:
            continue
        terms = unstated.get(result.provider)
        awaiting = terms is None
        if terms is None:  # no offer yet: every must-have is still to state
            terms = all_must_haves
        failures = real_failures(evaluation, result.provider, result.reasons, terms)
        if failures:
            continue  # a real failure (a minimum score, a stated term) is still "no"
        if awaiting:
            rows[result.provider] = ("awaiting offer", ("No offer entered yet.",))
            continue
        if terms:
            names = and_list([t.name for t in terms])
            rows[result.provider] = ("to fill in", (f"Must-haves not stated yet: {names}.",))
    return rows


class ScoreMatrixModel(QAbstractTableModel):
    """Criteria as rows (with weight share), providers as columns: the numbers behind totals."""

    def __init__(self) -> None:
        super().__init__()
        self._table: ScoreTable | None = None
        self._order: list[int] = []
        self._totals: list[float | None] = []

    def set_table(self, table: ScoreTable, wsm: Ranking) -> None:
        """Show a score table, providers in ranking order, with the totals as the last row."""
        self.beginResetModel()
        self._table = table
        index = {p.key: i for i, p in enumerate(table.providers)}
        self._order = [index[r.provider] for r in wsm.results]
        self._totals = [r.score for r in wsm.results]
        self.endResetModel()

    def rowCount(self, parent: Index = _NO_INDEX) -> int:  # noqa: N802 - Qt override
        if parent.isValid() or self._table is None:
            return 0
        return len(self._table.criteria) + 1

    def columnCount(self, parent: Index = _NO_INDEX) -> int:  # noqa: N802 - Qt override
        if parent.isValid() or self._table is None:
            return 0
        return 2 + len(self._order)

    def headerData(  # noqa: N802 - Qt override
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role != Qt.ItemDataRole.DisplayRole or self._table is None:
            return None
        if orientation == Qt.Orientation.Horizontal:
            if section == 0:
                return "Criterion"
            if section == 1:
                return "Weight"
            if 2 <= section < 2 + len(self._order):
                return self._table.providers[self._order[section - 2]].name
            return None
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        table = self._table
        if table is None or not index.isValid():
            return None
        row, column = index.row(), index.column()
        if not (0 <= row < self.rowCount() and 0 <= column < self.columnCount()):
            return None
        total_row = row == len(table.criteria)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(LEFT if column == 0 else RIGHT)
        if role == Qt.ItemDataRole.FontRole and total_row:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole and not total_row and column >= 2:
            criterion = table.criteria[row]
            share = float(table.normalised_weights[row])
            score = float(table.scores[self._order[column - 2], row])
            return (f"{criterion.name}: score {score:.2f} x weight {share * 100:.1f} % = "
                    f"{score * share:.2f} points of the total")
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if total_row:
            if column == 0:
                return "Weighted total"
            if column == 1:
                return "100 %"
            total = self._totals[column - 2]
            return f"{total:.2f}" if total is not None else "—"
        criterion = table.criteria[row]
        if column == 0:
            return criterion.name
        if column == 1:
            return f"{float(table.normalised_weights[row]) * 100:.1f} %"
        return f"{float(table.scores[self._order[column - 2], row]):.2f}"
