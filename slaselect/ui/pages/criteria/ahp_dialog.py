"""Weigh criteria by pairwise comparison (AHP), with the consistency ratio shown live.

The buyer compares each pair on Saaty's 1-9 scale; the principal-eigenvector weights share
out the points the compared criteria hold today, so other criteria keep their weight.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from slaselect.domain.ahp import (
    MAX_CRITERIA,
    MIN_CRITERIA,
    AhpWeights,
    ahp_weights,
    comparison_matrix,
    judgement_words,
)
from slaselect.domain.edits import BatchEdit, SetWeight
from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import Criterion
from slaselect.domain.wording import format_number
from slaselect.ui.widgets import RIGHT

SCALE_WORDS = {1: "equally important", 3: "moderately more important",
               5: "strongly more important", 7: "very strongly more important",
               9: "extremely more important"}


def _answers() -> list[tuple[str, float]]:
    """The choices of a pair, from 'B extremely more important' to 'A extremely more'."""
    choices: list[tuple[str, float]] = []
    for value in range(9, 1, -1):
        words = SCALE_WORDS.get(value, "")
        choices.append((f"right {value}×{' — ' + words if words else ''}", 1.0 / value))
    choices.append(("equally important", 1.0))
    for value in range(2, 10):
        words = SCALE_WORDS.get(value, "")
        choices.append((f"left {value}×{' — ' + words if words else ''}", float(value)))
    return choices


class AhpDialog(QDialog):
    """Pairwise comparisons of 2-10 criteria, live weights and consistency ratio."""

    def __init__(self, criteria: list[Criterion], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Weigh criteria by pairwise comparison")
        self.resize(1000, 620)
        self.all_criteria = criteria
        self.result: AhpWeights | None = None
        self.chosen = QListWidget()
        for criterion in criteria:
            item = QListWidgetItem(criterion.name)
            item.setData(Qt.ItemDataRole.UserRole, criterion.key)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.chosen.addItem(item)
        self.chosen.itemChanged.connect(lambda _: self._rebuild_pairs())
        self.pairs = QTableWidget(0, 3)
        self.pairs.setHorizontalHeaderLabels(["Left", "Which matters more, and how much?",
                                              "Right"])
        self.pairs.verticalHeader().setVisible(False)
        self.pairs.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        header = self.pairs.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.weights = QTableWidget(0, 3)
        self.weights.setHorizontalHeaderLabels(["Criterion", "Now", "From the comparisons"])
        self.weights.verticalHeader().setVisible(False)
        self.weights.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.weights.horizontalHeader().setStretchLastSection(True)
        self.consistency = QLabel()
        self.consistency.setWordWrap(True)
        self.consistency.setTextFormat(Qt.TextFormat.PlainText)
        intro = QLabel(
            f"Tick {MIN_CRITERIA} to {MAX_CRITERIA} criteria, then say for each pair which "
            "matters more and how much. Their new weights share out the points they hold "
            "today; other criteria keep theirs. A consistency ratio above 0.10 means the "
            "answers contradict each other: revisit the pair pointed out.")
        intro.setWordWrap(True)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel("Criteria to compare"))
        left_layout.addWidget(self.chosen)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.pairs, 3)
        right_layout.addWidget(self.weights, 2)
        right_layout.addWidget(self.consistency)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([280, 720])
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button = self.buttons.addButton("Use these weights",
                                                   QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.buttons)
        self._rebuild_pairs()

    def select(self, keys: list[str]) -> None:
        """Tick these criteria (and only these)."""
        self.chosen.blockSignals(True)
        for row in range(self.chosen.count()):
            item = self.chosen.item(row)
            on = item.data(Qt.ItemDataRole.UserRole) in keys
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.chosen.blockSignals(False)
        self._rebuild_pairs()

    def selected(self) -> list[Criterion]:
        """The ticked criteria, in catalogue order."""
        keys = {
            self.chosen.item(row).data(Qt.ItemDataRole.UserRole)
            for row in range(self.chosen.count())
            if self.chosen.item(row).checkState() == Qt.CheckState.Checked
        }
        return [c for c in self.all_criteria if c.key in keys]

    def _pair_list(self) -> list[tuple[int, int]]:
        count = len(self.selected())
        return [(i, j) for i in range(count) for j in range(i + 1, count)]

    def _rebuild_pairs(self) -> None:
        criteria = self.selected()
        pairs = self._pair_list() if MIN_CRITERIA <= len(criteria) <= MAX_CRITERIA else []
        self.pairs.setRowCount(len(pairs))
        for row, (i, j) in enumerate(pairs):
            self.pairs.setItem(row, 0, QTableWidgetItem(criteria[i].name))
            self.pairs.setItem(row, 2, QTableWidgetItem(criteria[j].name))
            combo = QComboBox()
            for text, value in _answers():
                combo.addItem(text, value)
            combo.setCurrentIndex(combo.findData(1.0))
            combo.currentIndexChanged.connect(lambda _: self._recompute())
            self.pairs.setCellWidget(row, 1, combo)
        self._recompute()

    def set_answer(self, left: str, right: str, value: float) -> None:
        """Answer one pair by criterion keys: ``value`` > 1 when ``left`` matters more."""
        criteria = [c.key for c in self.selected()]
        for row, (i, j) in enumerate(self._pair_list()):
            combo = self.pairs.cellWidget(row, 1)
            assert isinstance(combo, QComboBox)
            if (criteria[i], criteria[j]) == (left, right):
                combo.setCurrentIndex(combo.findData(value))
            elif (criteria[i], criteria[j]) == (right, left):
                combo.setCurrentIndex(combo.findData(1.0 / value))

    def _recompute(self) -> None:
        criteria = self.selected()
        self.result = None
        self.apply_button.setEnabled(False)
        if not MIN_CRITERIA <= len(criteria) <= MAX_CRITERIA:
            self.weights.setRowCount(0)
            self.consistency.setText(
                f"Tick between {MIN_CRITERIA} and {MAX_CRITERIA} criteria to compare "
                f"({len(criteria)} ticked).")
            return
        judgements = {}
        for row, pair in enumerate(self._pair_list()):
            combo = self.pairs.cellWidget(row, 1)
            assert isinstance(combo, QComboBox)
            judgements[pair] = float(combo.currentData())
        names = [c.name for c in criteria]
        try:
            result = ahp_weights(comparison_matrix(len(criteria), judgements, names), names)
        except EvaluationError as error:
            self.consistency.setText(str(error))
            return
        self.result = result
        points = sum(c.weight for c in criteria)
        self.weights.setRowCount(len(criteria))
        for row, (criterion, share) in enumerate(zip(criteria, result.weights, strict=True)):
            cells = [criterion.name, f"{format_number(criterion.weight)} points",
                     f"{format_number(share * points, 1)} points ({share * 100:.1f} %)"]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(RIGHT)
                self.weights.setItem(row, column, item)
        self.weights.resizeColumnsToContents()
        text = result.consistency_sentence()
        worst = result.most_inconsistent
        if worst is not None and not result.acceptable:
            text += (f" Most at odds with the rest: {names[worst.row]} against "
                     f"{names[worst.column]}; the other answers suggest about "
                     f"{judgement_words(worst.suggested)} rather than "
                     f"{judgement_words(worst.given)}.")
        self.consistency.setText(text)
        self.apply_button.setEnabled(points > 0)

    def weight_edit(self) -> BatchEdit | None:
        """The weight changes to make, as one step (None before a valid comparison)."""
        if self.result is None:
            return None
        criteria = self.selected()
        points = sum(c.weight for c in criteria)
        changes = tuple(
            SetWeight(c.key, round(share * points, 4))
            for c, share in zip(criteria, self.result.weights, strict=True)
        )
        return BatchEdit(
            changes,
            f"Weigh {len(criteria)} criteria by pairwise comparison "
            f"(AHP, CR {self.result.consistency_ratio:.3f})",
        )
