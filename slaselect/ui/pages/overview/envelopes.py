"""Price envelopes on the Overview page: when the sealed prices were opened.

In two-envelope tendering the evaluators score quality first and the price envelopes are
opened only when that scoring is complete. The page shows whether (and when) the opening is
recorded and offers "Record price envelopes opened…": today's date and time by default,
editable; changing or clearing a recorded opening asks for a reason, recorded in the audit
trail like a change to locked criteria. Undo takes it back.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from slaselect.domain.audit_words import when_words
from slaselect.domain.edits import (
    SetPriceEnvelopesOpened,
    check_opening_not_ahead,
    check_opening_time,
)
from slaselect.domain.errors import EvaluationError
from slaselect.ui.widgets import help_label, plain_label
from slaselect.ui.widgets.messages import problem_label

ENVELOPES_HELP = ("Two-envelope tendering: prices stay sealed until every quality score is "
                  "in. The board brief compares this moment with the last score recorded.")


def opening_words(opened_at: str) -> str:
    """The recorded opening as the page shows it: "Opened on 2026-12-03 14:05" (local time)."""
    if not opened_at:
        return "Not recorded: nothing shows the prices were sealed while quality was scored."
    when = when_words(opened_at) if len(opened_at) > 10 else opened_at
    return f"Opened on {when}."


def typed_opening(text: str) -> str:
    """What the user typed ("2026-12-03" or "2026-12-03 14:05", local time) as the stored ISO
    date or time; '' for nothing. EvaluationError with a sentence when it is not a date."""
    text = " ".join(text.split())
    if not text:
        return ""
    if len(text) > 10:
        try:
            moment = dt.datetime.strptime(text.replace("T", " ")[:16], "%Y-%m-%d %H:%M")
        except ValueError:
            moment = None
        if moment is not None and len(text) <= 16:
            stored = moment.astimezone().isoformat(timespec="seconds")
            return check_opening_not_ahead(stored, dt.datetime.now(dt.UTC))
    return check_opening_not_ahead(check_opening_time(text), dt.datetime.now(dt.UTC))


class EnvelopesDialog(QDialog):
    """Ask when the price envelopes were opened (and, to change a recorded one, why)."""

    def __init__(self, recorded: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Record price envelopes opened")
        self.changing = bool(recorded)
        layout = QVBoxLayout(self)
        layout.addWidget(help_label(
            "When were the sealed price envelopes opened? Type a date (2026-12-03) or a date "
            "and local time (2026-12-03 14:05)."
            + (" Leave it empty to clear the record." if self.changing else "")))
        form = QFormLayout()
        self.when_edit = QLineEdit(
            (when_words(recorded) if len(recorded) > 10 else recorded) if recorded
            else dt.datetime.now().strftime("%Y-%m-%d %H:%M"))
        self.when_edit.setAccessibleName("Opened on")
        form.addRow("&Opened on", self.when_edit)
        self.reason_edit = QLineEdit()
        self.reason_edit.setAccessibleName("Reason for the change")
        if self.changing:
            form.addRow("&Reason", self.reason_edit)
        layout.addLayout(form)
        if self.changing:
            layout.addWidget(help_label("An opening already recorded changes only with a "
                                        "reason; it is kept in the audit trail."))
        self.problem = problem_label()
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Record")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.opened_at = ""
        self.reason = ""
        self.when_edit.selectAll()
        self.resize(460, self.sizeHint().height())

    def accept(self) -> None:
        """Close only on a real date, and with a reason when changing a recorded opening."""
        try:
            opened = typed_opening(self.when_edit.text())
        except EvaluationError as error:
            self._show_problem(str(error))
            self.when_edit.setFocus()
            return
        if not opened and not self.changing:
            self._show_problem("Type the date the envelopes were opened.")
            return
        reason = self.reason_edit.text().strip()
        if self.changing and not reason:
            self._show_problem("The opening is already recorded, so a change needs a reason.")
            self.reason_edit.setFocus()
            return
        self.opened_at, self.reason = opened, reason
        super().accept()

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.show()


class EnvelopesSection:
    """The price-envelopes row of ``OverviewPage``'s Evaluation box."""

    def _build_envelopes(self) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.setSpacing(4)
        self.envelopes_label = plain_label()
        self.envelopes_button = QPushButton("Record price envelopes opened…")
        self.envelopes_button.setToolTip(ENVELOPES_HELP)
        self.envelopes_button.clicked.connect(self.record_envelopes_opened)
        row = QVBoxLayout()
        row.setSpacing(4)
        row.addWidget(self.envelopes_label)
        row.addWidget(self.envelopes_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(row)
        layout.addWidget(help_label(ENVELOPES_HELP))
        return box

    def _load_envelopes(self, opened_at: str) -> None:
        self.envelopes_label.setText(opening_words(opened_at))
        self.envelopes_button.setText("Change price envelopes opened…" if opened_at
                                      else "Record price envelopes opened…")

    def ask_opening(self, dialog: EnvelopesDialog) -> bool:
        """Show the dialog (tests type into it instead); True when the user recorded."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def record_envelopes_opened(self) -> None:
        """Record (or change, with a reason) when the price envelopes were opened."""
        recorded = self.session.evaluation.price_envelopes_opened_at
        dialog = EnvelopesDialog(recorded, self)
        if not self.ask_opening(dialog) or dialog.opened_at == recorded:
            return
        self.edit(SetPriceEnvelopesOpened(dialog.opened_at), reason=dialog.reason)
