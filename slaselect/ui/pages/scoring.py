"""The Scoring page: each evaluator scores the providers on the judgement criteria, then the team
compares the scores, spots disagreements and records the consensus agreed in moderation."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from slaselect.domain.edits import Edit, SetConsensus, SetScore
from slaselect.domain.model import Criterion, Evaluation, EvaluatorRole
from slaselect.domain.wording import ROLE_WORDS, format_number
from slaselect.ui.models.scoring import (
    CONSENSUS,
    Column,
    ScoreCell,
    ScoringGrid,
    ScoringModel,
    judgement_criteria,
    scoring_grid,
)
from slaselect.ui.pages.base import Page
from slaselect.ui.session import Session
from slaselect.ui.widgets import EmptyState

Index = QModelIndex | QPersistentModelIndex

CONSENSUS_LABEL = "All evaluators (consensus)"


class ScoreSpinBox(QDoubleSpinBox):
    """A score editor: half-point steps, numbers without needless zeros, "not scored" below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.touched = False
        """True once the user changed the value (an untouched editor commits nothing)."""
        self.setDecimals(2)
        self.setSingleStep(0.5)
        self.setSpecialValueText("not scored")
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.setFrame(False)
        self.valueChanged.connect(self._on_changed)

    def set_scale(self, low: float, high: float) -> None:
        """Limit the editor to the evaluation scale; one step below it means "not scored"."""
        self.setRange(low - self.singleStep(), high)

    def score(self) -> float | None:
        """The value chosen, None for "not scored"."""
        return None if self.value() <= self.minimum() + 1e-9 else self.value()

    def set_score(self, value: float | None) -> None:
        """Show a value (None shows "not scored") without counting it as a change."""
        self.blockSignals(True)
        self.setValue(self.minimum() if value is None else value)
        self.blockSignals(False)
        self.touched = False

    def textFromValue(self, value: float) -> str:
        return format_number(value)

    def _on_changed(self) -> None:
        self.touched = True


