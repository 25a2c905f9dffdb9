"""Multi-line text fields that save when the user leaves them, as a line edit does."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget


class NotesEdit(QPlainTextEdit):
    """A multi-line text box that reports when the user leaves it (like QLineEdit)."""

    editing_finished = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if self.document().isModified():
            self.document().setModified(False)
            self.editing_finished.emit()


class CommitTextEdit(QPlainTextEdit):
    """A multi-line text field that reports its text once, when the user leaves it."""

    committed = Signal()
    """Emitted on focus out when the text was changed since it was last loaded."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)  # Tab moves on, as in every other field of the form
        self._loaded = ""

    def load(self, text: str) -> None:
        """Show a saved value (not a user change)."""
        self._loaded = text
        if self.toPlainText() != text:
            self.setPlainText(text)

    def is_modified(self) -> bool:
        """True when the user typed something not yet committed."""
        return self.toPlainText() != self._loaded

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if self.is_modified():
            self.committed.emit()
