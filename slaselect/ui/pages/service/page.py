"""Service: the signed SLA in service, month by month (CONTRACT 7).

Per month uptime against the guarantee, response and resolution attainment per priority, fee,
credit and claim status; trend charts; the tickets with filters; the credits still to claim,
soonest deadline first. Every record (award, imports, claims, reviews) is an edit saved through
the session, kept off the undo stack because it records what happened.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from slaselect.documents.exports import check_output
from slaselect.documents.service_import import read_export_file
from slaselect.documents.service_pack import export_review_pack
from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import SEVERITIES
from slaselect.domain.service.credits import term_number
from slaselect.domain.service.edits import import_outages, import_tickets
from slaselect.domain.service.report import ClaimDue, ServiceAssessment, claims_to_make
from slaselect.domain.service.retender import retender_evaluation
from slaselect.domain.wording import format_money, plural
from slaselect.store.project import PROJECT_SUFFIX, Project
from slaselect.store.service import ServiceRecords, load_service
from slaselect.ui.changes import Part
from slaselect.ui.pages.base import Page
from slaselect.ui.pages.service.charts import TrendChart, draw_attainment, draw_uptime
from slaselect.ui.pages.service.dialogs import AwardDialog, ClaimDialog, ReviewDialog
from slaselect.ui.pages.service.importing import ImportDialog
from slaselect.ui.pages.service.months import MonthsModel
from slaselect.ui.pages.service.reviews import ReviewsPanel, open_actions
from slaselect.ui.pages.service.tickets import TicketsModel
from slaselect.ui.session import Session
from slaselect.ui.widgets import EmptyState, attempt
from slaselect.ui.widgets.header import WrappingHeader
from slaselect.ui.widgets.table_fit import ColumnShares

ALL = "All"


class ServicePage(Page):
    """After the award: what the provider delivered, what it owes, and by when to claim it."""

    title = "Service"
    help_text = ("After the award: the signed SLA month by month — uptime, targets met, "
                 "credits owed and the deadlines to claim them.")
    depends_on = frozenset({Part.SERVICE, Part.PROVIDERS, Part.SETTINGS, Part.TERMS,
                            Part.SCENARIO})

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.records: ServiceRecords | None = None
        self.assessment: ServiceAssessment | None = None
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.award_button = QPushButton("Award contract…")
        self.tickets_button = QPushButton("Import tickets…")
        self.outages_button = QPushButton("Import outages…")
        self.review_button = QPushButton("Record review meeting…")
        self.pack_button = QPushButton("Review pack…")
        self.retender_button = QPushButton("Re-tender from this contract…")
        bar = QWidget()
        buttons = QGridLayout(bar)  # two rows of three: fits a 1024-wide window
        buttons.setContentsMargins(0, 0, 0, 0)
        for index, button in enumerate((self.award_button, self.tickets_button,
                                        self.outages_button, self.review_button,
                                        self.pack_button, self.retender_button)):
            buttons.addWidget(button, index // 3, index % 3)
        buttons.setColumnStretch(3, 1)
        self.award_button.clicked.connect(self.award)
        self.tickets_button.clicked.connect(lambda: self.import_file("tickets"))
        self.outages_button.clicked.connect(lambda: self.import_file("outages"))
        self.review_button.clicked.connect(self.record_review)
        self.pack_button.clicked.connect(self.review_pack)
        self.retender_button.clicked.connect(self.retender)
        self.body.addWidget(bar)
        self.body.addWidget(self.summary)

        self.empty = EmptyState("No contract awarded yet",
                                "Award the chosen provider's signed round to start measuring "
                                "its service against the contract.")
        self.body.addWidget(self.empty)
        self.tabs = QTabWidget()
        self.body.addWidget(self.tabs, 1)
        self.tabs.addTab(self._months_tab(), "Months")
        self.claims_tab = self._claims_tab()
        self.tabs.addTab(self.claims_tab, "Claims")
        self.tickets_tab = self._tickets_tab()
        self.tabs.addTab(self.tickets_tab, "Tickets")
        self.reviews = ReviewsPanel()
        self.tabs.addTab(self.reviews, "Reviews")
        self.refresh()

    # ------------------------------------------------------------------ building

    def _months_tab(self) -> QWidget:
        self.months_model = MonthsModel()
        self.months_view = QTableView()
        self.months_view.setHorizontalHeader(WrappingHeader(self.months_view))
        self.months_view.setModel(self.months_model)
        self.months_view.verticalHeader().hide()
        self.months_view.setAlternatingRowColors(True)
        self.months_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.months_view.doubleClicked.connect(self._month_tickets)
        self.months_view.setWordWrap(False)
        self._compact_rows(self.months_view)
        # Each number column as narrow as its cells and short heading; the claim (text)
        # takes what is left, so a 1024-wide window shows every column of a month.
        self.months_fit = ColumnShares(self.months_view, {})
        self.uptime_chart = TrendChart()
        self.attainment_chart = TrendChart()
        charts = QSplitter(Qt.Orientation.Horizontal)
        charts.addWidget(self.uptime_chart)
        charts.addWidget(self.attainment_chart)
        whole = QSplitter(Qt.Orientation.Vertical)
        whole.addWidget(self.months_view)  # the whole width: every column in view at 1024
        whole.addWidget(charts)
        whole.setStretchFactor(0, 3)
        whole.setStretchFactor(1, 2)
        return whole

    def _claims_tab(self) -> QWidget:
        self.claims = QListWidget()
        self.claims.itemDoubleClicked.connect(lambda _: self.record_claim())
        self.claim_button = QPushButton("Record claim…")
        self.claim_button.clicked.connect(self.record_claim)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        explained = QLabel("Service credits the provider owes and you have not claimed yet, "
                           "soonest deadline first. Select one and record the claim once you "
                           "have sent it.")
        explained.setWordWrap(True)
        layout.addWidget(explained)
        layout.addWidget(self.claims, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.claim_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        return tab

    def _tickets_tab(self) -> QWidget:
        self.tickets_model = TicketsModel()
        self.tickets_view = QTableView()
        self.tickets_view.setModel(self.tickets_model)
        self.tickets_view.verticalHeader().hide()
        self.tickets_view.setAlternatingRowColors(True)
        # Fixed row heights and widths (no sizing to contents): quick at 200,000 rows.
        self.tickets_view.horizontalHeader().setStretchLastSection(True)
        self.tickets_view.setWordWrap(False)
        self._compact_rows(self.tickets_view)
        for column, width in enumerate((90, 60, 70, 120, 120, 120, 150)):
            self.tickets_view.setColumnWidth(column, width)
        self.month_filter = QComboBox()
        self.priority_filter = QComboBox()
        self.priority_filter.addItems([ALL, *SEVERITIES])
        self.breached_filter = QCheckBox("Breached only")
        self.ticket_count = QLabel()
        filters = QHBoxLayout()
        filters.addWidget(QLabel("Month"))
        filters.addWidget(self.month_filter)
        filters.addWidget(QLabel("Priority"))
        filters.addWidget(self.priority_filter)
        filters.addWidget(self.breached_filter)
        filters.addStretch(1)
        filters.addWidget(self.ticket_count)
        for combo in (self.month_filter, self.priority_filter):
            combo.currentIndexChanged.connect(self._filter_tickets)
        self.breached_filter.toggled.connect(self._filter_tickets)
        tab = QWidget()
        layout = QVBoxLayout(tab)
        layout.addLayout(filters)
        layout.addWidget(self.tickets_view, 1)
        return tab

    @staticmethod
    def _compact_rows(view: QTableView) -> None:
        header = view.verticalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        header.setDefaultSectionSize(view.fontMetrics().height() + 8)

    # ------------------------------------------------------------------ showing

    def refresh(self) -> None:
        """Reload the service records and redraw everything."""
        project = self.session.project
        self.records = load_service(project.db) if project is not None else None
        contract = self.records.contract if self.records else None
        self.assessment = None
        if self.records is not None and contract is not None:
            try:
                self.assessment = self.records.assess()
            except EvaluationError as error:
                self.message.show_error(str(error))
        awarded = self.assessment is not None
        self.empty.setVisible(not awarded)
        self.tabs.setVisible(awarded)
        for button in (self.tickets_button, self.outages_button, self.review_button,
                       self.pack_button, self.retender_button):
            button.setEnabled(awarded and not self.session.read_only)
        self.award_button.setEnabled(not self.session.read_only)
        currency = self.session.evaluation.currency
        self.months_model.show(self.assessment, currency)
        self._fit_months()
        self.tickets_model.show(self.assessment)
        due = claims_to_make(self.assessment) if self.assessment is not None else []
        self._show_summary(due)
        self._show_claims(due)
        self._fill_month_filter()
        self._filter_tickets()
        reviews = self.records.reviews if self.records is not None else ()
        self.reviews.show_reviews(reviews)
        still_open = len(open_actions(reviews))
        self.tabs.setTabText(self.tabs.indexOf(self.reviews),
                             f"Reviews ({still_open} open)" if still_open else "Reviews")
        if self.assessment is not None:
            low, high = self.assessment.shown
            months = self.assessment.months[low:high + 1]
            draw_uptime(self.uptime_chart, months,
                        term_number(self.assessment.contract.terms, "uptime_pct"))
            draw_attainment(self.attainment_chart, months)

    def _fit_months(self) -> None:
        """Number columns as narrow as their cells and wrapped headings allow; with room to
        spare they grow until their headings fit on one line, and the claim takes the rest."""
        view, header = self.months_view, self.months_view.horizontalHeader()
        assert isinstance(header, WrappingHeader)
        shares: dict[int, tuple[int, float]] = {}
        roomy: dict[int, int] = {}
        for column, (kind, _, _) in enumerate(self.months_model.columns):
            need = max(view.sizeHintForColumn(column), header.narrowest(column) + 2)
            shares[column] = (need, 1.0 if kind == "claim" else 0.0)
            roomy[column] = max(need, header.unwrapped(column) + 4)
        self.months_fit.set_shares(shares, roomy)

    def _show_summary(self, due: Sequence[ClaimDue]) -> None:
        a = self.assessment
        if a is None:
            self.summary.setText("")
            return
        c = a.contract
        name = self.session.evaluation.provider(c.provider).name
        parts = [f"<b>{name}</b>, round {c.round}, from {c.start.isoformat()} ({c.zone})"]
        if a.end_date:
            parts.append(f"ends {a.end_date.isoformat()}")
        if a.notice_deadline:
            days = (a.notice_deadline - date.today()).days
            when = f"notice by <b>{a.notice_deadline.isoformat()}</b>"
            if 0 <= days <= 90:
                when += f" (in {plural(days, 'day')})"
            parts.append(when)
        low, high = a.shown
        failed = [m.key for m in a.months[low:high + 1] if m.failed]
        if failed:
            parts.append(f"failed months: {', '.join(failed)}")
        if a.termination_right_from:
            parts.append(f"<span style='color:#C0392B'>right to terminate from "
                         f"{a.termination_right_from.isoformat()}</span>")
        total = sum(m.credit or 0 for m in a.months[low:high + 1])
        parts.append(f"credits {format_money(total, self.session.evaluation.currency)}")
        if due:
            first = min((c.deadline for c in due if c.deadline), default=None)
            by = f", the first by <b>{first.isoformat()}</b>" if first else ""
            parts.append(f"<b>{plural(len(due), 'claim')} to make</b>{by}")
        self.summary.setText(" · ".join(parts))

    def _show_claims(self, due: Sequence[ClaimDue]) -> None:
        self.claims.clear()
        self.tabs.setTabText(self.tabs.indexOf(self.claims_tab),
                             f"Claims ({len(due)} to make)" if due else "Claims")
        if self.assessment is None:
            return
        currency = self.session.evaluation.currency
        for claim in due:
            deadline = claim.deadline.isoformat() if claim.deadline else "no deadline"
            item = QListWidgetItem(f"{claim.month}: {format_money(claim.amount, currency, 2)}"
                                   f" — claim by {deadline}")
            item.setData(Qt.ItemDataRole.UserRole, (claim.month, claim.amount))
            self.claims.addItem(item)
        if not due:
            self.claims.addItem("Nothing to claim now.")
        else:
            self.claims.setCurrentRow(0)
        self.claim_button.setEnabled(bool(due) and not self.session.read_only)

    def _fill_month_filter(self) -> None:
        keep = self.month_filter.currentText()
        self.month_filter.blockSignals(True)
        self.month_filter.clear()
        self.month_filter.addItem(ALL)
        if self.assessment is not None:
            low, high = self.assessment.shown
            self.month_filter.addItems([m.key for m in self.assessment.months[low:high + 1]])
        self.month_filter.setCurrentIndex(max(0, self.month_filter.findText(keep)))
        self.month_filter.blockSignals(False)

    def _filter_tickets(self) -> None:
        month = self.month_filter.currentText()
        priority = self.priority_filter.currentText()
        self.tickets_model.set_filters(None if month == ALL else month,
                                       None if priority == ALL else priority,
                                       self.breached_filter.isChecked())
        self.ticket_count.setText(plural(self.tickets_model.rowCount(), "ticket"))

    def _month_tickets(self) -> None:
        row = self.months_view.currentIndex().row()
        if 0 <= row < len(self.months_model.months):
            self.month_filter.setCurrentText(self.months_model.months[row].key)
            self.tabs.setCurrentWidget(self.tickets_tab)

    # ------------------------------------------------------------------ commands

    def recommended(self) -> str | None:
        """The provider the ranking recommends (first eligible), if any."""
        try:
            results = self.session.results().wsm.results
        except EvaluationError:
            return None
        return next((r.provider for r in results if r.eligible), None)

    def award(self) -> bool:
        """Award contract…: the dialog, then the award saved as an edit."""
        dialog = AwardDialog(self.session.evaluation, self.recommended(), self)
        if not dialog.exec():
            return False
        return self.edit(dialog.edit())

    def import_file(self, kind: str, path: Path | None = None) -> bool:
        """Import tickets/outages…: choose a file, preview, map and check it, then save."""
        if self.records is None or self.records.contract is None:
            return False
        if path is None:
            name, _ = QFileDialog.getOpenFileName(self, f"Import {kind}", "",
                                                  "CSV exports (*.csv *.txt);;All files (*)")
            if not name:
                return False
            path = Path(name)
        try:
            data = read_export_file(path)
        except EvaluationError as error:
            self.message.show_error(str(error))
            return False
        contract = self.records.contract
        names = dict(self.session.evaluation.provider(contract.provider).severity_names)
        dialog = ImportDialog(kind, path.name, data, contract.zone, names, self)
        return self.finish_import(dialog, dialog.exec() == ImportDialog.DialogCode.Accepted)

    def finish_import(self, dialog: ImportDialog, accepted: bool) -> bool:
        """Save what a clean import dialog read (nothing when cancelled or not checked)."""
        found = dialog.result_value
        if not accepted or found is None:
            return False
        if dialog.kind == "tickets":
            edit = import_tickets(dialog.name, found.tickets)  # type: ignore[union-attr]
            what = plural(found.rows, 'ticket')  # type: ignore[union-attr]
        else:
            edit = import_outages(dialog.name, found.outages, found.period)  # type: ignore[union-attr]
            what = plural(len(found.outages), 'outage')  # type: ignore[union-attr]
        saved: list[bool] = []
        # A large export takes seconds to save: on a worker, so the window keeps painting.
        if not attempt(self.message, lambda: saved.append(self.session.apply_on_worker(
                self, edit, f"Saving {what} from {dialog.name}…"))) or not saved[0]:
            return False
        self.message.show_info(f"Imported {what} from {dialog.name}.")
        return True

    def record_claim(self) -> bool:
        """Record claim…: for the selected credit in the claims list."""
        item = self.claims.currentItem()
        data = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if not data:
            return False
        month, amount = data
        dialog = ClaimDialog(month, amount, self)
        if not dialog.exec():
            return False
        return self.edit(dialog.edit())

    def record_review(self) -> bool:
        """Record review meeting…."""
        dialog = ReviewDialog(self)
        if not dialog.exec():
            return False
        return self.edit(dialog.edit())

    def _save_path(self, title: str, suggested: str, file_filter: str) -> Path | None:
        folder = self.session.path.parent if self.session.path else Path.home()
        name, _ = QFileDialog.getSaveFileName(self, title, str(folder / suggested), file_filter)
        return Path(name) if name else None

    def review_pack(self, path: Path | None = None) -> bool:
        """Review pack…: the PDF for the quarterly meeting."""
        if self.assessment is None or self.records is None:
            return False
        path = path or self._save_path("Save the service review pack",
                                       "Service review pack.pdf", "PDF (*.pdf)")
        if path is None:
            return False
        try:
            check_output(path, [self.session.path] if self.session.path else [])
            export_review_pack(self.session.evaluation, self.assessment, self.records.reviews,
                               path)
        except (EvaluationError, OSError) as error:
            self.message.show_error(f"The review pack was not written: {error}")
            return False
        self.message.show_info(f"Wrote the service review pack to {path.name}.")
        return True

    def retender(self, path: Path | None = None) -> bool:
        """Re-tender from this contract…: a new evaluation with the incumbent's record."""
        if self.assessment is None:
            return False
        stem = self.session.path.stem if self.session.path else "Evaluation"
        path = path or self._save_path("Start the re-tender as", f"{stem} re-tender"
                                       f"{PROJECT_SUFFIX}", f"Evaluations (*{PROJECT_SUFFIX})")
        if path is None:
            return False
        if path.suffix.lower() != PROJECT_SUFFIX:
            path = path.with_name(path.name + PROJECT_SUFFIX)
        try:
            check_output(path, [self.session.path] if self.session.path else [])
            evaluation = retender_evaluation(self.session.evaluation, self.assessment)
            Project.create(path, evaluation, overwrite=True)
        except (EvaluationError, OSError) as error:
            self.message.show_error(f"The re-tender was not started: {error}")
            return False
        self.message.show_info(f"Started {evaluation.name} in {path.name}: the same criteria "
                               "and providers, with the incumbent's measured record. Open it "
                               "with File > Open.")
        return True