class ScoreDelegate(QStyledItemDelegate):
    """Edits a score cell with a ``ScoreSpinBox`` bounded by the evaluation scale."""

    def __init__(self, model: ScoringModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._model = model

    def createEditor(
        self, parent: QWidget, option: QStyleOptionViewItem, index: Index
    ) -> QWidget:
        editor = ScoreSpinBox(parent)
        scale = self._model.grid.scale
        editor.set_scale(scale.min, scale.max)
        editor.setToolTip(
            f"A score from {format_number(scale.min)} to {format_number(scale.max)} in steps "
            "of 0.5; Enter saves, Escape cancels."
        )
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        if isinstance(editor, ScoreSpinBox):
            value = index.data(Qt.ItemDataRole.EditRole)
            editor.set_score(value if isinstance(value, int | float) else None)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        if not isinstance(editor, ScoreSpinBox):
            return
        editor.interpretText()
        if editor.touched:
            model.setData(index, editor.score(), Qt.ItemDataRole.EditRole)


class ScoreTable(QTableView):
    """The grid view: Enter starts editing the current cell (as F2 does)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        current = self.currentIndex()
        if (enter and self.state() != QAbstractItemView.State.EditingState
                and current.isValid() and current.flags() & Qt.ItemFlag.ItemIsEditable):
            self.edit(current)
            event.accept()
            return
        super().keyPressEvent(event)

    def finish_editing(self) -> None:
        """Commit and close the cell editor, if one is open (before the grid changes view)."""
        editor = self.indexWidget(self.currentIndex())
        if self.state() == QAbstractItemView.State.EditingState and editor is not None:
            self.commitData(editor)
            self.closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)


class _FittingSplitter(QSplitter):
    """A splitter that lets the page re-divide it after each resize."""

    after_resize: Callable[[], None] | None = None

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.after_resize is not None:
            self.after_resize()


class ScoringPage(Page):
    """Scores per evaluator, the team's consensus with disagreements, rubric and rationale."""

    title = "Scoring"
    help_text = (
        "Each evaluator scores every provider on the criteria the team judges, against the "
        "rubric, with a short rationale. Choose All evaluators to compare the scores, find "
        "disagreements and record the score agreed in moderation."
    )

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.model = ScoringModel(self)
        self.model.commit = self._commit_typed
        self._rationale_key: tuple[str, str, str] | None = None
        self._empty_reason = ""

        # Toolbar: whose scores, blind mode, progress.
        self.evaluator_combo = QComboBox()
        self.evaluator_combo.setToolTip(
            "Whose scores to show and edit. All evaluators shows the consensus: the score "
            "agreed in moderation, or else the mean of everyone's scores."
        )
        self.evaluator_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        who = QLabel("&Scores of:")
        who.setBuddy(self.evaluator_combo)
        self.blind_check = QCheckBox("&Blind scoring")
        self.blind_check.setToolTip(
            "Hide provider names (shown as Provider A, Provider B, ...) so that scores rest on "
            "the evidence rather than on the brand."
        )
        self.progress = QLabel()
        self.progress.setTextFormat(Qt.TextFormat.PlainText)
        self.progress.setObjectName("ScoringProgress")
        toolbar = QHBoxLayout()
        toolbar.setSpacing(8)
        toolbar.addWidget(who)
        toolbar.addWidget(self.evaluator_combo)
        toolbar.addSpacing(8)
        toolbar.addWidget(self.blind_check)
        toolbar.addStretch(1)
        toolbar.addWidget(self.progress)

        self.legend = QLabel()
        self.legend.setTextFormat(Qt.TextFormat.PlainText)
        self.legend.setWordWrap(True)
        self.legend.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        self.table = self._build_table()
        panel = self._build_panel()
        self.splitter = _FittingSplitter(Qt.Orientation.Vertical)
        self.splitter.after_resize = self._fit_table
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([380, 260])
        self._user_sized = False
        self.rationale_edit.installEventFilter(self)
        self.splitter.splitterMoved.connect(self._on_splitter_moved)

        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.setSpacing(8)
        content_layout.addLayout(toolbar)
        content_layout.addWidget(self.legend)
        content_layout.addWidget(self.splitter, 1)

        self._empty_holder = QWidget()
        self._empty_layout = QVBoxLayout(self._empty_holder)
        self._empty_layout.setContentsMargins(0, 0, 0, 0)
        self.empty_state: EmptyState | None = None

        self.stack = QStackedWidget()
        self.stack.addWidget(content)
        self.stack.addWidget(self._empty_holder)
        self.body.addWidget(self.stack, 1)

        self.evaluator_combo.currentIndexChanged.connect(self._on_view_changed)
        self.blind_check.toggled.connect(self._on_blind_toggled)
        self.table.selectionModel().currentChanged.connect(self._on_current_changed)
        self.setTabOrder(self.evaluator_combo, self.blind_check)
        self.setTabOrder(self.blind_check, self.table)
        self.setTabOrder(self.table, self.rationale_edit)
        self.setTabOrder(self.rationale_edit, self.save_button)
        self.refresh()

    # ------------------------------------------------------------------ building

    def _build_table(self) -> ScoreTable:
        table = ScoreTable()
        table.setModel(self.model)
        table.setItemDelegate(ScoreDelegate(self.model, table))
        table.setAlternatingRowColors(True)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        table.setTabKeyNavigation(False)  # Tab leaves the grid for the rationale; arrows move
        table.setWordWrap(False)
        table.verticalHeader().setVisible(False)
        header = table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        header.setMinimumSectionSize(90)
        header.setHighlightSections(True)
        self.clear_action = QAction("Clear score", table)
        self.clear_action.setShortcuts(
            [QKeySequence(QKeySequence.StandardKey.Delete), QKeySequence(Qt.Key.Key_Backspace)]
        )
        self.clear_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.clear_action.triggered.connect(self.clear_selected)
        table.addAction(self.clear_action)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        return table

    def _build_panel(self) -> QWidget:
        self.rubric_box = QGroupBox("Rubric")
        self.rubric_box.setToolTip("What each level of the scale means for this criterion.")
        self.rubric_label = _plain_label()
        rubric_layout = QVBoxLayout(self.rubric_box)
        rubric_layout.addWidget(_scrolling(self.rubric_label))

        self.rationale_box = QGroupBox("Rationale")
        self.cell_heading = _plain_label()
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
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_state, 1)
        buttons.addWidget(self.save_button)
        rationale_layout = QVBoxLayout(self.rationale_box)
        rationale_layout.setSpacing(8)
        rationale_layout.addWidget(self.cell_heading)
        rationale_layout.addWidget(self.rationale_edit, 1)
        rationale_layout.addLayout(buttons)

        self.scores_box = QGroupBox("Who scored what")
        self.scores_box.setToolTip("Every evaluator's score of this provider on this criterion.")
        self.scores_label = _plain_label()
        scores_layout = QVBoxLayout(self.scores_box)
        scores_layout.addWidget(_scrolling(self.scores_label))

        panel = QWidget()
        layout = QHBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(self.rubric_box, 4)
        layout.addWidget(self.rationale_box, 4)
        layout.addWidget(self.scores_box, 3)
        return panel

    # ------------------------------------------------------------------ state

    def current_evaluator(self) -> str:
        """The key of the evaluator shown, or ``CONSENSUS`` for all evaluators."""
        data = self.evaluator_combo.currentData()
        return data if isinstance(data, str) else CONSENSUS

    def select_evaluator(self, key: str) -> None:
        """Show an evaluator's scores (``CONSENSUS`` for the team's consensus)."""
        position = self.evaluator_combo.findData(key)
        if position >= 0:
            self.evaluator_combo.setCurrentIndex(position)

    def select_cell(self, criterion: str, provider: str) -> None:
        """Make a criterion x provider cell the current one (its rubric and rationale show)."""
        index = self.model.index_of(criterion, provider)
        if index.isValid():
            self.table.setCurrentIndex(index)

    @property
    def empty_reason(self) -> str:
        """Why the page shows its empty state ('' when the grid is shown)."""
        return self._empty_reason

    # ------------------------------------------------------------------ refresh

    def refresh(self) -> None:
        """Redraw from the session: evaluators list, grid, progress and the rationale panel."""
        evaluation = self.session.evaluation
        self._sync_combo(evaluation)
        reason = _empty_reason(evaluation)
        self._show_empty(reason)
        if reason:
            self._rationale_key = None
            self.model.set_grid(ScoringGrid(CONSENSUS, evaluation.scale))
            return
        self.model.set_editable(not self.session.read_only)
        self.model.set_grid(scoring_grid(evaluation, self.current_evaluator()))
        self._size_columns()
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, Column.FIRST_PROVIDER))
        self._update_texts()
        self._load_panel()
        self._fit_table()

    def _fit_table(self) -> None:
        """Give the grid the height of its rows and the rest to the panel, until the user
        drags the divider."""
        total = sum(self.splitter.sizes())
        if self._user_sized or not self.model.rowCount() or total <= 0:
            return
        table = self.table
        header = table.horizontalHeader()
        wanted = (header.sizeHint().height() + table.verticalHeader().length()
                  + 2 * table.frameWidth() + 4)
        if table.horizontalScrollBar().isVisible():
            wanted += table.horizontalScrollBar().sizeHint().height()
        height = min(wanted, max(total - 220, 160))
        self.splitter.setSizes([height, total - height])

    def _on_splitter_moved(self) -> None:
        self._user_sized = True

    def _sync_combo(self, evaluation: Evaluation) -> None:
        wanted = [(e.key, _evaluator_label(e.name, e.role)) for e in evaluation.evaluators]
        wanted.append((CONSENSUS, CONSENSUS_LABEL))
        combo = self.evaluator_combo
        present = [(combo.itemData(i), combo.itemText(i)) for i in range(combo.count())
                   if combo.itemData(i) is not None]  # skip the separator
        if present == wanted:
            return
        keep = self.current_evaluator() if combo.count() else None
        combo.blockSignals(True)
        combo.clear()
        for key, label in wanted:
            combo.addItem(label, key)
        if len(wanted) > 1:
            combo.insertSeparator(len(wanted) - 1)
        position = combo.findData(keep) if keep is not None else -1
        combo.setCurrentIndex(position if position >= 0 else 0)
        combo.blockSignals(False)

    def _show_empty(self, reason: str) -> None:
        if reason == self._empty_reason and (self.empty_state is not None or not reason):
            self.stack.setCurrentIndex(1 if reason else 0)
            return
        self._empty_reason = reason
        if self.empty_state is not None:
            self._empty_layout.removeWidget(self.empty_state)
            self.empty_state.deleteLater()
            self.empty_state = None
        if reason:
            heading, hint = _EMPTY_TEXTS[reason]
            self.empty_state = EmptyState(heading, hint)
            self._empty_layout.addWidget(self.empty_state)
        self.stack.setCurrentIndex(1 if reason else 0)

    def _size_columns(self) -> None:
        header = self.table.horizontalHeader()
        if self.model.columnCount() == 0:
            return
        header.setSectionResizeMode(Column.GROUP, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.CRITERION, QHeaderView.ResizeMode.ResizeToContents)
        for column in range(Column.FIRST_PROVIDER, self.model.columnCount()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)

    def _update_texts(self) -> None:
        grid = self.model.grid
        total = len(grid.cells)
        entered = grid.entered
        scale = f"{format_number(grid.scale.min)} to {format_number(grid.scale.max)}"
        if grid.evaluator != CONSENSUS:
            text = f"{entered} of {total} scores entered for {grid.evaluator_name}"
            if entered < total:
                text += f" — {_count(total - entered, 'empty cell')} still to score"
            self.progress.setText(text)
            self.clear_action.setText("Clear score")
            legend = (
                f"Type a score from {scale} in steps of 0.5 (Enter or F2 edits, Delete "
                "clears). Grey cells are still to score. Select a cell to read the rubric "
                "and write the rationale below."
            )
        else:
            text = f"{entered} of {total} cells have a consensus score"
            text += f" · {grid.moderated} agreed in moderation"
            if grid.open_disagreements:
                text += f" · {_count(grid.open_disagreements, 'disagreement')} to moderate"
            self.progress.setText(text)
            self.clear_action.setText("Clear agreed score")
            legend = (
                "Each cell shows the score agreed in moderation (bold, blue tint) or else the "
                "mean of the evaluators' scores. Amber cells: the evaluators differ by 3 points "
                "or more on a 0-10 scale. Type a score to record the agreed one; Delete "
                "removes it again."
            )
        if self.session.read_only:
            legend = ("This evaluation is open read-only: scores can be read but not changed "
                      "(use File > Save As to keep an editable copy). Select a cell to read its "
                      "rubric and rationale below.")
        self.legend.setText(legend)

    # ------------------------------------------------------------------ panel

    def _load_panel(self) -> None:
        cell = self.model.cell_at(self.table.currentIndex())
        if cell is None:
            self._rationale_key = None
            self.rubric_box.setTitle("Rubric")
            self.rubric_label.setText("Select a score cell to see the rubric of its criterion.")
            self.cell_heading.setText("Select a score cell to read or write its rationale.")
            self._set_rationale_text("", enabled=False, placeholder="")
            self.scores_label.setText("")
            return
        self.rubric_box.setTitle(f"Rubric — {_no_mnemonic(cell.criterion.name)}")
        self.rubric_label.setText(_rubric_text(cell.criterion, cell.value))
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
        cell = scoring_grid(self.session.evaluation, evaluator).cells.get((criterion, provider))
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

    def _edit(self, edit: Edit, *, reason: str = "") -> bool:
        applied = self.edit(edit, reason=reason)
        if not applied and self.model.blind:
            self.message.show_error(self.model.mask(self.message.text()))
        return applied

    def _commit_typed(self, cell: ScoreCell, value: Any) -> bool:
        """Turn a value typed into a cell into SetScore / SetConsensus; refusals show in place."""
        score = _parse_score(value)
        if isinstance(score, str):
            self.message.show_error(score)
            return False
        if cell.is_consensus:
            old = cell.consensus
            if score is None and old is None:
                return False
            if score is not None and old is not None and score == old.value:
                return True
            applied = self._edit(SetConsensus(cell.provider.key, cell.criterion.key, score,
                                              old.rationale if old else ""),
                                 reason="Consensus agreed in moderation")
            if applied and score is not None and (old is None or not old.rationale):
                self.message.show_info("Agreed score saved. Record why the team agreed it in "
                                       "the moderation rationale below.")
            return applied
        if score is None and cell.value is None:
            return False
        if score == cell.value:
            return True
        return self._edit(SetScore(cell.provider.key, cell.criterion.key, cell.evaluator,
                                   score, cell.rationale))

    def clear_selected(self) -> None:
        """Clear the selected scores (or agreed scores in the consensus view), one undo step."""
        indexes = self.table.selectionModel().selectedIndexes() or [self.table.currentIndex()]
        cells = [c for c in map(self.model.cell_at, indexes) if c is not None]
        clears: list[Edit] = []
        for cell in cells:
            if cell.is_consensus and cell.moderated:
                clears.append(SetConsensus(cell.provider.key, cell.criterion.key, None))
            elif not cell.is_consensus and cell.value is not None:
                clears.append(SetScore(cell.provider.key, cell.criterion.key, cell.evaluator,
                                       None))
        if not clears:
            return
        if len(clears) == 1 or self.session.read_only:
            self._edit(clears[0])
            return
        stack = self.session.undo_stack
        stack.beginMacro(f"Clear {len(clears)} scores")
        try:
            for edit in clears:
                if not self._edit(edit):
                    break
        finally:
            stack.endMacro()

    # ------------------------------------------------------------------ reactions

    def _on_view_changed(self) -> None:
        self.table.finish_editing()
        self.save_rationale()
        self.message.clear()
        self.refresh()

    def _on_blind_toggled(self, blind: bool) -> None:
        self.table.finish_editing()
        self.save_rationale()
        self.model.set_blind(blind)
        self._rationale_key = None  # reload the rationale, masked or not
        self._update_texts()
        self._load_panel()
        self._fit_table()  # the headers may now take one line instead of two

    def _on_current_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        self.save_rationale()
        self._load_panel()


