"""Criteria & weights: what the providers are scored on, how much each counts, and how it is scored.

The tree lists groups and criteria with their points and live share of the total weight; the
panel beside it holds the selected criterion's settings (rubric, term, price formula). Once the
team locks the criteria, every change asks for a reason that goes into the audit trail.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, replace

from PySide6.QtCore import QEvent, QItemSelection, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QAction, QFocusEvent, QKeyEvent, QKeySequence, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from slaselect.domain.comparison import FIGURE_TITLES
from slaselect.domain.edits import (
    DeleteCriterion,
    Edit,
    InsertCriterion,
    ReplaceCriterion,
    SetCriteriaLock,
    SetWeight,
)
from slaselect.domain.errors import EvaluationError
from slaselect.domain.figures import provider_figures
from slaselect.domain.model import (
    Criterion,
    CriterionKind,
    Evaluation,
    PriceFormula,
    Term,
    TermType,
    ValueFunctionKind,
)
from slaselect.domain.wording import format_minutes, format_money, format_number, option_words
from slaselect.ui.models.criteria import (
    KIND_WORDS,
    UNGROUPED,
    Column,
    CriteriaModel,
    NumberDelegate,
    NumberSpinBox,
    RowDelegate,
    ShareBarDelegate,
    share_text,
)
from slaselect.ui.pages.base import Page
from slaselect.ui.session import Session
from slaselect.ui.widgets import RIGHT, EmptyState

PRICE_FIGURES: tuple[str, ...] = (
    "tco", "first_year_cost", "effective_monthly_cost", "exit_cost", "overage_month",
)
"""Cost figures a price criterion can score (lower is better for all of them)."""

FIGURE_HELP = {
    "tco": "Everything paid over the evaluation's horizon: fees with escalation, onboarding, "
           "overage, less expected credits.",
    "first_year_cost": "The same as the total cost, over the first 12 months only.",
    "effective_monthly_cost": "Monthly fee plus expected overage, less expected service credits.",
    "exit_cost": "What leaving costs at the scenario's exit month: remaining fees or notice and "
                 "early termination fee.",
    "overage_month": "Support hours beyond those included, at the hourly rate, each month.",
}

FORMULA_WORDS = {
    PriceFormula.LOWEST_RATIO: "Lowest price ratio",
    PriceFormula.FIXED_RANGE: "Fixed range (anchors)",
    PriceFormula.PROPORTIONAL_DEVIATION: "Proportional deviation",
    PriceFormula.LOG: "Logarithmic",
}
FORMULA_HELP = {
    PriceFormula.LOWEST_RATIO: "Lowest cost ÷ this cost × 10: the cheapest scores 10, twice the "
                               "cheapest scores 5. The most used formula.",
    PriceFormula.FIXED_RANGE: "A straight line between anchors agreed before bids are opened: "
                              "Best or less scores 10, Worst or more scores 0. Avoids rank "
                              "reversal.",
    PriceFormula.PROPORTIONAL_DEVIATION: "Loses 1 point per 10 % above the cheapest: 10 % "
                                         "dearer scores 9, double or more scores 0.",
    PriceFormula.LOG: "Softens extremes: the cheapest scores 10 and a cost 'a' times the "
                      "cheapest scores 0, on a log scale.",
}

LOCK_HELP = ("Lock the criteria and weights before proposals are opened. Afterwards every change "
             "asks for a reason and is recorded in the audit trail.")


# --------------------------------------------------------------------------- helpers


def scoreable_terms(evaluation: Evaluation) -> list[Term]:
    """Terms a term criterion can score: those with a value function, flags and checklists."""
    return [t for t in evaluation.terms
            if t.value_function is not None or t.type in (TermType.FLAG, TermType.CHECKLIST)]


def _amount(term: Term, value: float, currency: str) -> str:
    if term.type in (TermType.DURATION, TermType.SEVERITY_DURATIONS):
        return format_minutes(value)
    if term.type is TermType.PERCENT:
        return f"{format_number(value, 3)} %"
    if term.type is TermType.MONEY:
        return format_money(value, currency)
    return f"{format_number(value)} {term.unit}".strip()


def value_function_summary(term: Term, currency: str = "USD") -> str:
    """One or two sentences on how a term's value becomes a 0-10 score."""
    if term.type is TermType.FLAG:
        text = "Yes scores 10, no scores 0."
    elif term.type is TermType.CHECKLIST:
        text = (f"The share of the {len(term.options)} listed options that are included: "
                "all of them score 10, none scores 0.")
    elif term.value_function is None:
        text = "This term has no value function, so it scores 0 for every provider."
    elif term.value_function.kind is ValueFunctionKind.ORDINAL:
        points = ", ".join(f"{option_words(option)} {format_number(score)}"
                           for option, score in term.value_function.map.items())
        text = f"Fixed points for each option: {points}. Any other option scores 0."
    else:
        function = term.value_function
        worst = _amount(term, function.worst or 0.0, currency)
        ideal = _amount(term, function.ideal or 0.0, currency)
        better = "more is better" if function.higher_is_better else "less is better"
        ends = f"from {worst} (scores 0) to {ideal} (scores 10), {better}"
        if term.type is TermType.SEVERITY_DURATIONS:
            text = (f"For each severity, the real-time minutes on a log scale {ends}; the "
                    "severities are averaged with the scenario's severity weights.")
        elif function.kind is ValueFunctionKind.LINEAR:
            text = f"A straight line {ends}. Values beyond either end are capped."
        elif function.kind is ValueFunctionKind.LOG:
            text = (f"A log scale {ends}: halving the value gains the same at any level. "
                    "Values beyond either end are capped.")
        else:
            text = (f"Counted in nines {ends}: 99.9 % is one nine more than 99 %. Values "
                    "beyond either end are capped.")
    if term.must_have is not None:
        text += " The term is also a must-have: a provider that fails it is not eligible."
    return text


