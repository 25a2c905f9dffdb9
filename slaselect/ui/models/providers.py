"""The providers table: one row per provider with its standing, offer round and WSM rank.

A thin adapter: the rows are computed once per evaluation state by ``provider_rows`` (plain
Python, no Qt) and the model only shows them. Renaming through the table is handed to a
``commit`` callback that applies a ``ReplaceProvider`` edit and says whether it went through.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import IntEnum, StrEnum
from typing import Any, TypeAlias

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor

from slaselect.domain.completeness import real_failures, unstated_must_haves
from slaselect.domain.edits import Edit, ReplaceProvider
from slaselect.domain.model import Evaluation, Provider
from slaselect.domain.ranking import Ranking
from slaselect.domain.scores import scores_per_provider
from slaselect.domain.wording import and_list
from slaselect.ui.widgets import LEFT, RIGHT

ProviderRole = Qt.ItemDataRole.UserRole + 1
"""Custom role: the row's domain ``Provider``."""
RowRole = Qt.ItemDataRole.UserRole + 2
"""Custom role: the whole ``ProviderRow`` (standing, reasons, rank)."""
SortRole = Qt.ItemDataRole.UserRole + 3
"""Custom role: a value that sorts the column sensibly (ranks as numbers, none last)."""

AnyIndex: TypeAlias = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    """The table's columns, in display order."""

    NAME = 0
    RANK = 1
    SCORE = 2
    ROUND = 3
    CERTIFICATIONS = 4
    STATUS = 5


HEADERS: dict[Column, str] = {
    Column.NAME: "Provider",
    Column.RANK: "WSM rank",
    Column.SCORE: "Score",
    Column.ROUND: "Current offer",
    Column.CERTIFICATIONS: "Certifications",
    Column.STATUS: "Status",
}

HEADER_TIPS: dict[Column, str] = {
    Column.NAME: "The provider's name. Press F2 or double-click to rename it.",
    Column.RANK: "Place in the weighted-sum ranking; ineligible and excluded providers "
                 "have no rank.",
    Column.SCORE: "Weighted-sum total of the provider's 0-10 criterion scores.",
    Column.ROUND: "The provider's latest negotiation round: its terms are the ones scored.",
    Column.CERTIFICATIONS: "Certifications the provider holds (ISO 27001, SOC 2, …).",
    Column.STATUS: "Competing, excluded by the team, or ineligible because a must-have or "
                   "minimum score fails. Hover for the reasons.",
}


class Standing(StrEnum):
    """Where a provider stands in the selection."""

    COMPETING = "competing"
    EXCLUDED = "excluded"
    INELIGIBLE = "ineligible"
    AWAITING_OFFER = "awaiting offer"
    TO_FILL_IN = "must-haves to fill in"


# Translucent tints read on light and dark palettes alike.
_TINTS: dict[Standing, QColor] = {
    Standing.COMPETING: QColor(46, 160, 67, 40),
    Standing.EXCLUDED: QColor(128, 128, 128, 56),
    Standing.INELIGIBLE: QColor(179, 38, 30, 40),
    # Missing is not failing: a provider still waiting for its offer or its must-haves is
    # neutral, with no tint of its own.
}


@dataclass(frozen=True)
class ProviderRow:
    """One provider as the table shows it."""

    provider: Provider
    standing: Standing
    reasons: tuple[str, ...]
    rank: int | None
    score: float | None
    round_number: int | None
    round_label: str
    scores_entered: int
    rounds: int
    to_fill_in: tuple[str, ...] = ()
    """Must-have terms not stated yet (names), the provider's to-do list."""

    @property
    def status_text(self) -> str:
        """Short status with the first reason: "ineligible: PCI DSS is not offered…"."""
        if self.standing is Standing.EXCLUDED:
            return f"excluded: {self.provider.excluded}"
        if self.standing in (Standing.AWAITING_OFFER, Standing.TO_FILL_IN) and self.to_fill_in:
            return f"{self.standing.value} — to fill in: {and_list(list(self.to_fill_in))}"
        if self.standing is Standing.INELIGIBLE and self.reasons:
            more = len(self.reasons) - 1
            extra = f" (and {more} more)" if more else ""
            return f"ineligible: {self.reasons[0]}{extra}"
        return self.standing.value

    @property
    def round_text(self) -> str:
        """"Round 3 · Best and final", or "no offer yet"."""
        if self.round_number is None:
            return "no offer yet"
        text = f"Round {self.round_number}"
        return f"{text} · {self.round_label}" if self.round_label else text


def provider_rows(evaluation: Evaluation, wsm: Ranking) -> list[ProviderRow]:
    """Every provider in the evaluation's order with its standing from the WSM ranking."""
    results = {r.provider: r for r in wsm.results}
    rows: list[ProviderRow] = []
    scored, rounds_by = scores_per_provider(evaluation), evaluation.rounds_by_provider()
    # every provider's latest terms from one pass over the rounds (not a scan per provider)
    unstated = unstated_must_haves(evaluation)
    all_must_haves = tuple(t for t in evaluation.terms if t.must_have is not None)
    for provider in evaluation.providers:
        result = results.get(provider.key)
        reasons = result.reasons if result is not None else ()
        rounds = rounds_by.get(provider.key, [])
        missing = unstated.get(provider.key)
        if missing is None:  # no offer yet: every must-have is still to state
            missing = all_must_haves
        to_fill_in = tuple(t.name for t in missing)
        if provider.excluded:
            standing = Standing.EXCLUDED
        elif not rounds:  # no offer entered yet
            standing = Standing.AWAITING_OFFER
        elif result is not None and not result.eligible:
            failures = real_failures(evaluation, provider.key, reasons, missing)
            standing = Standing.INELIGIBLE if failures else Standing.TO_FILL_IN
            reasons = failures or reasons
        else:
            standing = Standing.COMPETING
        latest = rounds[-1] if rounds else None
        rows.append(
            ProviderRow(
                provider=provider,
                standing=standing,
                reasons=reasons,
                rank=result.rank if result is not None else None,
                score=result.score if result is not None else None,
                round_number=latest.number if latest else None,
                round_label=latest.label if latest else "",
                scores_entered=scored.get(provider.key, 0),
                rounds=len(rounds),
                to_fill_in=to_fill_in,
            )
        )
    return rows


