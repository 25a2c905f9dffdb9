"""The criteria tree: groups and their weighted criteria, with each one's share of the weight.

A thin adapter over ``Evaluation.criteria``. Editing a cell turns into a domain edit handed to
the page (``change``), which applies it through the session; a refusal comes back as False and
the cell keeps its value. Shares are each criterion's points over the total points.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

from slaselect.domain.comparison import FIGURE_TITLES
from slaselect.domain.edits import Edit, ReplaceCriterion, SetWeight
from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import Criterion, CriterionKind, Evaluation
from slaselect.domain.typed_values import checked_weight, read_typed_number
from slaselect.domain.wording import KIND_WORDS, format_number
from slaselect.ui.widgets import LEFT, RIGHT

_Index = QModelIndex | QPersistentModelIndex


class Column(IntEnum):
    """The tree's columns, left to right."""

    NAME = 0
    KIND = 1
    WEIGHT = 2
    SHARE = 3
    BAR = 4
    MIN_SCORE = 5


HEADERS = {
    Column.NAME: ("Criterion", "The criterion, under its group. Groups only gather criteria for "
                  "display and subtotals."),
    Column.KIND: ("Kind", "Judgement: scored by the evaluators. Term: scored from a provider's "
                  "SLA term. Price: scored from a cost figure."),
    Column.WEIGHT: ("Weight", "Points given to the criterion. Only the proportions matter: the "
                    "points are divided by their total."),
    Column.SHARE: ("Share", "The criterion's points as a percentage of all the points."),
    Column.BAR: ("", "The share of the total weight, drawn to scale."),
    Column.MIN_SCORE: ("Minimum score", "Judgement criteria only: a provider whose agreed score "
                       "is below this minimum is not eligible."),
}

CRITERION_ROLE = Qt.ItemDataRole.UserRole + 1
"""The row's ``Criterion`` (None on a group row)."""
GROUP_ROLE = Qt.ItemDataRole.UserRole + 2
"""The group name of the row (group and criterion rows)."""
SHARE_ROLE = Qt.ItemDataRole.UserRole + 3
"""The row's share of the total weight, 0-100 (None when every weight is 0)."""
BAR_ROLE = Qt.ItemDataRole.UserRole + 4
"""Bar length, 0-1: the row's share over the largest share in the tree."""

_NO_PARENT = QModelIndex()  # the invisible root, as a default argument
_TOP = 0  # internal id of group rows; criterion rows carry their group's row + 1
_ANSWERED = frozenset(int(role) for role in (
    Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole,
    Qt.ItemDataRole.FontRole, Qt.ItemDataRole.TextAlignmentRole,
    CRITERION_ROLE, GROUP_ROLE, SHARE_ROLE, BAR_ROLE))
"""The roles ``data`` answers: the view asks for a dozen per cell each time it measures a
row, and a hundred criteria are measured often; the others return None at once."""
_COLUMNS = tuple(Column)
UNGROUPED = "Ungrouped"


@dataclass(frozen=True)
class _Group:
    name: str
    criteria: tuple[Criterion, ...]

    @property
    def weight(self) -> float:
        return sum(c.weight for c in self.criteria)


def _groups(criteria: Sequence[Criterion]) -> list[_Group]:
    """Criteria gathered by group, groups in order of first appearance (catalogue order)."""
    order: dict[str, list[Criterion]] = {}
    for criterion in criteria:
        order.setdefault(criterion.group, []).append(criterion)
    return [_Group(name, tuple(items)) for name, items in order.items()]


def share_text(share_pct: float | None) -> str:
    """A share as the tree shows it: "12.5 %" ("–" when nothing weighs anything)."""
    return "–" if share_pct is None else f"{share_pct:.1f} %"