def lock_date_text(locked_at: str) -> str:
    """The lock time as a person reads it: "12 Mar 2026 at 14:05 UTC"."""
    try:
        moment = dt.datetime.fromisoformat(locked_at)
    except ValueError:
        return locked_at
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return f"{moment.day} {moment:%b %Y} at {moment:%H:%M} UTC"


def new_key(name: str, taken: set[str]) -> str:
    """A key from a name: lower-case [a-z0-9_], made unique with _2, _3, ..."""
    base = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") or "criterion"
    key, number = base, 2
    while key in taken:
        key, number = f"{base}_{number}", number + 1
    return key


def check_price_settings(criterion: Criterion) -> None:
    """Refuse price settings that cannot score (EvaluationError with a sentence)."""
    if criterion.kind is not CriterionKind.PRICE:
        return
    if criterion.formula is PriceFormula.FIXED_RANGE:
        if criterion.best is None or criterion.worst is None:
            raise EvaluationError(
                f"{criterion.name} needs both a Best and a Worst anchor for a fixed range.")
        if criterion.best == criterion.worst:
            raise EvaluationError(
                f"The Best and Worst anchors of {criterion.name} are both "
                f"{format_number(criterion.best)}; they must differ so costs between them "
                "can be scored.")
        if criterion.best > criterion.worst:
            raise EvaluationError(
                f"The Best anchor of {criterion.name} must be the lower cost: "
                f"{format_number(criterion.best)} is above the Worst anchor, "
                f"{format_number(criterion.worst)}.")
    if criterion.formula is PriceFormula.LOG and not criterion.a > 1:
        raise EvaluationError(
            f"'a' for {criterion.name} must be more than 1 (2 means twice the cheapest "
            f"scores 0); {format_number(criterion.a)} is not allowed.")


def _round_up(value: float) -> float:
    """A round number at or above value: 73,400 -> 80,000."""
    if value <= 0:
        return 100_000.0
    step = 10.0 ** math.floor(math.log10(value))
    return float(math.ceil(value / step) * step)


def _suggested_range(evaluation: Evaluation, figure: str) -> tuple[float, float]:
    """Anchors to start from: 0 best, worst a round number at twice the dearest offer."""
    values = []
    for provider in evaluation.providers:
        figures = provider_figures(evaluation.terms_at(provider.key), evaluation.scenario,
                                   evaluation.horizon_months)
        value = figures.get(figure)
        if isinstance(value, int | float) and math.isfinite(value):
            values.append(float(value))
    return 0.0, _round_up(2 * max(values, default=0.0))


@dataclass(frozen=True)
class NewCriterion:
    """What the Add criterion dialog asks for."""

    name: str
    kind: CriterionKind
    group: str
    weight: float


def _help_label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)  # muted, as the page hint
    return label


def _select(combo: QComboBox, data: object) -> None:
    index = combo.findData(data)
    if index < 0:
        combo.addItem(str(data), data)
        index = combo.count() - 1
    combo.setCurrentIndex(index)


class _NotesEdit(QPlainTextEdit):
    """A multi-line text box that reports when the user leaves it (like QLineEdit)."""

    editing_finished = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if self.document().isModified():
            self.document().setModified(False)
            self.editing_finished.emit()


# --------------------------------------------------------------------------- details panel


