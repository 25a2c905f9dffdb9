"""Import tickets or outages: preset, column mapping, a preview, and a full check first.

Nothing is written from here. The dialog shows the file's first rows, lets the buyer choose a
preset or map each needed field to one of the file's columns (and the provider's severity
names to P1-P4), and reads and checks the whole file on a worker with progress and cancel.
Only a file that checked clean can be imported; the page then saves it as one edit.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from slaselect.documents.service_import import (
    OUTAGE_PRESETS,
    PRESETS,
    TICKET_FIELDS,
    ImportRefused,
    OutageImport,
    TicketImport,
    decode_export,
    read_outages,
    read_tickets,
)
from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import SEVERITIES
from slaselect.ui.workers import run_with_progress

PREVIEW_ROWS = 12
FROM_PRESET = "(as the preset names it)"


def preview_rows(data: bytes, limit: int = PREVIEW_ROWS) -> tuple[list[str], list[list[str]]]:
    """The header and the first ``limit`` rows of a CSV export, for showing only."""
    text = decode_export(data)
    head = "\n".join(text.split("\n", limit + 1)[: limit + 1])
    dialect = max((",", ";", "\t"), key=lambda d: (head.split("\n", 1)[0].count(d), d == ","))
    rows = list(csv.reader(io.StringIO(head, newline=""), delimiter=dialect))
    if not rows:
        return [], []
    return [h.strip() for h in rows[0]], rows[1:]


Result = TicketImport | OutageImport


class ImportDialog(QDialog):
    """Preview, map and check an export; accepted only once the whole file checked clean."""

    def __init__(self, kind: str, name: str, data: bytes, zone: str,
                 severity_names: dict[str, str] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self.name = name
        self.data = data
        self.zone = zone
        self.severity_names = dict(severity_names or {})
        self.result_value: Result | None = None
        self.setWindowTitle(f"Import {kind} from {name}")
        layout = QVBoxLayout(self)
        top = QFormLayout()
        self.preset = QComboBox()
        if kind == "tickets":
            for key, preset in PRESETS.items():
                self.preset.addItem(preset.label, key)
        else:
            for key in OUTAGE_PRESETS:
                self.preset.addItem("UptimeRobot (downtime log)" if key == "uptimerobot"
                                    else "Generic (start, end, planned)", key)
        top.addRow("Exported by", self.preset)
        layout.addLayout(top)

        self.header, rows = preview_rows(data)
        layout.addWidget(QLabel(f"The first rows of {name}:"))
        self.preview = QTableWidget(len(rows), len(self.header))
        self.preview.setHorizontalHeaderLabels(self.header)
        for r, row in enumerate(rows):
            for c, value in enumerate(row[: len(self.header)]):
                self.preview.setItem(r, c, QTableWidgetItem(value))
        self.preview.setMaximumHeight(200)
        self.preview.resizeColumnsToContents()
        layout.addWidget(self.preview)

        self.fields: dict[str, QComboBox] = {}
        self.severities: dict[str, QLineEdit] = {}
        self.first: QDateEdit | None = None
        self.last: QDateEdit | None = None
        self.use_period = QCheckBox("The export covers these dates (months without outages "
                                    "then count as fully available)")
        if kind == "tickets":
            layout.addWidget(self._mapping_box())
        else:
            layout.addWidget(self._period_box())

        self.check_button = QPushButton("Check the whole file")
        self.check_button.clicked.connect(self.check)
        self.summary = QLabel("Nothing is imported until every row of the file is good.")
        self.summary.setWordWrap(True)
        self.problems = QListWidget()
        self.problems.setMaximumHeight(140)
        self.problems.hide()
        row = QHBoxLayout()
        row.addWidget(self.check_button)
        row.addWidget(self.summary, 1)
        layout.addLayout(row)
        layout.addWidget(self.problems)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText("Import")
        self.import_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.preset.currentIndexChanged.connect(self._settings_changed)
        self.resize(860, 640)

    # ------------------------------------------------------------------ building

    def _mapping_box(self) -> QGroupBox:
        box = QGroupBox("Columns (for a help desk no preset knows, say which column holds what)")
        grid = QGridLayout(box)
        for n, field in enumerate(TICKET_FIELDS):
            combo = QComboBox()
            combo.addItem(FROM_PRESET, "")
            for column in self.header:
                combo.addItem(column, column)
            combo.currentIndexChanged.connect(self._settings_changed)
            self.fields[field] = combo
            grid.addWidget(QLabel(field + (" (optional)" if field == "paused" else "")),
                           n // 2, (n % 2) * 2)
            grid.addWidget(combo, n // 2, (n % 2) * 2 + 1)
        base = len(TICKET_FIELDS) // 2 + 1
        grid.addWidget(QLabel("The provider's priority names, comma-separated, for each of our "
                              "levels:"), base, 0, 1, 4)
        for n, level in enumerate(SEVERITIES):
            edit = QLineEdit(self.severity_names.get(level, ""))
            edit.setPlaceholderText(f"e.g. names meaning {level}")
            edit.textChanged.connect(self._settings_changed)
            self.severities[level] = edit
            grid.addWidget(QLabel(level), base + 1 + n // 2, (n % 2) * 2)
            grid.addWidget(edit, base + 1 + n // 2, (n % 2) * 2 + 1)
        return box

    def _period_box(self) -> QGroupBox:
        box = QGroupBox("Period the export covers")
        form = QFormLayout(box)
        today = QDate.currentDate()
        self.first = QDateEdit(QDate(today.year(), today.month(), 1).addMonths(-1))
        self.last = QDateEdit(QDate(today.year(), today.month(), 1).addDays(-1))
        for edit in (self.first, self.last):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.dateChanged.connect(self._settings_changed)
        self.use_period.toggled.connect(self._settings_changed)
        form.addRow(self.use_period)
        form.addRow("First day", self.first)
        form.addRow("Last day", self.last)
        return box

    # ------------------------------------------------------------------ settings

    def set_field(self, field: str, column: str) -> None:
        """Map a ticket field to one of the file's columns ('' for the preset's)."""
        combo = self.fields[field]
        combo.setCurrentIndex(max(0, combo.findData(column)))

    def set_severity(self, level: str, names: str) -> None:
        """The provider's names (comma-separated) that mean ``level``."""
        self.severities[level].setText(names)

    def mapping(self) -> dict[str, str]:
        """Field -> column chosen by hand."""
        return {f: c.currentData() for f, c in self.fields.items() if c.currentData()}

    def severity_map(self) -> dict[str, str]:
        """The provider's name -> P1-P4, from the level boxes."""
        found: dict[str, str] = {}
        for level, edit in self.severities.items():
            for name in edit.text().split(","):
                if name.strip():
                    found[name.strip()] = level
        return found

    def _settings_changed(self) -> None:
        self.result_value = None
        self.import_button.setEnabled(False)

    @staticmethod
    def _qdate(edit: QDateEdit | None) -> date | None:
        if edit is None:
            return None
        value = edit.date()
        return date(value.year(), value.month(), value.day())

    # ------------------------------------------------------------------ checking

    def reader(self) -> Callable[[Callable[[float], None], Callable[[], bool]],
                                 Result | EvaluationError]:
        """The whole-file read with the dialog's settings, as worker-thread work."""
        data, zone, preset = self.data, self.zone, str(self.preset.currentData())
        if self.kind == "tickets":
            mapping, severities = self.mapping(), self.severity_map()

            def read(report: Callable[[float], None], cancelled: Callable[[], bool]
                     ) -> Result | EvaluationError:
                try:
                    return read_tickets(data, zone, preset, mapping=mapping,
                                        severity_map=severities,
                                        progress=lambda n, total: report(n / max(1, total)),
                                        cancelled=cancelled)
                except EvaluationError as error:  # shown in the dialog, not in a box
                    return error
            return read
        period = self.use_period.isChecked()
        first = self._qdate(self.first) if period else None
        last = self._qdate(self.last) if period else None

        def read_down(report: Callable[[float], None], cancelled: Callable[[], bool]
                      ) -> Result | EvaluationError:
            try:
                return read_outages(data, zone, preset, first, last,
                                    progress=lambda n, total: report(n / max(1, total)),
                                    cancelled=cancelled)
            except EvaluationError as error:
                return error
        return read_down

    def check(self) -> bool:
        """Read and check the whole file on a worker; True when every row is good."""
        outcome = run_with_progress(self, f"Checking {self.name}…", self.reader())
        self.problems.clear()
        self.problems.hide()
        if outcome is None:
            return False
        if isinstance(outcome, EvaluationError):
            self.result_value = None
            self.import_button.setEnabled(False)
            sentences = getattr(outcome, "problems", None)
            if isinstance(outcome, ImportRefused) and sentences:
                self.summary.setText(f"Nothing can be imported: {outcome.total} problem"
                                     f"{'' if outcome.total == 1 else 's'} in the file. "
                                     "Fix them in the export, or change the columns above.")
                self.problems.addItems(sentences)
                if outcome.total > len(sentences):
                    self.problems.addItem(f"… and {outcome.total - len(sentences)} more")
                self.problems.show()
            else:
                self.summary.setText(str(outcome))
            return False
        self.result_value = outcome
        if isinstance(outcome, TicketImport):
            self.summary.setText(f"All {outcome.rows:,} tickets are good (a ticket id already "
                                 "held will be replaced). Import them?")
        else:
            p = outcome.period
            self.summary.setText(f"{len(outcome.outages):,} outages covering "
                                 f"{p.first.isoformat()} to {p.last.isoformat()} are good "
                                 "(outages held in that period will be replaced). Import them?")
        self.import_button.setEnabled(True)
        return True
