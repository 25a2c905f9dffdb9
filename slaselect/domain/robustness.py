"""Monte Carlo robustness: how often each provider wins when the inputs are a little different.

Each scenario redraws two things the team is unsure about, and ranks the eligible providers
by weighted sum again:

- **Weights**: drawn from a Dirichlet distribution centred on today's shares, with
  α_j = concentration × share_j. The concentration (default 50) sets how tightly the draws
  stay around today's weights: a share s varies with standard deviation √(s(1−s)/(c+1)), so at
  50 a 15 % weight typically lands between 10 % and 20 %, a 5 % weight between 2 % and 8 %.
  Criteria weighing 0 stay at 0.
- **Judgement scores**: a cell scored by two or more evaluators who disagree is redrawn as a
  randomly weighted mean of their scores (weights from a flat Dirichlet: the Bayesian
  bootstrap of Rubin, 1981; with two evaluators, a uniform draw between their scores). The
  draw always lies between the lowest and the highest evaluator's score, averages exactly
  today's consensus (their mean), and spreads less the more evaluators there are. Cells the
  team moderated stay at the agreed score, and so do cells with a single evaluator or no
  disagreement. Term and price scores are facts of the offers and stay fixed; so does who is
  eligible (the gate is not re-run).

A provider tied for first place in a scenario gets an equal share of that win, so the win
probabilities always sum to 1. The same seed and number of samples give the same result.

How it is computed, so that a tender with hundreds of providers stays interactive: scenarios
are drawn in blocks sized by memory (weights, totals and ranks of a block at once), totals are
one matrix product per block and ranks come from sorting each scenario's totals. Redrawing
every disputed cell exactly takes samples x cells x evaluators random numbers (2.8 billion at
200 providers x 100 criteria x 20 evaluators), far too many to wait for. Above
``EXACT_DRAWS`` such numbers, and when the providers have ``NORMAL_MIN_CELLS`` or more
redrawn cells each on average, a provider's change of total in a scenario is drawn directly:
given the scenario's weights it is a sum of many independent redrawn cells, so (central limit
theorem) it is normal with mean 0 and variance Σ_j w_j² σ²_j, where σ²_j, the variance of
cell j's Bayesian-bootstrap mean, is the population variance of its scores / (k + 1). The
mean and variance are exactly those of the cell-by-cell redraw; only the shape of a sum of
tens of cells is approximated. Smaller evaluations are always redrawn cell by cell.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from slaselect.domain.analysis_settings import DEFAULT_CONCENTRATION as DEFAULT_CONCENTRATION
from slaselect.domain.analysis_settings import DEFAULT_SAMPLES as DEFAULT_SAMPLES
from slaselect.domain.analysis_settings import DEFAULT_SEED as DEFAULT_SEED
from slaselect.domain.disagreement import run_starts
from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import Evaluation
from slaselect.domain.ranking import ConsensusScores, ScoreTable, consensus_scores

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

MAX_SAMPLES = 1_000_000

EXACT_DRAWS = 30_000_000
"""Random numbers the cell-by-cell redraw may take (about 0.3 s) before it is approximated."""
NORMAL_MIN_CELLS = 10
"""Redrawn cells a provider needs on average before its change of total is drawn as normal."""

_TIE_TOLERANCE = 1e-8  # totals are 0-10: 1e-9 relative, as the ranking counts ties
_BLOCK_NUMBERS = 4_000_000  # float64 numbers held per block of scenarios (about 32 MB)


@dataclass(frozen=True)
class MonteCarloResult:
    """Win probability and rank distribution of every eligible provider.

    ``rank_distribution[key][r]`` is the probability of rank r + 1 (ties share the lower
    rank). ``varied_cells`` counts the judgement scores that were redrawn.
    """

    samples: int
    seed: int
    concentration: float
    providers: tuple[str, ...]
    win_probability: dict[str, float]
    rank_distribution: dict[str, tuple[float, ...]]
    varied_cells: int

    def to_dict(self) -> dict[str, object]:
        """The CONTRACT 6 ``monte_carlo`` object, with the rank distribution added."""
        return {
            "samples": self.samples,
            "seed": self.seed,
            "win_probability": dict(self.win_probability),
            "concentration": self.concentration,
            "rank_distribution": {k: list(v) for k, v in self.rank_distribution.items()},
        }


@dataclass(frozen=True)
class _CellGroup:
    """Redrawn judgement cells scored by the same number of evaluators (k)."""

    rows: IntArray  # index among the eligible providers
    columns: IntArray  # criterion index in the score table
    base: FloatArray  # today's 0-10 score of each cell
    values: FloatArray  # cells x k evaluator scores on 0-10


@dataclass(frozen=True)
class _VariedCells:
    """The judgement cells that are redrawn, grouped by how many evaluators scored them."""

    groups: tuple[_CellGroup, ...]
    variance: FloatArray  # eligible providers x criteria: variance of each cell's redraw

    @property
    def count(self) -> int:
        """How many cells are redrawn."""
        return sum(g.rows.size for g in self.groups)

    @property
    def draws(self) -> int:
        """Random numbers one scenario takes to redraw every cell exactly."""
        return sum(g.rows.size * (g.values.shape[1] - 1) for g in self.groups)


def check_settings(samples: int, seed: int, concentration: float) -> None:
    """Raise EvaluationError unless the Monte Carlo settings are usable."""
    if isinstance(samples, bool) or not isinstance(samples, int) or not (
        1 <= samples <= MAX_SAMPLES
    ):
        raise EvaluationError(f"the number of samples must be a whole number from 1 to "
                              f"{MAX_SAMPLES:,}")
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        raise EvaluationError("the seed must be a whole number, 0 or more")
    if not (math.isfinite(concentration) and concentration > 0):
        raise EvaluationError("the weight concentration must be a number above 0")


def monte_carlo(
    evaluation: Evaluation,
    table: ScoreTable,
    samples: int = DEFAULT_SAMPLES,
    seed: int = DEFAULT_SEED,
    concentration: float = DEFAULT_CONCENTRATION,
    order: tuple[str, ...] | None = None,
    consensus: ConsensusScores | None = None,
    checkpoint: Callable[[float], None] | None = None,
) -> MonteCarloResult:
    """Win probability and rank distribution over ``samples`` redrawn scenarios.

    ``table`` is the evaluation's score table; ``order`` lists the eligible providers as the
    result should (default: table order). ``checkpoint`` is called with the share of samples
    done before each block; it may raise ``Cancelled`` to stop. Raises EvaluationError for bad
    settings or when no provider is eligible.
    """
    check_settings(samples, seed, concentration)
    rows = np.flatnonzero(table.eligible)
    if rows.size == 0:
        raise EvaluationError("no provider is eligible, so there is no winner to analyse")
    shares = table.normalised_weights
    if float(shares.sum()) <= 0.0:
        raise EvaluationError("every criterion weighs 0, so there is no ranking to analyse")
    keys = tuple(table.providers[i].key for i in rows)
    cells = _varied_cells(evaluation, table, rows, consensus or consensus_scores(evaluation))
    scores = table.scores[rows]
    count = rows.size
    providers_with_cells = max(1, int(np.count_nonzero(cells.variance.any(axis=1))))
    as_normal = (samples * cells.draws > EXACT_DRAWS
                 and cells.count >= NORMAL_MIN_CELLS * providers_with_cells)

    weight_rng, score_rng = np.random.default_rng(seed).spawn(2)
    wins = np.zeros(count)
    rank_counts = np.zeros(count * count)
    per_sample = 6 * count + 2 * shares.size + (0 if as_normal else 3 * cells.draws)
    block = max(1, min(samples, _BLOCK_NUMBERS // max(1, per_sample)))
    for start in range(0, samples, block):
        if checkpoint is not None:
            checkpoint(start / samples)
        size = min(block, samples - start)
        weights = _weight_draws(weight_rng, shares, size, concentration)
        totals = weights @ scores.T
        if as_normal:
            noise = score_rng.standard_normal(size=totals.shape)
            noise *= np.sqrt(np.square(weights) @ cells.variance.T)  # each total's spread
            totals += noise
        elif cells.groups:
            totals += _score_changes(score_rng, cells, weights, count)
        _tally(totals, wins, rank_counts)

    by_key = dict(zip(keys, range(count), strict=True))
    ranks = rank_counts.reshape(count, count)
    listed = order if order is not None else keys
    return MonteCarloResult(
        samples=samples,
        seed=seed,
        concentration=float(concentration),
        providers=tuple(listed),
        win_probability={k: float(wins[by_key[k]] / samples) for k in listed},
        rank_distribution={
            k: tuple((ranks[by_key[k]] / samples).tolist()) for k in listed
        },
        varied_cells=cells.count,
    )


def _weight_draws(
    rng: np.random.Generator, shares: FloatArray, samples: int, concentration: float
) -> FloatArray:
    """``samples`` x criteria shares from Dirichlet(concentration x share); zero stays zero."""
    weighted = np.flatnonzero(shares > 0.0)
    draws = np.zeros((samples, shares.size))
    gammas = rng.standard_gamma(concentration * shares[weighted], size=(samples, weighted.size))
    sums = gammas.sum(axis=1, keepdims=True)
    # A row of all-zero draws (tiny α underflows) keeps today's weights.
    fallback = (sums[:, 0] <= 0.0) | ~np.isfinite(sums[:, 0])
    sums[fallback] = 1.0
    draws[:, weighted] = gammas / sums
    draws[fallback] = shares
    return draws


def _tally(totals: FloatArray, wins: FloatArray, rank_counts: FloatArray) -> None:
    """Add a block of scenarios (samples x providers totals) to the wins and rank counts."""
    samples, count = totals.shape
    order = np.argsort(-totals, axis=1)  # the order within a tie does not change its rank
    rows = np.arange(0, samples * count, count)[:, None]
    ordered = totals.ravel()[order + rows]  # best first
    # Those within the tolerance of the best share the win: a run at the head of the order.
    winners = ordered >= ordered[:, :1] - _TIE_TOLERANCE
    shared = int(winners.sum(axis=1).max())
    winners = winners[:, :shared]
    counts = winners.sum(axis=1)
    # Added scenario by scenario, as summing a samples x providers matrix of shares would.
    block = np.zeros(count)
    scenario, place = np.nonzero(winners)
    np.add.at(block, order[scenario, place], 1.0 / counts[scenario])
    wins += block
    # A provider within the tolerance of the one above it shares its rank (1, 2, 2, 4); with
    # no such pair in a scenario, the ranks are its order.
    level = ordered[:, :-1] - ordered[:, 1:] <= _TIE_TOLERANCE
    tied = np.flatnonzero(level.any(axis=1))
    positions = np.broadcast_to(np.arange(count), (samples, count))
    if tied.size:
        starts = np.ones((tied.size, count), dtype=bool)
        starts[:, 1:] = ~level[tied]
        runs = np.where(starts, np.arange(count), 0)
        np.maximum.accumulate(runs, axis=1, out=runs)
        positions = positions.copy()
        positions[tied] = runs
    rank_counts += np.bincount((order * count + positions).ravel(), minlength=count * count)


def _varied_cells(
    evaluation: Evaluation, table: ScoreTable, rows: IntArray, consensus: ConsensusScores
) -> _VariedCells:
    """Eligible providers' weighted judgement cells with two or more differing evaluators."""
    index = evaluation.score_index
    criteria = len(table.criteria)
    row_of = np.full(len(index.providers) + 1, -1, dtype=np.int64)  # code -1: the last slot
    eligible_keys = {table.providers[i].key: n for n, i in enumerate(rows.tolist())}
    for code, key in enumerate(index.providers):
        row_of[code] = eligible_keys.get(key, -1)
    table_column = {c.key: j for j, c in enumerate(table.criteria) if table.weights[j] > 0}
    column_of = np.array([table_column.get(key, -1) for key in index.criteria] + [-1],
                         dtype=np.int64)
    moderated = np.zeros((len(index.providers) + 1, len(index.criteria) + 1), dtype=bool)
    provider_code = {key: i for i, key in enumerate(index.providers)}
    criterion_code = {key: j for j, key in enumerate(index.criteria)}
    for i, j in zip(*np.nonzero(consensus.moderated), strict=True):
        moderated[provider_code[consensus.providers[i]],
                  criterion_code[consensus.criteria[j]]] = True
    score_rows, score_columns = row_of[index.provider], column_of[index.criterion]
    keep = np.flatnonzero((score_rows >= 0) & (score_columns >= 0))
    agreed = moderated.ravel()[index.provider[keep] * moderated.shape[1] + index.criterion[keep]]
    keep = keep[~agreed]
    scale = evaluation.scale
    on_ten = (index.value[keep] - scale.min) / (scale.max - scale.min) * 10.0
    cell = score_rows[keep] * criteria + score_columns[keep]
    order = np.argsort(cell, kind="stable")  # each cell's scores together, in score order
    cell, on_ten = cell[order], on_ten[order]
    variance = np.zeros((rows.size, criteria))
    if cell.size == 0:
        return _VariedCells((), variance)
    starts = run_starts(cell)  # each cell's scores are one run
    cell_ids, sizes = cell[starts], np.diff(np.append(starts, cell.size))
    highest = np.maximum.reduceat(on_ten, starts)
    lowest = np.minimum.reduceat(on_ten, starts)
    varied = (sizes >= 2) & (highest - lowest > 1e-12)
    means = np.add.reduceat(on_ten, starts) / sizes
    squares = np.add.reduceat(np.square(on_ten - np.repeat(means, sizes)), starts) / sizes
    variance.ravel()[cell_ids[varied]] = squares[varied] / (sizes[varied] + 1)
    base = table.scores[rows]
    groups = []
    for size in sorted(set(sizes[varied].tolist())):
        same = varied & (sizes == size)
        ids = cell_ids[same]
        cell_rows, cell_columns = ids // criteria, ids % criteria
        groups.append(_CellGroup(
            rows=cell_rows,
            columns=cell_columns,
            base=base[cell_rows, cell_columns],
            values=on_ten[starts[same][:, None] + np.arange(size)],
        ))
    return _VariedCells(tuple(groups), variance)