class CriterionDetails(QWidget):
    """The selected criterion's settings; emits ``edited`` with the changed criterion."""

    edited = Signal(object)
    """A Criterion with the user's change (same key), to be saved by the page."""
    refused = Signal(str)
    """A sentence about input that cannot become a change (e.g. a rubric level off the scale)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._criterion: Criterion | None = None
        self._evaluation: Evaluation | None = None
        self._loading = False

        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_placeholder())
        self.pages.addWidget(self._build_form())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)

    # ------------------------------------------------------------------ building

    def _build_placeholder(self) -> QWidget:
        self.placeholder_title = QLabel()
        self.placeholder_title.setTextFormat(Qt.TextFormat.PlainText)
        self.placeholder_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder_title.setWordWrap(True)
        font = self.placeholder_title.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.placeholder_title.setFont(font)
        self.placeholder_hint = _help_label()
        self.placeholder_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        placeholder = QWidget()
        layout = QVBoxLayout(placeholder)
        layout.setContentsMargins(24, 8, 24, 8)
        layout.addStretch(1)
        layout.addWidget(self.placeholder_title)
        layout.addWidget(self.placeholder_hint)
        layout.addStretch(2)
        return placeholder

    def _build_form(self) -> QWidget:
        self.heading = QLabel()
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.heading.setFont(font)
        self.subheading = _help_label()

        self.name_edit = QLineEdit()
        self.name_edit.editingFinished.connect(self._name_done)
        self.group_combo = QComboBox()
        self.group_combo.setEditable(True)
        self.group_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.group_combo.setToolTip("Groups gather criteria for display and subtotals only.")
        self.group_combo.activated.connect(self._group_done)
        line = self.group_combo.lineEdit()
        assert line is not None
        line.editingFinished.connect(self._group_done)
        self.weight_spin = NumberSpinBox()
        self.weight_spin.setRange(0.0, 1_000_000.0)
        self.weight_spin.setDecimals(2)
        self.weight_spin.setSuffix(" points")
        self.weight_spin.setAlignment(RIGHT)
        self.weight_spin.setToolTip("Only the proportions matter: each share is the points "
                                    "divided by the total.")
        self.weight_spin.editingFinished.connect(self._weight_done)
        self.weight_spin.setMaximumWidth(200)
        self.kind_combo = QComboBox()
        for kind, words in KIND_WORDS.items():
            self.kind_combo.addItem(words, kind)
        self.kind_combo.setToolTip("Judgement: scored by the evaluators. Term: scored from a "
                                   "provider's SLA term. Price: scored from a cost figure.")
        self.kind_combo.activated.connect(self._kind_done)
        self.description_edit = _NotesEdit()
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setPlaceholderText("What this criterion covers, in a sentence or "
                                                 "two for the scoring team.")
        self.description_edit.setFixedHeight(76)
        self.description_edit.editing_finished.connect(self._description_done)

        general = QFormLayout()
        general.setSpacing(8)
        general.addRow("&Name", self.name_edit)
        general.addRow("&Group", self.group_combo)
        general.addRow("&Weight", self.weight_spin)
        general.addRow("&Kind", self.kind_combo)
        general.addRow("&Description", self.description_edit)

        self.kind_boxes = {
            CriterionKind.JUDGEMENT: self._build_judgement(),
            CriterionKind.TERM: self._build_term(),
            CriterionKind.PRICE: self._build_price(),
        }

        inner = QWidget()
        layout = QVBoxLayout(inner)
        layout.setContentsMargins(8, 0, 8, 8)
        layout.setSpacing(8)
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)
        layout.addLayout(general)
        for box in self.kind_boxes.values():
            layout.addWidget(box)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(inner)
        return scroll

    def _build_judgement(self) -> QWidget:
        box = QGroupBox("Scored by the evaluators")
        self.min_spin = NumberSpinBox()
        self.min_spin.setAlignment(RIGHT)
        self.min_spin.setSpecialValueText("No minimum")
        self.min_spin.setToolTip("A provider whose agreed score is below this is not eligible.")
        self.min_spin.editingFinished.connect(self._min_done)
        self.min_spin.setMaximumWidth(200)
        self.min_help = _help_label()
        self.rubric = QTableWidget(0, 2)
        self.rubric.setHorizontalHeaderLabels(["Score", "What it looks like"])
        header = self.rubric.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.rubric.verticalHeader().setVisible(False)
        self.rubric.setAlternatingRowColors(True)
        self.rubric.setWordWrap(True)
        self.rubric.setMinimumHeight(220)
        self.rubric.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rubric.setToolTip("Describe what each score level looks like so every evaluator "
                               "scores alike. Double-click or press F2 to edit.")
        self.rubric.itemChanged.connect(self._rubric_done)
        self.rubric.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)  # long descriptions wrap onto more lines
        self.add_level_button = QPushButton("Add level")
        self.add_level_button.clicked.connect(self._add_level)
        self.remove_level_button = QPushButton("Remove level")
        self.remove_level_button.clicked.connect(self._remove_level)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_level_button)
        buttons.addWidget(self.remove_level_button)
        buttons.addStretch(1)

        form = QFormLayout(box)
        form.setSpacing(8)
        form.addRow("&Minimum score", self.min_spin)
        form.addRow("", self.min_help)
        rubric_label = QLabel("&Rubric")
        rubric_label.setBuddy(self.rubric)
        form.addRow(rubric_label)
        form.addRow(self.rubric)
        form.addRow(buttons)
        return box

    def _build_term(self) -> QWidget:
        box = QGroupBox("Scored from a term")
        self.term_combo = QComboBox()
        self.term_combo.setToolTip("Only terms with a value function, flags and checklists can "
                                   "be scored.")
        self.term_combo.activated.connect(self._term_done)
        self.term_summary = QLabel()
        self.term_summary.setWordWrap(True)
        self.term_summary.setTextFormat(Qt.TextFormat.PlainText)
        self.term_summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout(box)
        form.setSpacing(8)
        form.addRow("&Term", self.term_combo)
        form.addRow("How it scores", self.term_summary)
        form.addRow("", _help_label("The value function belongs to the term and is changed "
                                    "with the term's definition."))
        return box

    def _build_price(self) -> QWidget:
        box = QGroupBox("Scored from a cost")
        self.figure_combo = QComboBox()
        for figure in PRICE_FIGURES:
            self.figure_combo.addItem(FIGURE_TITLES.get(figure, figure), figure)
        self.figure_combo.activated.connect(self._price_done)
        self.figure_help = _help_label()
        self.formula_combo = QComboBox()
        for formula, words in FORMULA_WORDS.items():
            self.formula_combo.addItem(words, formula)
        self.formula_combo.activated.connect(self._price_done)
        self.formula_help = _help_label()
        self.best_spin = self._money_spin("The cost that scores 10 (and anything lower).")
        self.worst_spin = self._money_spin("The cost that scores 0 (and anything higher).")
        self.a_spin = NumberSpinBox()
        self.a_spin.setRange(1.01, 100.0)
        self.a_spin.setDecimals(2)
        self.a_spin.setSingleStep(0.5)
        self.a_spin.setAlignment(RIGHT)
        self.a_spin.setToolTip("A cost this many times the cheapest scores 0: 2 means twice "
                               "the cheapest.")
        self.a_spin.editingFinished.connect(self._price_done)
        self.a_spin.setMaximumWidth(200)
        self.price_form = QFormLayout(box)
        self.price_form.setSpacing(8)
        self.price_form.addRow("&Figure", self.figure_combo)
        self.price_form.addRow("", self.figure_help)
        self.price_form.addRow("F&ormula", self.formula_combo)
        self.price_form.addRow("", self.formula_help)
        self.price_form.addRow("&Best (scores 10)", self.best_spin)
        self.price_form.addRow("W&orst (scores 0)", self.worst_spin)
        self.price_form.addRow("'&a' (multiple scoring 0)", self.a_spin)
        return box

    def _money_spin(self, tip: str) -> QDoubleSpinBox:
        spin = NumberSpinBox()
        spin.setRange(0.0, 1e12)
        spin.setDecimals(0)
        spin.setSingleStep(1000.0)
        spin.setGroupSeparatorShown(True)
        spin.setAlignment(RIGHT)
        spin.setToolTip(tip)
        spin.editingFinished.connect(self._price_done)
        spin.setMaximumWidth(200)
        return spin

    # ------------------------------------------------------------------ showing

    @property
    def criterion(self) -> Criterion | None:
        """The criterion shown (None when a group or nothing is selected)."""
        return self._criterion

    def show_nothing(self, title: str = "No criterion selected",
                     hint: str = "Select a criterion in the list to see and change how it is "
                                 "scored.") -> None:
        """Show the placeholder with a sentence (a group summary or what to do)."""
        self._criterion = None
        self.placeholder_title.setText(title)
        self.placeholder_hint.setText(hint)
        self.pages.setCurrentIndex(0)

    def show_criterion(self, evaluation: Evaluation, criterion: Criterion,
                       share_pct: float | None) -> None:
        """Fill the form from a criterion as it is in the evaluation."""
        self._evaluation = evaluation
        self._criterion = criterion
        self._loading = True
        try:
            self._fill(evaluation, criterion, share_pct)
        finally:
            self._loading = False
        self.pages.setCurrentIndex(1)

    def _fill(self, evaluation: Evaluation, criterion: Criterion, share_pct: float | None) -> None:
        self.heading.setText(criterion.name)
        self.subheading.setText(
            f"{KIND_WORDS[criterion.kind]} criterion in {criterion.group or UNGROUPED} · "
            f"{format_number(criterion.weight)} points, {share_text(share_pct)} of the "
            "total weight")
        self.name_edit.setText(criterion.name)
        self.group_combo.clear()
        groups = list(dict.fromkeys(c.group for c in evaluation.criteria))
        for group in groups:
            self.group_combo.addItem(group or UNGROUPED, group)
        self.group_combo.setCurrentIndex(groups.index(criterion.group)
                                         if criterion.group in groups else -1)
        self.weight_spin.setValue(criterion.weight)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(criterion.kind))
        if self.description_edit.toPlainText() != criterion.description:
            self.description_edit.setPlainText(criterion.description)
        for kind, box in self.kind_boxes.items():
            box.setVisible(kind is criterion.kind)
        self._fill_judgement(evaluation, criterion)
        self._fill_term(evaluation, criterion)
        self._fill_price(evaluation, criterion)

    def _fill_judgement(self, evaluation: Evaluation, criterion: Criterion) -> None:
        scale = evaluation.scale
        step = _scale_step(scale.min, scale.max)
        self.min_spin.setDecimals(2)
        self.min_spin.setSingleStep(step)
        self.min_spin.setRange(scale.min - step, scale.max)
        self.min_spin.setValue(self.min_spin.minimum() if criterion.min_score is None
                               else criterion.min_score)
        self.min_help.setText(
            f"On the scoring scale, {format_number(scale.min)} to {format_number(scale.max)}. A "
            "provider whose agreed score is below it is not eligible. Step below the bottom of "
            "the scale for no minimum.")
        self.rubric.setRowCount(0)
        for level, text in sorted(criterion.rubric.items(), key=lambda item: _level(item[0])):
            self._append_level(level, text)

    def _append_level(self, level: str, text: str) -> None:
        row = self.rubric.rowCount()
        self.rubric.insertRow(row)
        level_item = QTableWidgetItem(_level_text(level))
        level_item.setTextAlignment(RIGHT | Qt.AlignmentFlag.AlignTop)
        level_item.setData(Qt.ItemDataRole.UserRole, level)
        self.rubric.setItem(row, 0, level_item)
        self.rubric.setItem(row, 1, QTableWidgetItem(text))

    def _fill_term(self, evaluation: Evaluation, criterion: Criterion) -> None:
        self.term_combo.clear()
        for term in scoreable_terms(evaluation):
            self.term_combo.addItem(f"{term.name} ({term.category})", term.key)
        if criterion.term is not None:
            _select(self.term_combo, criterion.term)
        try:
            term = evaluation.term(criterion.term or "")
        except KeyError:
            self.term_summary.setText("Choose the term this criterion scores.")
        else:
            self.term_summary.setText(value_function_summary(term, evaluation.currency))

    def _fill_price(self, evaluation: Evaluation, criterion: Criterion) -> None:
        _select(self.figure_combo, criterion.figure)
        self.figure_help.setText(FIGURE_HELP.get(criterion.figure, ""))
        _select(self.formula_combo, criterion.formula)
        self.formula_help.setText(FORMULA_HELP[criterion.formula])
        suffix = f" {evaluation.currency}"
        for spin, value in ((self.best_spin, criterion.best), (self.worst_spin, criterion.worst)):
            spin.setSuffix(suffix)
            spin.setValue(value or 0.0)
        self.a_spin.setValue(criterion.a)
        fixed = criterion.formula is PriceFormula.FIXED_RANGE
        self.price_form.setRowVisible(self.best_spin, fixed)
        self.price_form.setRowVisible(self.worst_spin, fixed)
        self.price_form.setRowVisible(self.a_spin, criterion.formula is PriceFormula.LOG)

    # ------------------------------------------------------------------ committing

    def _emit(self, criterion: Criterion) -> None:
        if self._loading or self._criterion is None or criterion == self._criterion:
            return
        self.edited.emit(criterion)

    def _name_done(self) -> None:
        if self._criterion is not None:
            self._emit(replace(self._criterion, name=self.name_edit.text().strip()))

    def _group_done(self, *_: object) -> None:
        if self._criterion is None:
            return
        text = self.group_combo.currentText().strip()
        index = self.group_combo.findText(text)
        group = self.group_combo.itemData(index) if index >= 0 else text
        self._emit(replace(self._criterion, group=str(group)))

    def _weight_done(self) -> None:
        if self._criterion is not None:
            weight = _spin_value(self.weight_spin, self._criterion.weight)
            self._emit(replace(self._criterion, weight=weight))

    def _kind_done(self, *_: object) -> None:
        if self._criterion is None or self._evaluation is None:
            return
        kind = CriterionKind(self.kind_combo.currentData())
        changed = replace(self._criterion, kind=kind)
        if kind is CriterionKind.TERM:
            keys = [t.key for t in scoreable_terms(self._evaluation)]
            if changed.term not in keys:
                changed = replace(changed, term=keys[0] if keys else None)
        self._emit(changed)

    def _description_done(self) -> None:
        if self._criterion is not None:
            self._emit(replace(self._criterion,
                               description=self.description_edit.toPlainText().strip()))

    def _min_done(self) -> None:
        if self._criterion is None:
            return
        value = self.min_spin.value()
        minimum = None if value == self.min_spin.minimum() \
            else _spin_value(self.min_spin, self._criterion.min_score)
        self._emit(replace(self._criterion, min_score=minimum))

    def _term_done(self, *_: object) -> None:
        if self._criterion is not None:
            self._emit(replace(self._criterion, term=self.term_combo.currentData()))

    def _price_done(self, *_: object) -> None:
        if self._criterion is None:
            return
        formula = PriceFormula(self.formula_combo.currentData())
        fixed = formula is PriceFormula.FIXED_RANGE
        had_range = self._criterion.formula is PriceFormula.FIXED_RANGE
        self._emit(replace(
            self._criterion,
            figure=str(self.figure_combo.currentData()),
            formula=formula,
            # anchors typed here only count for a fixed range; switching to one keeps any saved
            best=_spin_value(self.best_spin, self._criterion.best) if fixed and had_range
            else self._criterion.best,
            worst=_spin_value(self.worst_spin, self._criterion.worst) if fixed and had_range
            else self._criterion.worst,
            a=_spin_value(self.a_spin, self._criterion.a) if formula is PriceFormula.LOG
            else self._criterion.a,
        ))

    # ------------------------------------------------------------------ rubric

    def rubric_levels(self) -> dict[str, str]:
        """The rubric as the table shows it now (raises EvaluationError on a bad level)."""
        assert self._criterion is not None and self._evaluation is not None
        scale = self._evaluation.scale
        rubric: dict[str, str] = {}
        for row in range(self.rubric.rowCount()):
            level_item, text_item = self.rubric.item(row, 0), self.rubric.item(row, 1)
            typed = level_item.text().strip() if level_item is not None else ""
            try:
                value = float(typed.replace(",", ""))
            except ValueError:
                raise EvaluationError(
                    f"A rubric level must be a score such as 5; {typed!r} is not a number."
                ) from None
            if not scale.min <= value <= scale.max:
                raise EvaluationError(
                    f"A rubric level must be on the scoring scale, {format_number(scale.min)} "
                    f"to {format_number(scale.max)}; {format_number(value)} is outside it.")
            key = _level_key(value)
            if key in rubric:
                raise EvaluationError(f"The rubric already describes level {_level_text(key)}.")
            rubric[key] = text_item.text().strip() if text_item is not None else ""
        return dict(sorted(rubric.items(), key=lambda item: _level(item[0])))

    def _rubric_done(self, *_: object) -> None:
        if self._loading or self._criterion is None:
            return
        try:
            rubric = self.rubric_levels()
        except EvaluationError as error:
            self.refused.emit(str(error))
            return
        if rubric != dict(self._criterion.rubric):
            self._emit(replace(self._criterion, rubric=rubric))

    def _add_level(self) -> None:
        if self._criterion is None or self._evaluation is None:
            return
        scale = self._evaluation.scale
        used = {_level(k) for k in self._criterion.rubric}
        free = [float(v) for v in range(math.ceil(scale.min), math.floor(scale.max) + 1)
                if float(v) not in used]
        if not free:
            self.refused.emit("Every whole score level already has a description.")
            return
        rubric = dict(self._criterion.rubric)
        rubric[_level_key(free[0])] = ""
        self._emit(replace(self._criterion, rubric=dict(
            sorted(rubric.items(), key=lambda item: _level(item[0])))))

    def _remove_level(self) -> None:
        if self._criterion is None:
            return
        row = self.rubric.currentRow()
        if row < 0:
            self.refused.emit("Select the rubric level to remove first.")
            return
        level_item = self.rubric.item(row, 0)
        level = level_item.data(Qt.ItemDataRole.UserRole) if level_item is not None else None
        rubric = {k: v for k, v in self._criterion.rubric.items() if k != level}
        self._emit(replace(self._criterion, rubric=rubric))


def _spin_value(spin: QDoubleSpinBox, saved: float | None) -> float:
    """The spin box's value, or the saved one when the box only shows it rounded."""
    value = spin.value()
    if saved is not None and round(saved, spin.decimals()) == value:
        return saved
    return value


