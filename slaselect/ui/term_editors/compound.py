"""Editors for term values that need more room: a time per severity, credit tiers, and a
kind with an amount (early termination fee, liability cap) or any object as JSON."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QHeaderView,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import SEVERITIES, Term
from slaselect.domain.term_values import (
    CLOCK_WORDS,
    CLOCKS,
    MAX_MINUTES,
    MAX_NUMBER,
    STRUCTURED_KINDS,
    StructuredKind,
    is_number,
)
from slaselect.ui.term_editors.simple import DURATION_UNITS, NOT_STATED, TermEditor
from slaselect.ui.term_editors.spin_box import (
    OptionalSpinBox,
    currency_prefix,
    make_spin,
    plain_number,
)


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
            spin = make_spin(0, MAX_MINUTES, 2)
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
            if not is_number(minutes):
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
            try:
                number = spin.number()
            except EvaluationError as error:  # say which priority, and what to type instead
                raise EvaluationError(
                    f"{severity}: {str(error).rstrip('.')}; type a time such as 30, or leave "
                    "it empty when the proposal makes no commitment.") from None
            if number is not None:
                result[severity] = {"minutes": plain_number(number * int(unit.currentData())),
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
            lows = [self.make_spin(row, 0).value() for row in range(self.table.rowCount())]
            below = round(min(lows) - 0.5, 3) if lows else 99.9
        row = self.table.rowCount()
        self.table.insertRow(row)
        below_spin = make_spin(0, 100, 3, " %", step=0.1)
        credit_spin = make_spin(0, 100, 2, " %", step=5)
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

    def make_spin(self, row: int, column: int) -> OptionalSpinBox:
        widget = self.table.cellWidget(row, column)
        assert isinstance(widget, OptionalSpinBox)
        return widget

    def set_value(self, value: Any) -> None:
        self.table.setRowCount(0)
        for tier in value if isinstance(value, list) else []:
            if isinstance(tier, Mapping) and is_number(tier.get("below")):
                credit = tier.get("credit_pct")
                self.add_tier(float(tier["below"]), float(credit) if is_number(credit) else 0)

    def value(self) -> Any:
        """The tiers, highest threshold first; no rows is the stated answer "no credits"."""
        tiers = []
        for row in range(self.table.rowCount()):
            below, credit = self.make_spin(row, 0).number(), self.make_spin(row, 1).number()
            if below is None or credit is None:
                raise EvaluationError(f"{self.term.name}: tier {row + 1} needs both numbers.")
            tiers.append({"below": plain_number(below), "credit_pct": plain_number(credit)})
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
        for key, kind in self.kinds.items():
            self.kind.addItem(kind.words, key)
        self.amount = make_spin(0, MAX_NUMBER, 2)
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
        kind = self.kinds.get(key, StructuredKind("", needs_amount=False))
        self.amount.setEnabled(kind.needs_amount)
        self.amount.setVisible(key is not None)
        self.amount.setPrefix(currency_prefix(self.currency) if kind.money else "")
        self.amount.setSuffix(kind.suffix)
        self.amount.setMaximum(min(kind.at_most, MAX_NUMBER))

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
        self.amount.set_number(float(amount) if is_number(amount) else None)

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
        needs = self.kinds[key].needs_amount
        result: dict[str, Any] = {**self._extra, "kind": key}
        amount = self.amount.number()
        if needs:
            if amount is None:
                raise EvaluationError(f"{self.term.name} needs an amount for this kind.")
            result["value"] = plain_number(amount)
        elif key == "remaining":
            # The interchange format asks every early-termination kind for a value; all
            # remaining fees is 100 % of them.
            result["value"] = 100
        return result
