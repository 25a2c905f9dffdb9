"""Number fields that keep exactly what was typed.

A ``QDoubleSpinBox`` drops a keystroke that would leave its range (a cell holding 6: typing
``11`` keeps ``1``) and quietly puts an out-of-range value back; these fields never do.
``NumberEdit`` holds the text as typed and reads it with the domain's
``read_typed_number``; whether the number fits is decided where it is saved (the domain's
checks), which refuses it with a sentence. The arrow keys still step the number.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

from slaselect.domain.errors import EvaluationError
from slaselect.domain.typed_values import read_typed_number
from slaselect.domain.wording import format_number
from slaselect.ui.widgets.alignment import RIGHT

SHOWN_DECIMALS = 6
"""Digits shown after the point: enough that reopening a value never rounds it."""


def number_text(value: float | None) -> str:
    """A number as the fields show it (and read it back): 8, 12.5, 150,000; '' for None."""
    return "" if value is None else format_number(float(value), SHOWN_DECIMALS)


class NumberEdit(QLineEdit):
    """A line edit for one number: the text stays as typed; Up and Down step it."""

    def __init__(self, parent: QWidget | None = None, *, step: float = 1.0) -> None:
        super().__init__(parent)
        self.step = step
        self.minimum: float | None = None
        self.maximum: float | None = None
        self.touched = False
        """True once the user typed or stepped (an untouched field commits nothing)."""
        self.setAlignment(RIGHT)
        self.textEdited.connect(self._on_edited)

    def _on_edited(self) -> None:
        self.touched = True

    def set_number(self, value: float | None) -> None:
        """Show a number (None: empty) without counting it as typed."""
        self.setText(number_text(value))
        self.touched = False

    def number(self) -> float | None:
        """The number typed, None when empty; EvaluationError when the text is no number."""
        return read_typed_number(self.text())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        steps = {Qt.Key.Key_Up: 1, Qt.Key.Key_Down: -1,
                 Qt.Key.Key_PageUp: 10, Qt.Key.Key_PageDown: -10}.get(Qt.Key(event.key()))
        if steps is None or self.isReadOnly():
            super().keyPressEvent(event)
            return
        self.step_by(steps)
        event.accept()

    def step_by(self, steps: int) -> None:
        """Step the number (an empty field starts at its minimum, or 0), within the limits."""
        try:
            current = self.number()
        except EvaluationError:
            return  # unreadable text: leave it for the user to correct
        start = current if current is not None else (self.minimum or 0.0)
        value = start + steps * self.step if current is not None else start
        if self.maximum is not None:
            value = min(value, self.maximum)
        if self.minimum is not None:
            value = max(value, self.minimum)
        self.setText(number_text(round(value, SHOWN_DECIMALS)))
        self.touched = True
        self.textEdited.emit(self.text())


class OptionalNumberField(QWidget):
    """A number field with its unit around it ("$" before, " a month" after); empty means
    "not stated". The spin-box-like names (``prefix``, ``setRange``, ``valueChanged``) let the
    term editors use it as they used a spin box."""

    valueChanged = Signal()
    """Emitted when the user changes the text."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._edit = NumberEdit(self)
        self._before = QLabel()
        self._after = QLabel()
        for label in (self._before, self._after):
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addWidget(self._before)
        layout.addWidget(self._edit, 1)
        layout.addWidget(self._after)
        self.setFocusProxy(self._edit)
        self._last = 0.0
        self._prefix = ""
        self._suffix = ""
        self._edit.textEdited.connect(self._on_edited)

    def _on_edited(self) -> None:
        try:
            number = self._edit.number()
        except EvaluationError:
            number = None
        if number is not None:
            self._last = number
        self.valueChanged.emit()

    def lineEdit(self) -> NumberEdit:  # noqa: N802 - named like the spin box's
        """The line edit the number is typed into."""
        return self._edit

    def prefix(self) -> str:
        """What is shown before the number ("$")."""
        return self._prefix

    def suffix(self) -> str:
        """What is shown after the number (" a month")."""
        return self._suffix

    def setPrefix(self, text: str) -> None:  # noqa: N802
        """Show a unit before the number."""
        self._before.setText(text.strip())
        self._before.setVisible(bool(text.strip()))
        self._prefix = text

    def setSuffix(self, text: str) -> None:  # noqa: N802
        """Show a unit after the number."""
        self._after.setText(text.strip())
        self._after.setVisible(bool(text.strip()))
        self._suffix = text

    def setRange(self, low: float, high: float) -> None:  # noqa: N802
        """Limits for the arrow keys only: a typed number is judged where it is saved."""
        self._edit.minimum, self._edit.maximum = low, high

    def setMaximum(self, high: float) -> None:  # noqa: N802
        """The arrow keys' upper limit."""
        self._edit.maximum = high

    def setSingleStep(self, step: float) -> None:  # noqa: N802
        """How far one press of an arrow key moves."""
        self._edit.step = step

    def setAlignment(self, alignment: Qt.AlignmentFlag) -> None:  # noqa: N802
        """Where the number sits in its box."""
        self._edit.setAlignment(alignment)

    def is_blank(self) -> bool:
        """True when the field is empty ("not stated")."""
        return not self._edit.text().strip()

    def number(self) -> float | None:
        """The number typed, None when empty; EvaluationError when the text is no number."""
        return self._edit.number()

    def value(self) -> float:
        """The last number the field held (for stepping from it); see ``number`` for reading."""
        return self._last

    def set_number(self, value: float | None) -> None:
        """Show a number, or empty the field for None."""
        if value is not None:
            self._last = float(value)
        self._edit.set_number(value)
