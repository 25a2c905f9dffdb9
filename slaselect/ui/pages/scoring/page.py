"""The Scoring page: the grid, the evaluator chooser, and the rubric/rationale panel below."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from slaselect.domain.edits import Edit, SetConsensus, SetScore
from slaselect.domain.model import Evaluation
from slaselect.domain.typed_values import score_step
from slaselect.domain.wording import format_number
from slaselect.ui.actions import ActionId, page_action
from slaselect.ui.changes import Change, Part, Place
from slaselect.ui.delegates import ScoreDelegate
from slaselect.ui.models.scoring import (
    CONSENSUS,
    Column,
    ScoreCell,
    ScoringGrid,
    ScoringModel,
    scoring_grid,
    with_cells,
)
from slaselect.ui.pages.base import Page
from slaselect.ui.pages.scoring.panel import RationalePanel
from slaselect.ui.pages.scoring.table import FittingSplitter, ScoreTable
from slaselect.ui.pages.scoring.texts import (
    CONSENSUS_LABEL,
    EMPTY_TEXTS,
    evaluator_label,
    parse_score,
    what_is_missing,
)
from slaselect.ui.session import Session, is_large
from slaselect.ui.text import plural
from slaselect.ui.widgets import EmptyState
from slaselect.ui.widgets.header import WrappingHeader
from slaselect.ui.workers import LATER_TURN_MS, LatestOnly

Index = QModelIndex | QPersistentModelIndex


_FEW_CELLS = 64
"""Up to this many changed cells are redrawn one by one; more redraw the grid."""


class ScoringPage(RationalePanel, Page):
    """Scores per evaluator, the team's consensus with disagreements, rubric and rationale."""

    title = "Scoring"
    depends_on = frozenset({Part.SCORES, Part.CRITERIA, Part.PROVIDERS, Part.EVALUATORS,
                            Part.SETTINGS})
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
        # A tender's grid is counted on a worker (two million scores): the grid shows at
        # once, its progress line as soon as the counts are in.
        self._counting = LatestOnly(self)
        self._counting.finished.connect(self._counted)

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
        self.splitter = FittingSplitter(Qt.Orientation.Vertical)
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
        # A tender's grid (a thousand provider columns to lay out and measure) is filled on
        # a later turn of the event loop: the page shows first, then its grid.
        self._fill_later = QTimer(self)
        self._fill_later.setSingleShot(True)
        self._fill_later.setInterval(LATER_TURN_MS)
        self._fill_later.timeout.connect(self.refresh)
        # ... and once the grid has painted, its current cell, counts and panel on the next
        self._finish_later = QTimer(self)
        self._finish_later.setSingleShot(True)
        self._finish_later.setInterval(LATER_TURN_MS)
        self._finish_later.timeout.connect(self._finish_refresh)
        if is_large(session.evaluation):
            self._sync_combo(session.evaluation)
            self._fill_later.start()
        else:
            self.refresh()

    # ------------------------------------------------------------------ building

    def _build_table(self) -> ScoreTable:
        table = ScoreTable()
        table.setHorizontalHeader(WrappingHeader(table))
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
        self.clear_action = page_action(ActionId.CLEAR_CELLS, "Clear score", table)
        self.clear_action.triggered.connect(self.clear_selected)
        table.addAction(self.clear_action)
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        return table

    def current_evaluator(self) -> str:
        """The key of the evaluator shown, or ``CONSENSUS`` for all evaluators."""
        data = self.evaluator_combo.currentData()
        return data if isinstance(data, str) else CONSENSUS

    def _filled(self) -> None:
        """Fill the grid now if it is still waiting for its turn (a place is asked for)."""
        if self._fill_later.isActive():
            self.refresh()

    def select_evaluator(self, key: str) -> None:
        """Show an evaluator's scores (``CONSENSUS`` for the team's consensus)."""
        self._filled()
        position = self.evaluator_combo.findData(key)
        if position >= 0:
            self.evaluator_combo.setCurrentIndex(position)

    def select_cell(self, criterion: str, provider: str) -> None:
        """Make a criterion x provider cell the current one (its rubric and rationale show)."""
        self._filled()
        index = self.model.index_of(criterion, provider)
        if index.isValid():
            self.table.setCurrentIndex(index)

    def show_place(self, place: Place) -> None:
        """Show the view (an evaluator's or the consensus) and the cell of ``place``."""
        if place.evaluator is not None:
            self.select_evaluator(place.evaluator)
        if place.provider and place.criterion:
            self.select_cell(place.criterion, place.provider)
            self.table.scrollTo(self.table.currentIndex())

    @property
    def empty_reason(self) -> str:
        """Why the page shows its empty state ('' when the grid is shown)."""
        return self._empty_reason

    # ------------------------------------------------------------------ refresh

    def show_change(self, change: Change) -> None:
        """A score edit redraws only its cells (with the session's consensus, updated cell by
        cell); any other change redraws the page."""
        if not change.only_score_cells or self._empty_reason or not self.model.rowCount():
            self.refresh()
            return
        assert change.cells is not None
        keys = {(cell.criterion, cell.provider) for cell in change.cells}
        if len(keys) > _FEW_CELLS:  # a whole imported sheet: one pass beats a signal per cell
            self.refresh()
            return
        grid = with_cells(self.model.grid, self.session.evaluation, keys,
                          self.session.consensus())
        self.model.set_cells(grid, keys)
        self._update_texts()
        self._load_panel()

    def refresh(self) -> None:
        """Redraw from the session: evaluators list, grid, progress and the rationale panel
        (in a large evaluation the grid first, the rest on the next turn)."""
        self._fill_later.stop()
        self._finish_later.stop()
        evaluation = self.session.evaluation
        self._sync_combo(evaluation)
        reason = what_is_missing(evaluation)
        self._show_empty(reason)
        if reason:
            self._rationale_key = None
            self.model.set_grid(ScoringGrid(CONSENSUS, evaluation.scale))
            return
        self.model.set_editable(not self.session.read_only)
        header = self.table.horizontalHeader()
        assert isinstance(header, WrappingHeader)
        with header.settling():  # a tender's thousand titles measured once, at their widths
            self.model.set_grid(scoring_grid(evaluation, self.current_evaluator(),
                                             self.session.consensus()))
            self._size_columns()
        if is_large(evaluation):
            self._finish_later.start()
            return
        self._finish_refresh()

    def _finish_refresh(self) -> None:
        """The current cell (the first, if none), the counts line, the panel and the split."""
        if self._empty_reason:
            return
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
        wanted = [(e.key, evaluator_label(e.name, e.role)) for e in evaluation.evaluators]
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
            heading, hint = EMPTY_TEXTS[reason]
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

    def is_working(self) -> bool:
        """True while a tender's grid waits for its turn or is being counted on a worker."""
        return (self._fill_later.isActive() or self._finish_later.isActive()
                or self._counting.busy())

    def _counted(self, grid: ScoringGrid) -> None:
        if grid is self.model.grid:  # else a newer grid is shown (and counted) by now
            self._show_progress(grid)

    def _show_progress(self, grid: ScoringGrid) -> None:
        self.progress.setEnabled(True)
        total, entered = grid.size, grid.entered
        if grid.evaluator != CONSENSUS:
            text = f"{entered:,} of {total:,} scores entered for {grid.evaluator_name}"
            if entered < total:
                text += f" — {plural(total - entered, 'empty cell')} still to score"
        else:
            text = f"{entered:,} of {total:,} cells have a consensus score"
            text += f" · {grid.moderated:,} agreed in moderation"
            if grid.open_disagreements:
                text += f" · {plural(grid.open_disagreements, 'disagreement')} to moderate"
        self.progress.setText(text)

    def _update_texts(self) -> None:
        grid = self.model.grid
        if grid.counts_known or not is_large(self.session.evaluation):
            self._counting.cancel()
            self._show_progress(grid)
        else:
            self.progress.setEnabled(False)
            self.progress.setText("Counting the scores…")

            def count(cancelled: object) -> ScoringGrid:
                grid.counts  # noqa: B018 - worked out and kept by the grid
                return grid

            self._counting.start(count)
        scale = f"{format_number(grid.scale.min)} to {format_number(grid.scale.max)}"
        if grid.evaluator != CONSENSUS:
            self.clear_action.setText("Clear score")
            legend = (
                f"Type a score from {scale} in steps of "
                f"{format_number(score_step(grid.scale))} (Enter saves and moves down, Delete "
                "clears). Grey cells are still to score. Select a cell to read the rubric "
                "and write the rationale below."
            )
        else:
            self.clear_action.setText("Clear agreed score")
            legend = (
                "Each cell shows the score agreed in moderation (bold, blue tint) or else the "
                "mean of the evaluators' scores. Amber cells: the evaluators differ by 3 points "
                "or more on a 0-10 scale. Italic cells such as 6 (1 of 3 scored): only some "
                "evaluators have scored them yet. Type a score to record the agreed one; "
                "Delete removes it again."
            )
        if self.session.read_only:
            legend = ("This evaluation is open read-only: scores can be read but not changed "
                      "(use File > Save As to keep an editable copy). Select a cell to read its "
                      "rubric and rationale below.")
        self.legend.setText(legend)

    # ------------------------------------------------------------------ panel

    def _edit(self, edit: Edit, *, reason: str = "") -> bool:
        applied = self.edit(edit, reason=reason)
        if not applied and self.model.blind:
            self.message.show_error(self.model.mask(self.message.text()))
        return applied

    def _commit_typed(self, cell: ScoreCell, value: Any) -> bool:
        """Turn a value typed into a cell into SetScore / SetConsensus; refusals show in place."""
        score = parse_score(value, self.session.evaluation.scale, cell.value)
        if isinstance(score, str):
            where = f"{cell.provider.name} on {cell.criterion.name}"
            self.message.show_error(self.model.mask(f"{where}: {score}"))
            return False
        if cell.is_consensus:
            old = cell.consensus
            if score is None and old is None:
                return False
            if score is not None and old is not None and score == old.value:
                self.message.clear()  # kept as typed: an earlier refusal no longer applies
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
            self.message.clear()
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