class ProvidersModel(QAbstractTableModel):
    """Providers as table rows; the name column is editable through ``commit``."""

    def __init__(
        self,
        commit: Callable[[Edit], bool] | None = None,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._rows: list[ProviderRow] = []
        self._commit = commit
        self.editable = commit is not None

    # ------------------------------------------------------------------ rows

    def set_rows(self, rows: Sequence[ProviderRow]) -> None:
        """Replace every row (a model reset: views keep nothing of the old rows)."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def update_rows(self, rows: Sequence[ProviderRow]) -> None:
        """Show new rows; when the same providers are listed in the same order only the
        changed cells are signalled, so selection and scroll position stay."""
        new = list(rows)
        if [r.provider.key for r in new] != [r.provider.key for r in self._rows]:
            self.set_rows(new)
            return
        old, self._rows = self._rows, new
        last = len(Column) - 1
        for number, (before, after) in enumerate(zip(old, new, strict=True)):
            if before != after:
                self.dataChanged.emit(self.index(number, 0), self.index(number, last))

    def rows(self) -> list[ProviderRow]:
        """The rows shown now."""
        return list(self._rows)

    def row_of(self, key: str) -> int | None:
        """The row number of a provider, None when it is not listed."""
        return next((i for i, r in enumerate(self._rows) if r.provider.key == key), None)

    # ------------------------------------------------------------------ Qt overrides

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        column = Column(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS[column]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(RIGHT if column in (Column.RANK, Column.SCORE) else LEFT)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if self.editable and index.column() == Column.NAME:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = Column(index.column())
        if role == ProviderRole:
            return row.provider
        if role == RowRole:
            return row
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, column)
        if role == Qt.ItemDataRole.EditRole:
            return row.provider.name if column is Column.NAME else self._text(row, column)
        if role == SortRole:
            return self._sort_value(row, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(RIGHT if column in (Column.RANK, Column.SCORE) else LEFT)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if role == Qt.ItemDataRole.BackgroundRole and column is Column.STATUS:
            return _TINTS.get(row.standing)
        return None

    def setData(
        self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        if (
            role != Qt.ItemDataRole.EditRole
            or not index.isValid()
            or index.column() != Column.NAME
            or self._commit is None
        ):
            return False
        row = self._rows[index.row()]
        name = str(value).strip()
        if name == row.provider.name:
            return True
        # The session's change signal redraws the rows; a refusal leaves them as they were.
        return self._commit(ReplaceProvider(replace(row.provider, name=name)))

    # ------------------------------------------------------------------ cells

    @staticmethod
    def _text(row: ProviderRow, column: Column) -> str:
        if column is Column.NAME:
            return row.provider.name
        if column is Column.RANK:
            return str(row.rank) if row.rank is not None else "—"
        if column is Column.SCORE:
            return f"{row.score:.2f}" if row.score is not None else "—"
        if column is Column.ROUND:
            return row.round_text
        if column is Column.CERTIFICATIONS:
            return ", ".join(row.provider.certifications) or "—"
        return row.status_text

    @staticmethod
    def _sort_value(row: ProviderRow, column: Column) -> Any:
        if column is Column.RANK:
            return row.rank if row.rank is not None else 10**9
        if column is Column.SCORE:
            return row.score if row.score is not None else -1.0
        if column is Column.ROUND:
            return row.round_number or 0
        return ProvidersModel._text(row, column).casefold()

    @staticmethod
    def _tooltip(row: ProviderRow, column: Column) -> str | None:
        if column is Column.STATUS:
            if row.standing is Standing.COMPETING:
                return "Competing: meets every must-have and minimum score."
            if row.standing in (Standing.AWAITING_OFFER, Standing.TO_FILL_IN):
                return row.status_text  # missing, not failing: the to-do list, whole
            return "\n".join(row.reasons) or row.status_text
        if column is Column.RANK and row.rank is None:
            return "No rank: the provider is not eligible."
        if column is Column.SCORE and row.rank is None and row.score is not None:
            return "Weighted-sum total for reference only: the provider is not ranked."
        if column is Column.NAME:
            name = row.provider.name
            return f"{name}\n\n{row.provider.notes}" if row.provider.notes else name
        if column is Column.CERTIFICATIONS and row.provider.certifications:
            return "\n".join(row.provider.certifications)
        if column is Column.ROUND:
            return row.round_text  # the whole text, however narrow the column
        return None


class ProvidersSortModel(QSortFilterProxyModel):
    """Sorts the providers table by each column's sort value (ranks numerically)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SortRole)
        self.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
