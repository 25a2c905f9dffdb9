"""Dialogs of the Service page: award the contract, record a claim, record a review meeting.

Each dialog only gathers values and builds the edit; the page applies it through the session,
so a refusal is shown as the domain's sentence and nothing is saved.
"""

from __future__ import annotations

from datetime import date
from zoneinfo import available_timezones

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import Evaluation
from slaselect.domain.service.credits import end_and_notice
from slaselect.domain.service.edits import AwardContract, RecordClaim, RecordReview, record_review
from slaselect.domain.service.model import ReviewAction, ReviewMeeting
from slaselect.ui.widgets import DecimalSpin, refusal_in


def _date_edit(day: date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    return edit


def _day(edit: QDateEdit) -> date:
    value = edit.date()
    return date(value.year(), value.month(), value.day())


def _buttons(dialog: QDialog, ok: str) -> QDialogButtonBox:
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok)
    buttons.accepted.connect(dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


class AwardDialog(QDialog):
    """Award contract…: provider, round, start date and time zone; shows end and notice."""

    def __init__(self, evaluation: Evaluation, recommended: str | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Award contract")
        self.evaluation = evaluation
        self.provider = QComboBox()
        for provider in evaluation.providers:
            if evaluation.rounds_of(provider.key):
                self.provider.addItem(provider.name, provider.key)
        if recommended is not None and self.provider.findData(recommended) >= 0:
            self.provider.setCurrentIndex(self.provider.findData(recommended))
        self.round = QComboBox()
        self.start = _date_edit(date.today())
        self.zone = QComboBox()
        self.zone.setEditable(True)
        self.zone.addItems(sorted(available_timezones()))
        self.zone.setCurrentText(evaluation.scenario.business_hours.zone or "UTC")
        self.dates = QLabel()
        self.dates.setWordWrap(True)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #C0392B")
        self.problem.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Provider", self.provider)
        form.addRow("Round signed", self.round)
        form.addRow("Start date", self.start)
        form.addRow("Time zone", self.zone)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("The chosen round's terms become the signed contract; later "
                                "edits to rounds do not change it."))
        layout.addLayout(form)
        layout.addWidget(self.dates)
        layout.addWidget(self.problem)
        layout.addWidget(_buttons(self, "Award"))
        self.provider.currentIndexChanged.connect(self._fill_rounds)
        self.round.currentIndexChanged.connect(self._show_dates)
        self.start.dateChanged.connect(self._show_dates)
        self._fill_rounds()

    def _fill_rounds(self) -> None:
        self.round.blockSignals(True)
        self.round.clear()
        key = self.provider.currentData()
        rounds = self.evaluation.rounds_of(key) if key else ()
        for r in sorted(rounds, key=lambda r: r.number, reverse=True):
            label = f"Round {r.number}" + (f" — {r.label}" if r.label else "")
            self.round.addItem(label, r.number)
        self.round.blockSignals(False)
        self._show_dates()

    def edit(self) -> AwardContract:
        """The award the dialog describes (its time of award is now)."""
        from datetime import datetime

        return AwardContract(self.provider.currentData() or "", _day(self.start).isoformat(),
                             self.round.currentData(), self.zone.currentText().strip(),
                             datetime.now().astimezone().isoformat(timespec="seconds"))

    def _show_dates(self) -> None:
        try:
            contract = self.edit().contract(self.evaluation)
        except EvaluationError as error:
            self.dates.setText("")
            self.problem.setText(str(error))
            return
        self.problem.setText("")
        end, notice = end_and_notice(contract.terms, contract.start)
        if end is None:
            self.dates.setText("The signed terms give no contract length, so no end date.")
        else:
            text = f"The contract ends {end.isoformat()}"
            text += f"; notice must be given by {notice.isoformat()}." if notice else "."
            self.dates.setText(text)


class ClaimDialog(QDialog):
    """Record claim…: the date the credit was claimed, the amount and the provider's reference."""

    def __init__(self, month: str, amount: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Record the claim for {month}")
        self.month = month
        self.date = _date_edit(date.today())
        self.amount = DecimalSpin(0, 1e12, 2)
        self.amount.setGroupSeparatorShown(True)
        self.amount.setValue(amount)
        self.reference = QLineEdit()
        self.reference.setPlaceholderText("e.g. the provider's case number")
        form = QFormLayout(self)
        form.addRow("Claimed on", self.date)
        form.addRow("Amount", self.amount)
        form.addRow("Reference", self.reference)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #C0392B")
        self.amount.refused.connect(self.problem.setText)
        form.addRow(self.problem)
        form.addRow(_buttons(self, "Record claim"))

    def accept(self) -> None:
        """Record only the amount typed: one that is no amount keeps the dialog open."""
        sentence = refusal_in(self)
        if sentence:
            self.problem.setText(sentence)
            return
        super().accept()

    def edit(self) -> RecordClaim:
        """The claim as an edit."""
        return RecordClaim(self.month, _day(self.date).isoformat(), self.amount.value(),
                           self.reference.text().strip())


class ReviewDialog(QDialog):
    """Record review meeting…: date, attendees, feedback given and actions with owners."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Record a service review meeting")
        self.date = _date_edit(date.today())
        self.attendees = QLineEdit()
        self.attendees.setPlaceholderText("Names separated by commas")
        self.feedback = QPlainTextEdit()
        self.feedback.setPlaceholderText("The feedback given to the provider")
        self.feedback.setMaximumHeight(90)
        self.actions = QTableWidget(4, 3)
        self.actions.setHorizontalHeaderLabels(["Action agreed", "Owner", "Due (YYYY-MM-DD)"])
        self.actions.horizontalHeader().setStretchLastSection(True)
        self.actions.setColumnWidth(0, 280)
        form = QFormLayout(self)
        form.addRow("Date", self.date)
        form.addRow("Attendees", self.attendees)
        form.addRow("Feedback", self.feedback)
        form.addRow("Actions", self.actions)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #C0392B")
        form.addRow(self.problem)
        form.addRow(_buttons(self, "Record review"))
        self.resize(620, 420)

    def _cell(self, row: int, column: int) -> str:
        item = self.actions.item(row, column)
        return item.text().strip() if item is not None else ""

    def set_action(self, row: int, text: str, owner: str, due: str = "") -> None:
        """Fill one action row (also for tests)."""
        if row >= self.actions.rowCount():
            self.actions.setRowCount(row + 1)
        for column, value in enumerate((text, owner, due)):
            self.actions.setItem(row, column, QTableWidgetItem(value))

    def edit(self) -> RecordReview:
        """The meeting as an edit; EvaluationError for an action without owner or a bad date."""
        actions = []
        for row in range(self.actions.rowCount()):
            text, owner, due = (self._cell(row, c) for c in range(3))
            if not (text or owner or due):
                continue
            if not text or not owner:
                raise EvaluationError(f"Action {row + 1} needs both its words and an owner.")
            try:
                due_day = date.fromisoformat(due) if due else None
            except ValueError:
                raise EvaluationError(
                    f"Action {row + 1}: '{due}' is not a due date written as YYYY-MM-DD."
                ) from None
            actions.append(ReviewAction(text, owner, due_day))
        attendees = tuple(a.strip() for a in self.attendees.text().split(",") if a.strip())
        return record_review(ReviewMeeting(_day(self.date), attendees,
                                           self.feedback.toPlainText().strip(), tuple(actions)))

    def accept(self) -> None:
        """Close only when the actions make sense."""
        try:
            self.edit()
        except EvaluationError as error:
            self.problem.setText(str(error))
            return
        super().accept()
