"""The in-place message: a refusal or note shown above the thing it is about."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from slaselect.domain.errors import EvaluationError


class InlineMessage(QFrame):
    """A one-line message shown in place, above the thing it is about; hidden when empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("InlineMessage")
        self._label = QLabel()
        self._label.setWordWrap(True)
        self._label.setTextFormat(Qt.TextFormat.PlainText)  # user text is data, never markup
        close = QPushButton("Dismiss")
        close.setFlat(True)
        close.clicked.connect(self.clear)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self._label, 1)
        layout.addWidget(close)
        self.hide()

    def show_error(self, text: str) -> None:
        """Show a refusal (red tint)."""
        self._show(text, "#b3261e", "rgba(179, 38, 30, 0.10)")

    def show_info(self, text: str) -> None:
        """Show a neutral note (blue tint)."""
        self._show(text, "#0b57d0", "rgba(11, 87, 208, 0.08)")

    def _show(self, text: str, colour: str, background: str) -> None:
        self.setStyleSheet(
            f"#InlineMessage {{ border: 1px solid {colour}; border-radius: 4px; "
            f"background: {background}; }}"
        )
        self._label.setText(text)
        self.show()

    def text(self) -> str:
        """The message shown now ('' when hidden)."""
        return self._label.text()

    def clear(self) -> None:
        """Hide the message."""
        self._label.setText("")
        self.hide()


def problem_label() -> QLabel:
    """A dialog's refusal line: plain red text that wraps, hidden until it has something to
    say (``setText`` then ``show``)."""
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.PlainText)  # user text is data, never markup
    label.setWordWrap(True)
    label.setStyleSheet("color: #b3261e")
    label.hide()
    return label


def attempt(message: InlineMessage, action: Callable[[], None]) -> bool:
    """Run an edit; show a refusal in place instead of raising. True when it went through."""
    try:
        action()
    except EvaluationError as error:
        message.show_error(str(error))
        return False
    message.clear()
    return True
