"""What every edit is, and the lookups and checks edits share."""

from __future__ import annotations

import math
from dataclasses import field
from typing import Any, Protocol

from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import (
    Criterion,
    CriterionKind,
    Evaluation,
    Evaluator,
    Provider,
    Term,
)
from slaselect.domain.term_values import checked_term_value
from slaselect.domain.wording import format_number


class Edit(Protocol):
    """A change to an evaluation that knows how to undo itself."""

    @property
    def description(self) -> str:
        """Short words for the Edit menu: "Change Quality weight"."""
        ...

    def apply(self, evaluation: Evaluation) -> tuple[Evaluation, Edit]:
        """The evaluation with this edit made, and the edit that reverts it."""
        ...


def _criterion(evaluation: Evaluation, key: str) -> Criterion:
    try:
        return evaluation.criterion(key)
    except KeyError:
        raise EvaluationError(f"There is no criterion {key!r} any more.") from None


def _provider(evaluation: Evaluation, key: str) -> Provider:
    try:
        return evaluation.provider(key)
    except KeyError:
        raise EvaluationError(f"There is no provider {key!r} any more.") from None


def _evaluator(evaluation: Evaluation, key: str) -> Evaluator:
    for evaluator in evaluation.evaluators:
        if evaluator.key == key:
            return evaluator
    raise EvaluationError(f"There is no evaluator {key!r} any more.")


def _term(evaluation: Evaluation, key: str) -> Term:
    try:
        return evaluation.term(key)
    except KeyError:
        raise EvaluationError(f"There is no term {key!r} any more.") from None


def _check_on_scale(evaluation: Evaluation, value: float, what: str) -> None:
    scale = evaluation.scale
    if not math.isfinite(value) or not scale.min <= value <= scale.max:
        raise EvaluationError(
            f"{what} must be between {format_number(scale.min)} and {format_number(scale.max)}; "
            f"{format_number(value) if math.isfinite(value) else value} is outside the scale."
        )


def _judgement(evaluation: Evaluation, key: str) -> Criterion:
    criterion = _criterion(evaluation, key)
    if criterion.kind is not CriterionKind.JUDGEMENT:
        raise EvaluationError(
            f"{criterion.name} is scored from the terms, not by evaluators."
        )
    return criterion


def _unused_key(key: str, taken: set[str], what: str) -> None:
    if key in taken:
        raise EvaluationError(f"There is already a {what} with the key {key!r}.")




_ABSENT: Any = None


def _saved_form(term: Term, value: Any) -> Any:
    """The value checked by THE term-value check; refused unless already in its saved form.

    The store writes the edit's own value, so an edit must not hold a value that differs
    from what the evaluation will hold (unsorted tiers, blank text): callers pass
    ``checked_term_value(term, value)``, which is also where a buyer's mistake is refused.
    """
    saved = checked_term_value(term, value)
    if saved != value:
        raise ValueError(f"{term.key}: pass the value as checked_term_value gives it")
    return saved


# An inverse puts back what was there, even a value that older rules let into a file.
_RESTORE = field(default=False, compare=False, repr=False, metadata={"audit": False})
