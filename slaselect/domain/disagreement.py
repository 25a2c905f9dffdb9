"""Where the evaluators disagree, and how each evaluator scores against the team.

For each provider x judgement criterion scored by two or more evaluators: the range (highest
minus lowest score) and the standard deviation, both on the 0-10 scale. The standard
deviation is the population one (divided by the number of evaluators, not one less): it
describes these evaluators' scores, not a sample of some wider team. Cells whose range
reaches the threshold (default 3 points) are the agenda of the moderation meeting.

Calibration: per evaluator, the mean of (their score − the cell's consensus score) on 0-10
over every cell they scored; positive means more generous than the team. The consensus is
the moderated score where the team agreed one, else the evaluators' mean.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from slaselect.domain.analysis_settings import DEFAULT_THRESHOLD as DEFAULT_THRESHOLD
from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import Evaluation
from slaselect.domain.ranking import ConsensusScores, consensus_scores

_RANGE_TOLERANCE = 1e-9


@dataclass(frozen=True)
class ScoreSpread:
    """How far apart the evaluators' scores of one provider on one criterion are (0-10)."""

    provider: str
    criterion: str
    range: float
    std: float
    evaluators: int
    lowest: float
    highest: float
    moderated: bool  # the team already agreed a score for this cell

    def to_dict(self) -> dict[str, object]:
        """The CONTRACT 6 ``disagreement`` entry, with whether it was moderated."""
        return {"provider": self.provider, "criterion": self.criterion, "range": self.range,
                "std": self.std, "moderated": self.moderated}


@dataclass(frozen=True)
class EvaluatorCalibration:
    """How one evaluator's scores sit against the team's consensus, on 0-10."""

    evaluator: str
    name: str
    scores: int
    mean_offset: float  # positive: more generous than the consensus
    mean_absolute_offset: float

    def to_dict(self) -> dict[str, object]:
        """The evaluator's calibration as JSON."""
        return {"evaluator": self.evaluator, "scores": self.scores,
                "mean_offset": self.mean_offset,
                "mean_absolute_offset": self.mean_absolute_offset}


def check_threshold(threshold: float) -> None:
    """Raise EvaluationError unless the threshold is within 0-10."""
    if not (math.isfinite(threshold) and 0.0 <= threshold <= 10.0):
        raise EvaluationError("the disagreement threshold must be between 0 and 10 points")


def score_spreads(
    evaluation: Evaluation, consensus: ConsensusScores | None = None
) -> tuple[ScoreSpread, ...]:
    """Every cell scored by two or more evaluators, in provider and criterion order."""
    consensus = consensus or consensus_scores(evaluation)
    spreads = _spread_columns(evaluation, consensus)
    return _spread_objects(spreads, consensus, np.arange(spreads.cells.size))


@dataclass(frozen=True)
class _Spreads:
    """Per cell scored by two or more evaluators, in cell order: columns, not objects (a
    tender has tens of thousands of such cells)."""

    cells: npt.NDArray[np.int64]  # provider x judgement criterion of ``consensus``
    evaluators: npt.NDArray[np.int64]
    lowest: npt.NDArray[np.float64]
    highest: npt.NDArray[np.float64]
    std: npt.NDArray[np.float64]

    @property
    def range(self) -> npt.NDArray[np.float64]:
        """Highest minus lowest score of each cell."""
        return np.asarray(self.highest - self.lowest, dtype=np.float64)


