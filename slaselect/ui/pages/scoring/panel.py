"""The panel under the Scoring grid: the criterion's rubric, the cell's rationale, who scored
what."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from slaselect.domain.edits import Edit, SetAwardCondition, SetConsensus, SetScore
from slaselect.domain.wording import format_number
from slaselect.ui.models.scoring import CONSENSUS, ScoreCell, scoring_grid
from slaselect.ui.pages.scoring.table import scrolling
from slaselect.ui.pages.scoring.texts import rubric_text
from slaselect.ui.text import no_mnemonic
from slaselect.ui.widgets import plain_label


class RationalePanel:
    """The Scoring page's panel (a part of ``ScoringPage``): rubric, rationale and scores of
    the current cell."""

    def _build_panel(self) -> QWidget:
        self.rubric_box = QGroupBox("Rubric")
        self.rubric_box.setToolTip("What each level of the scale means for this criterion.")
        self.rubric_label = plain_label()
        rubric_layout = QVBoxLayout(self.rubric_box)
        rubric_layout.addWidget(scrolling(self.rubric_label))

        self.rationale_box = QGroupBox("Rationale")
        self.cell_heading = plain_label()
        self.rationale_edit = QPlainTextEdit()
        self.rationale_edit.setTabChangesFocus(True)
        self.rationale_edit.setToolTip(
            "Why this score: the evidence behind it. Saved when you leave the box or click Save."
        )
        self.rationale_edit.textChanged.connect(self._on_rationale_typed)
        self.save_button = QPushButton("Save rationale")
        self.save_button.setToolTip("Save the rationale with the score (also saved when you "
                                    "leave the box).")
        self.save_button.clicked.connect(self.save_rationale)
        self.save_state = QLabel()
        self.save_state.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.condition_check = QCheckBox("&Condition of award")
        self.condition_check.setToolTip(
            "Make this moderation note a condition of award for the provider: the memo and "
            "the term sheet list it, and the contract must meet it.")
        self.condition_check.clicked.connect(self._on_condition_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.condition_check)
        buttons.addWidget(self.save_state, 1)
        buttons.addWidget(self.save_button)
        rationale_layout = QVBoxLayout(self.rationale_box)
        rationale_layout.setSpacing(8)
        rationale_layout.addWidget(self.cell_heading)
        rationale_layout.addWidget(self.rationale_edit, 1)
        rationale_layout.addLayout(buttons)

        self.scores_box = QGroupBox("Who scored what")
        self.scores_box.setToolTip("Every evaluator's score of this provider on this criterion.")
        self.scores_label = plain_label()
        scores_layout = QVBoxLayout(self.scores_box)
        scores_layout.addWidget(scrolling(self.scores_label))

        panel = QWidget()
        layout = QHBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.rubric_box, 4)
        layout.addWidget(self.rationale_box, 4)
        layout.addWidget(self.scores_box, 3)
        return panel

    # ------------------------------------------------------------------ state

    def _load_panel(self) -> None:
        cell = self.model.cell_at(self.table.currentIndex())
        if cell is None:
            self._rationale_key = None
            self.rubric_box.setTitle("Rubric")
            self.rubric_label.setText("Select a score cell to see the rubric of its criterion.")
            self.cell_heading.setText("Select a score cell to read or write its rationale.")
            self._set_rationale_text("", enabled=False, placeholder="")
            self.scores_label.setText("")
            self._load_condition(None)
            return
        self.rubric_box.setTitle(f"Rubric — {no_mnemonic(cell.criterion.name)}")
        self.rubric_label.setText(rubric_text(cell.criterion, cell.value))
        provider = self.model.provider_name(cell.provider)
        value = "not scored yet" if cell.value is None else format_number(cell.value)
        if cell.is_consensus:
            state = "agreed in moderation" if cell.moderated else (
                "mean of the evaluators' scores" if cell.value is not None else "")
            heading = f"Consensus for {provider} on {cell.criterion.name}: {value}"
            heading += f" ({state})" if state else ""
            enabled = cell.moderated
            placeholder = ("Why the team agreed this score." if enabled else
                           "Type the agreed score in the grid first; then record here why the "
                           "team agreed it.")
            self.rationale_box.setTitle("Moderation rationale")
        else:
            heading = (f"{self.model.grid.evaluator_name}'s score of {provider} on "
                       f"{cell.criterion.name}: {value}")
            enabled = cell.value is not None
            placeholder = ("Why this score: the evidence from the proposal, demo or references."
                           if enabled else "Type a score in the grid first; then explain it here.")
            self.rationale_box.setTitle("Rationale")
        self.cell_heading.setText(heading)
        key = (cell.criterion.key, cell.provider.key, cell.evaluator)
        keep_typing = key == self._rationale_key and self.rationale_edit.document().isModified()
        self._rationale_key = key
        if not keep_typing:
            self._set_rationale_text(self.model.mask(cell.rationale), enabled=enabled,
                                     placeholder=placeholder)
        self.scores_label.setText(self._scores_text(cell))
        self._load_condition(cell)

    def _load_condition(self, cell: ScoreCell | None) -> None:
        """The condition-of-award box: on the consensus view, for an agreed score."""
        check = self.condition_check
        check.setVisible(cell is not None and cell.is_consensus)
        marked = cell is not None and any(
            (c.provider, c.criterion) == (cell.provider.key, cell.criterion.key)
            for c in self.session.evaluation.conditions)
        check.setChecked(marked)
        check.setEnabled(cell is not None and (cell.moderated or marked)
                         and not self.session.read_only)

    def _on_condition_clicked(self, marked: bool) -> None:
        """Mark or unmark the moderation note of the current cell as a condition of award."""
        cell = self.model.cell_at(self.table.currentIndex())
        if cell is None:
            return
        self.save_rationale()  # the note being written is the condition's wording
        if self._edit(SetAwardCondition(cell.provider.key, cell.criterion.key, marked),
                      reason="Marked on the Scoring page" if marked
                      else "Unmarked on the Scoring page"):
            self.message.show_info(
                f"{self.model.provider_name(cell.provider)}: the moderation note on "
                f"{cell.criterion.name} is {'now' if marked else 'no longer'} a condition "
                "of award.")
        self._load_condition(self.model.cell_at(self.table.currentIndex()))

    def _scores_text(self, cell: ScoreCell) -> str:
        lines = self.model.evaluator_lines(cell)
        if cell.consensus is not None:
            why = self.model.mask(cell.consensus.rationale) or "no rationale recorded"
            lines.append(f"\nAgreed in moderation: {format_number(cell.consensus.value)} — {why}")
        elif cell.scores:
            mean = sum(s.value for s in cell.scores) / len(cell.scores)
            lines.append(f"\nMean: {format_number(mean)} (no score agreed in moderation yet)")
        if cell.disagreement and cell.spread_on_ten is not None:
            lines.append(f"The scores differ by {format_number(cell.spread_on_ten, 1)} points "
                         "on a 0-10 scale: worth discussing in moderation.")
        return "\n".join(lines)

    def _set_rationale_text(self, text: str, *, enabled: bool, placeholder: str) -> None:
        editor = self.rationale_edit
        editor.blockSignals(True)
        editor.setPlainText(text)
        editor.blockSignals(False)
        editor.document().setModified(False)
        editor.setPlaceholderText(placeholder)
        editor.setReadOnly(not enabled or self.session.read_only)
        editor.setEnabled(enabled)
        self.save_button.setEnabled(False)
        self.save_state.setText("")

    def _on_rationale_typed(self) -> None:
        modified = self.rationale_edit.document().isModified()
        self.save_button.setEnabled(modified and not self.session.read_only)
        self.save_state.setText("Not saved yet" if modified else "")

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.rationale_edit and event.type() == QEvent.Type.FocusOut:
            self.save_rationale()
        return super().eventFilter(watched, event)

    def save_rationale(self) -> bool:
        """Save the rationale being written with its score; True when saved or nothing to save."""
        editor = self.rationale_edit
        if self._rationale_key is None or not editor.document().isModified():
            return True
        criterion, provider, evaluator = self._rationale_key
        text = self.model.unmask(editor.toPlainText().strip())
        grid = self.model.grid
        if grid.evaluator != evaluator:
            grid = scoring_grid(self.session.evaluation, evaluator, self.session.consensus())
        cell = grid.get(criterion, provider)
        edit: Edit
        if cell is None:
            return False
        if evaluator == CONSENSUS:
            if cell.consensus is None:
                return False
            edit = SetConsensus(provider, criterion, cell.consensus.value, text)
        else:
            if cell.value is None:
                return False
            edit = SetScore(provider, criterion, evaluator, cell.value, text)
        if text == cell.rationale:
            editor.document().setModified(False)
            self._on_rationale_typed()
            return True
        editor.document().setModified(False)  # lets the refresh after saving reload the text
        if self._edit(edit, reason="Rationale written on the Scoring page"):
            return True
        editor.document().setModified(True)
        self._on_rationale_typed()
        return False

    # ------------------------------------------------------------------ editing
