"""Multi-line text fields that save when the user leaves them, as a line edit does."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt, Signal
from PySide6.QtGui import QFocusEvent, QResizeEvent
from PySide6.QtWidgets import QPlainTextEdit, QWidget

from slaselect.ui.widgets.table_fit import remeasure_ancestors


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


class GrowWithText(QObject):
    """Makes a multi-line text field as tall as its text, so it never scrolls on its own.

    A form in a scrolling panel then has one scroll bar (the panel's) instead of a box with
    its own scroll bar inside it. The field keeps at least ``min_lines`` lines.
    """

    def __init__(self, edit: QPlainTextEdit, min_lines: int = 2) -> None:
        super().__init__(edit)
        self._edit = edit
        self._min_lines = min_lines
        edit.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        edit.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        edit.textChanged.connect(self.fit)
        self._viewport = edit.viewport()  # kept: never asked of a field being destroyed
        self._viewport.installEventFilter(self)
        self.fit()

    def fit(self) -> None:
        """Set the field's height to its text's (at the field's present width)."""
        edit = self._edit
        metrics = edit.fontMetrics()
        margin = edit.document().documentMargin()
        width = max(40, edit.viewport().width() - int(2 * margin) - 4)
        text = edit.toPlainText() or " "
        bounds = metrics.boundingRect(QRect(0, 0, width, 1_000_000),
                                      int(Qt.TextFlag.TextWordWrap), text)
        lines = max(self._min_lines, round(bounds.height() / metrics.lineSpacing()))
        frame = edit.frameWidth() * 2 + int(2 * margin) + 4
        height = lines * metrics.lineSpacing() + frame
        if edit.height() != height or edit.minimumHeight() != height:
            edit.setFixedHeight(height)
            remeasure_ancestors(edit)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Resize and watched is self._viewport \
                and isinstance(event, QResizeEvent) \
                and event.size().width() != event.oldSize().width():
            self.fit()
        return False