def _spread_columns(evaluation: Evaluation, consensus: ConsensusScores) -> _Spreads:
    """The spread of every cell scored by two or more evaluators, in cell order."""
    cells, on_ten = _scores_by_cell(evaluation, consensus)
    if cells.size == 0:
        empty = np.zeros(0)
        return _Spreads(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), empty,
                        empty, empty)
    starts = run_starts(cells)  # sorted by cell: each cell's scores are one run
    sizes = np.diff(np.append(starts, cells.size))
    shared = np.flatnonzero(sizes >= 2)
    starts, sizes = starts[shared], sizes[shared]
    lowest, highest, std = np.zeros(shared.size), np.zeros(shared.size), np.zeros(shared.size)
    for size in sorted(set(sizes.tolist())):
        same = np.flatnonzero(sizes == size)
        # One row per cell, its scores in the order given: the same numbers np.std gives
        # one cell at a time, for all cells of this team size at once.
        values = on_ten[starts[same][:, None] + np.arange(size)]
        lowest[same], highest[same] = values.min(axis=1), values.max(axis=1)
        std[same] = np.std(values, axis=1)
    return _Spreads(cells[starts], sizes, lowest, highest, std)


def _spread_objects(
    spreads: _Spreads, consensus: ConsensusScores, chosen: npt.NDArray[np.intp]
) -> tuple[ScoreSpread, ...]:
    """The ``chosen`` rows of ``spreads`` (in that order) as ScoreSpread."""
    columns = len(consensus.criteria)
    rows, criteria = np.divmod(spreads.cells[chosen], columns)
    moderated = consensus.moderated[rows, criteria].tolist()
    lowest, highest = spreads.lowest[chosen].tolist(), spreads.highest[chosen].tolist()
    ranges = spreads.range[chosen].tolist()
    providers, keys = consensus.providers, consensus.criteria
    return tuple(
        ScoreSpread(providers[i], keys[j], ranges[n], std, size, lowest[n], highest[n],
                    moderated[n])
        for n, (i, j, std, size) in enumerate(zip(
            rows.tolist(), criteria.tolist(), spreads.std[chosen].tolist(),
            spreads.evaluators[chosen].tolist(), strict=True))
    )


