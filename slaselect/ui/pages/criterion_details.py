"""The criterion details panel and the new-criterion dialog of the Criteria & weights page."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent
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
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from slaselect.domain.comparison import FIGURE_TITLES
from slaselect.domain.errors import EvaluationError
from slaselect.domain.figures import provider_figures
from slaselect.domain.keys import key_from_name
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
    share_text,
)
from slaselect.ui.widgets import RIGHT, NumberSpinBox, help_label

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
    """A key for a new criterion made from its name (see ``domain.keys``)."""
    return key_from_name(name, taken, fallback="criterion")


def _round_up(value: float) -> float:
    """A round number at or above value: 73,400 -> 80,000."""
    if value <= 0:
        return 100_000.0
    step = 10.0 ** math.floor(math.log10(value))
    return float(math.ceil(value / step) * step)


def suggested_range(evaluation: Evaluation, figure: str) -> tuple[float, float]:
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
        self.placeholder_hint = help_label()
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
        self.subheading = help_label()

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
        self.min_help = help_label()
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
        form.addRow("", help_label("The value function belongs to the term and is changed "
                                    "with the term's definition."))
        return box

    def _build_price(self) -> QWidget:
        box = QGroupBox("Scored from a cost")
        self.figure_combo = QComboBox()
        for figure in PRICE_FIGURES:
            self.figure_combo.addItem(FIGURE_TITLES.get(figure, figure), figure)
        self.figure_combo.activated.connect(self._price_done)
        self.figure_help = help_label()
        self.formula_combo = QComboBox()
        for formula, words in FORMULA_WORDS.items():
            self.formula_combo.addItem(words, formula)
        self.formula_combo.activated.connect(self._price_done)
        self.formula_help = help_label()
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
        step = scale_step(scale.min, scale.max)
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


def scale_step(low: float, high: float) -> float:
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
        form.addRow(help_label("Set its description, rubric, term or price formula in the "
                                "panel beside the list once it is added."))
        form.addRow(buttons)
        self.setMinimumWidth(420)

    def answer(self) -> NewCriterion:
        """What was typed."""
        return NewCriterion(self.name_edit.text().strip(),
                            CriterionKind(self.kind_combo.currentData()),
                            self.group_combo.currentText().strip(), self.weight_spin.value())


# --------------------------------------------------------------------------- the page
