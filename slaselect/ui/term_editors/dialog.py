"""The dialog around one term value: the editor, what it was, Clear value, OK and Cancel."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import Term
from slaselect.domain.term_values import checked_term_value
from slaselect.ui.term_editors.choose import editor_for
from slaselect.ui.text import term_value_text


class TermValueDialog(QDialog):
    """Edit one term value in a dialog: the editor, what it was, Clear value, OK and Cancel."""

    def __init__(self, term: Term, value: Any, *, currency: str = "USD", where: str = "",
                 note: str = "", severity_names: Mapping[str, str] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.term = term
        self.setWindowTitle(f"{term.name} — SLASelect")
        self._value: Any = value
        heading = QLabel(term.name)
        heading.setTextFormat(Qt.TextFormat.PlainText)
        font = heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        heading.setFont(font)
        layout = QVBoxLayout(self)
        layout.setSpacing(8)
        layout.addWidget(heading)
        lines = ((where, False), (term.description, True), (note, False),
                 (f"Now: {term_value_text(term, value, currency)}", False))
        for text, is_hint in lines:
            if text:
                label = QLabel(text)
                label.setTextFormat(Qt.TextFormat.PlainText)
                label.setWordWrap(True)
                label.setEnabled(not is_hint)  # the term's description reads as a hint
                layout.addWidget(label)
        self.editor = editor_for(term, currency, severity_names)
        self.editor.set_value(value)
        layout.addWidget(self.editor, 1)
        self.error = QLabel()
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #d93025;")
        self.error.hide()
        layout.addWidget(self.error)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.clear_button = buttons.addButton("Clear value",
                                              QDialogButtonBox.ButtonRole.ResetRole)
        self.clear_button.setToolTip("Save the term as not stated in this column.")
        self.clear_button.clicked.connect(self._clear)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.editor.setFocus()
        self.setMinimumWidth(460)

    def _clear(self) -> None:
        self._value = None
        super().accept()

    def accept(self) -> None:
        """Read the editor; stay open with the reason shown when the value does not fit."""
        try:
            self._value = checked_term_value(self.term, self.editor.value())
        except EvaluationError as error:
            self.error.setText(str(error))
            self.error.show()
            return
        super().accept()

    def result_value(self) -> Any:
        """The value chosen (None: clear it); only meaningful after the dialog was accepted."""
        return self._value
