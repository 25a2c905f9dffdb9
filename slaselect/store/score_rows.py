"""Rows of ``scores`` and ``consensus``: hundreds of thousands of them, so they are read as
plain tuples (``Score._make`` over the cursor) and checked afterwards in bulk with C-level
passes; only when a pass finds something wrong does a row-by-row search name the first bad
one (``DamagedRow``)."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from slaselect.domain.model import (
    Consensus,
    Evaluation,
    Scale,
    Score,
)

if TYPE_CHECKING:
    from slaselect.domain.scores import ScoreIndex


from slaselect.store.rows import DamagedRow


def score_row(score: Score) -> dict[str, Any]:
    """An evaluator's score as a row of ``scores``."""
    return score._asdict()


def consensus_row(consensus: Consensus) -> dict[str, Any]:
    """A consensus score as a row of ``consensus``."""
    return consensus._asdict()


def check_scores(scores: Sequence[Score], scale: Scale, known: Sequence[set[str]]) -> None:
    """Raise DamagedRow for the first score naming an unknown provider, criterion or
    evaluator (``known`` holds the three sets of keys), off the scale, or not a number."""
    _check_bulk("scores", scores, known, 3, lambda value: scale.min <= value <= scale.max,
                f"is outside the scale {scale.min:g}-{scale.max:g}")


def checked_score_index(evaluation: Evaluation) -> ScoreIndex:
    """The evaluation's score index, built once from its scores read from the file, and the
    checks of ``check_scores`` made on its columns: a key the evaluation does not list has
    code -1, a value off the scale shows in the value column's minimum or maximum.

    Raises DamagedRow (through ``check_scores``, which names the row) when a check fails.
    """
    from slaselect.domain.scores import ScoreIndex

    scores, scale = evaluation.scores, evaluation.scale
    # numpy would read a text "5" or a NULL as a number: the types are looked at first
    sound = (set(map(type, map(itemgetter(3), scores))) <= {float, int}
             and set(map(type, map(itemgetter(4), scores))) <= {str})
    index = ScoreIndex.of(evaluation) if sound else None
    if index is not None and scores:
        sound = bool(index.provider.min() >= 0 and index.criterion.min() >= 0
                     and index.evaluator.min() >= 0
                     and scale.min <= index.value.min() and index.value.max() <= scale.max)
    if index is None or not sound:
        check_scores(scores, scale, ({p.key for p in evaluation.providers},
                                     {c.key for c in evaluation.criteria},
                                     {e.key for e in evaluation.evaluators}))
        index = ScoreIndex.of(evaluation)  # only when the checks above were too strict
    return index


def check_consensus(consensus: Sequence[Consensus], known: Sequence[set[str]]) -> None:
    """Raise DamagedRow for the first consensus naming an unknown provider or criterion, or
    holding something other than a finite number."""
    _check_bulk("consensus", consensus, known, 2, math.isfinite, "is not a finite number")


def _check_bulk(table: str, rows: Sequence[tuple[Any, ...]], known: Sequence[set[str]],
                value_at: int, fits: Callable[[float], bool], misfit: str) -> None:
    if not rows:
        return
    try:
        values = list(map(itemgetter(value_at), rows))
        # min/max raise TypeError on text, NULL or blobs among the numbers
        healthy = fits(min(values)) and fits(max(values))
    except TypeError:
        healthy = False
    healthy = (
        healthy
        and all(set(map(itemgetter(i), rows)) <= keys for i, keys in enumerate(known))
        and set(map(type, map(itemgetter(value_at + 1), rows))) <= {str}
    )
    if healthy:
        return
    columns = ("provider", "criterion", "evaluator")[:value_at]
    for row in rows:
        label = "row of " + ", ".join(f"{c} {v!r}" for c, v in zip(columns, row, strict=False))
        for column, keys, value in zip(columns, known, row, strict=False):
            if value not in keys:
                raise DamagedRow(table, label, f"{column} names no stored {column}")
        value = row[value_at]
        if type(value) not in (int, float):
            raise DamagedRow(table, label, "value is not a number")
        if not fits(value):
            raise DamagedRow(table, label, f"value {value!r} {misfit}")
        if not isinstance(row[value_at + 1], str):
            raise DamagedRow(table, label, "rationale is not text")
