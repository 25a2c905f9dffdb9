"""The scoring-team part of the Overview page: evaluators, their roles and progress."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHeaderView,
    QInputDialog,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from slaselect.domain.edits import DeleteEvaluator, InsertEvaluator, ReplaceEvaluator
from slaselect.domain.keys import key_from_name
from slaselect.domain.model import Evaluation, Evaluator, EvaluatorRole
from slaselect.ui.actions import ActionId, page_action
from slaselect.ui.delegates import RoleDelegate
from slaselect.ui.pages.overview.fields import item_key, set_headers, set_item
from slaselect.ui.pages.overview.forms import form_row, score_counts
from slaselect.ui.text import ROLE_WORDS, plural
from slaselect.ui.widgets import RIGHT, help_label
from slaselect.ui.widgets.table_fit import AsTallAsRows


class TeamSection:
    """The team part of ``OverviewPage``: add, rename and remove evaluators."""

    def _build_team(self) -> QGroupBox:
        box = QGroupBox("Scoring team")
        layout = QVBoxLayout(box)
        layout.setSpacing(8)
        self.evaluator_table = QTableWidget(0, 3)
        set_headers(self.evaluator_table, (
            ("Name", "The evaluator's name. Press F2 or double-click to rename."),
            ("Role", "Their seat on the team. Press F2 or double-click to change it."),
            ("Scores entered",
             "Judgement scores they have entered, of one per provider and criterion."),
        ), right=(2,))
        self.evaluator_table.verticalHeader().setVisible(False)
        self.evaluator_table.setAlternatingRowColors(True)
        self.evaluator_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.evaluator_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.evaluator_table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.evaluator_table.setItemDelegateForColumn(1, RoleDelegate(self.evaluator_table))
        header = self.evaluator_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Wide enough for the longest role word with the drop-down's arrow when editing.
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        metrics = self.evaluator_table.fontMetrics()
        header.resizeSection(1, max(metrics.horizontalAdvance(w) for w in ROLE_WORDS.values())
                             + 48)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        # as tall as its rows (two at least): the Overview's scroll bar is the only one, and
        # Add evaluator stays just below the last evaluator
        self.evaluator_height = AsTallAsRows(self.evaluator_table, min_rows=2)
        self.evaluator_table.itemChanged.connect(self._commit_evaluator)
        self.evaluator_table.itemSelectionChanged.connect(self._update_team_buttons)

        remove_action = page_action(ActionId.REMOVE_ROW, "Remove evaluator",
                                    self.evaluator_table)
        remove_action.triggered.connect(self.remove_evaluator)
        self.evaluator_table.addAction(remove_action)

        self.add_evaluator_button = QPushButton("Add evaluator…")
        self.add_evaluator_button.clicked.connect(self.add_evaluator)
        self.rename_evaluator_button = QPushButton("Rename")
        self.rename_evaluator_button.setToolTip("Edit the selected evaluator's name (F2).")
        self.rename_evaluator_button.clicked.connect(self.rename_evaluator)
        self.remove_evaluator_button = QPushButton("Remove…")
        self.remove_evaluator_button.setToolTip(
            "Remove the selected evaluator and their scores (Delete). Undo brings them back.")
        self.remove_evaluator_button.clicked.connect(self.remove_evaluator)
        layout.addWidget(help_label("The people who score the judgement criteria. Each scores "
                               "every provider on their own; the Scoring page shows the "
                               "consensus."))
        layout.addWidget(self.evaluator_table)
        layout.addLayout(form_row(self.add_evaluator_button, self.rename_evaluator_button,
                              self.remove_evaluator_button))
        layout.addStretch(1)  # spare height below the buttons, not inside the text
        return box

    # ------------------------------------------------------------------ prompts (tests replace)

    def ask_evaluator_name(self) -> str | None:
        """Ask for a new evaluator's name; None when cancelled."""
        text, ok = QInputDialog.getText(self, "Add evaluator", "Evaluator's name:")
        return text if ok else None

    def ask_evaluator_role(self, name: str) -> EvaluatorRole | None:
        """Ask a new evaluator's seat on the team; None when cancelled."""
        words = list(ROLE_WORDS.values())
        text, ok = QInputDialog.getItem(self, "Add evaluator", f"{name}'s role on the team:",
                                        words, 0, False)
        if not ok:
            return None
        return next(role for role, word in ROLE_WORDS.items() if word == text)

    def confirm_evaluator_removal(self, text: str) -> bool:
        """Ask to confirm removing an evaluator who has scores."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Remove evaluator")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(text)
        box.setStandardButtons(
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Yes).setText("Remove")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Yes

    # ------------------------------------------------------------------ refresh

    def _load_team(self, evaluation: Evaluation, *, counted: bool = True) -> None:
        """Show the team; ``counted=False``: the scores are still being counted (a tender's,
        on a worker), so each evaluator's count shows as '…' until this runs again."""
        table = self.evaluator_table
        selected = self.selected_evaluator()
        keep = selected.key if selected else None
        counts = score_counts(evaluation) if counted else None
        per_evaluator = (counts.expected // len(evaluation.evaluators)
                         if counts is not None and evaluation.evaluators else 0)
        keys = [e.key for e in evaluation.evaluators]
        shown = [item_key(table.item(row, 0)) for row in range(table.rowCount())]
        table.blockSignals(True)
        try:
            if keys != shown:
                # Different people: new rows. (Never while an item's own signal is running:
                # renames and role changes keep the same keys and update in place below.)
                table.setRowCount(0)
                table.setRowCount(len(keys))
                for row in range(len(keys)):
                    name = QTableWidgetItem()
                    role = QTableWidgetItem()
                    count = QTableWidgetItem()
                    count.setFlags(count.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    count.setTextAlignment(RIGHT)
                    for column, item in enumerate((name, role, count)):
                        table.setItem(row, column, item)
            for row, evaluator in enumerate(evaluation.evaluators):
                set_item(table.item(row, 0), evaluator.name, evaluator.key)
                set_item(table.item(row, 1), evaluator.role.value)
                set_item(table.item(row, 2), "…" if counts is None else
                         f"{counts.by_evaluator[evaluator.key]} of {per_evaluator}")
                if evaluator.key == keep and keys != shown:
                    table.selectRow(row)
        finally:
            table.blockSignals(False)

    # ------------------------------------------------------------------ evaluation details

    def selected_evaluator(self) -> Evaluator | None:
        """The evaluator on the selected row, None when none is selected."""
        row = self.evaluator_table.currentRow()
        selected = self.evaluator_table.selectionModel().selectedRows()
        if row < 0 or not selected:
            return None
        item = self.evaluator_table.item(row, 0)
        key = item.data(Qt.ItemDataRole.UserRole) if item else None
        return next((e for e in self.session.evaluation.evaluators if e.key == key), None)

    def select_evaluator(self, key: str) -> None:
        """Select an evaluator's row."""
        for row in range(self.evaluator_table.rowCount()):
            item = self.evaluator_table.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == key:
                self.evaluator_table.setCurrentCell(row, 0)
                self.evaluator_table.selectRow(row)
                return

    def _update_team_buttons(self) -> None:
        chosen = self.selected_evaluator() is not None
        self.rename_evaluator_button.setEnabled(chosen)
        self.remove_evaluator_button.setEnabled(chosen)

    def _commit_evaluator(self, item: QTableWidgetItem) -> None:
        if self._loading:
            return
        row = item.row()
        key_item = self.evaluator_table.item(row, 0)
        key = key_item.data(Qt.ItemDataRole.UserRole) if key_item else None
        old = next((e for e in self.session.evaluation.evaluators if e.key == key), None)
        if old is None:
            return
        if item.column() == 0:
            changed = replace(old, name=item.text().strip())
        elif item.column() == 1:
            changed = replace(old, role=EvaluatorRole(str(item.data(Qt.ItemDataRole.EditRole))))
        else:
            return
        if changed == old:
            return
        if not self.edit(ReplaceEvaluator(changed)):
            self._load_team(self.session.evaluation)

    def add_evaluator(self) -> None:
        """Ask for a name and add an evaluator with a key derived from it."""
        name = self.ask_evaluator_name()
        if name is None:
            return
        name = name.strip()
        role = self.ask_evaluator_role(name or "The evaluator")
        if role is None:
            return
        taken = (e.key for e in self.session.evaluation.evaluators)
        key = key_from_name(name, taken, fallback="evaluator")
        if self.edit(InsertEvaluator(Evaluator(key, name, role))):
            self.select_evaluator(key)
            self.evaluator_table.scrollToItem(self.evaluator_table.currentItem())
            self.message.show_info(
                f"{name} joined the scoring team as {ROLE_WORDS[role]}; their scores go in on "
                "the Scoring page.")

    def rename_evaluator(self) -> None:
        """Start editing the selected evaluator's name in place."""
        row = self.evaluator_table.currentRow()
        item = self.evaluator_table.item(row, 0) if row >= 0 else None
        if item is not None:
            self.evaluator_table.setFocus()
            self.evaluator_table.editItem(item)

    def remove_evaluator(self) -> None:
        """Remove the selected evaluator, confirming first when they have scores."""
        evaluator = self.selected_evaluator()
        if evaluator is None:
            return
        scores = sum(1 for s in self.session.evaluation.scores if s.evaluator == evaluator.key)
        if scores and not self.confirm_evaluator_removal(
            f"Remove {evaluator.name} from the scoring team? Their {plural(scores, 'score')} "
            f"{'is' if scores == 1 else 'are'} removed with them and the consensus is worked "
            "out without them. "
            "Edit > Undo brings them back."
        ):
            return
        row = self.evaluator_table.currentRow()
        if self.edit(DeleteEvaluator(evaluator.key)):
            remaining = self.session.evaluation.evaluators
            if remaining:
                self.select_evaluator(remaining[min(row, len(remaining) - 1)].key)
            self.message.show_info(f"{evaluator.name} removed. Edit > Undo brings them back.")
