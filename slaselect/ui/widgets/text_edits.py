"""Multi-line text fields that save when the user leaves them, as a line edit does."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QSizeF, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent
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
    its own scroll bar inside it. The field keeps at least ``min_lines`` lines. It follows the
    document's own line count, which changes as text is typed or the field gets narrower.
    """

    def __init__(self, edit: QPlainTextEdit, min_lines: int = 2) -> None:
        super().__init__(edit)
        self._edit = edit
        self._min_lines = min_lines
        edit.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        edit.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        edit.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        # Re-measured on the next event-loop turn after the text, the width or the visibility
        # changed: by then the document has laid out its lines at the new width.
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(0)
        self._timer.timeout.connect(self.fit)
        edit.document().documentLayout().documentSizeChanged.connect(self._size_changed)
        self._viewport = edit.viewport()  # kept: never asked of a field being destroyed
        self._viewport.installEventFilter(self)
        self.fit()

    def _size_changed(self, _size: QSizeF) -> None:
        self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show) \
                and watched is self._viewport:
            self._timer.start()
        return False

    def lines(self) -> int:
        """How many lines the text takes at the field's width now."""
        edit = self._edit
        if edit.isVisible():
            return max(1, round(edit.document().documentLayout().documentSize().height()))
        # not laid out while hidden: estimate from the text and the field's width
        metrics = edit.fontMetrics()
        width = max(40, edit.viewport().width() - int(2 * edit.document().documentMargin()))
        bounds = metrics.boundingRect(QRect(0, 0, width, 1_000_000),
                                      int(Qt.TextFlag.TextWordWrap), edit.toPlainText() or " ")
        return max(1, round(bounds.height() / metrics.lineSpacing()))

    def fit(self) -> None:
        """Set the field's height to its text's (at the field's present width)."""
        edit = self._edit
        spacing = edit.fontMetrics().lineSpacing()
        lines = max(self._min_lines, self.lines())
        frame = edit.frameWidth() * 2 + int(2 * edit.document().documentMargin()) + 2
        height = lines * spacing + frame
        if edit.minimumHeight() != height or edit.maximumHeight() != height:
            edit.setFixedHeight(height)
            remeasure_ancestors(edit)
