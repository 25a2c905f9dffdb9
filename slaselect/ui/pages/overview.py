"""The Overview page: what is being chosen, the buyer's assumptions, and who scores.

Every field saves when it is committed (Enter, leaving the field, a step of the arrows), as one
undoable edit. A refused value is explained in the page message and the field shows the saved
value again. The uptime scenario is the exception: its probabilities must add up to 100 %, so a
table that does not is kept as an unsaved draft until it does (or is reverted).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import (
    Qt,
)
from PySide6.QtGui import (
    QPalette,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QCheckBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from slaselect.domain.edits import (
    DeleteEvaluator,
    InsertEvaluator,
    ReplaceEvaluator,
    SetEvaluationInfo,
    SetScenario,
)
from slaselect.domain.keys import key_from_name
from slaselect.domain.model import (
    SEVERITIES,
    Evaluation,
    Evaluator,
    EvaluatorRole,
    Scenario,
    UptimeOutcome,
)
from slaselect.domain.wording import format_number
from slaselect.ui.actions import ActionId, page_action
from slaselect.ui.delegates import PercentDelegate, RoleDelegate
from slaselect.ui.pages.base import Page
from slaselect.ui.pages.overview_widgets import (
    FormScroll,
    Tile,
    expected_scores,
    form_row,
    with_help,
)
from slaselect.ui.session import Session
from slaselect.ui.text import plural
from slaselect.ui.widgets import RIGHT, ClockSpin, DecimalSpin, IntSpin, help_label

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

HELP = {
    "name": "Shown on every page, report and memo.",
    "currency": "The currency of every fee and figure; amounts are not converted.",
    "horizon": "Cost horizon: the months the total cost of ownership covers. A longer horizon "
               "weighs monthly fees more against one-off fees.",
    "scale": "The range evaluators score judgement criteria on; scores are rescaled to 0-10 "
             "for the ranking.",
    "incidents": "Incidents you expect a month weight the average response time.",
    "weights": "Weights say how much each priority counts when response and resolution "
               "times are scored; only their proportions matter.",
    "hours": "When your team works: times promised in business hours are turned into real "
             "waiting time with these days and hours.",
    "uptime": "Months you expect and how likely each is; sets the credits you can expect "
              "back. Probabilities must add up to 100 %.",
    "claim": "Share of service credits you actually collect when they must be claimed; "
             "automatic credits count in full.",
    "support": "Hours of work you expect to use; hours beyond a provider's included hours "
               "are charged at its hourly rate.",
    "exit": "Exit month: when the cost of leaving is measured; longer terms without "
            "termination for convenience cost more here.",
}


# --------------------------------------------------------------------------- small widgets


class OverviewPage(Page):
    """The evaluation's details, its status, the buyer's scenario and the scoring team."""

    title = "Overview"
    help_text = (
        "What is being chosen and on what assumptions. The scenario is the same for every "
        "provider: it turns their terms into real waiting times, credits and costs."
    )

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self._loading = False
        self._uptime_draft = False

        content = QWidget()
        grid = QGridLayout(content)
        grid.setContentsMargins(0, 0, 8, 0)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(12)
        grid.addLayout(self._build_status(), 0, 0, 1, 2)
        left = QVBoxLayout()
        left.setSpacing(12)
        left.addWidget(self._build_info())
        left.addWidget(self._build_team(), 1)
        grid.addLayout(left, 1, 0)
        grid.addWidget(self._build_scenario(), 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(2, 1)

        scroll = FormScroll()
        scroll.setWidget(content)
        self.body.addWidget(scroll, 1)
        self.refresh()

    # ------------------------------------------------------------------ building: status

    def _build_status(self) -> QHBoxLayout:
        self.tiles = {
            "providers": Tile("providers", "Providers in the evaluation, excluded ones too."),
            "evaluators": Tile("evaluators", "People on the scoring team."),
            "criteria": Tile("criteria", "Weighted criteria the providers are ranked on."),
            "scores": Tile("scores entered",
                            "Evaluators' scores entered, of one per evaluator, provider and "
                            "judgement criterion."),
            "lock": Tile("criteria and weights",
                          "Lock criteria and weights before scoring starts, so nobody tunes "
                          "them to a favourite."),
            "eligible": Tile("eligible",
                              "Providers meeting every must-have and minimum score, and not "
                              "excluded by the team."),
            "leader": Tile("leads by weighted sum", "The current first place of the ranking."),
        }
        row = QHBoxLayout()
        row.setSpacing(8)
        for key, tile in self.tiles.items():
            row.addWidget(tile, 1 if key == "leader" else 0)
        return row

    # ------------------------------------------------------------------ building: evaluation

    def _build_info(self) -> QGroupBox:
        box = QGroupBox("Evaluation")
        form = QFormLayout(box)
        form.setSpacing(8)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.name_edit = QLineEdit()
        self.currency_edit = QLineEdit()
        self.currency_edit.setMaxLength(8)
        self.currency_edit.setFixedWidth(90)
        self.horizon_spin = IntSpin(1, 600, " months")
        self.horizon_spin.setFixedWidth(130)
        self.scale_min = DecimalSpin(-1000, 1000, 2)
        self.scale_max = DecimalSpin(-1000, 1000, 2)
        for spin in (self.scale_min, self.scale_max):
            spin.setFixedWidth(90)
        form.addRow("&Name", with_help(self.name_edit, HELP["name"]))
        form.addRow("&Currency", with_help(form_row(self.currency_edit), HELP["currency"]))
        form.addRow("Cost &horizon", with_help(form_row(self.horizon_spin), HELP["horizon"]))
        form.addRow("Scoring &scale", with_help(
            form_row(self.scale_min, "to", self.scale_max), HELP["scale"]))
        self.currency_edit.setToolTip("Three-letter currency code, e.g. USD, EUR, GBP, CHF.")
        self.scale_min.setToolTip("The lowest score an evaluator can give.")
        self.scale_max.setToolTip("The highest score an evaluator can give.")
        self.name_edit.editingFinished.connect(lambda: self._commit_info(
            lambda info: replace(info, name=self.name_edit.text().strip())))
        self.currency_edit.editingFinished.connect(lambda: self._commit_info(
            lambda info: replace(info, currency=self.currency_edit.text().strip().upper())))
        self.horizon_spin.valueChanged.connect(lambda months: self._commit_info(
            lambda info: replace(info, horizon_months=int(months))))
        self.scale_min.valueChanged.connect(lambda low: self._commit_info(
            lambda info: replace(info, scale=replace(info.scale, min=low))))
        self.scale_max.valueChanged.connect(lambda high: self._commit_info(
            lambda info: replace(info, scale=replace(info.scale, max=high))))
        return box

    # ------------------------------------------------------------------ building: scenario

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
        _headers(self.uptime_table, (
            ("Uptime in the month", "An uptime the service could reach in a month."),
            ("Probability", "How likely such a month is; all rows add up to 100 %."),
        ))
        self.uptime_table.verticalHeader().setVisible(False)
        self.uptime_table.setAlternatingRowColors(True)
        self.uptime_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.uptime_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.uptime_table.setItemDelegateForColumn(0, PercentDelegate(3, self.uptime_table))
        self.uptime_table.setItemDelegateForColumn(1, PercentDelegate(1, self.uptime_table))
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

    def _build_team(self) -> QGroupBox:
        box = QGroupBox("Scoring team")
        layout = QVBoxLayout(box)
        layout.setSpacing(8)
        self.evaluator_table = QTableWidget(0, 3)
        _headers(self.evaluator_table, (
            ("Name", "The evaluator's name. Press F2 or double-click to rename."),
            ("Role", "Their seat on the team. Press F2 or double-click to change it."),
            ("Scores entered",
             "Judgement scores they have entered, of one per provider and criterion."),
        ), right=(2,))
        self.evaluator_table.verticalHeader().setVisible(False)
        self.evaluator_table.setAlternatingRowColors(True)
        self.evaluator_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.evaluator_table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.evaluator_table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.evaluator_table.setItemDelegateForColumn(1, RoleDelegate(self.evaluator_table))
        header = self.evaluator_table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.evaluator_table.setMinimumHeight(150)
        self.evaluator_table.itemChanged.connect(self._commit_evaluator)
        self.evaluator_table.itemSelectionChanged.connect(self._update_team_buttons)

        remove_action = page_action(ActionId.REMOVE_ROW, "Remove evaluator",
                                    self.evaluator_table)
        remove_action.triggered.connect(self.remove_evaluator)
        self.evaluator_table.addAction(remove_action)

        self.add_evaluator_button = QPushButton("Add evaluator…")
        self.add_evaluator_button.clicked.connect(self.add_evaluator)
        self.rename_evaluator_button = QPushButton("Rename")
        self.rename_evaluator_button.setToolTip("Edit the selected evaluator's name (F2).")
        self.rename_evaluator_button.clicked.connect(self.rename_evaluator)
        self.remove_evaluator_button = QPushButton("Remove…")
        self.remove_evaluator_button.setToolTip(
            "Remove the selected evaluator and their scores (Delete). Undo brings them back.")
        self.remove_evaluator_button.clicked.connect(self.remove_evaluator)
        layout.addWidget(help_label("The people who score the judgement criteria. Each scores "
                               "every provider on their own; the Scoring page shows the "
                               "consensus."))
        layout.addWidget(self.evaluator_table, 1)
        layout.addLayout(form_row(self.add_evaluator_button, self.rename_evaluator_button,
                              self.remove_evaluator_button))
        return box

    # ------------------------------------------------------------------ prompts (tests replace)

    def ask_evaluator_name(self) -> str | None:
        """Ask for a new evaluator's name; None when cancelled."""
        text, ok = QInputDialog.getText(self, "Add evaluator", "Evaluator's name:")
        return text if ok else None

    def confirm_evaluator_removal(self, text: str) -> bool:
        """Ask to confirm removing an evaluator who has scores."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Remove evaluator")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(text)
        box.setStandardButtons(
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel)
        box.button(QMessageBox.StandardButton.Yes).setText("Remove")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        return box.exec() == QMessageBox.StandardButton.Yes

    # ------------------------------------------------------------------ refresh

    def refresh(self) -> None:
        """Show the evaluation as it is now (fields being typed in keep the user's text)."""
        evaluation = self.session.evaluation
        self._loading = True
        try:
            self._load_status(evaluation)
            self._load_info(evaluation)
            self._load_scenario(evaluation.scenario)
            if not self._uptime_draft:
                self._load_uptime(evaluation.scenario)
            self._load_team(evaluation)
        finally:
            self._loading = False
        self._update_uptime_total()
        self._update_team_buttons()
        self._set_editable(not self.session.read_only)

    def _set_editable(self, editable: bool) -> None:
        """Fields become read-only (still selectable and copyable) when nothing can be saved."""
        for line in (self.name_edit, self.currency_edit):
            line.setReadOnly(not editable)
        for spin in self.findChildren(QAbstractSpinBox):
            if spin.parent() is not self.uptime_table.viewport():
                spin.setReadOnly(not editable)
        for check in self.day_checks:
            check.setEnabled(editable)
        triggers = (QAbstractItemView.EditTrigger.DoubleClicked
                    | QAbstractItemView.EditTrigger.EditKeyPressed
                    if editable else QAbstractItemView.EditTrigger.NoEditTriggers)
        self.evaluator_table.setEditTriggers(triggers)
        self.uptime_table.setEditTriggers(
            triggers | QAbstractItemView.EditTrigger.AnyKeyPressed if editable else triggers)
        for button in (self.add_outcome_button, self.add_evaluator_button):
            button.setEnabled(editable)
        if not editable:
            for button in (self.remove_outcome_button, self.rename_evaluator_button,
                           self.remove_evaluator_button):
                button.setEnabled(False)

    def status_text(self) -> str:
        """The status line as one sentence (what the tiles show)."""
        parts = []
        for tile in self.tiles.values():
            parts.append(f"{tile.value.text()} {tile.caption.text()}")
        return " · ".join(parts)

    def _load_status(self, evaluation: Evaluation) -> None:
        entered, expected = expected_scores(evaluation)
        wsm = self.session.results().wsm
        eligible = sum(1 for r in wsm.results if r.eligible)
        self.tiles["providers"].show_value(str(len(evaluation.providers)))
        self.tiles["evaluators"].show_value(str(len(evaluation.evaluators)))
        self.tiles["criteria"].show_value(str(len(evaluation.criteria)))
        self.tiles["scores"].show_value(f"{entered} of {expected}")
        locked = evaluation.criteria_locked_at
        self.tiles["lock"].show_value(
            "Locked" if locked else "Not locked",
            f"criteria and weights, since {locked[:10]}" if locked else "criteria and weights",
        )
        self.tiles["eligible"].show_value(f"{eligible} of {len(evaluation.providers)}")
        leader = wsm.results[0] if wsm.results and wsm.results[0].eligible else None
        if leader is None:
            self.tiles["leader"].show_value("No leader yet", "no eligible provider")
        else:
            tied = [r for r in wsm.results if r.rank == 1]
            names = " and ".join(r.name for r in tied)
            score = f"{leader.score:.2f}" if leader.score is not None else "—"
            verb = "tie" if len(tied) > 1 else "leads"
            note = "" if wsm.complete else ", scores still missing"
            self.tiles["leader"].show_value(names, f"{verb} by weighted sum, {score} of 10{note}")

    def _load_info(self, evaluation: Evaluation) -> None:
        _set_line(self.name_edit, evaluation.name)
        _set_line(self.currency_edit, evaluation.currency)
        _set_value(self.horizon_spin, evaluation.horizon_months)
        _set_value(self.scale_min, evaluation.scale.min)
        _set_value(self.scale_max, evaluation.scale.max)

    def _load_scenario(self, scenario: Scenario) -> None:
        for severity in SEVERITIES:
            _set_value(self.incident_spins[severity],
                       scenario.incidents_per_month.get(severity, 0.0))
            _set_value(self.weight_spins[severity],
                       scenario.severity_weights.get(severity, 0.0) * 100.0)
        days = set(scenario.business_hours.days)
        for number, check in enumerate(self.day_checks):
            if check.isChecked() != (number in days):
                check.setChecked(number in days)
        _set_value(self.start_spin, round(scenario.business_hours.start_hour * 60))
        _set_value(self.end_spin, round(scenario.business_hours.end_hour * 60))
        _set_value(self.claim_spin, scenario.claim_success * 100.0)
        _set_value(self.support_spin, scenario.support_hours_month)
        _set_value(self.exit_spin, scenario.exit_month)

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

    def _load_team(self, evaluation: Evaluation) -> None:
        table = self.evaluator_table
        selected = self.selected_evaluator()
        keep = selected.key if selected else None
        _, expected = expected_scores(evaluation)
        per_evaluator = expected // len(evaluation.evaluators) if evaluation.evaluators else 0
        keys = [e.key for e in evaluation.evaluators]
        shown = [_item_key(table.item(row, 0)) for row in range(table.rowCount())]
        table.blockSignals(True)
        try:
            if keys != shown:
                # Different people: new rows. (Never while an item's own signal is running:
                # renames and role changes keep the same keys and update in place below.)
                table.setRowCount(0)
                table.setRowCount(len(keys))
                for row in range(len(keys)):
                    name = QTableWidgetItem()
                    role = QTableWidgetItem()
                    count = QTableWidgetItem()
                    count.setFlags(count.flags() & ~Qt.ItemFlag.ItemIsEditable)
                    count.setTextAlignment(RIGHT)
                    for column, item in enumerate((name, role, count)):
                        table.setItem(row, column, item)
            for row, evaluator in enumerate(evaluation.evaluators):
                scores = sum(1 for s in evaluation.scores if s.evaluator == evaluator.key)
                _set_item(table.item(row, 0), evaluator.name, evaluator.key)
                _set_item(table.item(row, 1), evaluator.role.value)
                _set_item(table.item(row, 2), f"{scores} of {per_evaluator}")
                if evaluator.key == keep and keys != shown:
                    table.selectRow(row)
        finally:
            table.blockSignals(False)

    # ------------------------------------------------------------------ evaluation details

    def _commit_info(self, change: Callable[[SetEvaluationInfo], SetEvaluationInfo]) -> None:
        """Save the evaluation's details with one field changed; a refusal shows the saved."""
        if self._loading:
            return
        for line in (self.name_edit, self.currency_edit):
            line.setModified(False)  # committed: the saved value may be shown in it now
        evaluation = self.session.evaluation
        current = SetEvaluationInfo(evaluation.name, evaluation.currency,
                                    evaluation.horizon_months, evaluation.scale)
        edit = change(current)
        if edit == current or not self.edit(edit):
            # unchanged ("eur" is the saved "EUR") or refused: show what is saved
            self._revert(lambda: self._load_info(self.session.evaluation))

    # ------------------------------------------------------------------ scenario

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

    def _revert(self, load: Callable[[], None]) -> None:
        self._loading = True
        try:
            load()
        finally:
            self._loading = False

    # ------------------------------------------------------------------ uptime scenario

    def uptime_rows(self) -> tuple[UptimeOutcome, ...]:
        """What the uptime table shows (probabilities as 0-1)."""
        outcomes = []
        for row in range(self.uptime_table.rowCount()):
            uptime = _cell_number(self.uptime_table.item(row, 0))
            pct = _cell_number(self.uptime_table.item(row, 1))
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

    def selected_evaluator(self) -> Evaluator | None:
        """The evaluator on the selected row, None when none is selected."""
        row = self.evaluator_table.currentRow()
        selected = self.evaluator_table.selectionModel().selectedRows()
        if row < 0 or not selected:
            return None
        item = self.evaluator_table.item(row, 0)
        key = item.data(Qt.ItemDataRole.UserRole) if item else None
        return next((e for e in self.session.evaluation.evaluators if e.key == key), None)

    def select_evaluator(self, key: str) -> None:
        """Select an evaluator's row."""
        for row in range(self.evaluator_table.rowCount()):
            item = self.evaluator_table.item(row, 0)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == key:
                self.evaluator_table.setCurrentCell(row, 0)
                self.evaluator_table.selectRow(row)
                return

    def _update_team_buttons(self) -> None:
        chosen = self.selected_evaluator() is not None
        self.rename_evaluator_button.setEnabled(chosen)
        self.remove_evaluator_button.setEnabled(chosen)

    def _commit_evaluator(self, item: QTableWidgetItem) -> None:
        if self._loading:
            return
        row = item.row()
        key_item = self.evaluator_table.item(row, 0)
        key = key_item.data(Qt.ItemDataRole.UserRole) if key_item else None
        old = next((e for e in self.session.evaluation.evaluators if e.key == key), None)
        if old is None:
            return
        if item.column() == 0:
            changed = replace(old, name=item.text().strip())
        elif item.column() == 1:
            changed = replace(old, role=EvaluatorRole(str(item.data(Qt.ItemDataRole.EditRole))))
        else:
            return
        if changed == old:
            return
        if not self.edit(ReplaceEvaluator(changed)):
            self._load_team(self.session.evaluation)

    def add_evaluator(self) -> None:
        """Ask for a name and add an evaluator with a key derived from it."""
        name = self.ask_evaluator_name()
        if name is None:
            return
        name = name.strip()
        taken = (e.key for e in self.session.evaluation.evaluators)
        key = key_from_name(name, taken, fallback="evaluator")
        if self.edit(InsertEvaluator(Evaluator(key, name))):
            self.select_evaluator(key)
            self.message.show_info(
                f"{name} joined the scoring team. Set their role in the table; their scores "
                "go in on the Scoring page.")

    def rename_evaluator(self) -> None:
        """Start editing the selected evaluator's name in place."""
        row = self.evaluator_table.currentRow()
        item = self.evaluator_table.item(row, 0) if row >= 0 else None
        if item is not None:
            self.evaluator_table.setFocus()
            self.evaluator_table.editItem(item)

    def remove_evaluator(self) -> None:
        """Remove the selected evaluator, confirming first when they have scores."""
        evaluator = self.selected_evaluator()
        if evaluator is None:
            return
        scores = sum(1 for s in self.session.evaluation.scores if s.evaluator == evaluator.key)
        if scores and not self.confirm_evaluator_removal(
            f"Remove {evaluator.name} from the scoring team? Their {plural(scores, 'score')} "
            f"{'is' if scores == 1 else 'are'} removed with them and the consensus is worked "
            "out without them. "
            "Edit > Undo brings them back."
        ):
            return
        row = self.evaluator_table.currentRow()
        if self.edit(DeleteEvaluator(evaluator.key)):
            remaining = self.session.evaluation.evaluators
            if remaining:
                self.select_evaluator(remaining[min(row, len(remaining) - 1)].key)
            self.message.show_info(f"{evaluator.name} removed. Edit > Undo brings them back.")


# --------------------------------------------------------------------------- helpers


def _set_line(line: QLineEdit, text: str) -> None:
    if line.hasFocus() and line.isModified():
        return  # the user is typing: their text stays until they commit it
    if line.text() != text:
        line.setText(text)
        line.setCursorPosition(0)  # show the start of a long name, not its end
    line.setModified(False)


def _set_value(spin: QAbstractSpinBox, value: float) -> None:
    spin.blockSignals(True)
    try:
        if isinstance(spin, QSpinBox):
            spin.setValue(round(value))
        elif isinstance(spin, QDoubleSpinBox):
            spin.setValue(value)
    finally:
        spin.blockSignals(False)


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


def _headers(
    table: QTableWidget, headers: tuple[tuple[str, str], ...], right: tuple[int, ...] = ()
) -> None:
    """Column titles with tooltips saying what each column means."""
    for column, (text, tip) in enumerate(headers):
        item = QTableWidgetItem(text)
        item.setToolTip(tip)
        if column in right:
            item.setTextAlignment(RIGHT)
        table.setHorizontalHeaderItem(column, item)


def _item_key(item: QTableWidgetItem | None) -> object:
    return item.data(Qt.ItemDataRole.UserRole) if item is not None else None


def _set_item(item: QTableWidgetItem | None, value: object, key: str | None = None) -> None:
    if item is None:
        return
    if item.data(Qt.ItemDataRole.EditRole) != value:
        item.setData(Qt.ItemDataRole.EditRole, value)
    if key is not None and item.data(Qt.ItemDataRole.UserRole) != key:
        item.setData(Qt.ItemDataRole.UserRole, key)


def _cell_number(item: QTableWidgetItem | None) -> float:
    if item is None:
        return 0.0
    value = item.data(Qt.ItemDataRole.EditRole)
    try:
        return float(value)
    except (TypeError, ValueError):
        return 0.0