# ---------------------------------------------------------------------- helpers

_EMPTY_TEXTS = {
    "criteria": (
        "Nothing for the team to score yet",
        "Add judgement criteria first, on the Criteria page: the qualities the team scores "
        "against a rubric, such as expertise or responsiveness. Criteria scored from the terms "
        "or the price are worked out by SLASelect and do not appear here.",
    ),
    "providers": (
        "No providers to score yet",
        "Add the shortlisted providers first, on the Providers page; then each evaluator "
        "scores them here.",
    ),
    "evaluators": (
        "No evaluators yet",
        "Add the scoring team first, on the Evaluators page; then each evaluator enters their "
        "scores here and the team agrees the consensus.",
    ),
}


def _empty_reason(evaluation: Evaluation) -> str:
    if not judgement_criteria(evaluation):
        return "criteria"
    if not evaluation.providers:
        return "providers"
    if not evaluation.evaluators:
        return "evaluators"
    return ""


def _parse_score(value: Any) -> float | None | str:
    """A typed score as a number, None to clear, or the sentence saying why it is no score."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "A score must be a number."
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip()
    if not text:
        return None
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        return (f'"{text}" is not a score: type a number on the scale, or press Delete to '
                "clear the score.")
    return number if math.isfinite(number) else "A score must be a finite number."


def _evaluator_label(name: str, role: EvaluatorRole) -> str:
    words = ROLE_WORDS[role] if role is not EvaluatorRole.OTHER else ""
    return f"{name} ({words})" if words else name


def _rubric_text(criterion: Criterion, value: float | None) -> str:
    lines: list[str] = []
    if criterion.description:
        lines.extend([criterion.description, ""])
    levels = sorted(criterion.rubric.items(), key=lambda item: _level_number(item[0]))
    if not levels:
        lines.append("No rubric written for this criterion yet (add one on the Criteria page).")
        return "\n".join(lines)
    reached = None
    if value is not None:
        reached = max((k for k, _ in levels if _level_number(k) <= value + 1e-9),
                      key=_level_number, default=None)
    for level, text in levels:
        marker = "▶ " if level == reached else "    "
        lines.append(f"{marker}{level}: {text}")
    return "\n".join(lines)


def _level_number(level: str) -> float:
    try:
        return float(level)
    except ValueError:
        return math.inf


def _no_mnemonic(text: str) -> str:
    """Text for a title that would otherwise read "&" as a keyboard accelerator."""
    return text.replace("&", "&&")


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _plain_label() -> QLabel:
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def _scrolling(label: QLabel) -> QScrollArea:
    area = QScrollArea()
    area.setWidget(label)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.viewport().setAutoFillBackground(False)
    label.setAutoFillBackground(False)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    return area
