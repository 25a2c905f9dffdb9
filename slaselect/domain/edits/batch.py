"""Several edits saved in one transaction and undone as one step."""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import compress
from operator import itemgetter

from slaselect.domain.edits.base import (
    Edit,
    _check_on_scale,
)
from slaselect.domain.edits.scores import SetScore, with_scores_changed
from slaselect.domain.model import (
    CriterionKind,
    Evaluation,
    Score,
)


@dataclass(frozen=True)
class BatchEdit:
    """Several edits made, saved and undone together (e.g. importing a scoring sheet).

    Applied in order; if any is refused, none is applied. The inverse undoes them in reverse.
    """

    edits: tuple[Edit, ...]
    label: str = "Change several values"

    @property
    def description(self) -> str:
        return self.label

    def apply(self, evaluation: Evaluation) -> tuple[Evaluation, Edit]:
        inverses: list[Edit] = []
        edits = self.edits
        start = 0
        while start < len(edits):
            # A run of score edits (a whole imported sheet) is made in one pass.
            end = start
            while end < len(edits) and isinstance(edits[end], SetScore):
                end += 1
            if end - start > 1:
                runs = tuple(e for e in edits[start:end] if isinstance(e, SetScore))
                evaluation, undo = _score_run(evaluation, runs)
                inverses.extend(undo)
                start = end
                continue
            evaluation, inverse = edits[start].apply(evaluation)
            inverses.append(inverse)
            start += 1
        label = self.label if self.label.startswith("Undo") else f"Undo {self.label.lower()}"
        return evaluation, BatchEdit(tuple(reversed(inverses)), label)


def _score_run(evaluation: Evaluation, run: tuple[SetScore, ...]) -> tuple[Evaluation, list[Edit]]:
    """Several score edits made together: checked one by one, the scores rebuilt once.

    Gives the same evaluation and inverses as applying them in order. Refuses (raises) before
    changing anything when any edit is refused. The scores of the evaluators the run edits
    are found in one pass over the scores (in C), so each edit costs a few dictionary
    look-ups; when every edit replaces a score already held, a score index the evaluation
    already has is carried forward to the next state, not rebuilt.
    """
    providers = {p.key: p for p in evaluation.providers}
    judgement = {c.key: c for c in evaluation.criteria if c.kind is CriterionKind.JUDGEMENT}
    evaluators = {e.key for e in evaluation.evaluators}
    low, high = evaluation.scale.min, evaluation.scale.max
    scores = evaluation.scores
    held = _positions(scores, {edit.evaluator for edit in run})
    # Cell -> (position in the scores, score now); later edits of a cell see earlier ones.
    current: dict[tuple[str, str, str], tuple[int | None, Score | None]] = {}
    inverses: list[Edit] = []
    for edit in run:
        provider, criterion, evaluator = edit.provider, edit.criterion, edit.evaluator
        cell = (provider, criterion, evaluator)
        if provider not in providers or criterion not in judgement or evaluator not in evaluators:
            edit.apply(evaluation)  # raises the refusal with its usual words
        value = edit.value
        if value is not None and not (math.isfinite(value) and low <= value <= high):
            _check_on_scale(evaluation, value,  # raises, in SetScore's words
                            f"{providers[provider].name}'s score on "
                            f"{judgement[criterion].name}")
        known = current.get(cell)
        if known is not None:
            position, old = known
        else:
            position = held.get(cell)
            old = scores[position] if position is not None else None
        if old is None:
            inverses.append(SetScore(provider, criterion, evaluator, None, ""))
        else:
            inverses.append(SetScore(provider, criterion, evaluator, old.value, old.rationale))
        current[cell] = (position, None if value is None else Score(
            provider, criterion, evaluator, float(value), edit.rationale))
    changes = tuple((position, score) for position, score in current.values()
                    if position is not None or score is not None)
    if not changes:
        return evaluation, inverses
    changed = with_scores_changed(evaluation, changes)
    index = evaluation.built_index  # built already (the app's pages use it)
    if index is not None and len(changes) > 1 and all(
            p is not None and s is not None for p, s in changes):
        # Only values changed, cell by cell: the index keeps its codes and positions.
        changed.with_index(index.with_values(
            {position: score.value for position, score in changes
             if position is not None and score is not None}))
    return changed, inverses


def _positions(scores: tuple[Score, ...],
               evaluators: set[str]) -> dict[tuple[str, str, str], int]:
    """Where each score of these evaluators sits, by (provider, criterion, evaluator); of two
    scores of one cell the first, as ``ScoreIndex.position`` finds it."""
    found: dict[tuple[str, str, str], int] = {}
    theirs = map(evaluators.__contains__, map(itemgetter(2), scores))
    for position in compress(range(len(scores)), theirs):
        found.setdefault(scores[position][:3], position)
    return found
