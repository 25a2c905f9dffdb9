"""Editors for one SLA term value, one small widget per term type, and the dialog around them.

Each editor shows a value in the shape of shared/CONTRACT.md section 3 (``TermType``) and
gives it back in that shape; ``None`` means "not stated" (an emptied number box, the "not
stated" choice, or the dialog's *Clear value* button). Simple types (numbers, durations,
money, choices, flags, one-line text) also work inside a table cell; the rest open in
``TermValueDialog``. ``checked_value`` refuses a value that does not fit its term with one
sentence a buyer understands; every path that saves a term value goes through it.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from typing import Any, TypeGuard

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import SEVERITIES, MoneyPeriod, Term, TermType
from slaselect.domain.wording import format_money, format_term_value, option_words

MAX_MINUTES = 5 * 525_949
"""Five years in minutes: a longer commitment is a typing mistake."""
MAX_NUMBER = 1e12
CLOCKS = ("24x7", "business")
CLOCK_WORDS = {"24x7": "24x7 (around the clock)", "business": "business hours"}
DURATION_UNITS: tuple[tuple[str, int], ...] = (("minutes", 1), ("hours", 60), ("days", 1440))
"""Units a duration may be typed in, with their length in minutes."""
PERIOD_SUFFIXES = {
    MoneyPeriod.ONCE: " one-off",
    MoneyPeriod.MONTH: " a month",
    MoneyPeriod.YEAR: " a year",
    MoneyPeriod.HOUR: " an hour",
}
NOT_STATED = "— not stated —"

# Structured terms the app knows: kind -> (words, suffix or "money", needs a value).
STRUCTURED_KINDS: dict[str, dict[str, tuple[str, str, bool]]] = {
    "early_termination_fee": {
        "remaining": ("All remaining fees of the term", "", False),
        "pct_remaining": ("A share of the remaining fees", " % of remaining fees", True),
        "months": ("A number of months' fees", " months' fees", True),
        "flat": ("A flat amount", "money", True),
    },
    "liability_cap": {
        "fees_12m": ("Twelve months' fees", "", False),
        "multiple_annual": ("A multiple of the annual fees", " × annual fees", True),
        "fixed": ("A fixed amount", "money", True),
    },
}

INLINE_TYPES = frozenset({
    TermType.PERCENT, TermType.NUMBER, TermType.DURATION, TermType.MONEY, TermType.CHOICE,
    TermType.FLAG, TermType.TEXT,
})
"""Term types whose editor fits inside a table cell; the others open in a dialog."""


# --------------------------------------------------------------------------- checking


def _is_number(value: Any) -> TypeGuard[int | float]:
    """True for a finite int or float (a bool is not a number here)."""
    return (isinstance(value, int | float) and not isinstance(value, bool)
            and math.isfinite(float(value)))


def _shown(value: Any) -> str:
    if _is_number(value):
        return f"{float(value):g}"
    text = str(value)
    return text if len(text) <= 40 else text[:40] + "…"


def _check_number(term: Term, value: Any, low: float | None, high: float | None,
                  what: str) -> None:
    if not _is_number(value):
        raise EvaluationError(f"{term.name} needs {what}; {_shown(value)!r} is not a number.")
    if low is not None and value < low or high is not None and value > high:
        bounds = (f"between {low:g} and {high:g}" if low is not None and high is not None
                  else f"at least {low:g}" if low is not None else f"at most {high:g}")
        raise EvaluationError(
            f"{term.name} must be {bounds}{' %' if term.type is TermType.PERCENT else ''}; "
            f"{_shown(value)} is outside that."
        )


def _check_severities(term: Term, value: Any) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise EvaluationError(f"{term.name} needs a time for each severity P1-P4.")
    result: dict[str, Any] = {}
    for severity, entry in value.items():
        if severity not in SEVERITIES:
            raise EvaluationError(f"{term.name}: {severity!s} is not one of P1-P4.")
        if not isinstance(entry, Mapping) or not _is_number(entry.get("minutes")):
            raise EvaluationError(f"{term.name}: {severity} needs a time.")
        minutes = entry["minutes"]
        if not 0 <= minutes <= MAX_MINUTES:
            raise EvaluationError(
                f"{term.name}: {severity} must be between 0 minutes and five years."
            )
        clock = entry.get("clock", "24x7")
        if clock not in CLOCKS:
            raise EvaluationError(
                f"{term.name}: {severity} runs on a 24x7 or a business-hours clock."
            )
        result[severity] = {"minutes": minutes, "clock": clock}
    return {s: result[s] for s in SEVERITIES if s in result}


def _check_tiers(term: Term, value: Any) -> list[dict[str, Any]]:
    if not isinstance(value, list):
        raise EvaluationError(f"{term.name} needs a list of credit tiers.")
    tiers = []
    for tier in value:
        if not isinstance(tier, Mapping):
            raise EvaluationError(f"{term.name} needs an uptime and a credit for each tier.")
        below, credit = tier.get("below"), tier.get("credit_pct")
        for number, what in ((below, "uptime threshold"), (credit, "credit")):
            if not _is_number(number) or not 0 <= number <= 100:
                raise EvaluationError(
                    f"{term.name}: each tier's {what} must be between 0 and 100 %."
                )
        tiers.append({"below": below, "credit_pct": credit})
    belows = [t["below"] for t in tiers]
    if len(set(belows)) != len(belows):
        raise EvaluationError(f"{term.name}: two tiers start below the same uptime.")
    return sorted(tiers, key=lambda t: -float(t["below"]))


def _check_structured(term: Term, value: Any) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise EvaluationError(f"{term.name} needs a kind and a value.")
    kinds = STRUCTURED_KINDS.get(term.key)
    if kinds is None:
        return dict(value)
    kind = value.get("kind")
    if kind not in kinds:
        raise EvaluationError(f"{term.name}: choose one of the listed kinds.")
    _words, suffix, needs_value = kinds[kind]
    if needs_value or "value" in value:
        amount = value.get("value")
        if not _is_number(amount) or amount < 0:
            raise EvaluationError(f"{term.name} needs an amount of 0 or more.")
        if suffix.startswith(" %") and amount > 100:
            raise EvaluationError(f"{term.name} cannot be more than 100 % of remaining fees.")
    return dict(value)


def checked_value(term: Term, value: Any) -> Any:
    """The value when it fits the term's type (None, meaning "not stated", always fits).

    Raises EvaluationError with one sentence naming the term when it does not fit.
    """
    if value is None:
        return None
    kind = term.type
    if kind is TermType.PERCENT:
        _check_number(term, value, 0, 100, "a percentage")
    elif kind is TermType.NUMBER:
        _check_number(term, value, -MAX_NUMBER, MAX_NUMBER, "a number")
    elif kind is TermType.DURATION:
        if _is_number(value) and value > MAX_MINUTES:
            raise EvaluationError(f"{term.name} cannot be longer than five years.")
        _check_number(term, value, 0, None, "a duration")
    elif kind is TermType.MONEY:
        _check_number(term, value, 0, MAX_NUMBER, "an amount")
    elif kind is TermType.FLAG:
        if not isinstance(value, bool):
            raise EvaluationError(f"{term.name} is either offered or not (yes or no).")
    elif kind is TermType.TEXT:
        if not isinstance(value, str):
            raise EvaluationError(f"{term.name} needs text.")
        return value.strip() or None
    elif kind is TermType.CHOICE:
        if value not in term.options:
            words = ", ".join(option_words(o) for o in term.options)
            raise EvaluationError(f"{term.name} must be one of: {words}.")
    elif kind is TermType.CHECKLIST:
        if not isinstance(value, list) or any(item not in term.options for item in value):
            raise EvaluationError(f"{term.name} may only list its own options.")
        if len(set(value)) != len(value):
            raise EvaluationError(f"{term.name} lists an option twice.")
        return [option for option in term.options if option in value]
    elif kind is TermType.SEVERITY_DURATIONS:
        return _check_severities(term, value) or None
    elif kind is TermType.CREDIT_TIERS:
        return _check_tiers(term, value)
    else:
        return _check_structured(term, value)
    return value


def _plain_number(value: float) -> int | float:
    """A whole number as an int (so 30.0 is saved as 30), anything else as it is."""
    rounded = round(value, 6)
    return int(rounded) if rounded == int(rounded) else rounded


# --------------------------------------------------------------------------- widgets


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


def _spin(low: float, high: float, decimals: int, suffix: str = "", prefix: str = "",
          step: float = 1.0) -> OptionalSpinBox:
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
        self.spin.set_number(float(value) if _is_number(value) else None)

    def value(self) -> Any:
        number = self.spin.number()
        return None if number is None else _plain_number(number)


class PercentEditor(_NumberLikeEditor):
    """A percentage, 0-100 with three decimals (99.995 %)."""

    def __init__(self, term: Term, parent: QWidget | None = None) -> None:
        super().__init__(term, _spin(0, 100, 3, " %", step=0.01), parent)


class NumberEditor(_NumberLikeEditor):
    """A plain number with its unit (days, hours, per year...)."""

    def __init__(self, term: Term, parent: QWidget | None = None) -> None:
        suffix = f" {term.unit}" if term.unit else ""
        super().__init__(term, _spin(-MAX_NUMBER, MAX_NUMBER, 2, suffix), parent)


class MoneyEditor(_NumberLikeEditor):
    """An amount in the evaluation's currency, with how often it is paid."""

    def __init__(self, term: Term, currency: str = "USD", parent: QWidget | None = None) -> None:
        suffix = PERIOD_SUFFIXES.get(term.period, "") if term.period else ""
        super().__init__(
            term, _spin(0, MAX_NUMBER, 2, suffix, currency_prefix(currency), step=100), parent
        )


