"""Every spin box of the app, in one place: they share how a value settles and the wheel guard.

Form fields (``IntSpin``, ``DecimalSpin``, ``ClockSpin``, ``NumberSpinBox``) save once per
committed value and ignore a mouse wheel scrolling past them. None of them drops a keystroke
(a plain spin box holding 6 turns a typed ``11`` into ``1``): every text may be typed, and when
Enter or leaving the field commits a text that does not fit, the field goes back to its value
and emits ``refused`` with the sentence saying why ("101 is above the highest value here
(100); the field stays 70 %"). Pages show it with ``show_refusals``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QValidator, QWheelEvent
from PySide6.QtWidgets import QAbstractSpinBox, QDoubleSpinBox, QSpinBox, QWidget

from slaselect.domain.errors import EvaluationError
from slaselect.domain.typed_values import read_typed_number
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


def lenient(state: QValidator.State) -> QValidator.State:
    """Never refuse a keystroke: text that does not fit yet is judged when it is committed."""
    return QValidator.State.Intermediate if state == QValidator.State.Invalid else state


def refusal(spin: QAbstractSpinBox) -> str:
    """Why the text typed into a spin box cannot be kept ('' when it fits)."""
    text = spin.lineEdit().text()
    if spin.validate(text, len(text))[0] == QValidator.State.Acceptable:
        return ""
    bare = text
    if isinstance(spin, QSpinBox | QDoubleSpinBox):
        bare = bare.removeprefix(spin.prefix()).removesuffix(spin.suffix())
        low, high = float(spin.minimum()), float(spin.maximum())
        kept = f"{spin.prefix()}{spin.textFromValue(spin.value())}{spin.suffix()}".strip()
    else:
        low, high, kept = -math.inf, math.inf, ""
    own = getattr(spin, "reason_not_kept", None)  # a field with its own notation (a time)
    try:
        number = read_typed_number(bare) if own is None else None
    except EvaluationError as error:
        reason = str(error).rstrip(".")
    else:
        if own is not None:
            reason = own(bare)
        elif number is None:
            reason = "An empty field holds no value"
        elif number > high:
            reason = f"{format_number(number, 6)} is above the highest value here " \
                     f"({format_number(high)})"
        elif number < low:
            reason = f"{format_number(number, 6)} is below the lowest value here " \
                     f"({format_number(low)})"
        elif isinstance(spin, QDoubleSpinBox):
            reason = f"{bare.strip()} has more decimals than this field keeps " \
                     f"({spin.decimals()})"
        else:
            reason = f"{bare.strip()!r} does not fit here"
    return f"{reason}; the field stays {kept}." if kept else f"{reason}."


def check_commit(spin: QAbstractSpinBox, refused: Signal) -> None:
    """Before Enter or leaving the field commits: say why a text that does not fit is not kept.

    The spin box itself then goes back to its value (nothing is saved)."""
    sentence = refusal(spin)
    if sentence:
        refused.emit(sentence)  # type: ignore[attr-defined]


def _enter(event: QKeyEvent) -> bool:
    return event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)


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


class _CommittedField:
    """What a form's number field does (mixed into a Qt spin box that has a ``refused``
    signal): text is checked on Enter or on leaving, never dropped while typing, and the
    mouse wheel changes it only when it has the focus."""

    refused: Any

    def wheelEvent(self, event: QWheelEvent) -> None:
        wheel_only_when_focused(self, event, super().wheelEvent)

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        state, text, pos = super().validate(text, pos)
        return lenient(state), text, pos

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if _enter(event):
            check_commit(self, self.refused)
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        check_commit(self, self.refused)
        super().focusOutEvent(event)


class IntSpin(_CommittedField, QSpinBox):
    """An integer field that saves once per committed value and ignores stray mouse wheels."""

    refused = Signal(str)
    """A committed text did not fit: the sentence saying why (the field keeps its value)."""

    def __init__(self, low: int, high: int, suffix: str = "", prefix: str = "") -> None:
        super().__init__()
        self.setRange(low, high)
        self.setSuffix(suffix)
        self.setPrefix(prefix)
        settle(self)



class DecimalSpin(_CommittedField, QDoubleSpinBox):
    """A decimal field that saves once per committed value and ignores stray mouse wheels."""

    refused = Signal(str)
    """A committed text did not fit: the sentence saying why (the field keeps its value)."""

    def __init__(self, low: float, high: float, decimals: int = 2, suffix: str = "",
                 step: float = 1.0) -> None:
        super().__init__()
        self.setDecimals(decimals)
        self.setRange(low, high)
        self.setSuffix(suffix)
        self.setSingleStep(step)
        settle(self)

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

    def reason_not_kept(self, text: str) -> str:
        """Why a typed text is no time of day."""
        if not text.strip():
            return "An empty field holds no time"
        return f"{text.strip()} is not a time of day (00:00 to 24:00)"

    def _state(self, text: str) -> QValidator.State:
        if not text.strip():
            return QValidator.State.Intermediate
        match = self._PATTERN.match(text)
        if not match:
            return QValidator.State.Intermediate  # refused with a sentence on commit
        hours = int(match.group(1))
        minutes = int(match.group(2)) if match.group(2) else 0
        if hours > 24 or minutes > 59 or (hours == 24 and minutes):
            return QValidator.State.Intermediate
        return QValidator.State.Acceptable


class NumberSpinBox(_CommittedField, QDoubleSpinBox):
    """A spin box that shows numbers without needless zeros: 8, 12.5, 150,000."""

    refused = Signal(str)
    """A committed text did not fit: the sentence saying why (the field keeps its value)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        locale = self.locale()  # the C locale omits thousands separators by default
        locale.setNumberOptions(locale.numberOptions() & ~QLocale.NumberOption.OmitGroupSeparator)
        self.setLocale(locale)
        # The value changes on Enter or leaving, not at each keystroke: typing 11 into a field
        # holding 7.5 must not leave it at 1 when 11 is refused.
        self.setKeyboardTracking(False)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)

    def textFromValue(self, value: float) -> str:
        return trimmed_text(self, value)


def show_refusals(root: QWidget, show: Callable[[str], None]) -> None:
    """Show every refusal of the spin boxes inside ``root`` with ``show`` (a page message)."""
    for spin in root.findChildren(QAbstractSpinBox):
        if isinstance(spin, IntSpin | DecimalSpin | NumberSpinBox):
            spin.refused.connect(show)


def refusal_in(root: QWidget) -> str:
    """The sentence for the first number field in ``root`` whose text does not fit ('' when
    every field's text is a value it keeps). A dialog calls it before accepting, so OK never
    saves a value other than the one typed."""
    for spin in root.findChildren(QAbstractSpinBox):
        if isinstance(spin, IntSpin | DecimalSpin | NumberSpinBox):
            sentence = refusal(spin)
            if sentence:
                return sentence
    return ""
