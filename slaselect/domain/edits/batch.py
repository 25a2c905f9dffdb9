"""Several edits saved in one transaction and undone as one step."""

from __future__ import annotations

from dataclasses import dataclass

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
    changing anything when any edit is refused.
    """
    index = evaluation.score_index
    providers = {p.key: p for p in evaluation.providers}
    judgement = {c.key: c for c in evaluation.criteria if c.kind is CriterionKind.JUDGEMENT}
    evaluators = {e.key for e in evaluation.evaluators}
    # Cell -> (position in the scores, score now); later edits of a cell see earlier ones.
    current: dict[tuple[str, str, str], tuple[int | None, Score | None]] = {}
    inverses: list[Edit] = []
    for edit in run:
        if (edit.provider not in providers or edit.criterion not in judgement
                or edit.evaluator not in evaluators):
            edit.apply(evaluation)  # raises the refusal with its usual words
        if edit.value is not None:
            _check_on_scale(evaluation, edit.value,
                            f"{providers[edit.provider].name}'s score on "
                            f"{judgement[edit.criterion].name}")
        cell = (edit.provider, edit.criterion, edit.evaluator)
        if cell in current:
            position, old = current[cell]
        else:
            position = index.position(*cell)
            old = evaluation.scores[position] if position is not None else None
        inverses.append(SetScore(*cell, old.value if old else None, old.rationale if old else ""))
        new = None if edit.value is None else Score(*cell, float(edit.value), edit.rationale)
        current[cell] = (position, new)
    changes: list[tuple[int | None, Score | None]] = []
    for position, score in current.values():
        if position is None and score is None:
            continue
        changes.append((position, score))
    if not changes:
        return evaluation, inverses
    return with_scores_changed(evaluation, tuple(changes)), inverses
