"""The criterion details panel: the selected criterion's name, group, weight and kind."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from slaselect.domain.model import Criterion, CriterionKind, Evaluation
from slaselect.domain.wording import format_number
from slaselect.ui.models.criteria import UNGROUPED, share_text
from slaselect.ui.pages.criteria.fields import spin_value
from slaselect.ui.pages.criteria.kinds import KindForms
from slaselect.ui.pages.criteria.texts import scoreable_terms
from slaselect.ui.text import KIND_WORDS
from slaselect.ui.widgets import RIGHT, NumberSpinBox, help_label, show_refusals
from slaselect.ui.widgets.text_edits import GrowWithText, NotesEdit


class CriterionDetails(KindForms, QWidget):
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
        show_refusals(self, self.refused.emit)

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
        self.description_edit = NotesEdit()
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setPlaceholderText("What this criterion covers, in a sentence or "
                                                 "two for the scoring team.")
        self.description_grow = GrowWithText(self.description_edit, min_lines=3)
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
            weight = spin_value(self.weight_spin, self._criterion.weight)
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
