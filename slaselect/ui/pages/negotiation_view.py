"""The Results page's "Negotiation" tab: who can rank first at all, the monthly fee at which
each provider would rank first, what each extra point costs, and the asks worth most.

``negotiation_sentences`` is a plain function (no Qt) in the shape ``ui.workers`` runs off the
UI thread: at 200 providers the exact who-can-win check and the fee targets take seconds.
``NegotiationView`` only shows its sentences.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from slaselect.domain.cross_checks import dominated
from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import Evaluation
from slaselect.domain.optimality import optimality_sentences, potential_optimality
from slaselect.domain.ranking import ScoreTable
from slaselect.domain.targets import fee_targets, target_sentence
from slaselect.domain.value_for_money import (
    concession_sentence,
    concessions,
    value_for_money,
    value_sentence,
)

LEADERS = 3
"""Concessions are worked out for this many of the best eligible providers."""


@dataclass(frozen=True)
class NegotiationSentences:
    """What the Negotiation tab says, section by section (each may be empty)."""

    can_win: tuple[str, ...]
    targets: tuple[str, ...]
    value: tuple[str, ...]
    concessions: tuple[str, ...]


def negotiation_sentences(
    evaluation: Evaluation, table: ScoreTable,
    report: Callable[[float], None] = lambda _: None,
    cancelled: Callable[[], bool] = lambda: False,
) -> NegotiationSentences:
    """Work out every sentence of the tab; raises EvaluationError when cancelled."""
    names = {p.key: p.name for p in evaluation.providers}

    def step(fraction: float) -> None:
        if cancelled():
            raise EvaluationError("The negotiation figures were not worked out: cancelled.")
        report(fraction)

    step(0.0)
    first_by: dict[str, str] = {}
    for pair in dominated(table):
        first_by.setdefault(pair.provider, pair.by)
    can_win = optimality_sentences(potential_optimality(table), names, first_by)
    step(0.4)
    targets = tuple(target_sentence(t, names, evaluation.currency)
                    for t in fee_targets(evaluation, table))
    step(0.8)
    value = tuple(value_sentence(s, names, evaluation.currency, evaluation.horizon_months)
                  for s in value_for_money(evaluation, table))
    worth: tuple[str, ...] = ()
    if evaluation.ask:
        found = concessions(evaluation, LEADERS, table)
        worth = tuple(concession_sentence(k, items, evaluation).replace(" -> ", " → ")
                      for k, items in found.items())
    step(1.0)
    return NegotiationSentences(can_win, targets, value, worth)


_SECTIONS = (
    ("can_win", "Who can rank first at all",
     "Whatever the weights: worked out exactly over every weighting of the criteria."),
    ("targets", "Monthly fee targets",
     "Only that provider's fee changes; every cost and price score is worked out again."),
    ("value", "Value for money",
     "Each eligible provider against the next cheaper one, over the evaluation horizon."),
    ("concessions", "The asks worth most",
     "Each term moved from the offer to your ask alone, everything ranked again."),
)


class NegotiationView(QWidget):
    """Sections of plain sentences; each says what is missing when it has nothing to show."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(6)
        self.bodies: dict[str, QLabel] = {}
        for key, title, note in _SECTIONS:
            heading = QLabel(title)
            font = heading.font()
            font.setBold(True)
            font.setPointSizeF(font.pointSizeF() * 1.1)
            heading.setFont(font)
            hint = QLabel(note)
            hint.setEnabled(False)
            hint.setWordWrap(True)
            body = QLabel()
            body.setWordWrap(True)
            body.setTextFormat(Qt.TextFormat.PlainText)
            body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.bodies[key] = body
            layout.addWidget(heading)
            layout.addWidget(hint)
            layout.addWidget(body)
            layout.addSpacing(8)
        layout.addStretch(1)

    def show_sentences(self, sentences: NegotiationSentences) -> None:
        """Show the sentences, one bullet each."""
        empty = {
            "can_win": "Only one eligible provider: it ranks first whatever the weights.",
            "targets": "No eligible provider states a monthly fee.",
            "value": "No eligible provider has a cost over the horizon.",
            "concessions": "No ask is recorded: set your ask on the Terms & negotiation page.",
        }
        for key, _title, _note in _SECTIONS:
            lines: tuple[str, ...] = getattr(sentences, key)
            self.bodies[key].setText("\n".join(f"• {line}" for line in lines) if lines
                                     else empty[key])

    def text(self) -> str:
        """Everything the view shows, for tests and copying."""
        return "\n".join(body.text() for body in self.bodies.values())
