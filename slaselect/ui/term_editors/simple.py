"""Editors for term values that fit in a table cell: numbers, durations, money, choices,
flags and one line of text; and the base class every editor shares.

Editors only show and read a value; whether it fits its term is decided by the domain
(``slaselect.domain.term_values.checked_term_value``).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QWidget,
)

from slaselect.domain.contract_language import option_label
from slaselect.domain.model import MoneyPeriod, Term
from slaselect.domain.term_values import MAX_MINUTES, MAX_NUMBER, is_number
from slaselect.ui.term_editors.spin_box import (
    OptionalSpinBox,
    currency_prefix,
    make_spin,
    plain_number,
)

DURATION_UNITS: tuple[tuple[str, int], ...] = (("minutes", 1), ("hours", 60), ("days", 1440))
"""Units a duration may be typed in, with their length in minutes."""
PERIOD_SUFFIXES = {
    MoneyPeriod.ONCE: " one-off",
    MoneyPeriod.MONTH: " a month",
    MoneyPeriod.YEAR: " a year",
    MoneyPeriod.HOUR: " an hour",
}
NOT_STATED = "— not stated —"

class TermEditor(QWidget):
    """An editor for one term value; ``value()`` None means "not stated"."""

    edited = Signal()
    """Emitted when the user changes the value."""

    def __init__(self, term: Term, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.term = term
        self.layout_ = QHBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setSpacing(4)

    def set_value(self, value: Any) -> None:
        """Show a value of the term (None: empty)."""
        raise NotImplementedError

    def value(self) -> Any:
        """The value as edited, in the term type's shape; raises EvaluationError when unreadable."""
        raise NotImplementedError

    def clear(self) -> None:
        """Empty the editor ("not stated")."""
        self.set_value(None)


class _NumberLikeEditor(TermEditor):
    """A single optional number box (percent, number, money)."""

    def __init__(self, term: Term, spin: OptionalSpinBox, parent: QWidget | None = None) -> None:
        super().__init__(term, parent)
        self.spin = spin
        self.spin.setToolTip("Leave empty when the proposal does not state it.")
        self.spin.valueChanged.connect(self.edited)
        self.layout_.addWidget(spin)
        self.setFocusProxy(spin)

    def set_value(self, value: Any) -> None:
        self.spin.set_number(float(value) if is_number(value) else None)

    def value(self) -> Any:
        number = self.spin.number()
        return None if number is None else plain_number(number)


class PercentEditor(_NumberLikeEditor):
    """A percentage, 0-100 with three decimals (99.995 %)."""

    def __init__(self, term: Term, parent: QWidget | None = None) -> None:
        super().__init__(term, make_spin(0, 100, 3, " %", step=0.01), parent)


class NumberEditor(_NumberLikeEditor):
    """A plain number with its unit (days, hours, per year...)."""

    def __init__(self, term: Term, parent: QWidget | None = None) -> None:
        suffix = f" {term.unit}" if term.unit else ""
        super().__init__(term, make_spin(-MAX_NUMBER, MAX_NUMBER, 2, suffix), parent)


class MoneyEditor(_NumberLikeEditor):
    """An amount in the evaluation's currency, with how often it is paid."""

    def __init__(self, term: Term, currency: str = "USD", parent: QWidget | None = None) -> None:
        suffix = PERIOD_SUFFIXES.get(term.period, "") if term.period else ""
        super().__init__(
            term, make_spin(0, MAX_NUMBER, 2, suffix, currency_prefix(currency), step=100), parent
        )


