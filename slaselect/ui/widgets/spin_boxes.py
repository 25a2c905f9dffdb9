"""Every spin box of the app, in one place: they share how a value settles and the wheel guard.

Form fields (``IntSpin``, ``DecimalSpin``, ``ClockSpin``) save once per committed value and
ignore a mouse wheel scrolling past them; cell editors (``NumberSpinBox``, ``ScoreSpinBox``)
live inside a table and commit when the cell closes.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QValidator, QWheelEvent
from PySide6.QtWidgets import QAbstractSpinBox, QDoubleSpinBox, QSpinBox, QWidget

from slaselect.domain.wording import format_number
from slaselect.ui.widgets.alignment import RIGHT


def settle(spin: QAbstractSpinBox) -> None:
    """One value per committed change, focus by click or tab, numbers right-aligned."""
    spin.setKeyboardTracking(False)
    spin.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    spin.setAlignment(RIGHT)


def wheel_only_when_focused(spin: QAbstractSpinBox, event: QWheelEvent,
                            turn: Callable[[QWheelEvent], None]) -> None:
    """Scrolling the page must not change numbers: the wheel works only in a focused field."""
    if spin.hasFocus():
        turn(event)
    else:
        event.ignore()


def trimmed_text(spin: QDoubleSpinBox, value: float) -> str:
    """The locale's own digits (so typing them back parses), without needless zeros: 8, 12.5;
    thousands separators only when the spin box shows them."""
    locale = spin.locale()
    text = locale.toString(float(value), "f", spin.decimals())
    point = locale.decimalPoint()
    if point in text:
        text = text.rstrip("0").rstrip(point)
    if not spin.isGroupSeparatorShown():
        text = text.replace(locale.groupSeparator(), "")
    return text


class IntSpin(QSpinBox):
    """An integer field that saves once per committed value and ignores stray mouse wheels."""

    def __init__(self, low: int, high: int, suffix: str = "", prefix: str = "") -> None:
        super().__init__()
        self.setRange(low, high)
        self.setSuffix(suffix)
        self.setPrefix(prefix)
        settle(self)

    def wheelEvent(self, event: QWheelEvent) -> None:
        wheel_only_when_focused(self, event, super().wheelEvent)


class DecimalSpin(QDoubleSpinBox):
    """A decimal field that saves once per committed value and ignores stray mouse wheels."""

    def __init__(self, low: float, high: float, decimals: int = 2, suffix: str = "",
                 step: float = 1.0) -> None:
        super().__init__()
        self.setDecimals(decimals)
        self.setRange(low, high)
        self.setSuffix(suffix)
        self.setSingleStep(step)
        settle(self)

    def wheelEvent(self, event: QWheelEvent) -> None:
        wheel_only_when_focused(self, event, super().wheelEvent)

    def textFromValue(self, value: float) -> str:
        return trimmed_text(self, value)


class ClockSpin(IntSpin):
    """A time of day as HH:MM, held as minutes after midnight (0-1440, 24:00 allowed)."""

    _PATTERN = re.compile(r"^\s*(\d{1,2})(?::(\d{0,2}))?\s*$")

    def __init__(self) -> None:
        super().__init__(0, 24 * 60)
        self.setSingleStep(30)
        self.setAlignment(RIGHT)

    def textFromValue(self, value: int) -> str:
        return f"{value // 60:02d}:{value % 60:02d}"

    def valueFromText(self, text: str) -> int:
        match = self._PATTERN.match(text)
        if not match:
            return self.value()
        hours = int(match.group(1))
        minutes = int(match.group(2) or 0)
        return min(24 * 60, hours * 60 + minutes)

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        return self._state(text), text, pos

    def _state(self, text: str) -> QValidator.State:
        if not text.strip():
            return QValidator.State.Intermediate
        match = self._PATTERN.match(text)
        if not match:
            return QValidator.State.Invalid
        hours = int(match.group(1))
        minutes = int(match.group(2)) if match.group(2) else 0
        if hours > 24 or minutes > 59 or (hours == 24 and minutes):
            return QValidator.State.Invalid
        return QValidator.State.Acceptable


class NumberSpinBox(QDoubleSpinBox):
    """A spin box that shows numbers without needless zeros: 8, 12.5, 150,000."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        locale = self.locale()  # the C locale omits thousands separators by default
        locale.setNumberOptions(locale.numberOptions() & ~QLocale.NumberOption.OmitGroupSeparator)
        self.setLocale(locale)

    def textFromValue(self, value: float) -> str:
        return trimmed_text(self, value)


class ScoreSpinBox(QDoubleSpinBox):
    """A score editor: half-point steps, numbers without needless zeros, "not scored" below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.touched = False
        """True once the user changed the value (an untouched editor commits nothing)."""
        self.setDecimals(2)
        self.setSingleStep(0.5)
        self.setSpecialValueText("not scored")
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.setFrame(False)
        self.valueChanged.connect(self._on_changed)

    def set_scale(self, low: float, high: float) -> None:
        """Limit the editor to the evaluation scale; one step below it means "not scored"."""
        self.setRange(low - self.singleStep(), high)

    def score(self) -> float | None:
        """The value chosen, None for "not scored"."""
        return None if self.value() <= self.minimum() + 1e-9 else self.value()

    def set_score(self, value: float | None) -> None:
        """Show a value (None shows "not scored") without counting it as a change."""
        self.blockSignals(True)
        self.setValue(self.minimum() if value is None else value)
        self.blockSignals(False)
        self.touched = False

    def textFromValue(self, value: float) -> str:
        return format_number(value)

    def _on_changed(self) -> None:
        self.touched = True