def _score_changes(
    rng: np.random.Generator, cells: _VariedCells, weights: FloatArray, count: int
) -> FloatArray:
    """Change of each provider's total (samples x providers) from redrawn judgement scores."""
    samples = weights.shape[0]
    by_provider = np.zeros((count, samples))
    for group in cells.groups:
        mixed = _flat_dirichlet_mix(rng, group.values, samples)
        change = (mixed - group.base[:, None]) * weights.T[group.columns]
        # Cells are sorted by provider: each provider's cells are one run to add up.
        first_cell = run_starts(group.rows)
        by_provider[group.rows[first_cell]] += np.add.reduceat(change, first_cell, axis=0)
    return by_provider.T


def _flat_dirichlet_mix(rng: np.random.Generator, values: FloatArray, samples: int) -> FloatArray:
    """Per cell (row of ``values``) and sample, a flat-Dirichlet weighted mean of its scores.

    The gaps between k − 1 sorted uniform numbers (and 0 and 1) are flat-Dirichlet weights;
    summed by parts, Σ v_i·gap_i = v_last + Σ (v_(i−1) − v_i)·u_(i), which needs no division.
    """
    size = values.shape[1]
    uniforms = rng.random(size=(size - 1, values.shape[0], samples))
    if size == 3:  # the usual team of three: two uniforms put in order without a sort
        low = np.minimum(uniforms[0], uniforms[1])
        np.maximum(uniforms[0], uniforms[1], out=uniforms[1])
        uniforms[0] = low
    elif size > 3:
        uniforms.sort(axis=0)
    mixed = np.repeat(values[:, -1, None], samples, axis=1)
    for i in range(1, size):
        mixed += (values[:, i - 1] - values[:, i])[:, None] * uniforms[i - 1]
    return mixed