class DurationEditor(TermEditor):
    """A duration typed in minutes, hours or days; saved as minutes."""

    def __init__(self, term: Term, parent: QWidget | None = None) -> None:
        super().__init__(term, parent)
        self.spin = _spin(0, MAX_MINUTES, 2)
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
        if not _is_number(value):
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
        return _plain_number(number * int(self.unit.currentData()))


class ChoiceEditor(TermEditor):
    """One of the term's options, shown in words."""

    def __init__(self, term: Term, parent: QWidget | None = None) -> None:
        super().__init__(term, parent)
        self.combo = QComboBox()
        self.combo.addItem(NOT_STATED, None)
        for option in term.options:
            self.combo.addItem(option_words(option), option)
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
            item = QListWidgetItem(option_words(option))
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


class SeverityEditor(TermEditor):
    """A time per severity P1-P4, each with its unit and the clock it runs on."""

    def __init__(self, term: Term, severity_names: Mapping[str, str] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(term, parent)
        grid = QGridLayout()
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(6)
        for column, heading in enumerate(("Severity", "Time", "Unit", "Clock")):
            label = QLabel(heading)
            label.setEnabled(False)
            grid.addWidget(label, 0, column)
        self.rows: dict[str, tuple[OptionalSpinBox, QComboBox, QComboBox]] = {}
        names = severity_names or {}
        for row, severity in enumerate(SEVERITIES, start=1):
            label = QLabel(f"{severity} — {names[severity]}" if severity in names else severity)
            label.setTextFormat(Qt.TextFormat.PlainText)
            spin = _spin(0, MAX_MINUTES, 2)
            spin.setMinimumWidth(90)
            unit = QComboBox()
            for name, minutes in DURATION_UNITS:
                unit.addItem(name, minutes)
            clock = QComboBox()
            for key in CLOCKS:
                clock.addItem(CLOCK_WORDS[key], key)
            for widget in (spin, unit, clock):
                grid.addWidget(widget, row, (spin, unit, clock).index(widget) + 1)
            grid.addWidget(label, row, 0)
            self.rows[severity] = (spin, unit, clock)
            spin.valueChanged.connect(self.edited)
        hint = QLabel("Leave a time empty when the proposal makes no commitment for it.")
        hint.setEnabled(False)
        hint.setWordWrap(True)
        grid.addWidget(hint, len(SEVERITIES) + 1, 0, 1, 4)
        self.layout_.addLayout(grid)
        self.setFocusProxy(self.rows["P1"][0])

    def set_value(self, value: Any) -> None:
        levels = value if isinstance(value, Mapping) else {}
        for severity, (spin, unit, clock) in self.rows.items():
            entry = levels.get(severity)
            minutes = entry.get("minutes") if isinstance(entry, Mapping) else None
            clock.setCurrentIndex(max(0, clock.findData(
                entry.get("clock", "24x7") if isinstance(entry, Mapping) else "24x7")))
            if not _is_number(minutes):
                spin.set_number(None)
                continue
            index = 0
            for position, (_name, length) in enumerate(DURATION_UNITS):
                if minutes and float(minutes) % length == 0:
                    index = position
            unit.setCurrentIndex(index)
            spin.set_number(float(minutes) / DURATION_UNITS[index][1])

    def value(self) -> Any:
        result: dict[str, Any] = {}
        for severity, (spin, unit, clock) in self.rows.items():
            number = spin.number()
            if number is not None:
                result[severity] = {"minutes": _plain_number(number * int(unit.currentData())),
                                    "clock": clock.currentData()}
        return result or None


class CreditTiersEditor(TermEditor):
    """Service credit tiers: below this monthly uptime, this % of the monthly fee back."""

    def __init__(self, term: Term, parent: QWidget | None = None) -> None:
        super().__init__(term, parent)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["Monthly uptime below", "Credit of the fee"])
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMinimumHeight(170)
        self.add_button = QPushButton("Add tier")
        self.remove_button = QPushButton("Remove tier")
        self.add_button.clicked.connect(lambda: self.add_tier())
        self.remove_button.clicked.connect(self.remove_tier)
        buttons = QVBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        self.layout_.addWidget(self.table, 1)
        self.layout_.addLayout(buttons)
        self.setFocusProxy(self.table)

    def add_tier(self, below: float | None = None, credit: float | None = None) -> None:
        """Add a row (by default just under the lowest threshold so far)."""
        if below is None:
            lows = [self._spin(row, 0).value() for row in range(self.table.rowCount())]
            below = round(min(lows) - 0.5, 3) if lows else 99.9
        row = self.table.rowCount()
        self.table.insertRow(row)
        below_spin = _spin(0, 100, 3, " %", step=0.1)
        credit_spin = _spin(0, 100, 2, " %", step=5)
        below_spin.set_number(max(below, 0.0))
        credit_spin.set_number(credit if credit is not None else 10.0)
        self.table.setCellWidget(row, 0, below_spin)
        self.table.setCellWidget(row, 1, credit_spin)
        below_spin.valueChanged.connect(self.edited)
        credit_spin.valueChanged.connect(self.edited)
        self.edited.emit()

    def remove_tier(self) -> None:
        """Remove the selected row (or the last one)."""
        row = self.table.currentRow()
        if row < 0:
            row = self.table.rowCount() - 1
        if row >= 0:
            self.table.removeRow(row)
            self.edited.emit()

    def _spin(self, row: int, column: int) -> OptionalSpinBox:
        widget = self.table.cellWidget(row, column)
        assert isinstance(widget, OptionalSpinBox)
        return widget

    def set_value(self, value: Any) -> None:
        self.table.setRowCount(0)
        for tier in value if isinstance(value, list) else []:
            if isinstance(tier, Mapping) and _is_number(tier.get("below")):
                credit = tier.get("credit_pct")
                self.add_tier(float(tier["below"]), float(credit) if _is_number(credit) else 0)

    def value(self) -> Any:
        """The tiers, highest threshold first; no rows is the stated answer "no credits"."""
        tiers = []
        for row in range(self.table.rowCount()):
            below, credit = self._spin(row, 0).number(), self._spin(row, 1).number()
            if below is None or credit is None:
                raise EvaluationError(f"{self.term.name}: tier {row + 1} needs both numbers.")
            tiers.append({"below": _plain_number(below), "credit_pct": _plain_number(credit)})
        return sorted(tiers, key=lambda t: -float(t["below"]))


