"""Several edits saved in one transaction and undone as one step."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import compress
from operator import attrgetter, itemgetter

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
    """Several score edits made together: checked, then the scores rebuilt once.

    Gives the same evaluation and inverses as applying them in order. Refuses (raises) before
    changing anything when any edit is refused. A run whose edits each name their own cell
    and are all accepted (an imported sheet) is checked and made column by column. The
    scores of the evaluators the run edits are found in one pass over the scores (in C), so
    each edit costs a few dictionary look-ups; when every edit replaces a score already
    held, a score index the evaluation already has is carried forward to the next state,
    not rebuilt.
    """
    providers = {p.key: p for p in evaluation.providers}
    judgement = {c.key: c for c in evaluation.criteria if c.kind is CriterionKind.JUDGEMENT}
    evaluators = {e.key for e in evaluation.evaluators}
    low, high = evaluation.scale.min, evaluation.scale.max
    scores = evaluation.scores
    held = _positions(scores, {edit.evaluator for edit in run})
    quick = _each_cell_once_accepted(run, providers, judgement, evaluators, low, high, held,
                                     scores)
    if quick is not None:
        inverses, changes = quick
        return _with_changes(evaluation, changes), inverses
    # Cell -> (position in the scores, score now); later edits of a cell see earlier ones.
    current: dict[tuple[str, str, str], tuple[int | None, Score | None]] = {}
    inverses = []
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
    return _with_changes(evaluation, changes), inverses


_cell_of = attrgetter("provider", "criterion", "evaluator")


def _each_cell_once_accepted(
        run: tuple[SetScore, ...], providers: Mapping[str, object],
        judgement: Mapping[str, object], evaluators: set[str], low: float, high: float,
        held: dict[tuple[str, str, str], int], scores: tuple[Score, ...]
) -> tuple[list[Edit], tuple[tuple[int | None, Score | None], ...]] | None:
    """The inverses and changes of a run in which every edit is accepted and names its own
    cell (an imported sheet), made column by column; None for any other run (the caller
    then makes them edit by edit, raising the first refusal in its words)."""
    cells = list(map(_cell_of, run))
    if len(set(cells)) != len(cells):
        return None
    values = [edit.value for edit in run]
    try:
        accepted = ({cell[0] for cell in cells} <= providers.keys()
                    and {cell[1] for cell in cells} <= judgement.keys()
                    and {cell[2] for cell in cells} <= evaluators
                    and all(value is None or (math.isfinite(value) and low <= value <= high)
                            for value in values))
    except TypeError:  # a value that is no number: refused edit by edit, in order
        return None
    if not accepted:
        return None
    positions = list(map(held.get, cells))
    inverses: list[Edit] = [
        SetScore(*cell, None, "") if position is None
        else SetScore(*cell, scores[position].value, scores[position].rationale)
        for cell, position in zip(cells, positions, strict=True)]
    changes = tuple(
        (position, None if value is None else Score(*cell, float(value), edit.rationale))
        for cell, position, value, edit in zip(cells, positions, values, run, strict=True)
        if position is not None or value is not None)
    return inverses, changes


def _with_changes(evaluation: Evaluation,
                  changes: tuple[tuple[int | None, Score | None], ...]) -> Evaluation:
    """``evaluation`` with the run's changes made (the score index carried forward when only
    values changed)."""
    if not changes:
        return evaluation
    changed = with_scores_changed(evaluation, changes)
    index = evaluation.built_index  # built already (the app's pages use it)
    if index is not None and len(changes) > 1 and all(
            p is not None and s is not None for p, s in changes):
        # Only values changed, cell by cell: the index keeps its codes and positions.
        changed.with_index(index.with_values(
            {position: score.value for position, score in changes
             if position is not None and score is not None}))
    return changed


def _positions(scores: tuple[Score, ...],
               evaluators: set[str]) -> dict[tuple[str, str, str], int]:
    """Where each score of these evaluators sits, by (provider, criterion, evaluator); of two
    scores of one cell the first, as ``ScoreIndex.position`` finds it."""
    found: dict[tuple[str, str, str], int] = {}
    theirs = map(evaluators.__contains__, map(itemgetter(2), scores))
    for position in compress(range(len(scores)), theirs):
        found.setdefault(scores[position][:3], position)
    return found
