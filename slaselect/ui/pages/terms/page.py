"""The Terms & negotiation page: a provider chooser, the round-by-round grid, and its legend."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import Round
from slaselect.domain.negotiation import concession_summary, round_changes
from slaselect.ui.changes import ALL_PARTS, Part, Place
from slaselect.ui.delegates import TermValueDelegate
from slaselect.ui.models.marks import BETTER_TINT, CHANGED_TINT, WORSE_TINT, must_have_icon
from slaselect.ui.models.term_rounds import build_term_grid, round_title
from slaselect.ui.models.terms import Column, TermsModel
from slaselect.ui.pages.base import Page
from slaselect.ui.pages.terms.editing import TermsEditing
from slaselect.ui.pages.terms.several import SeveralCells
from slaselect.ui.pages.terms.table import TermTable
from slaselect.ui.session import Session
from slaselect.ui.widgets import EmptyState
from slaselect.ui.widgets.flow import FlowLayout
from slaselect.ui.widgets.header import WrappingHeader
from slaselect.ui.widgets.legend import RowHeightFitter, legend_row
from slaselect.ui.widgets.table_fit import ColumnShares

AnyIndex = QModelIndex | QPersistentModelIndex


class TermsPage(SeveralCells, TermsEditing, Page):
    """One provider's negotiated terms, round by round, against the buyer's ask."""

    title = "Terms & negotiation"
    depends_on = ALL_PARTS - {Part.SCORES, Part.EVALUATORS}  # terms, not judgement
    help_text = (
        "What each provider offered, round by round, next to what you asked for. Double-click, "
        "press Enter or F2 to change a value; Delete clears the selected cells; Ctrl+C and Ctrl+V "
        "copy and paste them. Hover a cell for details."
    )

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self._provider_key: str | None = None
        self._was_reset = False
        self._pending_reason: tuple[str, int, str] | None = None
        self._round_reason: tuple[str | None, int, str] | None = None
        """The reason given for changing an older round: asked once for a batch of changes
        to that round, until the user moves to another round, provider or page."""

        self.provider_combo = QComboBox()
        self.provider_combo.setMinimumWidth(240)
        self.provider_combo.setToolTip("Whose proposals to show.")
        self.provider_combo.currentIndexChanged.connect(self._on_provider_chosen)
        provider_label = QLabel("&Provider:")
        provider_label.setBuddy(self.provider_combo)
        self.new_round_button = QPushButton("New round…")
        self.new_round_button.setToolTip(
            "Record a revised offer: a new round starting as a full copy of the latest terms."
        )
        self.new_round_button.clicked.connect(self.new_round)
        self.edit_round_button = QPushButton("Edit round label/date…")
        self.edit_round_button.setToolTip(
            "Rename or re-date the round of the selected cell (the latest when none is)."
        )
        self.edit_round_button.clicked.connect(self.edit_round_info)
        self.remove_round_button = QPushButton("Remove round…")
        self.remove_round_button.setToolTip(
            "Delete the round of the selected cell (the latest when none is); you can undo it."
        )
        self.remove_round_button.clicked.connect(self.remove_round)
        self.only_changes = QCheckBox("Only terms that changed")
        self.only_changes.setToolTip("Hide terms that are the same in every round.")
        self.only_changes.toggled.connect(self._apply_row_visibility)
        # The bar wraps onto a second line on a narrow window instead of overlapping.
        chooser = QWidget()
        chooser_row = QHBoxLayout(chooser)
        chooser_row.setContentsMargins(0, 0, 0, 0)
        chooser_row.addWidget(provider_label)
        chooser_row.addWidget(self.provider_combo)
        bar_widget = QWidget()
        bar = FlowLayout(bar_widget, spacing=8)
        for widget in (chooser, self.only_changes, self.new_round_button,
                       self.edit_round_button, self.remove_round_button):
            bar.addWidget(widget)
        self.body.addWidget(bar_widget)

        self.body.addWidget(legend_row([
            (BETTER_TINT, "better for you than the round before"),
            (WORSE_TINT, "worse"),
            (CHANGED_TINT, "changed"),
            (must_have_icon(), "fails a must-have"),
            (None, "grey italics: carried forward from an earlier round"),
        ]))

        self.model = TermsModel(self._commit, self)
        self.table = TermTable(self)
        self.table.setHorizontalHeader(WrappingHeader(self.table))
        self.table.setModel(self.model)
        delegate = TermValueDelegate(
            self.model, lambda: self.session.evaluation.currency, self._refuse_typed, self)
        self.table.setItemDelegate(delegate)
        delegate.closeEditor.connect(self._forget_pending_reason)
        self.table.setAlternatingRowColors(True)
        # Shift+arrows select a block of cells to copy, paste over or clear as one change.
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setMinimumSectionSize(
            self.table.fontMetrics().height() + 14)
        self.row_heights = RowHeightFitter(self.table)
        header = self.table.horizontalHeader()
        self.columns = ColumnShares(self.table, {})
        header.setMinimumSectionSize(90)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.model.modelReset.connect(self._after_reset)
        self.table.selectionModel().currentChanged.connect(self._update_buttons)
        self.table.selectionModel().currentChanged.connect(self._on_current_cell_changed)

        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.summary.setObjectName("ConcessionSummary")

        grid_page = QWidget()
        grid_layout = QVBoxLayout(grid_page)
        grid_layout.setContentsMargins(0, 0, 0, 0)
        grid_layout.setSpacing(8)
        grid_layout.addWidget(self.table, 1)
        grid_layout.addWidget(self.summary)
        self.empty = EmptyState(
            "No providers yet",
            "Add the providers you are considering on the Providers page, then record their "
            "proposals here, one round per offer.",
        )
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(grid_page)
        self.body.addWidget(self.stack, 1)
        self.refresh()

    # ------------------------------------------------------------------ questions (tests patch)

    def _provider_name(self) -> str:
        grid = self.model.grid
        return grid.provider.name if grid.provider is not None else "the provider"

    def selected_provider(self) -> str | None:
        """The key of the provider shown."""
        return self._provider_key

    def select_provider(self, key: str) -> None:
        """Show a provider's rounds."""
        index = self.provider_combo.findData(key)
        if index >= 0:
            self.provider_combo.setCurrentIndex(index)

    def show_place(self, place: Place) -> None:
        """Show the provider of ``place`` and select its term in its round (or the ask)."""
        if place.provider:
            self.select_provider(place.provider)
        if not place.term and place.round_number is None:
            return  # the provider's rounds as a whole
        row = self.model.row_of(place.term) if place.term else -1
        column = self.model.column_of(place.round_number)
        if row < 0 and column >= 0:  # a whole round: its first term
            row = next((r for r in range(self.model.rowCount()) if not self.model.is_header(r)),
                       -1)
        if row >= 0 and column >= 0:
            index = self.model.index(row, column)
            self.table.setCurrentIndex(index)
            self.table.scrollTo(index)

    def _latest(self) -> Round | None:
        rounds = self.model.grid.rounds
        return rounds[-1] if rounds else None

    def selected_round(self) -> Round | None:
        """The round of the current cell, else the latest round (None when there is none)."""
        chosen = self.model.round_at(self.table.currentIndex().column())
        return chosen if chosen is not None else self._latest()

    def _on_provider_chosen(self) -> None:
        key = self.provider_combo.currentData()
        if key != self._provider_key:
            self.end_round_reason()
            self._provider_key = key
            self.message.clear()
            self._show_grid()

    # ------------------------------------------------------------------ drawing

    def hideEvent(self, event: QHideEvent) -> None:  # noqa: N802 - Qt override
        """Leaving the page ends a batch of changes to an older round."""
        self.end_round_reason()
        super().hideEvent(event)

    def refresh(self) -> None:
        """Redraw from the session's evaluation, keeping the provider, cell and scroll."""
        evaluation = self.session.evaluation
        choices = [(p.name + (" (excluded)" if p.excluded else ""), p.key)
                   for p in evaluation.providers]
        shown = [(self.provider_combo.itemText(i), self.provider_combo.itemData(i))
                 for i in range(self.provider_combo.count())]
        keys = [key for _name, key in choices]
        if self._provider_key not in keys:
            self._provider_key = keys[0] if keys else None
        if shown != choices:
            self.provider_combo.blockSignals(True)
            self.provider_combo.clear()
            for name, key in choices:
                self.provider_combo.addItem(name, key)
            self.provider_combo.blockSignals(False)
        if self._provider_key is not None \
                and self.provider_combo.currentIndex() != keys.index(self._provider_key):
            self.provider_combo.blockSignals(True)
            self.provider_combo.setCurrentIndex(keys.index(self._provider_key))
            self.provider_combo.blockSignals(False)
        wanted = 1 if keys else 0
        if self.stack.currentIndex() != wanted:
            self.stack.setCurrentIndex(wanted)
        self._show_grid()

    def _show_grid(self) -> None:
        current = self.table.currentIndex()
        term = self.model.term_at(current.row()) if current.isValid() else None
        shown_round = self.model.round_at(current.column()) if current.isValid() else None
        column_kind = current.column() if current.isValid() else None
        scroll = (self.table.horizontalScrollBar().value(),
                  self.table.verticalScrollBar().value())
        self._was_reset = False
        grid = build_term_grid(self.session.evaluation, self._provider_key)
        self.model.set_grid(grid, editable=not self.session.read_only)
        self._apply_row_visibility()
        if self._was_reset:  # a targeted update keeps the current cell and scroll by itself
            if term is not None:
                row = self.model.row_of(term.key)
                column = (self.model.column_of(shown_round.number) if shown_round is not None
                          else column_kind if column_kind is not None else -1)
                if row >= 0 and column >= 0:
                    self.table.setCurrentIndex(self.model.index(row, column))
            self.table.horizontalScrollBar().setValue(scroll[0])
            self.table.verticalScrollBar().setValue(scroll[1])
        self._update_summary()
        self._update_buttons()

    def _after_reset(self) -> None:
        self._was_reset = True
        self._fit_columns()
        self._apply_spans()

    def _fit_columns(self) -> None:
        # Narrow enough that two rounds fit beside the ask at 1024 wide and three at 1280;
        # titles and values wrap. A wider window shares the room out among the columns, most
        # of it to the rounds, not all to the last one.
        shares = {Column.TERM: (180, 0.6), Column.ASK: (110, 0.25),
                  Column.WALK_AWAY: (100, 0.2)}
        for column in range(Column.FIRST_ROUND, self.model.columnCount()):
            shares[column] = (170, 1.0)
        self.columns.set_shares(shares)
        self.table.horizontalHeader().updateGeometry()

    def _apply_spans(self) -> None:
        self.table.clearSpans()
        columns = self.model.columnCount()
        if columns < 2:
            return
        for row in range(self.model.rowCount()):
            if self.model.is_header(row):
                self.table.setSpan(row, 0, 1, columns)

    def _apply_row_visibility(self) -> None:
        only_changes = self.only_changes.isChecked()
        lines = self.model.grid.lines
        header_row: int | None = None
        header_has_rows = False
        for row, line in enumerate(lines):
            if line.term is None:
                if header_row is not None:
                    self._set_row_hidden(header_row, not header_has_rows)
                header_row, header_has_rows = row, False
                continue
            visible = not only_changes or any(cell.verdict for cell in line.cells)
            self._set_row_hidden(row, not visible)
            header_has_rows = header_has_rows or visible
        if header_row is not None:
            self._set_row_hidden(header_row, not header_has_rows)

    def _set_row_hidden(self, row: int, hidden: bool) -> None:
        if self.table.isRowHidden(row) != hidden:
            self.table.setRowHidden(row, hidden)

    def _update_summary(self) -> None:
        text = self._summary_text()
        if self.summary.text() != text:
            self.summary.setText(text)

    def _summary_text(self) -> str:
        grid = self.model.grid
        name = self._provider_name()
        if grid.provider is None:
            return ""
        rounds = grid.rounds
        if not rounds:
            return (f"{name} has no rounds yet. Click New round to record its first proposal; "
                    "meanwhile you can fill in your ask.")
        if len(rounds) == 1:
            return (f"{round_title(rounds[0])} is {name}'s opening position. Add a round when "
                    "it revises its offer to see what it conceded.")
        previous, latest = rounds[-2], rounds[-1]
        try:
            changes = round_changes(self.session.evaluation, grid.provider.key,
                                    previous.number, latest.number)
        except EvaluationError as error:
            return str(error)
        return f"Latest changes — {concession_summary(changes, latest.label)}"

    def _update_buttons(self) -> None:
        writable = not self.session.read_only
        has_provider = self._provider_key is not None
        chosen = self.selected_round() if has_provider else None
        number = f" {chosen.number}" if chosen is not None else ""
        for button, enabled, text in (
            (self.new_round_button, writable and has_provider, "New round…"),
            (self.edit_round_button, writable and chosen is not None,
             f"Edit round{number} label/date…"),
            (self.remove_round_button, writable and chosen is not None,
             f"Remove round{number}…"),
        ):
            if button.isEnabled() != enabled:
                button.setEnabled(enabled)
            if button.text() != text:
                button.setText(text)

    # ------------------------------------------------------------------ editing values
