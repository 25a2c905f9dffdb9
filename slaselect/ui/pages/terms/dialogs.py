"""Small dialogs of the Terms page: a round's label and date, the reason for changing an old
round."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)


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
