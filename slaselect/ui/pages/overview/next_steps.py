"""The Overview's row of next steps: one button per thing still to do, opening its page."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from slaselect.domain.model import Evaluation
from slaselect.domain.next_steps import NextStep, StepKind
from slaselect.ui.changes import PageId, Place


def place_of_step(step: NextStep, evaluation: Evaluation) -> Place:
    """The page and row where a next step is done."""
    if step.kind is StepKind.ADD_PROVIDERS:
        return Place(PageId.PROVIDERS)
    if step.kind is StepKind.ADD_EVALUATORS:
        return Place(PageId.OVERVIEW)
    if step.kind is StepKind.ENTER_OFFER:
        return Place(PageId.TERMS, provider=step.provider)
    if step.kind is StepKind.FILL_MUST_HAVE:
        return Place(PageId.TERMS, provider=step.provider, term=step.term,
                     round_number=evaluation.latest_round_number(step.provider))
    if step.kind is StepKind.SCORE:
        return Place(PageId.SCORING, step.provider, step.criterion, step.evaluator)
    return Place(PageId.SCORING, step.provider, step.criterion, "")  # moderate: consensus


class NextStepsRow(QWidget):
    """"Next:" followed by a button per step; hidden once nothing is left to do."""

    def __init__(self, go: Callable[[NextStep], None]) -> None:
        super().__init__()
        self._go = go
        self.buttons: list[QPushButton] = []
        self._layout = QHBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(6)
        caption = QLabel("Next:")
        caption.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self._layout.addWidget(caption)
        self._layout.addStretch(1)
        self._shown: list[NextStep] = []
        self.hide()

    def show_steps(self, steps: list[NextStep]) -> None:
        """Show a button per step (rebuilt only when the steps changed)."""
        if steps == self._shown:
            return
        self._shown = list(steps)
        for button in self.buttons:
            self._layout.removeWidget(button)
            button.deleteLater()
        self.buttons = []
        for position, step in enumerate(steps):
            button = QPushButton(step.label)
            button.setToolTip(f"Opens the page where you {step.kind.value}.")
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            button.clicked.connect(lambda _=False, chosen=step: self._go(chosen))
            self._layout.insertWidget(1 + position, button)
            self.buttons.append(button)
        self.setVisible(bool(steps))
