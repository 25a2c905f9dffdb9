"""Compare: every provider's terms side by side, with the figures derived from them.

Providers are columns (at their latest round, or all at the same round number), terms are
rows grouped by category, derived figures last. The best value of each row is tinted green
and the worst red; a value failing a must-have is marked and says why when hovered.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QHideEvent, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from slaselect.domain.comparison import Comparison, compare
from slaselect.domain.model import Evaluation
from slaselect.domain.position import Standing, term_positions
from slaselect.ui.actions import ActionId, page_action
from slaselect.ui.changes import ALL_PARTS, Part
from slaselect.ui.models.comparison import Column, ComparisonFilter, ComparisonModel, Positions
from slaselect.ui.models.marks import BETTER_TINT, WORSE_TINT, must_have_icon, standing_icon
from slaselect.ui.pages.base import Page
from slaselect.ui.session import Session
from slaselect.ui.widgets import EmptyState
from slaselect.ui.widgets.header import WrappingHeader
from slaselect.ui.widgets.legend import RowHeightFitter, legend_row
from slaselect.ui.workers import Job, LatestOnly

LATEST = "Latest round"
ALL_CATEGORIES = "All categories"
BACKGROUND_FROM_PROVIDERS = 40
"""From this many providers the grid is worked out on a worker (a tender's 200 take a tenth of
a second, too long for the window to stop painting); fewer are worked out at once."""

START_ANYWAY_MS = 250
"""A comparison waiting for the page to be painted starts after this long even if it is not
(a page built but never shown)."""

Worked = tuple[Evaluation, Comparison, Positions]


def work_out(evaluation: Evaluation, round_number: int | None) -> Worked:
    """The comparison at a round and where each offer stands (pure: runs on a worker)."""
    comparison = compare(evaluation, round_number)
    return evaluation, comparison, offer_positions(evaluation, comparison)


def offer_positions(evaluation: Evaluation, comparison: Comparison) -> Positions:
    """Where each provider's offer (at the round shown) stands against the buyer's ask."""
    if not evaluation.ask:
        return {}
    positions: Positions = {}
    for provider in comparison.providers:
        if comparison.rounds.get(provider.key) is None:
            continue  # no offer on file: nothing to measure
        for position in term_positions(evaluation, provider.key,
                                       comparison.rounds[provider.key]):
            positions[(provider.key, position.term)] = position
    return positions


class ComparePage(Page):
    """The side-by-side grid of terms and derived figures across providers."""

    title = "Compare"
    depends_on = ALL_PARTS - {Part.SCORES, Part.EVALUATORS}  # terms, not judgement
    help_text = (
        "Every provider's terms side by side, and what they mean in time and money under your "
        "scenario. Hover a cell for its score and why it is marked; hover a figure to see how "
        "it is worked out."
    )

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.round_combo = QComboBox()
        self.round_combo.setToolTip(
            "Latest round: each provider's current terms. Round N: every provider as it stood "
            "at its round N (or its last round before that)."
        )
        self.round_combo.currentIndexChanged.connect(self._on_round_chosen)
        self.category_combo = QComboBox()
        self.category_combo.setMinimumWidth(180)
        self.category_combo.setToolTip("Show one category of terms, or the derived figures.")
        self.category_combo.currentIndexChanged.connect(self._on_filter_changed)
        self.find_edit = QLineEdit()
        self.find_edit.setPlaceholderText("Find a term…")
        self.find_edit.setClearButtonEnabled(True)
        self.find_edit.setMinimumWidth(220)
        self.find_edit.setToolTip("Show only the terms and figures whose name contains this.")
        self.find_edit.textChanged.connect(self._on_filter_changed)
        find_action = page_action(ActionId.FIND, "Find a term", self,
                                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find_action.triggered.connect(self._focus_find)
        self.addAction(find_action)

        bar = QHBoxLayout()
        bar.setSpacing(8)
        for text, widget in (("&Round:", self.round_combo), ("&Category:", self.category_combo),
                             ("&Find:", self.find_edit)):
            label = QLabel(text)
            label.setBuddy(widget)
            bar.addWidget(label)
            bar.addWidget(widget)
            bar.addSpacing(8)
        bar.addStretch(1)
        # at the bar's end, so the grid below does not jump when it shows and hides
        self.working = QLabel()
        self.working.setTextFormat(Qt.TextFormat.PlainText)
        self.working.setMinimumWidth(40)  # a narrow window clips it rather than widening
        self.working.hide()
        bar.addWidget(self.working)
        self.body.addLayout(bar)
        self.body.addWidget(legend_row([
            (BETTER_TINT, "best in the row"),
            (WORSE_TINT, "worst in the row"),
            (must_have_icon(), "fails a must-have (hover for why)"),
            (standing_icon(Standing.MEETS), "meets your ask"),
            (standing_icon(Standing.NEGOTIABLE), "negotiable"),
            (standing_icon(Standing.DEAL_BREAKER), "beyond your walk-away"),
            (standing_icon(Standing.DIFFERS), "differs from your ask"),
        ]))

        self._comparing = LatestOnly(self)
        self._comparing.finished.connect(self._show_worked)
        self._comparing.failed.connect(self._comparison_failed)
        # A tender's comparison starts once the page has been laid out and painted: worked
        # out meanwhile, the worker would hold the interpreter each time Qt calls into Python
        # to lay out and paint the page, and the window would stop for a tenth of a second.
        self._painted = False
        self._unstarted: Job | None = None
        self._start_anyway = QTimer(self)
        self._start_anyway.setSingleShot(True)
        self._start_anyway.setInterval(START_ANYWAY_MS)
        self._start_anyway.timeout.connect(self._start_unstarted)

        self.model = ComparisonModel(self)
        self.proxy = ComparisonFilter(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setHorizontalHeader(WrappingHeader(self.table))
        self.table.setModel(self.proxy)
        self.table.setAlternatingRowColors(True)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setWordWrap(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setMinimumSectionSize(
            self.table.fontMetrics().height() + 10)
        self.row_heights = RowHeightFitter(self.table)
        header = self.table.horizontalHeader()
        header.setMinimumSectionSize(118)  # five providers fit at 1024 wide
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self._was_reset = False
        self.model.modelReset.connect(self._after_reset)
        for signal in (self.proxy.modelReset, self.proxy.rowsInserted, self.proxy.rowsRemoved,
                       self.proxy.layoutChanged):
            signal.connect(self._apply_spans)

        self.no_match = QLabel()
        self.no_match.setTextFormat(Qt.TextFormat.PlainText)
        self.no_match.setEnabled(False)
        self.no_match.hide()
        self.empty = EmptyState(
            "Nothing to compare yet",
            "Add providers on the Providers page and record their proposals on the Terms & "
            "negotiation page; their terms then line up here side by side.",
        )
        grid_page = QWidget()
        grid_layout = QVBoxLayout(grid_page)
        grid_layout.setContentsMargins(0, 0, 0, 0)
        grid_layout.setSpacing(8)
        grid_layout.addWidget(self.table, 1)
        grid_layout.addWidget(self.no_match)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(grid_page)
        self.body.addWidget(self.stack, 1)
        self.refresh()

    # ------------------------------------------------------------------ choices

    def selected_round(self) -> int | None:
        """The round number chosen (None: each provider's latest)."""
        data = self.round_combo.currentData()
        return int(data) if data is not None else None

    def select_round(self, number: int | None) -> None:
        """Show every provider at round ``number`` (None: latest)."""
        index = self.round_combo.findData(number) if number is not None else 0
        if index >= 0:
            self.round_combo.setCurrentIndex(index)

    def _focus_find(self) -> None:
        self.find_edit.setFocus()
        self.find_edit.selectAll()

    def _on_round_chosen(self) -> None:
        self._show_grid()

    def _on_filter_changed(self) -> None:
        category = self.category_combo.currentData()
        self.proxy.set_category(category)
        self.proxy.set_text(self.find_edit.text())
        self._update_no_match()

    # ------------------------------------------------------------------ drawing

    def refresh(self) -> None:
        """Redraw from the session's evaluation, keeping round, filters and scroll."""
        evaluation = self.session.evaluation
        chosen = self.selected_round()
        highest = max((r.number for r in evaluation.rounds), default=0)
        if self.round_combo.count() != highest + 1:
            self.round_combo.blockSignals(True)
            self.round_combo.clear()
            self.round_combo.addItem(LATEST, None)
            for number in range(1, highest + 1):
                self.round_combo.addItem(f"Round {number}", number)
            index = self.round_combo.findData(chosen) if chosen is not None else 0
            self.round_combo.setCurrentIndex(max(index, 0))
            self.round_combo.blockSignals(False)
        wanted = 1 if evaluation.providers else 0
        if self.stack.currentIndex() != wanted:
            self.stack.setCurrentIndex(wanted)
        self._show_grid()

    def is_working(self) -> bool:
        """True while a newer comparison waits to start or is being worked out on a worker."""
        return self._unstarted is not None or self._comparing.busy()

    def _show_grid(self) -> None:
        evaluation = self.session.evaluation
        chosen = self.selected_round()
        if len(evaluation.providers) < BACKGROUND_FROM_PROVIDERS:
            self._unstarted = None
            self._comparing.cancel()  # a slower request still running is out of date now
            self.working.hide()
            self._show_worked(work_out(evaluation, chosen))
            return
        self.working.setText(f"Comparing {len(evaluation.providers)} providers…")
        self.working.show()
        self._unstarted = lambda _cancelled: work_out(evaluation, chosen)
        if self._painted:
            self._start_unstarted()
        else:
            self._comparing.cancel()  # one still running is out of date: its grid is dropped
            self._start_anyway.start()

    def _start_unstarted(self) -> None:
        self._start_anyway.stop()
        job, self._unstarted = self._unstarted, None
        if job is not None:
            self._comparing.start(job)

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt override
        """About to be laid out and painted: a comparison asked for now waits for that."""
        self._painted = False
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt override
        """Not painted while hidden."""
        self._painted = False
        super().hideEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        """Painted: a waiting comparison starts once this paint is done."""
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            if self._unstarted is not None:
                QTimer.singleShot(0, self, self._start_unstarted)  # dropped with the page

    def _comparison_failed(self, error: BaseException) -> None:
        self.working.hide()
        raise error  # a bug: the application's error dialog reports it

    def _show_worked(self, worked: Worked) -> None:
        evaluation, comparison, positions = worked
        if not self.is_working():
            self.working.hide()
        scroll = (self.table.horizontalScrollBar().value(),
                  self.table.verticalScrollBar().value())
        current = self.table.currentIndex()
        source = self.proxy.mapToSource(current) if current.isValid() else current
        row = self.model.row_at(source.row()) if source.isValid() else None
        column = current.column() if current.isValid() else -1
        self._was_reset = False
        header = self.table.horizontalHeader()
        assert isinstance(header, WrappingHeader)
        # a tender's thousand titles measured once, after the columns took their widths
        with header.settling():
            self.model.set_comparison(comparison, evaluation, positions)
        self._update_categories([name for name, _rows in comparison.categories()])
        self._update_no_match()
        if not self._was_reset:
            return  # a targeted update keeps the current cell and scroll by itself
        if row is not None and column >= 0:
            source_row = self.model.row_of(row.key)
            if source_row >= 0 and column < self.model.columnCount():
                proxy_index = self.proxy.mapFromSource(self.model.index(source_row, column))
                if proxy_index.isValid():
                    self.table.setCurrentIndex(proxy_index)
        self.table.horizontalScrollBar().setValue(scroll[0])
        self.table.verticalScrollBar().setValue(scroll[1])

    def _update_categories(self, categories: list[str]) -> None:
        chosen = self.category_combo.currentData()
        shown = [self.category_combo.itemData(i) for i in range(1, self.category_combo.count())]
        if shown == categories:
            return
        self.category_combo.blockSignals(True)
        self.category_combo.clear()
        self.category_combo.addItem(ALL_CATEGORIES, None)
        for category in categories:
            self.category_combo.addItem(category, category)
        index = self.category_combo.findData(chosen) if chosen is not None else 0
        self.category_combo.setCurrentIndex(max(index, 0))
        self.category_combo.blockSignals(False)
        if index < 0:
            self.proxy.set_category(None)

    def _after_reset(self) -> None:
        self._was_reset = True
        self._fit_columns()

    def _fit_columns(self) -> None:
        header = self.table.horizontalHeader()
        if self.model.columnCount() == 0:
            return
        # every column in one call (one at a time, a tender's thousand columns each laid
        # the header out again), then the term names' column on its own
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(Column.NAME, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(Column.NAME, 190)

    def _apply_spans(self) -> None:
        self.table.clearSpans()
        columns = self.proxy.columnCount()
        if columns < 2:
            return
        for row in range(self.proxy.rowCount()):
            if self.model.is_header(self.proxy.mapToSource(self.proxy.index(row, 0)).row()):
                self.table.setSpan(row, 0, 1, columns)

    def _update_no_match(self) -> None:
        text = self.find_edit.text().strip()
        if text and self.proxy.rowCount() == 0:
            self.no_match.setText(f"No term or figure is called anything like “{text}”. "
                                  "Clear the search or choose All categories.")
            self.no_match.show()
        elif not self.no_match.isHidden():
            self.no_match.hide()