class StructuredEditor(TermEditor):
    """A kind and an amount (early termination fee, liability cap), or an object as JSON."""

    def __init__(self, term: Term, currency: str = "USD", parent: QWidget | None = None) -> None:
        super().__init__(term, parent)
        self.kinds = STRUCTURED_KINDS.get(term.key)
        self.currency = currency
        self._extra: dict[str, Any] = {}
        if self.kinds is None:
            self.text = QPlainTextEdit()
            self.text.setPlaceholderText('{"name": value, …}')
            self.text.textChanged.connect(self.edited)
            self.layout_.addWidget(self.text)
            self.setFocusProxy(self.text)
            return
        self.kind = QComboBox()
        self.kind.addItem(NOT_STATED, None)
        for key, (words, _suffix, _needs) in self.kinds.items():
            self.kind.addItem(words, key)
        self.amount = _spin(0, MAX_NUMBER, 2)
        self.amount.setMinimumWidth(140)
        self.layout_.addWidget(self.kind, 1)
        self.layout_.addWidget(self.amount, 1)
        self.setFocusProxy(self.kind)
        self.kind.currentIndexChanged.connect(self._on_kind)
        self.kind.currentIndexChanged.connect(self.edited)
        self.amount.valueChanged.connect(self.edited)
        self._on_kind()

    def _on_kind(self) -> None:
        assert self.kinds is not None
        key = self.kind.currentData()
        _words, suffix, needs = self.kinds.get(key, ("", "", False))
        self.amount.setEnabled(needs)
        self.amount.setVisible(key is not None)
        if suffix == "money":
            self.amount.setPrefix(currency_prefix(self.currency))
            self.amount.setSuffix("")
        else:
            self.amount.setPrefix("")
            self.amount.setSuffix(suffix)
        self.amount.setMaximum(100 if suffix.startswith(" %") else MAX_NUMBER)

    def set_value(self, value: Any) -> None:
        content = dict(value) if isinstance(value, Mapping) else {}
        if self.kinds is None:
            self.text.setPlainText(json.dumps(content, indent=2, ensure_ascii=False)
                                   if content else "")
            return
        self._extra = {k: v for k, v in content.items() if k not in ("kind", "value")}
        index = self.kind.findData(content.get("kind")) if content else 0
        self.kind.setCurrentIndex(max(index, 0))
        amount = content.get("value")
        self.amount.set_number(float(amount) if _is_number(amount) else None)

    def value(self) -> Any:
        if self.kinds is None:
            text = self.text.toPlainText().strip()
            if not text:
                return None
            try:
                content = json.loads(text)
            except ValueError:
                content = None
            if not isinstance(content, dict):
                raise EvaluationError(
                    f"{self.term.name} must be written as {{\"name\": value, …}}."
                )
            return content
        key = self.kind.currentData()
        if key is None:
            return None
        _words, _suffix, needs = self.kinds[key]
        result: dict[str, Any] = {**self._extra, "kind": key}
        amount = self.amount.number()
        if needs:
            if amount is None:
                raise EvaluationError(f"{self.term.name} needs an amount for this kind.")
            result["value"] = _plain_number(amount)
        elif key == "remaining":
            # The interchange format asks every early-termination kind for a value; all
            # remaining fees is 100 % of them.
            result["value"] = 100
        return result


