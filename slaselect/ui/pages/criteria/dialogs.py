"""The Add criterion dialog."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QWidget,
)

from slaselect.domain.model import CriterionKind
from slaselect.ui.pages.criteria.texts import NewCriterion
from slaselect.ui.widgets import RIGHT, NumberSpinBox, help_label, refusal_in
from slaselect.ui.widgets.messages import problem_label


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
        self.problem = problem_label()
        self.weight_spin.refused.connect(self._show_problem)
        form.addRow(self.problem)
        form.addRow(buttons)
        self.setMinimumWidth(420)

    def _show_problem(self, sentence: str) -> None:
        self.problem.setText(sentence)
        self.problem.setVisible(bool(sentence))

    def accept(self) -> None:
        """Add only when the weight typed is a weight: a refused one keeps the dialog open."""
        sentence = refusal_in(self)
        if sentence:
            self._show_problem(sentence)
            return
        super().accept()

    def answer(self) -> NewCriterion:
        """What was typed."""
        return NewCriterion(self.name_edit.text().strip(),
                            CriterionKind(self.kind_combo.currentData()),
                            self.group_combo.currentText().strip(), self.weight_spin.value())