class CriteriaModel(QAbstractItemModel):
    """Groups (top level) and their criteria (children), with weights and live shares.

    ``change`` applies a domain edit and says whether it went through; ``refuse`` shows a
    sentence when typed input cannot even become an edit (not a number).
    """

    def __init__(
        self,
        change: Callable[[Edit], bool],
        refuse: Callable[[str], None],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._change = change
        self._refuse = refuse
        self._groups: list[_Group] = []
        self._total = 0.0
        self._largest_share = 0.0
        self._editable = True
        self._term_names: dict[str, str] = {}

    # ------------------------------------------------------------------ content

    def set_evaluation(self, evaluation: Evaluation, *, editable: bool = True) -> None:
        """Show these criteria: a reset when groups or order change, else targeted updates."""
        groups = _groups(evaluation.criteria)
        self._editable = editable
        self._term_names = {t.key: t.name for t in evaluation.terms}
        same_shape = [(g.name, [c.key for c in g.criteria]) for g in groups] == [
            (g.name, [c.key for c in g.criteria]) for g in self._groups
        ]
        if not same_shape:
            self.beginResetModel()
            self._set_groups(groups)
            self.endResetModel()
            return
        old_groups, old_total, old_largest = self._groups, self._total, self._largest_share
        self._set_groups(groups)
        every_share = old_total != self._total or old_largest != self._largest_share
        last = len(Column) - 1
        for row, (old, new) in enumerate(zip(old_groups, groups, strict=True)):
            if old != new or every_share:
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))
            parent = self.index(row, 0)
            changed = [i for i, (a, b) in enumerate(zip(old.criteria, new.criteria, strict=True))
                       if a != b or every_share]
            if changed:
                self.dataChanged.emit(self.index(changed[0], 0, parent),
                                      self.index(changed[-1], last, parent))

    def _set_groups(self, groups: list[_Group]) -> None:
        self._groups = groups
        self._total = sum(g.weight for g in groups)
        shares = [self._share(g.weight) or 0.0 for g in groups]
        self._largest_share = max(shares, default=0.0)

    @property
    def total_weight(self) -> float:
        """All the criteria's points added up."""
        return self._total

    def _share(self, weight: float) -> float | None:
        if self._total <= 0 or not math.isfinite(self._total):
            return None
        return weight / self._total * 100.0

    def group_names(self) -> list[str]:
        """The groups shown, in order."""
        return [g.name for g in self._groups]

    def criterion_at(self, index: _Index) -> Criterion | None:
        """The criterion on this row (None for a group row or an invalid index)."""
        if not index.isValid() or index.internalId() == _TOP:
            return None
        return self._groups[index.internalId() - 1].criteria[index.row()]

    def group_at(self, index: _Index) -> str | None:
        """The group of this row (a group row or a criterion row), None when invalid."""
        if not index.isValid():
            return None
        row = index.row() if index.internalId() == _TOP else index.internalId() - 1
        return self._groups[row].name

    def index_of_criterion(self, key: str, column: int = 0) -> QModelIndex:
        """The index of the criterion with this key (invalid when there is none)."""
        for group_row, group in enumerate(self._groups):
            for row, criterion in enumerate(group.criteria):
                if criterion.key == key:
                    return self.index(row, column, self.index(group_row, 0))
        return QModelIndex()

    def index_of_group(self, name: str, column: int = 0) -> QModelIndex:
        """The index of the group row with this name (invalid when there is none)."""
        for row, group in enumerate(self._groups):
            if group.name == name:
                return self.index(row, column)
        return QModelIndex()

    # ------------------------------------------------------------------ structure

    def index(self, row: int, column: int, parent: _Index = _NO_PARENT) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _TOP)
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: _Index = _NO_PARENT) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == _TOP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _TOP)

    def rowCount(self, parent: _Index = _NO_PARENT) -> int:
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == _TOP and parent.column() == 0:
            return len(self._groups[parent.row()].criteria)
        return 0

    def columnCount(self, parent: _Index = _NO_PARENT) -> int:
        return len(Column)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(Column):
            return None
        column = Column(section)
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[column][0]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADERS[column][1]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            numeric = column in (Column.WEIGHT, Column.SHARE, Column.MIN_SCORE)
            return int(RIGHT if numeric else LEFT)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        criterion = self.criterion_at(index)
        if criterion is None or not self._editable:
            return flags
        column = Column(index.column())
        if column in (Column.NAME, Column.WEIGHT) or (
            column is Column.MIN_SCORE and criterion.kind is CriterionKind.JUDGEMENT
        ):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    # ------------------------------------------------------------------ data

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if int(role) not in _ANSWERED or not index.isValid():
            return None
        column = _COLUMNS[index.column()]
        criterion = self.criterion_at(index)
        if criterion is None:
            return self._group_data(self._groups[index.row()], column, role)
        return self._criterion_data(criterion, column, role)

    def _group_data(self, group: _Group, column: Column, role: int) -> Any:
        share = self._share(group.weight)
        if role == Qt.ItemDataRole.DisplayRole:
            if column is Column.NAME:
                return group.name or UNGROUPED
            if column is Column.KIND:
                count = len(group.criteria)
                return f"{count} criteri{'on' if count == 1 else 'a'}"
            if column is Column.WEIGHT:
                return format_number(group.weight)
            if column is Column.SHARE:
                return share_text(share)
            return None
        if role == Qt.ItemDataRole.FontRole:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return (f"{group.name or UNGROUPED}: {format_number(group.weight)} of "
                    f"{format_number(self._total)} points ({share_text(share)})")
        return self._common(column, role, None, group.name, share)

    def _criterion_data(self, criterion: Criterion, column: Column, role: int) -> Any:
        share = self._share(criterion.weight)
        if role == Qt.ItemDataRole.DisplayRole:
            if column is Column.NAME:
                return criterion.name
            if column is Column.KIND:
                return KIND_WORDS[criterion.kind]
            if column is Column.WEIGHT:
                return format_number(criterion.weight)
            if column is Column.SHARE:
                return share_text(share)
            if column is Column.MIN_SCORE and criterion.min_score is not None \
                    and criterion.kind is CriterionKind.JUDGEMENT:
                return format_number(criterion.min_score)
            return None
        if role == Qt.ItemDataRole.EditRole:
            if column is Column.NAME:
                return criterion.name
            if column is Column.WEIGHT:
                return criterion.weight
            if column is Column.MIN_SCORE:
                return criterion.min_score
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._criterion_tip(criterion, column, share)
        return self._common(column, role, criterion, criterion.group, share)

    def _common(
        self, column: Column, role: int, criterion: Criterion | None, group: str,
        share: float | None,
    ) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole:
            numeric = column in (Column.WEIGHT, Column.SHARE, Column.MIN_SCORE)
            return int(RIGHT if numeric else LEFT)
        if role == CRITERION_ROLE:
            return criterion
        if role == GROUP_ROLE:
            return group
        if role == SHARE_ROLE:
            return share
        if role == BAR_ROLE:
            if share is None or self._largest_share <= 0:
                return 0.0
            return share / self._largest_share
        return None

    def _criterion_tip(self, criterion: Criterion, column: Column, share: float | None) -> str:
        if column is Column.NAME:
            return criterion.description or criterion.name
        if column is Column.KIND:
            if criterion.kind is CriterionKind.TERM:
                term = self._term_names.get(criterion.term or "", criterion.term)
                return f"Scored from each provider's term: {term}."
            if criterion.kind is CriterionKind.PRICE:
                figure = FIGURE_TITLES.get(criterion.figure, criterion.figure)
                return f"Scored from {figure.lower()}: a lower cost scores higher."
            return "Scored by the evaluators on the scoring scale."
        if column is Column.MIN_SCORE:
            if criterion.kind is not CriterionKind.JUDGEMENT:
                return "Only judgement criteria have a minimum score."
            if criterion.min_score is None:
                return "No minimum. Press F2 to set one."
            return (f"A provider whose agreed score is below "
                    f"{format_number(criterion.min_score)} is not eligible.")
        return (f"{format_number(criterion.weight)} of {format_number(self._total)} points: "
                f"{share_text(share)} of the total weight")

    # ------------------------------------------------------------------ editing

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        criterion = self.criterion_at(index)
        if role != Qt.ItemDataRole.EditRole or criterion is None \
                or not self.flags(index) & Qt.ItemFlag.ItemIsEditable:
            return False
        column = Column(index.column())
        if column is Column.NAME:
            name = str(value).strip()
            if name == criterion.name:
                return True
            return self._change(ReplaceCriterion(replace(criterion, name=name)))
        if column is Column.WEIGHT:
            kept = f"the weight of {criterion.name} stays {format_number(criterion.weight)}"
            try:
                weight = _number(value)
                if weight is None:
                    raise EvaluationError("A weight needs a number of points, such as 10.")
                checked_weight(weight)
            except EvaluationError as error:
                self._refuse(f"{str(error).rstrip('.')}; {kept}.")
                return False
            if weight == criterion.weight:
                return True
            return self._change(SetWeight(criterion.key, weight))
        if value is None or (isinstance(value, str) and not value.strip()):
            minimum = None
        else:
            try:
                minimum = _number(value)
            except EvaluationError as error:
                kept = ("no minimum" if criterion.min_score is None
                        else format_number(criterion.min_score))
                self._refuse(f"{str(error).rstrip('.')}; the minimum score of {criterion.name} "
                             f"stays {kept}.")
                return False
        if minimum == criterion.min_score:
            return True
        return self._change(ReplaceCriterion(replace(criterion, min_score=minimum)))


def _number(value: Any) -> float | None:
    """A typed number (int, float or text such as "12.5" or "1,000"); None when empty.

    Raises EvaluationError saying why text is no number.
    """
    if isinstance(value, bool):
        raise EvaluationError("Yes or no is not a number.")
    if isinstance(value, int | float):
        return float(value)
    return read_typed_number("" if value is None else str(value))
