"""A first evaluation as a new user builds it: the template, three providers whose offers
state only the must-have terms, and one evaluator's scores."""

from __future__ import annotations

from typing import Any

from slaselect.documents import bundled
from slaselect.domain.edits import Edit, InsertEvaluator, InsertProvider, InsertRound, SetScore
from slaselect.domain.model import (
    CriterionKind,
    Evaluation,
    Evaluator,
    EvaluatorRole,
    Provider,
    Round,
)


def build() -> Evaluation:
    """The evaluation: every must-have met, nothing else stated, one of one evaluator scored."""
    e = bundled.load_template()

    def apply(edit: Edit) -> None:
        nonlocal e
        e, _ = edit.apply(e)

    for i, name in enumerate(["Alpha Digital", "Beta Works", "Gamma Labs"]):
        apply(InsertProvider(Provider(key=f"p{i}", name=name)))
    apply(InsertEvaluator(Evaluator(key="ev1", name="Dana", role=EvaluatorRole.PROCUREMENT)))
    for i in range(3):
        values: dict[str, Any] = {}
        for term in e.terms:
            if term.must_have is None:
                continue
            wanted = term.must_have.value  # exactly the must-have: met, nothing better
            values[term.key] = list(wanted) if isinstance(wanted, list | tuple) else wanted
        apply(InsertRound(Round(provider=f"p{i}", number=1, label="Initial proposal",
                                date="2025-01-01", values=values)))
    judged = [c for c in e.criteria if c.kind is CriterionKind.JUDGEMENT]
    for i in range(3):
        for j, criterion in enumerate(judged):
            apply(SetScore(f"p{i}", criterion.key, "ev1", float(5 + (i + j) % 5)))
    return e
