"""Export: the decision memo (with a preview), the workbook, scoring sheets in and out, JSON.

Every file is written on a worker with a progress dialog by the export jobs of
``slaselect.documents.exports`` (the same as the command line's), via a temporary file moved
into place when complete: a failed export leaves any previous file intact. The paper size and
the "Prepared by" name are remembered between sessions.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from slaselect.documents import exports
from slaselect.domain.audit import AuditEntry
from slaselect.domain.errors import EvaluationError
from slaselect.domain.wording import plural
from slaselect.ui.pages.base import Page
from slaselect.ui.session import Session
from slaselect.ui.settings import PAPER_SIZE, USER_NAME, Settings
from slaselect.ui.widgets import fit_columns_to_sample
from slaselect.ui.workers import run_with_progress

Progress = Callable[[float], None]
Cancelled = Callable[[], bool]


class ImportReportDialog(QDialog):
    """What a filled scoring sheet would change, row by row, before anything is changed."""

    def __init__(self, report: object, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from slaselect.documents.scoring_sheet.score_import import ImportReport

        assert isinstance(report, ImportReport)
        self.setWindowTitle("Import scoring sheet")
        self.resize(900, 520)
        errors, changes = report.errors, report.changes
        if errors:
            verb = "has" if len(errors) == 1 else "have"
            headline = (f"{plural(len(errors), 'row')} {verb} problems, so nothing will be "
                        "imported. "
                        "Correct the sheet and import it again.")
        elif changes:
            headline = (f"{plural(len(changes), 'score')} of {report.evaluator_name} will change; "
                        f"{report.count('unchanged')} are unchanged.")
        else:
            headline = "The sheet holds no change: every score is as SLASelect has it."
        label = QLabel(headline)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        table = QTableWidget(len(report.rows), 6)
        table.setHorizontalHeaderLabels(["Row", "Provider", "Criterion", "Now", "In the sheet",
                                         "Outcome"])
        table.verticalHeader().setVisible(False)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.horizontalHeader().setStretchLastSection(True)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for r, row in enumerate(report.rows):
            before = "" if row.before is None else f"{row.before.value:g}"
            after = "" if row.value is None else f"{row.value:g}"
            cells = [str(row.row), row.provider_name or row.provider,
                     row.criterion_name or row.criterion, before, after, row.outcome]
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                table.setItem(r, c, item)
        fit_columns_to_sample(table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setEnabled(not errors and bool(changes))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(table, 1)
        layout.addWidget(buttons)


class ExportPage(Page):
    """Files that leave the app: memo, workbook, scoring sheets and interchange JSON."""

    title = "Export"
    help_text = ("Make the documents that leave SLASelect: the decision memo for management, "
                 "the workbook for legal and procurement, scoring sheets for evaluators to "
                 "fill offline, and interchange JSON.")

    def __init__(self, session: Session, parent: QWidget | None = None,
                 settings: Settings | None = None) -> None:
        super().__init__(session, parent)
        self.settings = settings or Settings()
        self.last_saved: Path | None = None
        self._preview_folder = tempfile.TemporaryDirectory(prefix="slaselect-preview-")

        self.memo_kind = QComboBox()
        self.memo_kind.addItem("Full decision memo", False)
        self.memo_kind.addItem("Board brief (its first two pages)", True)
        self.paper = QComboBox()
        self.paper.addItems(["A4", "Letter"])
        self.status = QComboBox()
        self.status.addItem("Draft (watermarked)", "DRAFT")
        self.status.addItem("Final", "FINAL")
        self.prepared_by = QLineEdit()
        self.prepared_by.setPlaceholderText("Your name, for the cover and sign-off")
        self._remember_memo_settings()
        self.preview_button = QPushButton("Preview memo")
        self.preview_button.clicked.connect(self.preview_memo)
        self.memo_button = QPushButton("Save memo…")
        self.memo_button.clicked.connect(self.save_memo)
        memo_box = QGroupBox("Decision memo (PDF)")
        memo_form = QFormLayout(memo_box)
        memo_form.addRow("Document", self.memo_kind)
        memo_form.addRow("Paper", self.paper)
        memo_form.addRow("Status", self.status)
        memo_form.addRow("Prepared by", self.prepared_by)
        memo_form.addRow(_buttons(self.preview_button, self.memo_button))

        self.workbook_button = QPushButton("Save workbook…")
        self.workbook_button.clicked.connect(self.save_workbook)
        workbook_box = QGroupBox("Workbook for legal and procurement (xlsx)")
        workbook_layout = QVBoxLayout(workbook_box)
        workbook_layout.addWidget(_hint("Scores with live formulas (change a weight and totals "
                                        "recompute), the term sheet, every negotiation round "
                                        "and the derived figures."))
        workbook_layout.addLayout(_buttons(self.workbook_button))

        self.term_provider = QComboBox()
        self.term_format = QComboBox()
        self.term_format.addItem("Word document (.docx)", ".docx")
        self.term_format.addItem("PDF (.pdf)", ".pdf")
        self.term_sheet_button = QPushButton("Save term sheet…")
        self.term_sheet_button.clicked.connect(self.save_term_sheet)
        term_box = QGroupBox("Term sheet for legal (one provider)")
        term_form = QFormLayout(term_box)
        term_form.addRow(_hint("The provider's terms in contract language, marked against the "
                               "ask and walk-away, open points first; the Word document "
                               "takes tracked changes."))
        term_form.addRow("Provider", self.term_provider)
        term_form.addRow("Format", self.term_format)
        term_form.addRow(_buttons(self.term_sheet_button))

        self.evaluator = QComboBox()
        self.sheet_button = QPushButton("Save scoring sheet…")
        self.sheet_button.clicked.connect(self.save_scoring_sheet)
        self.import_button = QPushButton("Import filled sheet…")
        self.import_button.clicked.connect(self.import_scoring_sheet)
        sheet_box = QGroupBox("Evaluator scoring sheets (xlsx)")
        sheet_form = QFormLayout(sheet_box)
        sheet_form.addRow(_hint("An evaluator scores offline in Excel or LibreOffice; importing "
                                "checks every row first and changes nothing if one is wrong."))
        sheet_form.addRow("Evaluator", self.evaluator)
        sheet_form.addRow(_buttons(self.sheet_button, self.import_button))

        self.json_button = QPushButton("Save interchange JSON…")
        self.json_button.clicked.connect(self.save_json)
        json_box = QGroupBox("Interchange JSON")
        json_layout = QVBoxLayout(json_box)
        json_layout.addWidget(_hint("The whole evaluation in the open interchange format."))
        json_layout.addLayout(_buttons(self.json_button))

        self.saved_label = QLabel()
        self.saved_label.setWordWrap(True)
        self.saved_label.setTextFormat(Qt.TextFormat.PlainText)
        self.show_folder = QPushButton("Show in folder")
        self.show_folder.clicked.connect(self.open_folder)
        self.show_folder.hide()

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        for box in (memo_box, term_box, workbook_box, sheet_box, json_box):
            left_layout.addWidget(box)
        left_layout.addWidget(self.saved_label)
        left_layout.addLayout(_buttons(self.show_folder))
        left_layout.addStretch(1)

        self.pdf = QPdfDocument(self)
        self.preview = QPdfView()
        self.preview.setDocument(self.pdf)
        self.preview.setPageMode(QPdfView.PageMode.MultiPage)
        self.preview.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.preview_hint = _hint("Preview memo shows the memo here before you save it.")
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.preview_hint)
        right_layout.addWidget(self.preview, 1)

        # The export choices scroll on a short screen rather than pushing the window taller.
        left_scroll = QScrollArea()
        left_scroll.setWidget(left)
        left_scroll.setWidgetResizable(True)
        left_scroll.setFrameShape(QFrame.Shape.NoFrame)
        left_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        left.setMinimumWidth(360)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left_scroll)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([460, 800])
        self.body.addWidget(splitter, 1)
        self.refresh()

    # ------------------------------------------------------------------ state

    def _remember_memo_settings(self) -> None:
        """Start from the paper and name chosen last time, and keep each new choice."""
        index = self.paper.findText(self.settings.get(PAPER_SIZE))
        self.paper.setCurrentIndex(max(index, 0))
        self.prepared_by.setText(self.settings.get(USER_NAME))
        self.paper.currentTextChanged.connect(lambda text: self.settings.set(PAPER_SIZE, text))
        self.prepared_by.textChanged.connect(
            lambda text: self.settings.set(USER_NAME, text.strip()))

    def refresh(self) -> None:
        evaluation = self.session.evaluation
        current = self.evaluator.currentData()
        self.evaluator.clear()
        for evaluator in evaluation.evaluators:
            self.evaluator.addItem(evaluator.name, evaluator.key)
        index = self.evaluator.findData(current)
        self.evaluator.setCurrentIndex(max(index, 0))
        chosen = self.term_provider.currentData()
        self.term_provider.clear()
        for provider in evaluation.providers:
            self.term_provider.addItem(provider.name, provider.key)
        self.term_provider.setCurrentIndex(max(self.term_provider.findData(chosen), 0))
        self.term_sheet_button.setEnabled(bool(evaluation.providers))
        has_sheet = bool(evaluation.evaluators)
        self.sheet_button.setEnabled(has_sheet)
        self.import_button.setEnabled(has_sheet and not self.session.read_only)
        ready = bool(evaluation.providers and evaluation.criteria)
        for button in (self.preview_button, self.memo_button, self.workbook_button):
            button.setEnabled(ready)

    def choose_path(self, title: str, suggested: str, file_filter: str) -> Path | None:
        """Ask where to save (tests replace this)."""
        folder = Path(QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation) or Path.home())
        if self.session.path is not None:
            folder = self.session.path.parent
        name, _ = QFileDialog.getSaveFileName(self, title, str(folder / suggested), file_filter)
        return Path(name) if name else None

    def choose_sheet(self) -> Path | None:
        """Ask which filled scoring sheet to import (tests replace this)."""
        name, _ = QFileDialog.getOpenFileName(self, "Import a filled scoring sheet", "",
                                              "Excel workbooks (*.xlsx)")
        return Path(name) if name else None

    def confirm_import(self, report: object) -> bool:
        """Show what the sheet would change and ask to go ahead (tests replace this)."""
        return ImportReportDialog(report, self).exec() == QDialog.DialogCode.Accepted

    def _stem(self) -> str:
        return self.session.path.stem if self.session.path else "evaluation"

    def _saved(self, path: Path, what: str) -> None:
        self.last_saved = path
        self.saved_label.setText(f"Saved the {what} to {path}")
        self.show_folder.show()
        self.message.clear()

    def _run(self, label: str, work: Callable[[Progress, Cancelled], object]) -> bool:
        try:
            return run_with_progress(self, label, work) is not None
        except OSError as error:
            self.message.show_error(f"Could not write the file: {error.strerror or error}.")
            return False

    def _export(self, label: str, path: Path, what: str, write: Callable[[], object]) -> None:
        """Check ``path`` and write it on a worker; a refused or failed export leaves every
        file as it was and says why on the page.

        The check is the command line's (``exports.check_output``): never the file open in
        this window (the project would be replaced under its own window), never another
        project file or a scoring sheet with scores typed in.
        """
        sources = [self.session.path] if self.session.path is not None else []

        def work(report: Progress, cancelled: Cancelled) -> object:
            try:
                exports.check_output(path, sources)
            except exports.RefusedOutput as refusal:
                return refusal  # said on the page, not in a dialog
            write()
            return path

        try:
            result = run_with_progress(self, label, work)
        except OSError as error:
            self.message.show_error(f"Could not write the file: {error.strerror or error}.")
            return
        if isinstance(result, exports.RefusedOutput):
            self.message.show_error(refusal_words(result, what))
        elif result is not None:
            self._saved(path, what)

    def open_folder(self) -> None:
        """Show the folder of the file just saved in the system's file manager."""
        if self.last_saved is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.last_saved.parent)))

    # ------------------------------------------------------------------ exports

    def _audit_trail(self) -> list[AuditEntry]:
        """The change log, read here on the UI thread (the database stays on this thread)."""
        project = self.session.project
        return project.audit_trail() if project is not None else []

    def _memo_settings(self) -> tuple[str, str, str]:
        return (self.paper.currentText(), str(self.status.currentData()),
                self.prepared_by.text().strip())

    def preview_memo(self) -> None:
        """Make the memo in a temporary folder and show it on the right."""
        evaluation = self.session.evaluation
        target = Path(self._preview_folder.name) / "memo-preview.pdf"
        paper, status, prepared_by = self._memo_settings()
        trail = self._audit_trail()
        brief = bool(self.memo_kind.currentData())

        def work(report: Progress, cancelled: Cancelled) -> Path:
            exports.export_memo(evaluation, target, paper=paper, status=status,
                                prepared_by=prepared_by, audit_trail=trail, brief=brief)
            return target

        if self._run("Making the memo…", work):
            self.pdf.close()
            self.pdf.load(str(target))
            what = "board brief" if brief else "memo"
            self.preview_hint.setText(f"Preview of the {status.lower()} {what}: "
                                      f"{self.pdf.pageCount()} pages.")

    def save_memo(self) -> None:
        """Save the decision memo (or its board brief) as a PDF."""
        brief = bool(self.memo_kind.currentData())
        what = "board brief" if brief else "memo"
        path = self.choose_path(f"Save the {what}", f"{self._stem()} {what}.pdf",
                                "PDF documents (*.pdf)")
        if path is None:
            return
        evaluation = self.session.evaluation
        paper, status, prepared_by = self._memo_settings()
        trail = self._audit_trail()

        self._export(f"Making the {what}…", path, what, lambda: exports.export_memo(
            evaluation, path, paper=paper, status=status, prepared_by=prepared_by,
            audit_trail=trail, brief=brief))

    def save_workbook(self) -> None:
        """Save the term-sheet and scoring workbook."""
        path = self.choose_path("Save the workbook", f"{self._stem()} workbook.xlsx",
                                "Excel workbooks (*.xlsx)")
        if path is None:
            return
        evaluation = self.session.evaluation
        # An interchange file has no history (None); a project file may have none yet ([]).
        trail = self._audit_trail() if self.session.project is not None else None

        self._export("Making the workbook…", path, "workbook",
                     lambda: exports.export_workbook(evaluation, path, audit_trail=trail))

    def save_term_sheet(self) -> None:
        """Save the chosen provider's term sheet as a Word document or a PDF."""
        key = self.term_provider.currentData()
        if key is None:
            return
        name, suffix = self.term_provider.currentText(), str(self.term_format.currentData())
        file_filter = ("Word documents (*.docx)" if suffix == ".docx"
                       else "PDF documents (*.pdf)")
        path = self.choose_path("Save the term sheet", f"{self._stem()} term sheet {name}"
                                f"{suffix}", file_filter)
        if path is None:
            return
        if path.suffix.lower() not in (".docx", ".pdf"):
            path = path.with_name(path.name + suffix)
        evaluation = self.session.evaluation
        paper = self.paper.currentText()

        self._export("Making the term sheet…", path, f"term sheet of {name}",
                     lambda: exports.export_term_sheet(evaluation, str(key), path, paper=paper))

    def save_scoring_sheet(self) -> None:
        """Save the chosen evaluator's offline scoring sheet."""
        key = self.evaluator.currentData()
        if key is None:
            return
        name = self.evaluator.currentText()
        path = self.choose_path("Save the scoring sheet", f"{self._stem()} scores {name}.xlsx",
                                "Excel workbooks (*.xlsx)")
        if path is None:
            return
        evaluation = self.session.evaluation

        self._export("Making the scoring sheet…", path, f"scoring sheet of {name}",
                     lambda: exports.export_scoring_sheet(evaluation, str(key), path))

    def import_scoring_sheet(self) -> None:
        """Read a filled scoring sheet, show what it changes, and import it as one step."""
        path = self.choose_sheet()
        if path is None:
            return
        evaluation = self.session.evaluation

        def work(report: Progress, cancelled: Cancelled) -> object:
            from slaselect.documents.scoring_sheet.score_import import read_scoring_sheet

            return read_scoring_sheet(evaluation, path)

        try:
            report = run_with_progress(self, "Checking the sheet…", work)
        except OSError as error:
            self.message.show_error(f"Could not read the file: {error.strerror or error}.")
            return
        if report is None or not self.confirm_import(report):
            return
        from slaselect.documents.scoring_sheet.score_import import import_edit

        try:
            edit = import_edit(report, path.name)  # type: ignore[arg-type]
        except EvaluationError as error:
            self.message.show_error(str(error))
            return
        if edit.edits and self.edit(edit):
            self.message.show_info(f"Imported {plural(len(edit.edits), 'score')} from {path.name}.")

    def save_json(self) -> None:
        """Save the whole evaluation as interchange JSON."""
        path = self.choose_path("Save interchange JSON", f"{self._stem()}.json",
                                "Interchange JSON (*.json)")
        if path is None:
            return
        evaluation = self.session.evaluation

        self._export("Writing JSON…", path, "interchange JSON",
                     lambda: exports.export_json(evaluation, path))


def refusal_words(refusal: exports.RefusedOutput, what: str) -> str:
    """Why an export was not saved, in the app's words (the command line's speak of --force)."""
    name = refusal.path.name
    why = {
        "input": f"{name} is the file open in this window; the {what} would replace it",
        "project": f"{name} is a project file; the {what} would replace that evaluation",
        "scores": f"{name} is a scoring sheet with scores typed in; the {what} would replace "
                  "them",
    }[refusal.why]
    return f"Not saved: {why}. Choose another name."


def _buttons(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    for button in buttons:
        row.addWidget(button)
    row.addStretch(1)
    return row


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label
