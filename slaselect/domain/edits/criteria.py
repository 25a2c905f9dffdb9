"""Criteria and their weights."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from slaselect.domain.edits.base import (
    Edit,
    _check_on_scale,
    _criterion,
    _term,
    _unused_key,
)
from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import (
    Consensus,
    Criterion,
    CriterionKind,
    Evaluation,
    PriceFormula,
    Score,
)
from slaselect.domain.text_limits import check_length
from slaselect.domain.wording import format_number

# --------------------------------------------------------------------------- criteria


def check_criterion(evaluation: Evaluation, criterion: Criterion) -> None:
    """Refuse a criterion definition that cannot be scored (EvaluationError, one sentence)."""
    if not criterion.name.strip():
        raise EvaluationError("A criterion needs a name.")
    check_length(criterion.name, "A criterion's name")
    if not math.isfinite(criterion.weight) or criterion.weight < 0:
        raise EvaluationError(
            f"The weight of {criterion.name} must be 0 or more; "
            f"{format_number(criterion.weight)} is not allowed."
        )
    if criterion.kind is CriterionKind.PRICE:
        if criterion.formula is PriceFormula.FIXED_RANGE:
            if criterion.best is None or criterion.worst is None:
                raise EvaluationError(
                    f"{criterion.name} needs both a Best and a Worst anchor for a fixed range."
                )
            if criterion.best == criterion.worst:
                raise EvaluationError(
                    f"The Best and Worst anchors of {criterion.name} are both "
                    f"{format_number(criterion.best)}; they must differ so costs between them "
                    "can be scored."
                )
            if criterion.best > criterion.worst:
                raise EvaluationError(
                    f"The Best anchor of {criterion.name} must be the lower cost: "
                    f"{format_number(criterion.best)} is above the Worst anchor, "
                    f"{format_number(criterion.worst)}."
                )
        if criterion.formula is PriceFormula.LOG and not criterion.a > 1:
            raise EvaluationError(
                f"'a' for {criterion.name} must be more than 1 (2 means twice the cheapest "
                f"scores 0); {format_number(criterion.a)} is not allowed."
            )
    if criterion.kind is CriterionKind.TERM:
        if criterion.term is None:
            raise EvaluationError(f"{criterion.name} must name the term it scores.")
        _term(evaluation, criterion.term)
    if criterion.min_score is not None:
        _check_on_scale(evaluation, criterion.min_score, f"The minimum score of {criterion.name}")


@dataclass(frozen=True)
class SetWeight:
    """Change a criterion's weight (relative points, 0 or more)."""

    criterion: str
    weight: float

    @property
    def description(self) -> str:
        return "Change weight"

    def apply(self, evaluation: Evaluation) -> tuple[Evaluation, Edit]:
        old = _criterion(evaluation, self.criterion)
        return ReplaceCriterion(replace(old, weight=self.weight)).apply(evaluation)


@dataclass(frozen=True)
class ReplaceCriterion:
    """Replace a criterion's definition (same key): name, group, weight, kind, settings."""

    criterion: Criterion

    @property
    def description(self) -> str:
        return f"Change {self.criterion.name}"

    def apply(self, evaluation: Evaluation) -> tuple[Evaluation, Edit]:
        old = _criterion(evaluation, self.criterion.key)
        check_criterion(evaluation, self.criterion)
        if old.kind is CriterionKind.JUDGEMENT and self.criterion.kind is not old.kind:
            scored = any(s.criterion == old.key for s in evaluation.scores) or any(
                c.criterion == old.key for c in evaluation.consensus
            )
            if scored:
                raise EvaluationError(
                    f"{old.name} already has evaluators' scores; clear them before scoring it "
                    "another way."
                )
        criteria = tuple(self.criterion if c.key == old.key else c for c in evaluation.criteria)
        return replace(evaluation, criteria=criteria), ReplaceCriterion(old)


@dataclass(frozen=True)
class InsertCriterion:
    """Add a criterion at a position, with any scores it brings back (the undo of a delete)."""

    criterion: Criterion
    index: int | None = None
    scores: tuple[Score, ...] = ()
    consensus: tuple[Consensus, ...] = ()

    @property
    def description(self) -> str:
        return f"Add criterion {self.criterion.name}"

    def apply(self, evaluation: Evaluation) -> tuple[Evaluation, Edit]:
        _unused_key(self.criterion.key, {c.key for c in evaluation.criteria}, "criterion")
        check_criterion(evaluation, self.criterion)
        criteria = list(evaluation.criteria)
        criteria.insert(len(criteria) if self.index is None else self.index, self.criterion)
        changed = replace(
            evaluation,
            criteria=tuple(criteria),
            scores=evaluation.scores + self.scores,
            consensus=evaluation.consensus + self.consensus,
        )
        return changed, DeleteCriterion(self.criterion.key)


@dataclass(frozen=True)
class DeleteCriterion:
    """Remove a criterion and its scores."""

    key: str

    @property
    def description(self) -> str:
        return "Remove criterion"

    def apply(self, evaluation: Evaluation) -> tuple[Evaluation, Edit]:
        criterion = _criterion(evaluation, self.key)
        index = evaluation.criteria.index(criterion)
        scores = tuple(s for s in evaluation.scores if s.criterion == self.key)
        consensus = tuple(c for c in evaluation.consensus if c.criterion == self.key)
        changed = replace(
            evaluation,
            criteria=tuple(c for c in evaluation.criteria if c.key != self.key),
            scores=tuple(s for s in evaluation.scores if s.criterion != self.key),
            consensus=tuple(c for c in evaluation.consensus if c.criterion != self.key),
        )
        return changed, InsertCriterion(criterion, index, scores, consensus)
