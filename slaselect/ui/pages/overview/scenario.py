"""The usage-scenario part of the Overview page: incidents, business hours, uptime, claims, exit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from slaselect.domain.edits import SetScenario
from slaselect.domain.model import SEVERITIES, Scenario, UptimeOutcome
from slaselect.domain.wording import DAY_NAMES, format_number
from slaselect.ui.delegates import PercentDelegate
from slaselect.ui.pages.overview.fields import cell_number, set_headers, set_value
from slaselect.ui.pages.overview.forms import form_row, with_help
from slaselect.ui.pages.overview.texts import HELP
from slaselect.ui.widgets import RIGHT, ClockSpin, DecimalSpin, IntSpin


class ScenarioSection:
    """The scenario half of ``OverviewPage``: the figures every SLA is worked out for."""

    def _build_scenario(self) -> QGroupBox:
        box = QGroupBox("Buyer's scenario")
        form = QFormLayout(box)
        form.setSpacing(8)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        self.incident_spins: dict[str, DecimalSpin] = {}
        self.weight_spins: dict[str, DecimalSpin] = {}
        priorities = QGridLayout()
        priorities.setContentsMargins(0, 0, 0, 0)
        priorities.setHorizontalSpacing(8)
        priorities.setVerticalSpacing(4)
        incidents_label = QLabel("Incidents a month")
        incidents_label.setToolTip(HELP["incidents"])
        weights_label = QLabel("Weight")
        weights_label.setToolTip(HELP["weights"])
        priorities.addWidget(incidents_label, 1, 0)
        priorities.addWidget(weights_label, 2, 0)
        for column, severity in enumerate(SEVERITIES, start=1):
            heading = QLabel(severity)
            heading.setAlignment(Qt.AlignmentFlag.AlignCenter)
            priorities.addWidget(heading, 0, column)
            count = DecimalSpin(0, 100_000, 1, step=0.5)
            count.setToolTip(f"{severity} incidents you expect in a month.")
            weight = DecimalSpin(0, 100, 1, " %", step=5)
            weight.setToolTip(f"How much {severity} counts when response and resolution "
                              "times are scored.")
            priorities.addWidget(count, 1, column)
            priorities.addWidget(weight, 2, column)
            priorities.setColumnStretch(column, 1)
            self.incident_spins[severity] = count
            self.weight_spins[severity] = weight
            count.valueChanged.connect(
                lambda value, level=severity: self._commit_scenario(_incidents(level, value)))
            weight.valueChanged.connect(
                lambda value, level=severity: self._commit_scenario(
                    _severity_weight(level, value / 100.0)))
        incidents_label.setBuddy(self.incident_spins["P1"])
        weights_label.setBuddy(self.weight_spins["P1"])
        priorities_box = QWidget()
        priorities_box.setLayout(priorities)
        form.addRow("Priorities", with_help(
            priorities_box, HELP["incidents"] + " " + HELP["weights"]))

        self.day_checks: list[QCheckBox] = []
        days = QHBoxLayout()
        days.setSpacing(8)
        for number, day in enumerate(DAY_NAMES):
            check = QCheckBox(day)
            check.setToolTip("A working day of your team.")
            check.toggled.connect(
                lambda on, day_number=number: self._commit_scenario(_day(day_number, on)))
            days.addWidget(check)
            self.day_checks.append(check)
        days.addStretch(1)
        self.start_spin = ClockSpin()
        self.end_spin = ClockSpin()
        self.start_spin.setToolTip("When your working day starts.")
        self.end_spin.setToolTip("When your working day ends (24:00 for midnight).")
        for spin, which in ((self.start_spin, "start_hour"), (self.end_spin, "end_hour")):
            spin.setFixedWidth(90)
            spin.valueChanged.connect(
                lambda minutes, field=which: self._commit_scenario(_hour(field, minutes / 60)))
        hours = QVBoxLayout()
        hours.setSpacing(4)
        hours.addLayout(days)
        hours.addLayout(form_row(QLabel("from"), self.start_spin, QLabel("to"), self.end_spin))
        form.addRow("&Business hours", with_help(hours, HELP["hours"]))

        self.uptime_table = QTableWidget(0, 2)
        set_headers(self.uptime_table, (
            ("Uptime in the month", "An uptime the service could reach in a month."),
            ("Probability", "How likely such a month is; all rows add up to 100 %."),
        ))
        self.uptime_table.verticalHeader().setVisible(False)
        self.uptime_table.setAlternatingRowColors(True)
        self.uptime_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.uptime_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.uptime_table.setItemDelegateForColumn(0, PercentDelegate(
            3, self.uptime_table, lambda text: self.message.show_error(text)))
        self.uptime_table.setItemDelegateForColumn(1, PercentDelegate(
            1, self.uptime_table, lambda text: self.message.show_error(text)))
        self.uptime_table.horizontalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.Stretch)
        self.uptime_table.setMinimumWidth(260)
        self.uptime_table.itemChanged.connect(self._commit_uptime)
        self.add_outcome_button = QPushButton("Add row")
        self.add_outcome_button.setToolTip("Add another possible month (at 0 % probability).")
        self.add_outcome_button.clicked.connect(self.add_uptime_row)
        self.remove_outcome_button = QPushButton("Remove row")
        self.remove_outcome_button.setToolTip("Remove the selected month.")
        self.remove_outcome_button.clicked.connect(self.remove_uptime_row)
        self.revert_uptime_button = QPushButton("Revert")
        self.revert_uptime_button.setToolTip("Throw away the unsaved changes to this table.")
        self.revert_uptime_button.clicked.connect(self.revert_uptime)
        self.uptime_total = QLabel()
        self.uptime_total.setTextFormat(Qt.TextFormat.PlainText)
        self.uptime_total.setWordWrap(True)
        uptime = QVBoxLayout()
        uptime.setSpacing(4)
        uptime.addWidget(self.uptime_table)
        uptime.addLayout(form_row(self.add_outcome_button, self.remove_outcome_button,
                              self.revert_uptime_button))
        uptime.addWidget(self.uptime_total)
        form.addRow("&Uptime scenario", with_help(uptime, HELP["uptime"]))

        self.claim_spin = DecimalSpin(0, 100, 0, " %", step=5)
        self.support_spin = DecimalSpin(0, 10_000, 1, " h", step=5)
        self.exit_spin = IntSpin(0, 600, prefix="month ")
        for field in (self.claim_spin, self.support_spin, self.exit_spin):
            field.setFixedWidth(110)
        self.claim_spin.valueChanged.connect(lambda value: self._commit_scenario(
            lambda s: replace(s, claim_success=value / 100.0)))
        self.support_spin.valueChanged.connect(lambda value: self._commit_scenario(
            lambda s: replace(s, support_hours_month=value)))
        self.exit_spin.valueChanged.connect(lambda value: self._commit_scenario(
            lambda s: replace(s, exit_month=int(value))))
        form.addRow("C&laim success", with_help(form_row(self.claim_spin), HELP["claim"]))
        form.addRow("Su&pport hours", with_help(
            form_row(self.support_spin, "a month"), HELP["support"]))
        form.addRow("E&xit month", with_help(form_row(self.exit_spin), HELP["exit"]))
        return box

    # ------------------------------------------------------------------ building: team

    def _load_scenario(self, scenario: Scenario) -> None:
        for severity in SEVERITIES:
            set_value(self.incident_spins[severity],
                       scenario.incidents_per_month.get(severity, 0.0))
            set_value(self.weight_spins[severity],
                       scenario.severity_weights.get(severity, 0.0) * 100.0)
        days = set(scenario.business_hours.days)
        for number, check in enumerate(self.day_checks):
            if check.isChecked() != (number in days):
                check.setChecked(number in days)
        set_value(self.start_spin, round(scenario.business_hours.start_hour * 60))
        set_value(self.end_spin, round(scenario.business_hours.end_hour * 60))
        set_value(self.claim_spin, scenario.claim_success * 100.0)
        set_value(self.support_spin, scenario.support_hours_month)
        set_value(self.exit_spin, scenario.exit_month)

    def _load_uptime(self, scenario: Scenario) -> None:
        was_loading, self._loading = self._loading, True
        try:
            table = self.uptime_table
            selected = table.currentRow()
            table.setRowCount(len(scenario.uptime_scenario))
            for row, outcome in enumerate(scenario.uptime_scenario):
                for column, value in ((0, outcome.uptime), (1, outcome.p * 100.0)):
                    item = table.item(row, column)
                    if item is None:  # existing items are updated in place (see _load_team)
                        item = QTableWidgetItem()
                        item.setTextAlignment(RIGHT)
                        table.setItem(row, column, item)
                    if item.data(Qt.ItemDataRole.EditRole) != round(value, 6):
                        item.setData(Qt.ItemDataRole.EditRole, round(value, 6))
            if 0 <= selected < table.rowCount():
                table.selectRow(selected)
        finally:
            self._loading = was_loading
        self._uptime_draft = False
        self._fit_uptime_height()
        self._update_uptime_total()

    def _fit_uptime_height(self) -> None:
        table = self.uptime_table
        rows = min(max(table.rowCount(), 2), 6)
        row_height = table.verticalHeader().defaultSectionSize()
        frame = 2 * table.frameWidth()
        table.setFixedHeight(table.horizontalHeader().sizeHint().height() + rows * row_height
                             + frame + 4)

    def _commit_scenario(self, change: Callable[[Scenario], Scenario]) -> None:
        """Save the saved scenario with one field changed; a refusal shows the saved value."""
        if self._loading:
            return
        base = self.session.evaluation.scenario
        scenario = change(base)
        if scenario == base:
            return
        if not scenario.business_hours.days:
            self.message.show_error(
                "Tick at least one business day: commitments in business hours are counted "
                "on those days.")
            self._revert(lambda: self._load_scenario(self.session.evaluation.scenario))
            return
        if not self.edit(SetScenario(scenario)):
            self._revert(lambda: self._load_scenario(self.session.evaluation.scenario))

    def uptime_rows(self) -> tuple[UptimeOutcome, ...]:
        """What the uptime table shows (probabilities as 0-1)."""
        outcomes = []
        for row in range(self.uptime_table.rowCount()):
            uptime = cell_number(self.uptime_table.item(row, 0))
            pct = cell_number(self.uptime_table.item(row, 1))
            outcomes.append(UptimeOutcome(uptime, round(pct / 100.0, 9)))
        return tuple(outcomes)

    def _commit_uptime(self) -> None:
        if self._loading:
            return
        saved = self.session.evaluation.scenario
        outcomes = self.uptime_rows()
        if outcomes == saved.uptime_scenario:
            self._uptime_draft = False
            self._update_uptime_total()
            return
        self._uptime_draft = True  # kept while refused, so the user can finish balancing it
        if self.edit(SetScenario(replace(saved, uptime_scenario=outcomes))):
            self._uptime_draft = False
        self._update_uptime_total()

    def add_uptime_row(self) -> None:
        """Add a possible month at 0 % probability, half a point below the lowest uptime."""
        lowest = min((o.uptime for o in self.uptime_rows()), default=100.0)
        table = self.uptime_table
        self._loading = True
        try:
            row = table.rowCount()
            table.insertRow(row)
            for column, value in ((0, max(0.0, lowest - 0.5)), (1, 0.0)):
                item = QTableWidgetItem()
                item.setData(Qt.ItemDataRole.EditRole, value)
                item.setTextAlignment(RIGHT)
                table.setItem(row, column, item)
        finally:
            self._loading = False
        table.setCurrentCell(row, 0)
        self._fit_uptime_height()
        self._commit_uptime()

    def remove_uptime_row(self) -> None:
        """Remove the selected month (its probability must then go to the other rows)."""
        row = self.uptime_table.currentRow()
        if row < 0:
            self.message.show_info("Select the row to remove first.")
            return
        self._loading = True
        try:
            self.uptime_table.removeRow(row)
        finally:
            self._loading = False
        self._fit_uptime_height()
        self._commit_uptime()

    def revert_uptime(self) -> None:
        """Throw away unsaved changes to the uptime table."""
        self._load_uptime(self.session.evaluation.scenario)
        self.message.clear()

    def _update_uptime_total(self) -> None:
        total = sum(o.p for o in self.uptime_rows()) * 100.0
        self.revert_uptime_button.setVisible(self._uptime_draft)
        self.remove_outcome_button.setEnabled(self.uptime_table.rowCount() > 1)
        if self._uptime_draft:
            self.uptime_total.setText(
                f"Not saved: the probabilities add up to {format_number(total, 1)} %. "
                "Change them to add up to 100 %, or Revert.")
            self.uptime_total.setForegroundRole(QPalette.ColorRole.WindowText)
            self.uptime_total.setStyleSheet("color: #c5221f;")
        else:
            self.uptime_total.setText(f"Total {format_number(total, 1)} %")
            self.uptime_total.setStyleSheet("")
            self.uptime_total.setForegroundRole(QPalette.ColorRole.PlaceholderText)

    # ------------------------------------------------------------------ scoring team


def _incidents(severity: str, value: float) -> Callable[[Scenario], Scenario]:
    return lambda s: replace(s, incidents_per_month={**s.incidents_per_month, severity: value})


def _severity_weight(severity: str, value: float) -> Callable[[Scenario], Scenario]:
    return lambda s: replace(s, severity_weights={**s.severity_weights, severity: value})


def _day(number: int, on: bool) -> Callable[[Scenario], Scenario]:
    def change(scenario: Scenario) -> Scenario:
        days = set(scenario.business_hours.days)
        if on:
            days.add(number)
        else:
            days.discard(number)
        return replace(scenario, business_hours=replace(
            scenario.business_hours, days=tuple(sorted(days))))
    return change


def _hour(field: str, hours: float) -> Callable[[Scenario], Scenario]:
    def change(scenario: Scenario) -> Scenario:
        old = scenario.business_hours
        new = (replace(old, start_hour=hours) if field == "start_hour"
               else replace(old, end_hour=hours))
        return replace(scenario, business_hours=new)
    return change