def _scores_by_cell(
    evaluation: Evaluation, consensus: ConsensusScores
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """Cell number (provider x judgement criterion of ``consensus``) and 0-10 value of every
    score on a judgement cell, sorted by cell and, within a cell, in score order."""
    cells, on_ten = _judged_scores(evaluation, consensus)
    order = np.argsort(cells, kind="stable")
    return cells[order], on_ten[order]


def _judged_scores(
    evaluation: Evaluation, consensus: ConsensusScores
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    """Cell number and 0-10 value of every score on a judgement cell, in score order."""
    index = evaluation.score_index
    row_of = _codes(index.providers, consensus.providers)
    column_of = _codes(index.criteria, consensus.criteria)
    rows, columns = row_of[index.provider], column_of[index.criterion]
    known = (rows >= 0) & (columns >= 0)
    cells = rows[known] * len(consensus.criteria) + columns[known]
    scale = evaluation.scale
    on_ten = (index.value[known] - scale.min) / (scale.max - scale.min) * 10.0
    return cells, on_ten


def run_starts(values: npt.NDArray[np.int64]) -> npt.NDArray[np.intp]:
    """Where each run of equal values begins in ``values`` (sorted, so one run per value)."""
    if values.size == 0:
        return np.zeros(0, dtype=np.intp)
    return np.flatnonzero(np.concatenate(([True], values[1:] != values[:-1])))


def _codes(index_keys: tuple[str, ...], keys: tuple[str, ...]) -> npt.NDArray[np.int64]:
    """Position in ``keys`` of each of ``index_keys`` (-1 if absent), plus -1 for code -1."""
    position = {key: i for i, key in enumerate(keys)}
    return np.array([position.get(key, -1) for key in index_keys] + [-1], dtype=np.int64)


def disagreements(
    evaluation: Evaluation,
    threshold: float = DEFAULT_THRESHOLD,
    consensus: ConsensusScores | None = None,
) -> tuple[ScoreSpread, ...]:
    """Cells whose range is at least ``threshold`` points on 0-10, widest first.

    Raises EvaluationError when the threshold is outside 0-10.
    """
    check_threshold(threshold)
    consensus = consensus or consensus_scores(evaluation)
    spreads = _spread_columns(evaluation, consensus)
    ranges = spreads.range
    flagged = np.flatnonzero(ranges >= threshold - _RANGE_TOLERANCE)
    # widest first; of equal ranges, in cell order
    widest = flagged[np.argsort(-ranges[flagged], kind="stable")]
    return _spread_objects(spreads, consensus, widest)


def open_agenda(
    evaluation: Evaluation,
    threshold: float = DEFAULT_THRESHOLD,
    consensus: ConsensusScores | None = None,
    leave_out: Collection[str] = (),
) -> tuple[int, tuple[str, str] | None]:
    """How many cells of ``disagreements`` are not moderated yet (providers in ``leave_out``
    left out), and the (provider, criterion) of the first of them: the widest, as the agenda
    lists them. Worked out from columns, without a ``ScoreSpread`` per cell."""
    check_threshold(threshold)
    consensus = consensus or consensus_scores(evaluation)
    cells, on_ten = _judged_scores(evaluation, consensus)
    if cells.size == 0:
        return 0, None
    # per cell, by cell number (no sort of the scores: a tender has millions)
    count = len(consensus.providers) * len(consensus.criteria)
    sizes = np.bincount(cells, minlength=count)
    highest = np.full(count, -np.inf)
    lowest = np.full(count, np.inf)
    np.maximum.at(highest, cells, on_ten)
    np.minimum.at(lowest, cells, on_ten)
    cell_ids = np.flatnonzero(sizes)
    sizes, spread = sizes[cell_ids], highest[cell_ids] - lowest[cell_ids]
    rows, columns = np.divmod(cell_ids, len(consensus.criteria))
    left_out = np.array([key in leave_out for key in consensus.providers], dtype=bool)
    wanted = ((sizes >= 2) & (spread >= threshold - _RANGE_TOLERANCE)
              & ~consensus.moderated[rows, columns] & ~left_out[rows])
    found = np.flatnonzero(wanted)
    if not found.size:
        return 0, None
    first = int(found[np.argmax(spread[found])])  # the widest; of equals, the first cell
    return int(found.size), (consensus.providers[int(rows[first])],
                             consensus.criteria[int(columns[first])])


def calibration(
    evaluation: Evaluation, consensus: ConsensusScores | None = None
) -> tuple[EvaluatorCalibration, ...]:
    """Per evaluator (team order) the mean offset from the consensus; none for non-scorers."""
    consensus = consensus or consensus_scores(evaluation)
    index = evaluation.score_index
    rows = _codes(index.providers, consensus.providers)[index.provider]
    columns = _codes(index.criteria, consensus.criteria)[index.criterion]
    known = (rows >= 0) & (columns >= 0)
    width = len(consensus.criteria)
    team = consensus.on_ten.ravel()[rows[known] * width + columns[known]]
    scale = evaluation.scale
    offsets = (index.value[known] - scale.min) / (scale.max - scale.min) * 10.0 - team
    scorers = index.evaluator[known]  # the evaluation's team order; -1: not in the team
    counted = ~np.isnan(team)
    offsets, scorers = offsets[counted], scorers[counted]
    # Each evaluator's offsets in score order (a stable sort: of small numbers, in one pass).
    small = scorers.astype(np.int16) if len(evaluation.evaluators) < 2**15 else scorers
    order = np.argsort(small, kind="stable")
    offsets, scorers = offsets[order], scorers[order]
    starts = run_starts(scorers)
    ends = [*starts[1:].tolist(), offsets.size] if starts.size else []  # no scores at all
    by_code = {int(code): offsets[start:end]
               for code, start, end in zip(scorers[starts].tolist(), starts.tolist(), ends,
                                           strict=True)}
    result = []
    for code, evaluator in enumerate(evaluation.evaluators):
        values = by_code.get(code)
        if values is None or values.size == 0:
            continue
        result.append(EvaluatorCalibration(
            evaluator=evaluator.key,
            name=evaluator.name,
            scores=int(values.size),
            mean_offset=float(np.mean(values)),
            mean_absolute_offset=float(np.mean(np.abs(values))),
        ))
    return tuple(result)
