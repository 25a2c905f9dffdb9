"""The number boxes the term editors are built from: empty means "not stated"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QDoubleSpinBox, QWidget

from slaselect.domain.wording import format_money


def plain_number(value: float) -> int | float:
    """A whole number as an int (so 30.0 is saved as 30), anything else as it is."""
    rounded = round(value, 6)
    return int(rounded) if rounded == int(rounded) else rounded


class OptionalSpinBox(QDoubleSpinBox):
    """A number box that may be left empty, meaning "not stated"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._blank = False
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setKeyboardTracking(False)
        self.setGroupSeparatorShown(True)
        self.lineEdit().textEdited.connect(self._on_text_edited)

    def _on_text_edited(self, _text: str) -> None:
        self._blank = self.cleanText().strip() == ""

    def is_blank(self) -> bool:
        """True when the box is empty ("not stated")."""
        return self._blank

    def number(self) -> float | None:
        """The number shown (typed text included), None when the box is empty."""
        if self._blank:
            return None
        self.interpretText()
        return self.value()

    def set_number(self, value: float | None) -> None:
        """Show a number, or empty the box for None."""
        self._blank = value is None
        if value is not None:
            self.setValue(float(value))
        self.lineEdit().setText(self.prefix() + self.textFromValue(self.value()) + self.suffix())

    def validate(self, text: str, pos: int) -> tuple[QValidator.State, str, int]:
        """Accept an empty box as well as a number in range."""
        bare = text
        if self.prefix() and bare.startswith(self.prefix()):
            bare = bare[len(self.prefix()):]
        if self.suffix() and bare.endswith(self.suffix()):
            bare = bare[: -len(self.suffix())]
        if not bare.strip():
            return QValidator.State.Acceptable, text, pos
        return super().validate(text, pos)

    def valueFromText(self, text: str) -> float:  # noqa: N802 - Qt override
        """Keep the current value while the box is empty."""
        if self._blank or not text.strip():
            return self.value()
        return super().valueFromText(text)

    def textFromValue(self, value: float) -> str:  # noqa: N802 - Qt override
        """Show nothing while the box is empty; otherwise the number without trailing zeros."""
        if self._blank:
            return ""
        text = self.locale().toString(value, "f", self.decimals())
        point = self.locale().decimalPoint()
        if point in text:
            text = text.rstrip("0").rstrip(point)
        return text

    def stepBy(self, steps: int) -> None:  # noqa: N802 - Qt override
        """Arrow keys start from the minimum when the box is empty."""
        self._blank = False
        super().stepBy(steps)


def make_spin(low: float, high: float, decimals: int, suffix: str = "", prefix: str = "",
              step: float = 1.0) -> OptionalSpinBox:
    """An optional number box with its range, decimals, unit and step."""
    spin = OptionalSpinBox()
    spin.setRange(low, high)
    spin.setDecimals(decimals)
    spin.setSingleStep(step)
    spin.setSuffix(suffix)
    spin.setPrefix(prefix)
    return spin


def currency_prefix(currency: str) -> str:
    """What goes before an amount: "$" for USD, "CHF " for CHF."""
    return format_money(0.0, currency)[:-1]
