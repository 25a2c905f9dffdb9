"""The parts of the details panel that depend on the criterion's kind: rubric, term, price."""

from __future__ import annotations

import math
from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from slaselect.domain.comparison import FIGURE_TITLES
from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import Criterion, Evaluation, PriceFormula
from slaselect.domain.wording import format_number
from slaselect.ui.pages.criteria.fields import select_data, spin_value
from slaselect.ui.pages.criteria.texts import (
    FIGURE_HELP,
    FORMULA_HELP,
    FORMULA_WORDS,
    PRICE_FIGURES,
    level_key,
    level_number,
    level_text,
    scale_step,
    scoreable_terms,
    value_function_summary,
)
from slaselect.ui.widgets import RIGHT, NumberSpinBox, help_label
from slaselect.ui.widgets.table_fit import AsTallAsRows


class KindForms:
    """The kind-specific half of ``CriterionDetails``: a judgement's rubric, a term's value
    function, a price's formula."""

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
        self.rubric.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.rubric.setToolTip("Describe what each score level looks like so every evaluator "
                               "scores alike. Double-click or press F2 to edit.")
        self.rubric.itemChanged.connect(self._rubric_done)
        self.rubric.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents)  # long descriptions wrap onto more lines
        # as tall as its levels: the details panel's scroll bar is the only one
        self.rubric_height = AsTallAsRows(self.rubric)
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
        for level, text in sorted(criterion.rubric.items(), key=lambda item: level_number(item[0])):
            self._append_level(level, text)

    def _append_level(self, level: str, text: str) -> None:
        row = self.rubric.rowCount()
        self.rubric.insertRow(row)
        level_item = QTableWidgetItem(level_text(level))
        level_item.setTextAlignment(RIGHT | Qt.AlignmentFlag.AlignTop)
        level_item.setData(Qt.ItemDataRole.UserRole, level)
        self.rubric.setItem(row, 0, level_item)
        self.rubric.setItem(row, 1, QTableWidgetItem(text))

    def _fill_term(self, evaluation: Evaluation, criterion: Criterion) -> None:
        self.term_combo.clear()
        for term in scoreable_terms(evaluation):
            self.term_combo.addItem(f"{term.name} ({term.category})", term.key)
        if criterion.term is not None:
            select_data(self.term_combo, criterion.term)
        try:
            term = evaluation.term(criterion.term or "")
        except KeyError:
            self.term_summary.setText("Choose the term this criterion scores.")
        else:
            self.term_summary.setText(value_function_summary(term, evaluation.currency))

    def _fill_price(self, evaluation: Evaluation, criterion: Criterion) -> None:
        select_data(self.figure_combo, criterion.figure)
        self.figure_help.setText(FIGURE_HELP.get(criterion.figure, ""))
        select_data(self.formula_combo, criterion.formula)
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

    def _min_done(self) -> None:
        if self._criterion is None:
            return
        value = self.min_spin.value()
        minimum = None if value == self.min_spin.minimum() \
            else spin_value(self.min_spin, self._criterion.min_score)
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
            best=spin_value(self.best_spin, self._criterion.best) if fixed and had_range
            else self._criterion.best,
            worst=spin_value(self.worst_spin, self._criterion.worst) if fixed and had_range
            else self._criterion.worst,
            a=spin_value(self.a_spin, self._criterion.a) if formula is PriceFormula.LOG
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
            key = level_key(value)
            if key in rubric:
                raise EvaluationError(f"The rubric already describes level {level_text(key)}.")
            rubric[key] = text_item.text().strip() if text_item is not None else ""
        return dict(sorted(rubric.items(), key=lambda item: level_number(item[0])))

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
        used = {level_number(k) for k in self._criterion.rubric}
        free = [float(v) for v in range(math.ceil(scale.min), math.floor(scale.max) + 1)
                if float(v) not in used]
        if not free:
            self.refused.emit("Every whole score level already has a description.")
            return
        rubric = dict(self._criterion.rubric)
        rubric[level_key(free[0])] = ""
        self._emit(replace(self._criterion, rubric=dict(
            sorted(rubric.items(), key=lambda item: level_number(item[0])))))

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
