"""The Criteria & weights page: the weighted criteria tree beside the selected criterion's
details."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelection, QModelIndex, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QTreeView,
    QWidget,
)

from slaselect.domain.model import Evaluation
from slaselect.domain.wording import format_number
from slaselect.ui.actions import ActionId, page_action
from slaselect.ui.changes import Place
from slaselect.ui.delegates import (
    NumberDelegate,
    ShareBarDelegate,
    WrappedNameDelegate,
)
from slaselect.ui.models.criteria import UNGROUPED, Column, CriteriaModel, share_text
from slaselect.ui.pages.base import Page
from slaselect.ui.pages.criteria.details import CriterionDetails
from slaselect.ui.pages.criteria.editing import CriteriaEditing
from slaselect.ui.pages.criteria.texts import LOCK_HELP, lock_date_text, scale_step
from slaselect.ui.session import Session
from slaselect.ui.widgets import SIZE_SAMPLE_ROWS, EmptyState
from slaselect.ui.widgets.header import WrappingHeader


class CriteriaPage(CriteriaEditing, Page):
    """Criteria & weights: the weighted criteria tree and the selected criterion's settings."""

    title = "Criteria & weights"
    help_text = ("What the providers are scored on and how much each criterion counts. Agree "
                 "and lock these before proposals are opened.")

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self._current_key: str | None = None
        self._current_group: str | None = None
        self._collapsed: set[str] = set()
        self._restoring = False
        self._changing = False

        self.model = CriteriaModel(self.change, self.message.show_error, self)
        self._build_actions()
        self.body.addWidget(self._build_banner())
        self.body.addLayout(self._build_toolbar())

        self.tree = QTreeView()
        self.tree.setHeader(WrappingHeader(self.tree))
        self.tree.setModel(self.model)
        self.tree.setAlternatingRowColors(True)
        # Long criterion names wrap onto a second line rather than ending in "…".
        self.tree.setWordWrap(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.tree.setUniformRowHeights(False)
        self._relayout = QTimer(self)
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(0)
        self._relayout.timeout.connect(self.tree.doItemsLayout)  # rows re-measure wrapped names
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.tree.setItemDelegate(WrappedNameDelegate(self.tree, Column.NAME, self))
        self.weight_delegate = NumberDelegate(0.0, 1_000_000.0, decimals=2, parent=self)
        self.min_delegate = NumberDelegate(0.0, 10.0, decimals=2, step=0.5,
                                           none_text="No minimum", parent=self)
        self.tree.setItemDelegateForColumn(Column.WEIGHT, self.weight_delegate)
        self.tree.setItemDelegateForColumn(Column.MIN_SCORE, self.min_delegate)
        self.tree.setItemDelegateForColumn(Column.BAR, ShareBarDelegate(self))
        header = self.tree.header()
        header.setStretchLastSection(False)
        # Fitted once per change (_fit_columns), not in ResizeToContents mode: that mode
        # re-measured every sampled row of the fitted columns on each layout pass, three or more
        # times while a tender's page first appears.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        # a tender's hundred criteria: size columns from the rows on screen and a few more
        header.setResizeContentsPrecision(SIZE_SAMPLE_ROWS)
        self._fit_later = QTimer(self)
        self._fit_later.setSingleShot(True)
        self._fit_later.setInterval(0)
        self._fit_later.timeout.connect(self._fit_columns)
        header.setSectionResizeMode(Column.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(Column.BAR, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(Column.BAR, 140)
        header.setMinimumSectionSize(60)
        header.sectionResized.connect(lambda *_: self._relayout.start())
        self.tree.addAction(self.remove_action)
        self.tree.installEventFilter(self)
        self.tree.viewport().installEventFilter(self)
        self.tree.collapsed.connect(self._remember_collapsed)
        self.tree.expanded.connect(self._remember_expanded)
        self.model.modelReset.connect(self._after_reset)
        for signal in (self.model.modelReset, self.model.dataChanged, self.model.rowsInserted):
            signal.connect(self._fit_later.start)
        selection = self.tree.selectionModel()
        selection.selectionChanged.connect(self._selection_changed)

        self.details = CriterionDetails()
        self.details.edited.connect(self._save_criterion)
        self.details.refused.connect(self._refuse_in_panel)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([720, 480])

        self.empty = EmptyState("No criteria yet",
                                "Add what the providers will be scored on with Add criterion "
                                "(Insert): judgement criteria for the team to score, term "
                                "criteria scored from the SLA, and price criteria.")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.splitter)
        self.stack.addWidget(self.empty)
        self.body.addWidget(self.stack, 1)

        self.footer = QLabel()
        self.footer.setTextFormat(Qt.TextFormat.PlainText)
        self.footer.setWordWrap(True)
        self.body.addWidget(self.footer)
        self.refresh()
        self.tree.expandAll()
        self.tree.setColumnWidth(0, 250)
        self._fit_columns(exactly=True)
        first = next(iter(self.session.evaluation.criteria), None)
        if first is not None:  # show a criterion's settings rather than an empty panel
            self.tree.setCurrentIndex(self.model.index_of_criterion(first.key))

    # ------------------------------------------------------------------ building

    def _build_actions(self) -> None:
        self.add_action = page_action(ActionId.ADD_ROW, "&Add criterion…", self,
                                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.add_action.setIconText("Add criterion…")
        self.add_action.setToolTip("Add a criterion (Insert)")
        self.add_action.triggered.connect(self.add_criterion)
        self.addAction(self.add_action)
        self.remove_action = page_action(ActionId.REMOVE_ROW, "&Remove…", self,
                                         context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.remove_action.setIconText("Remove…")
        self.remove_action.setToolTip("Remove the selected criterion and its scores (Delete)")
        self.remove_action.triggered.connect(self.remove_criterion)
        self.lock_action = QAction("&Lock criteria…", self)
        self.lock_action.setIconText("Lock criteria…")
        self.lock_action.setToolTip(LOCK_HELP)
        self.lock_action.triggered.connect(self.lock_criteria)
        self.unlock_action = QAction("&Unlock…", self)
        self.unlock_action.setIconText("Unlock…")
        self.unlock_action.setToolTip("Open the criteria for changes again (asks for a reason, "
                                      "which is recorded).")
        self.unlock_action.triggered.connect(self.unlock_criteria)

    def _build_banner(self) -> QFrame:
        self.banner = QFrame()
        self.banner.setObjectName("LockBanner")
        self.banner.setStyleSheet(
            "#LockBanner { border: 1px solid rgba(191, 122, 0, 0.85); border-radius: 4px; "
            "background: rgba(230, 160, 0, 0.14); }")
        self.banner_label = QLabel()
        self.banner_label.setTextFormat(Qt.TextFormat.PlainText)
        self.banner_label.setWordWrap(True)
        self.unlock_button = QToolButton()
        self.unlock_button.setDefaultAction(self.unlock_action)
        layout = QHBoxLayout(self.banner)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.banner_label, 1)
        layout.addWidget(self.unlock_button)
        self.banner.hide()
        return self.banner

    def _build_toolbar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.setSpacing(8)
        self.add_button = QToolButton()
        self.add_button.setDefaultAction(self.add_action)
        self.remove_button = QToolButton()
        self.remove_button.setDefaultAction(self.remove_action)
        bar.addWidget(self.add_button)
        bar.addWidget(self.remove_button)
        self.ahp_button = QPushButton("Weigh by pairwise comparison…")
        self.ahp_button.setToolTip("Set weights by comparing criteria two at a time (AHP), "
                                   "with Saaty's consistency check")
        self.ahp_button.clicked.connect(self.weigh_by_comparison)
        bar.addWidget(self.ahp_button)
        bar.addStretch(1)
        self.lock_button = QToolButton()
        self.lock_button.setDefaultAction(self.lock_action)
        bar.addWidget(self.lock_button)
        return bar

    # ------------------------------------------------------------------ prompts (tests patch)

    def select_criterion(self, key: str) -> None:
        """Select a criterion's row and show its settings."""
        index = self.model.index_of_criterion(key)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)

    def show_place(self, place: Place) -> None:
        """Select the criterion of ``place``."""
        if place.criterion:
            self.select_criterion(place.criterion)

    def refresh(self) -> None:
        """Redraw the tree, the banner, the totals and the selected criterion's settings."""
        evaluation = self.session.evaluation
        read_only = self.session.read_only
        scale = evaluation.scale
        step = scale_step(scale.min, scale.max)
        self.min_delegate.set_range(scale.min, scale.max, step)
        self.model.set_evaluation(evaluation, editable=not read_only)
        self.stack.setCurrentWidget(self.splitter if evaluation.criteria else self.empty)

        locked = bool(evaluation.criteria_locked_at)
        self.banner.setVisible(locked)
        if locked:
            self.banner_label.setText(
                f"Criteria and weights were locked on "
                f"{lock_date_text(evaluation.criteria_locked_at)}; changes need a reason and "
                "are recorded.")
        self.lock_button.setVisible(not locked)
        self.add_action.setEnabled(not read_only)
        self.remove_action.setEnabled(not read_only and self._current_key is not None)
        self.lock_action.setEnabled(not read_only and not locked)
        self.unlock_action.setEnabled(not read_only and locked)
        self.details.setEnabled(not read_only)
        self.footer.setText(self._footer_text(evaluation))
        self._show_details()

    def _footer_text(self, evaluation: Evaluation) -> str:
        count = len(evaluation.criteria)
        if not count:
            return ""
        groups = len(self.model.group_names())
        total = self.model.total_weight
        text = (f"Total weight: {format_number(total)} points over {count} "
                f"criteri{'on' if count == 1 else 'a'} in {groups} group"
                f"{'' if groups == 1 else 's'}. Each share is a criterion's points divided "
                "by the total.")
        if total <= 0:
            return text + " Every criterion weighs 0, so every provider scores 0."
        wsm = self.session.results().wsm
        leader = next((r for r in wsm.results if r.rank == 1 and r.score is not None), None)
        if leader is not None and leader.score is not None:
            text += (f" With these weights {leader.name} leads the weighted sum at "
                     f"{leader.score:.2f} of 10.")
        return text

    def _show_details(self) -> None:
        evaluation = self.session.evaluation
        if self._current_key is not None:
            try:
                criterion = evaluation.criterion(self._current_key)
            except KeyError:
                pass
            else:
                share = (criterion.weight / self.model.total_weight * 100.0
                         if self.model.total_weight > 0 else None)
                self.details.show_criterion(evaluation, criterion, share)
                return
        if self._current_group is not None:
            members = [c for c in evaluation.criteria if c.group == self._current_group]
            if members:
                points = sum(c.weight for c in members)
                share = (points / self.model.total_weight * 100.0
                         if self.model.total_weight > 0 else None)
                self.details.show_nothing(
                    self._current_group or UNGROUPED,
                    f"{len(members)} criteri{'on' if len(members) == 1 else 'a'}, "
                    f"{format_number(points)} points: {share_text(share)} of the total weight."
                    "\n\nSelect one of its criteria to see and change how it is scored.")
                return
        self.details.show_nothing()

    def _selection_changed(self, selected: QItemSelection, _: QItemSelection) -> None:
        if self._restoring:
            return
        indexes = selected.indexes()
        index = indexes[0] if indexes else QModelIndex()
        criterion = self.model.criterion_at(index)
        self._current_key = criterion.key if criterion is not None else None
        self._current_group = self.model.group_at(index)
        self.remove_action.setEnabled(not self.session.read_only and criterion is not None)
        self._show_details()

    def _fit_columns(self, *, exactly: bool = False) -> None:
        """Fit the short columns to their text (sampled rows); after a change only widen them,
        never narrowing what the user widened."""
        self._fit_later.stop()
        header = self.tree.header()
        for column in (Column.KIND, Column.WEIGHT, Column.SHARE, Column.MIN_SCORE):
            needed = max(self.tree.sizeHintForColumn(column), header.sectionSizeHint(column))
            if exactly or needed > header.sectionSize(column):
                header.resizeSection(column, needed)

    def _after_reset(self) -> None:
        """Expand the groups the user had open and select the same row again."""
        self._restoring = True
        try:
            for name in self.model.group_names():
                index = self.model.index_of_group(name)
                self.tree.setExpanded(index, name not in self._collapsed)
            index = QModelIndex()
            if self._current_key is not None:
                index = self.model.index_of_criterion(self._current_key)
            if not index.isValid() and self._current_group is not None:
                index = self.model.index_of_group(self._current_group)
            if index.isValid():
                self.tree.setCurrentIndex(index)
        finally:
            self._restoring = False
        criterion = self.model.criterion_at(self.tree.currentIndex())
        if criterion is None:
            self._current_key = None
        self._current_group = self.model.group_at(self.tree.currentIndex())
        self.remove_action.setEnabled(not self.session.read_only and criterion is not None)

    def _remember_collapsed(self, index: QModelIndex) -> None:
        name = self.model.group_at(index)
        if name is not None and not self._restoring:
            self._collapsed.add(name)

    def _remember_expanded(self, index: QModelIndex) -> None:
        name = self.model.group_at(index)
        if name is not None and not self._restoring:
            self._collapsed.discard(name)

    def _fit_bar_column(self) -> None:
        """Drop the share bar on a narrow tree: the names need the room more (Share stays)."""
        narrow = self.tree.viewport().width() < 620
        if self.tree.isColumnHidden(Column.BAR) != narrow:
            self.tree.setColumnHidden(Column.BAR, narrow)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.tree.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_bar_column()
        # Enter edits the row's weight (the usual change; F2 edits the current cell, such as
        # the name), or its minimum score when that cell is the current one.
        if watched is self.tree and event.type() == QEvent.Type.KeyPress \
                and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and self.tree.state() != QAbstractItemView.State.EditingState:
            current = self.tree.currentIndex()
            if current.isValid() and self.model.criterion_at(current) is not None:
                if current.column() != Column.MIN_SCORE \
                        or not self.model.flags(current) & Qt.ItemFlag.ItemIsEditable:
                    current = current.siblingAtColumn(Column.WEIGHT)
                self.tree.edit(current)
                return True
        return super().eventFilter(watched, event)