class DurationEditor(TermEditor):
    """A duration typed in minutes, hours or days; saved as minutes."""

    def __init__(self, term: Term, parent: QWidget | None = None) -> None:
        super().__init__(term, parent)
        self.spin = make_spin(0, MAX_MINUTES, 2)
        self.unit = QComboBox()
        for name, minutes in DURATION_UNITS:
            self.unit.addItem(name, minutes)
        self.unit.setToolTip("The unit the number is in; it is saved in minutes.")
        self.layout_.addWidget(self.spin, 1)
        self.layout_.addWidget(self.unit)
        self.setFocusProxy(self.spin)
        self.spin.valueChanged.connect(self.edited)
        self.unit.currentIndexChanged.connect(self.edited)

    def set_value(self, value: Any) -> None:
        if not is_number(value):
            self.spin.set_number(None)
            return
        minutes = float(value)
        index = 0
        for position, (_name, length) in enumerate(DURATION_UNITS):
            if minutes and minutes % length == 0:
                index = position
        self.unit.setCurrentIndex(index)
        self.spin.set_number(minutes / DURATION_UNITS[index][1])

    def value(self) -> Any:
        number = self.spin.number()
        if number is None:
            return None
        return plain_number(number * int(self.unit.currentData()))


class ChoiceEditor(TermEditor):
    """One of the term's options, shown in words."""

    def __init__(self, term: Term, parent: QWidget | None = None) -> None:
        super().__init__(term, parent)
        self.combo = QComboBox()
        self.combo.addItem(NOT_STATED, None)
        for option in term.options:
            self.combo.addItem(option_label(term.key, option), option)
        self.layout_.addWidget(self.combo)
        self.setFocusProxy(self.combo)
        self.combo.currentIndexChanged.connect(self.edited)

    def set_value(self, value: Any) -> None:
        index = self.combo.findData(value) if value is not None else 0
        self.combo.setCurrentIndex(max(index, 0))

    def value(self) -> Any:
        return self.combo.currentData()


class FlagEditor(TermEditor):
    """Offered or not."""

    def __init__(self, term: Term, parent: QWidget | None = None) -> None:
        super().__init__(term, parent)
        self.check = QCheckBox("yes, offered")
        self.check.setAutoFillBackground(True)
        self.layout_.addWidget(self.check)
        self.setFocusProxy(self.check)
        self._original: Any = None
        self._touched = False
        self.check.toggled.connect(self._on_toggled)

    def _on_toggled(self) -> None:
        self._touched = True
        self.edited.emit()

    def set_value(self, value: Any) -> None:
        self.check.blockSignals(True)
        self.check.setChecked(value is True)
        self.check.blockSignals(False)
        self._original, self._touched = value, False

    def value(self) -> Any:
        """True or False once ticked or unticked; "not stated" stays so until touched."""
        if not self._touched and self._original is None:
            return None
        return self.check.isChecked()


class TextEditor(TermEditor):
    """Free text on one line (governing law, named contacts...)."""

    def __init__(self, term: Term, parent: QWidget | None = None) -> None:
        super().__init__(term, parent)
        self.line = QLineEdit()
        self.line.setPlaceholderText("not stated")
        self.layout_.addWidget(self.line)
        self.setFocusProxy(self.line)
        self.line.textEdited.connect(self.edited)

    def set_value(self, value: Any) -> None:
        self.line.setText("" if value is None else str(value))

    def value(self) -> Any:
        return self.line.text().strip() or None


class ChecklistEditor(TermEditor):
    """Which of the term's options are included (tick each)."""

    def __init__(self, term: Term, parent: QWidget | None = None) -> None:
        super().__init__(term, parent)
        self.list = QListWidget()
        for option in term.options:
            item = QListWidgetItem(option_label(term.key, option))
            item.setData(Qt.ItemDataRole.UserRole, option)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable
                          | Qt.ItemFlag.ItemIsSelectable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.setMinimumHeight(min(24 * len(term.options) + 8, 260))
        self.list.itemChanged.connect(self.edited)
        self.layout_.addWidget(self.list)
        self.setFocusProxy(self.list)

    def _items(self) -> list[QListWidgetItem]:
        return [self.list.item(row) for row in range(self.list.count())]

    def set_value(self, value: Any) -> None:
        chosen = set(value) if isinstance(value, list) else set()
        for item in self._items():
            checked = item.data(Qt.ItemDataRole.UserRole) in chosen
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def value(self) -> Any:
        """The ticked options in catalogue order; none ticked is the stated answer "none"."""
        return [item.data(Qt.ItemDataRole.UserRole) for item in self._items()
                if item.checkState() == Qt.CheckState.Checked]