def editor_for(term: Term, currency: str = "USD", severity_names: Mapping[str, str] | None = None,
               parent: QWidget | None = None) -> TermEditor:
    """The editor that fits the term's type."""
    kind = term.type
    editor: TermEditor
    if kind is TermType.PERCENT:
        editor = PercentEditor(term)
    elif kind is TermType.NUMBER:
        editor = NumberEditor(term)
    elif kind is TermType.DURATION:
        editor = DurationEditor(term)
    elif kind is TermType.MONEY:
        editor = MoneyEditor(term, currency)
    elif kind is TermType.CHOICE:
        editor = ChoiceEditor(term)
    elif kind is TermType.FLAG:
        editor = FlagEditor(term)
    elif kind is TermType.CHECKLIST:
        editor = ChecklistEditor(term)
    elif kind is TermType.SEVERITY_DURATIONS:
        editor = SeverityEditor(term, severity_names)
    elif kind is TermType.CREDIT_TIERS:
        editor = CreditTiersEditor(term)
    elif kind is TermType.STRUCTURED:
        editor = StructuredEditor(term, currency)
    else:
        editor = TextEditor(term)
    if parent is not None:
        editor.setParent(parent)
    return editor


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
                 (f"Now: {format_term_value(term, value, currency)}", False))
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
            self._value = checked_value(self.term, self.editor.value())
        except EvaluationError as error:
            self.error.setText(str(error))
            self.error.show()
            return
        super().accept()

    def result_value(self) -> Any:
        """The value chosen (None: clear it); only meaningful after the dialog was accepted."""
        return self._value
