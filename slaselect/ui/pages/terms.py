"""Terms & negotiation: one provider's terms round by round, next to the buyer's ask.

The grid shows, per term, what the buyer asked for and what each round of the provider
offered: values carried forward from an earlier round in grey italics, changes from the round
before tinted (green better for the buyer, red worse, amber changed), must-have failures in
red with a mark. Values are edited in place (numbers, choices, flags, text) or in a small
dialog (severity tables, credit tiers, checklists, kinds of fee); editing a round that is not
the latest asks for a reason, which goes into the audit trail.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QColor, QIcon, QKeyEvent, QPainter, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from slaselect.domain.edits import DeleteRound, InsertRound, SetAskValue, SetRoundInfo, SetTermValue
from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import Round, Term
from slaselect.domain.negotiation import concession_summary, next_round, round_changes
from slaselect.domain.wording import format_term_value
from slaselect.ui.changes import ALL_PARTS, Part
from slaselect.ui.delegates import TermValueDelegate
from slaselect.ui.models.comparison import (
    BETTER_TINT,
    CHANGED_TINT,
    WORSE_TINT,
    must_have_icon,
)
from slaselect.ui.models.terms import (
    Column,
    RoundCell,
    TermsModel,
    build_term_grid,
    round_title,
)
from slaselect.ui.pages.base import Page
from slaselect.ui.session import Session
from slaselect.ui.term_editors import (
    INLINE_TYPES,
    TermValueDialog,
    checked_value,
)
from slaselect.ui.widgets import EmptyState

AnyIndex = QModelIndex | QPersistentModelIndex


# --------------------------------------------------------------------------- small widgets


def _swatch(colour: QColor | None, icon: QIcon | None = None) -> QLabel:
    """A 14 px sample of a tint (or an icon) for a legend."""
    pixmap = QPixmap(14, 14)
    pixmap.fill(Qt.GlobalColor.transparent)
    if icon is not None:
        pixmap = icon.pixmap(14, 14)
    elif colour is not None:
        painter = QPainter(pixmap)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRoundedRect(0, 0, 14, 14, 3, 3)
        painter.end()
    label = QLabel()
    label.setPixmap(pixmap)
    return label


def legend_row(items: list[tuple[QColor | QIcon | None, str]]) -> QWidget:
    """A one-line legend: a sample and a few words for each mark the grid uses."""
    widget = QWidget()
    layout = QHBoxLayout(widget)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(4)
    for mark, words in items:
        if isinstance(mark, QIcon):
            layout.addWidget(_swatch(None, mark))
        elif isinstance(mark, QColor):
            layout.addWidget(_swatch(mark))
        text = QLabel(words)
        text.setTextFormat(Qt.TextFormat.PlainText)
        if mark is None:
            font = text.font()
            font.setItalic(True)
            text.setFont(font)
            text.setEnabled(False)
        layout.addWidget(text)
        layout.addSpacing(12)
    layout.addStretch(1)
    return widget


class RowHeightFitter(QObject):
    """Keeps a word-wrapping table's rows as tall as their text, cheaply.

    Qt's ResizeToContents mode re-measures every row on any change; this fits only the rows
    whose data changed, and all rows (once, on the next event-loop turn) after a reset, a
    filter change or a column resize.
    """

    def __init__(self, view: QTableView) -> None:
        super().__init__(view)
        self._view = view
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(view.resizeRowsToContents)
        model = view.model()
        model.dataChanged.connect(self._fit_changed)
        for signal in (model.modelReset, model.rowsInserted, model.layoutChanged):
            signal.connect(self.schedule)
        view.horizontalHeader().sectionResized.connect(self.schedule)

    def schedule(self, *_args: object) -> None:
        """Fit every row on the next event-loop turn."""
        self._timer.start()

    def _fit_changed(self, top_left: QModelIndex, bottom_right: QModelIndex,
                     *_roles: object) -> None:
        if self._timer.isActive():
            return
        for row in range(top_left.row(), bottom_right.row() + 1):
            self._view.resizeRowToContents(row)


class RoundInfoDialog(QDialog):
    """Asks for a round's label and date (ISO, default today)."""

    def __init__(self, title: str, label: str, date: str, parent: QWidget | None = None,
                 note: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.label_edit = QLineEdit(label)
        self.label_edit.setPlaceholderText("e.g. Revised offer")
        self.date_edit = QDateEdit()
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat("yyyy-MM-dd")
        parsed = QDate.fromString(date, "yyyy-MM-dd")
        self.date_edit.setDate(parsed if parsed.isValid() else QDate.currentDate())
        form = QFormLayout()
        form.addRow("Label", self.label_edit)
        form.addRow("Date", self.date_edit)
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        if note:
            text = QLabel(note)
            text.setTextFormat(Qt.TextFormat.PlainText)
            text.setWordWrap(True)
            layout.addWidget(text)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(400)

    def values(self) -> tuple[str, str]:
        """(label, ISO date)."""
        return self.label_edit.text().strip(), self.date_edit.date().toString("yyyy-MM-dd")


class ReasonDialog(QDialog):
    """Asks why: OK is only possible once a reason is written."""

    def __init__(self, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        explanation = QLabel(text)
        explanation.setTextFormat(Qt.TextFormat.PlainText)
        explanation.setWordWrap(True)
        self.reason_edit = QPlainTextEdit()
        self.reason_edit.setPlaceholderText("e.g. Corrected a typo made when copying the proposal")
        self.reason_edit.setTabChangesFocus(True)
        self.reason_edit.setFixedHeight(80)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Change it")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason_edit.textChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addWidget(explanation)
        layout.addWidget(QLabel("Reason (kept in the audit trail):"))
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self._update()

    def _update(self) -> None:
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(bool(self.reason()))

    def reason(self) -> str:
        """The reason written, trimmed."""
        return self.reason_edit.toPlainText().strip()


# --------------------------------------------------------------------------- grid


class TermTable(QTableView):
    """The terms grid: Enter or F2 edits a cell, Delete clears it, older rounds ask first."""

    def __init__(self, page: TermsPage) -> None:
        super().__init__(page)
        self._page = page

    def _would_edit(self, index: AnyIndex, trigger: QAbstractItemView.EditTrigger) -> bool:
        if not index.isValid() or self.state() == QAbstractItemView.State.EditingState:
            return False
        if not index.flags() & Qt.ItemFlag.ItemIsEditable:
            return False
        every = QAbstractItemView.EditTrigger.AllEditTriggers
        return trigger == every or bool(trigger & self.editTriggers())

    def edit(self, index: AnyIndex,  # type: ignore[override]
             trigger: QAbstractItemView.EditTrigger = QAbstractItemView.EditTrigger
             .AllEditTriggers, event: QEvent | None = None) -> bool:
        """Start editing: ask first for an older round; complex types open a dialog."""
        if not self._would_edit(index, trigger):
            return super().edit(index, trigger, event)  # type: ignore[arg-type]
        if not self._page.prepare_edit(index):
            return False
        term = self._page.model.term_at(index.row())
        if term is not None and term.type not in INLINE_TYPES:
            self._page.edit_in_dialog(index)
            return False
        return super().edit(index, trigger, event)  # type: ignore[arg-type]

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """Enter edits the current cell; Delete clears it."""
        if self.state() != QAbstractItemView.State.EditingState:
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
                self.edit(self.currentIndex(), QAbstractItemView.EditTrigger.EditKeyPressed,
                          event)
                return
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and self.currentIndex().isValid():
                self._page.clear_cell(self.currentIndex())
                return
        super().keyPressEvent(event)


# --------------------------------------------------------------------------- page


class TermsPage(Page):
    """One provider's negotiated terms, round by round, against the buyer's ask."""

    title = "Terms & negotiation"
    depends_on = ALL_PARTS - {Part.SCORES, Part.EVALUATORS}  # terms, not judgement
    help_text = (
        "What each provider offered, round by round, next to what you asked for. Double-click, "
        "press Enter or F2 to change a value; Delete clears it. Hover a cell for details."
    )

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self._provider_key: str | None = None
        self._was_reset = False
        self._pending_reason: tuple[str, int, str] | None = None

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
        bar = QHBoxLayout()
        bar.setSpacing(8)
        bar.addWidget(provider_label)
        bar.addWidget(self.provider_combo)
        bar.addSpacing(8)
        bar.addWidget(self.only_changes)
        bar.addStretch(1)
        bar.addWidget(self.new_round_button)
        bar.addWidget(self.edit_round_button)
        bar.addWidget(self.remove_round_button)
        self.body.addLayout(bar)

        self.body.addWidget(legend_row([
            (BETTER_TINT, "better for you than the round before"),
            (WORSE_TINT, "worse"),
            (CHANGED_TINT, "changed"),
            (must_have_icon(), "fails a must-have"),
            (None, "grey italics: carried forward from an earlier round"),
        ]))

        self.model = TermsModel(self._commit, self)
        self.table = TermTable(self)
        self.table.setModel(self.model)
        delegate = TermValueDelegate(
            self.model, lambda: self.session.evaluation.currency, self.message.show_error, self)
        self.table.setItemDelegate(delegate)
        delegate.closeEditor.connect(self._forget_pending_reason)
        self.table.setAlternatingRowColors(True)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
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
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setMinimumSectionSize(120)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.model.modelReset.connect(self._after_reset)
        self.table.selectionModel().currentChanged.connect(self._update_buttons)

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

    def confirm_old_round_edit(self, negotiation_round: Round) -> str | None:
        """Ask whether to change an earlier round and why; the reason, or None to leave it."""
        provider = self._provider_name()
        dialog = ReasonDialog(
            "Change an earlier round?",
            f"{round_title(negotiation_round)} is not {provider}'s latest round. Changing it "
            "rewrites what the provider offered at that time; later rounds keep their own "
            "values. The change is recorded in the audit trail with your reason.",
            self,
        )
        return dialog.reason() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def ask_new_round_info(self, number: int) -> tuple[str, str] | None:
        """Ask the new round's label and date; None when cancelled."""
        label = "Initial proposal" if number == 1 else "Revised offer"
        dialog = RoundInfoDialog(
            f"New round {number}", label, QDate.currentDate().toString("yyyy-MM-dd"), self,
            note=f"Round {number} starts as a copy of {self._provider_name()}'s latest terms; "
                 "then change what the new offer changes.",
        )
        return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def ask_round_info(self, negotiation_round: Round) -> tuple[str, str] | None:
        """Ask a round's new label and date; None when cancelled."""
        dialog = RoundInfoDialog(f"Round {negotiation_round.number}", negotiation_round.label,
                                 negotiation_round.date, self)
        return dialog.values() if dialog.exec() == QDialog.DialogCode.Accepted else None

    def confirm_remove_round(self, negotiation_round: Round) -> bool:
        """Ask before removing a round."""
        answer = QMessageBox.question(
            self, "Remove round?",
            f"Remove {round_title(negotiation_round)} of {self._provider_name()}? "
            "The terms it records are deleted; you can undo this.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def run_dialog(self, dialog: QDialog) -> bool:
        """Show a modal dialog; True when accepted (tests patch this)."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    # ------------------------------------------------------------------ state

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
            self._provider_key = key
            self.message.clear()
            self._show_grid()

    # ------------------------------------------------------------------ drawing

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
        header = self.table.horizontalHeader()
        metrics = self.table.fontMetrics()
        header.resizeSection(Column.TERM, 270)
        header.resizeSection(Column.ASK, 150)
        for column in range(Column.FIRST_ROUND, self.model.columnCount()):
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            header.resizeSection(column, max(200, metrics.horizontalAdvance(title) + 24))

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

    def _cell_target(self, index: AnyIndex) -> tuple[Term, Round | None] | None:
        """The term and round (None: the ask) of an editable cell."""
        term = self.model.term_at(index.row())
        if term is None or index.column() < Column.ASK:
            return None
        return term, self.model.round_at(index.column())

    def _forget_pending_reason(self, *_args: object) -> None:
        self._pending_reason = None

    def prepare_edit(self, index: AnyIndex) -> bool:
        """Before an editor opens: an older round needs a confirmed reason. True to go on."""
        self._pending_reason = None
        target = self._cell_target(index)
        if target is None:
            return False
        term, negotiation_round = target
        latest = self._latest()
        if negotiation_round is None or latest is None or negotiation_round == latest:
            return True
        reason = self.confirm_old_round_edit(negotiation_round)
        if not reason:
            self.message.show_info(f"{round_title(negotiation_round)} was left as it was.")
            return False
        self._pending_reason = (term.key, negotiation_round.number, reason)
        return True

    def edit_in_dialog(self, index: AnyIndex) -> bool:
        """Edit a cell's value in a dialog (any term type); True when a change was applied."""
        target = self._cell_target(index)
        if target is None:
            return False
        term, negotiation_round = target
        cell = self.model.cell_at(index.row(), index.column())
        value = cell.value if cell is not None else None
        provider = self.model.grid.provider
        where = (f"{provider.name if provider else ''} — {round_title(negotiation_round)}"
                 if negotiation_round is not None else "Your ask (the buyer's position)")
        note = ""
        if isinstance(cell, RoundCell) and cell.carried_from is not None:
            note = (f"This round does not state it; the value is carried forward from round "
                    f"{cell.carried_from}. Saving records it in this round.")
        dialog = TermValueDialog(
            term, value, currency=self.session.evaluation.currency, where=where, note=note,
            severity_names=provider.severity_names if provider else None, parent=self,
        )
        if not self.run_dialog(dialog):
            self._pending_reason = None
            return False
        number = negotiation_round.number if negotiation_round is not None else None
        return self._commit(term, number, dialog.result_value())

    def clear_cell(self, index: AnyIndex) -> bool:
        """Clear what the cell's round (or the ask) states; True when something changed."""
        if not index.flags() & Qt.ItemFlag.ItemIsEditable:
            return False
        target = self._cell_target(index)
        if target is None or not self.prepare_edit(index):
            return False
        term, negotiation_round = target
        number = negotiation_round.number if negotiation_round is not None else None
        return self._commit(term, number, None)

    def _commit(self, term: Term, round_number: int | None, value: Any) -> bool:
        """Check and save a value typed into the grid; refusals are shown in place."""
        try:
            value = checked_value(term, value)
        except EvaluationError as error:
            self._pending_reason = None
            self.message.show_error(str(error))
            return False
        evaluation = self.session.evaluation
        if round_number is None:
            if evaluation.ask.get(term.key) == value:
                return True
            return self.edit(SetAskValue(term.key, value))
        provider = self._provider_key
        if provider is None:
            return False
        negotiation_round = next((r for r in evaluation.rounds_of(provider)
                                  if r.number == round_number), None)
        if negotiation_round is None:
            self.message.show_error(f"Round {round_number} of this provider no longer exists.")
            return False
        stated = term.key in negotiation_round.values
        in_force = evaluation.terms_at(provider, round_number).get(term.key)
        if (stated and negotiation_round.values[term.key] == value) or (
                not stated and (value is None or value == in_force)):
            self._pending_reason = None
            return True  # nothing would change
        reason = ""
        if round_number != evaluation.latest_round_number(provider):
            pending, self._pending_reason = self._pending_reason, None
            if pending is not None and pending[:2] == (term.key, round_number):
                reason = pending[2]
            else:
                reason = self.confirm_old_round_edit(negotiation_round) or ""
                if not reason:
                    self.message.show_info(
                        f"{round_title(negotiation_round)} was left as it was.")
                    return False
        applied = self.edit(SetTermValue(provider, round_number, term.key, value), reason=reason)
        if applied and value is None:
            now = self.session.evaluation.terms_at(provider, round_number).get(term.key)
            if now is not None:
                shown = format_term_value(term, now, evaluation.currency)
                self.message.show_info(
                    f"Round {round_number} no longer states {term.name}, so the earlier "
                    f"round's {shown} carries forward."
                )
        return applied

    # ------------------------------------------------------------------ rounds

    def new_round(self) -> bool:
        """Add the provider's next round, a full copy of its latest terms; True when added."""
        provider = self._provider_key
        if provider is None:
            return False
        evaluation = self.session.evaluation
        latest = evaluation.latest_round_number(provider)
        number = 1 if latest is None else latest + 1
        info = self.ask_new_round_info(number)
        if info is None:
            return False
        label, date = info
        added = self.edit(InsertRound(next_round(evaluation, provider, label, date)))
        if added:
            column = self.model.column_of(number)
            row = max(self.model.row_of(evaluation.terms[0].key), 0) if evaluation.terms else 0
            if column >= 0:
                self.table.setCurrentIndex(self.model.index(row, column))
                self.table.scrollTo(self.model.index(row, column))
            self.message.show_info(
                f"Round {number} added as a copy of round {latest}'s terms: change what the "
                "new offer changes." if latest is not None else
                f"Round {number} added: fill in what {self._provider_name()} offers."
            )
        return added

    def remove_round(self) -> bool:
        """Remove the selected (or latest) round after confirming; True when removed."""
        chosen = self.selected_round()
        if chosen is None or not self.confirm_remove_round(chosen):
            return False
        return self.edit(DeleteRound(chosen.provider, chosen.number))

    def edit_round_info(self) -> bool:
        """Change the selected (or latest) round's label and date; True when changed."""
        chosen = self.selected_round()
        if chosen is None:
            return False
        info = self.ask_round_info(chosen)
        if info is None or info == (chosen.label, chosen.date):
            return False
        label, date = info
        return self.edit(SetRoundInfo(chosen.provider, chosen.number, label, date))