def _scale_step(low: float, high: float) -> float:
    return 0.5 if high - low <= 10 else 1.0


def _level(key: str) -> float:
    try:
        return float(key)
    except ValueError:
        return math.inf


def _level_key(value: float) -> str:
    return f"{value:g}"


def _level_text(key: str) -> str:
    value = _level(key)
    return key if math.isinf(value) else format_number(value)


# --------------------------------------------------------------------------- dialogs


class NewCriterionDialog(QDialog):
    """Asks for a new criterion's name, kind, group and weight."""

    def __init__(self, groups: list[str], group: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add criterion")
        self.name_edit = QLineEdit()
        self.name_edit.setPlaceholderText("e.g. Accessibility expertise")
        self.kind_combo = QComboBox()
        self.kind_combo.addItem("Judgement: scored by the evaluators", CriterionKind.JUDGEMENT)
        self.kind_combo.addItem("Term: scored from an SLA term", CriterionKind.TERM)
        self.kind_combo.addItem("Price: scored from a cost figure", CriterionKind.PRICE)
        self.group_combo = QComboBox()
        self.group_combo.setEditable(True)
        self.group_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.group_combo.addItems(groups)
        self.group_combo.setCurrentText(group)
        self.weight_spin = NumberSpinBox()
        self.weight_spin.setRange(0.0, 1_000_000.0)
        self.weight_spin.setValue(5.0)
        self.weight_spin.setSuffix(" points")
        self.weight_spin.setAlignment(RIGHT)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Add")
        self.ok_button.setEnabled(False)
        self.name_edit.textChanged.connect(lambda text: self.ok_button.setEnabled(
            bool(text.strip())))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.setSpacing(8)
        form.addRow("&Name", self.name_edit)
        form.addRow("&Kind", self.kind_combo)
        form.addRow("&Group", self.group_combo)
        form.addRow("&Weight", self.weight_spin)
        form.addRow(_help_label("Set its description, rubric, term or price formula in the "
                                "panel beside the list once it is added."))
        form.addRow(buttons)
        self.setMinimumWidth(420)

    def answer(self) -> NewCriterion:
        """What was typed."""
        return NewCriterion(self.name_edit.text().strip(),
                            CriterionKind(self.kind_combo.currentData()),
                            self.group_combo.currentText().strip(), self.weight_spin.value())


# --------------------------------------------------------------------------- the page


class CriteriaPage(Page):
    """Criteria & weights: the weighted criteria tree and the selected criterion's settings."""

    title = "Criteria & weights"
    help_text = ("What the providers are scored on and how much each criterion counts. Agree "
                 "and lock these before proposals are opened.")

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self._current_key: str | None = None
        self._current_group: str | None = None
        self._collapsed: set[str] = set()
        self._restoring = False
        self._changing = False

        self.model = CriteriaModel(self.change, self.message.show_error, self)
        self._build_actions()
        self.body.addWidget(self._build_banner())
        self.body.addLayout(self._build_toolbar())

        self.tree = QTreeView()
        self.tree.setModel(self.model)
        self.tree.setAlternatingRowColors(True)
        self.tree.setUniformRowHeights(True)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed)
        self.tree.setItemDelegate(RowDelegate(self))
        self.weight_delegate = NumberDelegate(0.0, 1_000_000.0, decimals=2, parent=self)
        self.min_delegate = NumberDelegate(0.0, 10.0, decimals=2, step=0.5,
                                           none_text="No minimum", parent=self)
        self.tree.setItemDelegateForColumn(Column.WEIGHT, self.weight_delegate)
        self.tree.setItemDelegateForColumn(Column.MIN_SCORE, self.min_delegate)
        self.tree.setItemDelegateForColumn(Column.BAR, ShareBarDelegate(self))
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(Column.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(Column.BAR, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(Column.BAR, 140)
        header.setMinimumSectionSize(60)
        self.tree.addAction(self.remove_action)
        self.tree.installEventFilter(self)
        self.tree.collapsed.connect(self._remember_collapsed)
        self.tree.expanded.connect(self._remember_expanded)
        self.model.modelReset.connect(self._after_reset)
        selection = self.tree.selectionModel()
        selection.selectionChanged.connect(self._selection_changed)

        self.details = CriterionDetails()
        self.details.edited.connect(self._save_criterion)
        self.details.refused.connect(self._refuse_in_panel)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.tree)
        self.splitter.addWidget(self.details)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setSizes([720, 480])

        self.empty = EmptyState("No criteria yet",
                                "Add what the providers will be scored on with Add criterion "
                                "(Insert): judgement criteria for the team to score, term "
                                "criteria scored from the SLA, and price criteria.")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.splitter)
        self.stack.addWidget(self.empty)
        self.body.addWidget(self.stack, 1)

        self.footer = QLabel()
        self.footer.setTextFormat(Qt.TextFormat.PlainText)
        self.footer.setWordWrap(True)
        self.body.addWidget(self.footer)
        self.refresh()
        self.tree.expandAll()
        self.tree.setColumnWidth(0, 250)
        first = next(iter(self.session.evaluation.criteria), None)
        if first is not None:  # show a criterion's settings rather than an empty panel
            self.tree.setCurrentIndex(self.model.index_of_criterion(first.key))

    # ------------------------------------------------------------------ building

    def _build_actions(self) -> None:
        self.add_action = QAction("&Add criterion…", self)
        self.add_action.setShortcut(QKeySequence(Qt.Key.Key_Insert))
        self.add_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.add_action.setIconText("Add criterion…")
        self.add_action.setToolTip("Add a criterion (Insert)")
        self.add_action.triggered.connect(self.add_criterion)
        self.addAction(self.add_action)
        self.remove_action = QAction("&Remove…", self)
        self.remove_action.setShortcut(QKeySequence.StandardKey.Delete)
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.remove_action.setIconText("Remove…")
        self.remove_action.setToolTip("Remove the selected criterion and its scores (Delete)")
        self.remove_action.triggered.connect(self.remove_criterion)
        self.lock_action = QAction("&Lock criteria…", self)
        self.lock_action.setIconText("Lock criteria…")
        self.lock_action.setToolTip(LOCK_HELP)
        self.lock_action.triggered.connect(self.lock_criteria)
        self.unlock_action = QAction("&Unlock…", self)
        self.unlock_action.setIconText("Unlock…")
        self.unlock_action.setToolTip("Open the criteria for changes again (asks for a reason, "
                                      "which is recorded).")
        self.unlock_action.triggered.connect(self.unlock_criteria)

    def _build_banner(self) -> QFrame:
        self.banner = QFrame()
        self.banner.setObjectName("LockBanner")
        self.banner.setStyleSheet(
            "#LockBanner { border: 1px solid rgba(191, 122, 0, 0.85); border-radius: 4px; "
            "background: rgba(230, 160, 0, 0.14); }")
        self.banner_label = QLabel()
        self.banner_label.setTextFormat(Qt.TextFormat.PlainText)
        self.banner_label.setWordWrap(True)
        self.unlock_button = QToolButton()
        self.unlock_button.setDefaultAction(self.unlock_action)
        layout = QHBoxLayout(self.banner)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.banner_label, 1)
        layout.addWidget(self.unlock_button)
        self.banner.hide()
        return self.banner

    def _build_toolbar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.setSpacing(8)
        self.add_button = QToolButton()
        self.add_button.setDefaultAction(self.add_action)
        self.remove_button = QToolButton()
        self.remove_button.setDefaultAction(self.remove_action)
        bar.addWidget(self.add_button)
        bar.addWidget(self.remove_button)
        bar.addStretch(1)
        self.lock_button = QToolButton()
        self.lock_button.setDefaultAction(self.lock_action)
        bar.addWidget(self.lock_button)
        return bar

    # ------------------------------------------------------------------ prompts (tests patch)

    def ask_reason(self, what: str) -> str | None:
        """Ask why a locked criterion is being changed; None when the user cancels."""
        text, ok = QInputDialog.getText(
            self, "Reason for the change",
            f"The criteria and weights are locked. Why this change ({what})?\n"
            "The reason is recorded in the audit trail.")
        return text if ok else None

    def ask_new_criterion(self, groups: list[str], group: str) -> NewCriterion | None:
        """Ask for the new criterion's name, kind, group and weight; None when cancelled."""
        dialog = NewCriterionDialog(groups, group, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.answer()

    def confirm_remove(self, criterion: Criterion, scores: int, consensus: int) -> bool:
        """Ask before removing a criterion, saying how many scores go with it."""
        if scores or consensus:
            going = (f"Its {scores} evaluator score{'s' if scores != 1 else ''} and {consensus} "
                     f"agreed score{'s' if consensus != 1 else ''} will be removed too.")
        else:
            going = "Nobody has scored it yet."
        answer = QMessageBox.question(
            self, "Remove criterion",
            f"Remove the criterion “{criterion.name}”?\n{going}\nEdit > Undo brings it back.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Yes

    def confirm_lock(self) -> bool:
        """Ask before locking the criteria and weights."""
        answer = QMessageBox.question(
            self, "Lock criteria", LOCK_HELP + "\n\nLock them now?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Yes)
        return answer == QMessageBox.StandardButton.Yes

    # ------------------------------------------------------------------ changing

    @property
    def locked(self) -> bool:
        """True once the team has locked the criteria and weights."""
        return bool(self.session.evaluation.criteria_locked_at)

    def _reason(self, what: str) -> str | None:
        """The reason for a change to locked criteria ('' when unlocked); None = do nothing."""
        if not self.locked:
            return ""
        answer = self.ask_reason(what)
        if answer is None:
            return None
        if not answer.strip():
            self.message.show_error("The criteria are locked, so a change needs a reason; "
                                    "nothing was changed.")
            return None
        return answer.strip()

    def change(self, edit: Edit) -> bool:
        """Apply an edit to the criteria, asking for a reason when they are locked."""
        if self._changing:
            # The reason dialog takes the focus, and editors commit again when they lose it:
            # one change at a time.
            return False
        self._changing = True
        try:
            reason = self._reason(edit.description)
            if reason is None:
                return False
            return self.edit(edit, reason=reason)
        finally:
            self._changing = False

    def _save_criterion(self, criterion: Criterion) -> None:
        """Save a change made in the details panel (refused: the panel shows the old value)."""
        if self._changing:
            return
        try:
            old = self.session.evaluation.criterion(criterion.key)
        except KeyError:
            self._show_details()
            return
        if criterion.formula is PriceFormula.FIXED_RANGE and old.formula is not \
                PriceFormula.FIXED_RANGE and (criterion.best is None or criterion.worst is None):
            best, worst = _suggested_range(self.session.evaluation, criterion.figure)
            criterion = replace(criterion, best=best, worst=worst)
            note = (f"Anchors set to {format_money(best, self.session.evaluation.currency)} "
                    f"(scores 10) and {format_money(worst, self.session.evaluation.currency)} "
                    "(scores 0). Set them to the values agreed before bids were opened.")
        else:
            note = ""
        try:
            check_price_settings(criterion)
        except EvaluationError as error:
            self.message.show_error(str(error))
            self._show_details()
            return
        only_weight = replace(old, weight=criterion.weight) == criterion
        edit: Edit = SetWeight(old.key, criterion.weight) if only_weight \
            else ReplaceCriterion(criterion)
        if not self.change(edit):
            self._show_details()
        elif note:
            self.message.show_info(note)

    def _refuse_in_panel(self, text: str) -> None:
        self.message.show_error(text)
        self._show_details()

    def add_criterion(self) -> None:
        """Ask for a new criterion and add it after the last one of its group."""
        evaluation = self.session.evaluation
        group = self._current_group or (self.model.group_names() or ["General"])[-1]
        answer = self.ask_new_criterion(self.model.group_names(), group)
        if answer is None:
            return
        key = new_key(answer.name, {c.key for c in evaluation.criteria})
        criterion = Criterion(key, answer.name, answer.group, answer.weight, answer.kind)
        if answer.kind is CriterionKind.TERM:
            used = {c.term for c in evaluation.criteria}
            terms = scoreable_terms(evaluation)
            if not terms:
                self.message.show_error("No term can be scored yet: give a term a value "
                                        "function first, or add a judgement criterion.")
                return
            unused = [t for t in terms if t.key not in used] or terms
            criterion = replace(criterion, term=unused[0].key)
        same_group = [i for i, c in enumerate(evaluation.criteria) if c.group == answer.group]
        index = same_group[-1] + 1 if same_group else None
        if self.change(InsertCriterion(criterion, index)):
            self.select_criterion(key)

    def remove_criterion(self) -> None:
        """Remove the selected criterion and its scores, after asking."""
        criterion = self.details.criterion
        if criterion is None:
            self.message.show_info("Select the criterion to remove first.")
            return
        evaluation = self.session.evaluation
        scores = sum(1 for s in evaluation.scores if s.criterion == criterion.key)
        consensus = sum(1 for c in evaluation.consensus if c.criterion == criterion.key)
        if self.confirm_remove(criterion, scores, consensus):
            self.change(DeleteCriterion(criterion.key))

    def lock_criteria(self) -> None:
        """Lock the criteria and weights now (after asking)."""
        if self.locked or not self.confirm_lock():
            return
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        self.edit(SetCriteriaLock(now))  # the banner says what locking means from now on

    def unlock_criteria(self) -> None:
        """Unlock the criteria (asks for a reason, which is recorded)."""
        if not self.locked:
            return
        reason = self._reason("Unlock criteria")
        if reason is not None:
            self.edit(SetCriteriaLock(""), reason=reason)

    # ------------------------------------------------------------------ showing

    def select_criterion(self, key: str) -> None:
        """Select a criterion's row and show its settings."""
        index = self.model.index_of_criterion(key)
        if index.isValid():
            self.tree.setCurrentIndex(index)
            self.tree.scrollTo(index)

    def refresh(self) -> None:
        """Redraw the tree, the banner, the totals and the selected criterion's settings."""
        evaluation = self.session.evaluation
        read_only = self.session.read_only
        scale = evaluation.scale
        step = _scale_step(scale.min, scale.max)
        self.min_delegate.set_range(scale.min, scale.max, step)
        self.model.set_evaluation(evaluation, editable=not read_only)
        self.stack.setCurrentWidget(self.splitter if evaluation.criteria else self.empty)

        locked = bool(evaluation.criteria_locked_at)
        self.banner.setVisible(locked)
        if locked:
            self.banner_label.setText(
                f"Criteria and weights were locked on "
                f"{lock_date_text(evaluation.criteria_locked_at)}; changes need a reason and "
                "are recorded.")
        self.lock_button.setVisible(not locked)
        self.add_action.setEnabled(not read_only)
        self.remove_action.setEnabled(not read_only and self._current_key is not None)
        self.lock_action.setEnabled(not read_only and not locked)
        self.unlock_action.setEnabled(not read_only and locked)
        self.details.setEnabled(not read_only)
        self.footer.setText(self._footer_text(evaluation))
        self._show_details()

    def _footer_text(self, evaluation: Evaluation) -> str:
        count = len(evaluation.criteria)
        if not count:
            return ""
        groups = len(self.model.group_names())
        total = self.model.total_weight
        text = (f"Total weight: {format_number(total)} points over {count} "
                f"criteri{'on' if count == 1 else 'a'} in {groups} group"
                f"{'' if groups == 1 else 's'}. Each share is a criterion's points divided "
                "by the total.")
        if total <= 0:
            return text + " Every criterion weighs 0, so every provider scores 0."
        wsm = self.session.results().wsm
        leader = next((r for r in wsm.results if r.rank == 1 and r.score is not None), None)
        if leader is not None and leader.score is not None:
            text += (f" With these weights {leader.name} leads the weighted sum at "
                     f"{leader.score:.2f} of 10.")
        return text

    def _show_details(self) -> None:
        evaluation = self.session.evaluation
        if self._current_key is not None:
            try:
                criterion = evaluation.criterion(self._current_key)
            except KeyError:
                pass
            else:
                share = (criterion.weight / self.model.total_weight * 100.0
                         if self.model.total_weight > 0 else None)
                self.details.show_criterion(evaluation, criterion, share)
                return
        if self._current_group is not None:
            members = [c for c in evaluation.criteria if c.group == self._current_group]
            if members:
                points = sum(c.weight for c in members)
                share = (points / self.model.total_weight * 100.0
                         if self.model.total_weight > 0 else None)
                self.details.show_nothing(
                    self._current_group or UNGROUPED,
                    f"{len(members)} criteri{'on' if len(members) == 1 else 'a'}, "
                    f"{format_number(points)} points: {share_text(share)} of the total weight."
                    "\n\nSelect one of its criteria to see and change how it is scored.")
                return
        self.details.show_nothing()

    def _selection_changed(self, selected: QItemSelection, _: QItemSelection) -> None:
        if self._restoring:
            return
        indexes = selected.indexes()
        index = indexes[0] if indexes else QModelIndex()
        criterion = self.model.criterion_at(index)
        self._current_key = criterion.key if criterion is not None else None
        self._current_group = self.model.group_at(index)
        self.remove_action.setEnabled(not self.session.read_only and criterion is not None)
        self._show_details()

    def _after_reset(self) -> None:
        """Expand the groups the user had open and select the same row again."""
        self._restoring = True
        try:
            for name in self.model.group_names():
                index = self.model.index_of_group(name)
                self.tree.setExpanded(index, name not in self._collapsed)
            index = QModelIndex()
            if self._current_key is not None:
                index = self.model.index_of_criterion(self._current_key)
            if not index.isValid() and self._current_group is not None:
                index = self.model.index_of_group(self._current_group)
            if index.isValid():
                self.tree.setCurrentIndex(index)
        finally:
            self._restoring = False
        criterion = self.model.criterion_at(self.tree.currentIndex())
        if criterion is None:
            self._current_key = None
        self._current_group = self.model.group_at(self.tree.currentIndex())
        self.remove_action.setEnabled(not self.session.read_only and criterion is not None)

    def _remember_collapsed(self, index: QModelIndex) -> None:
        name = self.model.group_at(index)
        if name is not None and not self._restoring:
            self._collapsed.add(name)

    def _remember_expanded(self, index: QModelIndex) -> None:
        name = self.model.group_at(index)
        if name is not None and not self._restoring:
            self._collapsed.discard(name)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter edits the row's weight (the usual change; F2 edits the current cell, such as
        # the name), or its minimum score when that cell is the current one.
        if watched is self.tree and event.type() == QEvent.Type.KeyPress \
                and isinstance(event, QKeyEvent) \
                and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) \
                and self.tree.state() != QAbstractItemView.State.EditingState:
            current = self.tree.currentIndex()
            if current.isValid() and self.model.criterion_at(current) is not None:
                if current.column() != Column.MIN_SCORE \
                        or not self.model.flags(current) & Qt.ItemFlag.ItemIsEditable:
                    current = current.siblingAtColumn(Column.WEIGHT)
                self.tree.edit(current)
                return True
        return super().eventFilter(watched, event)
