"""What each cell of the scoring grid shows, gathered from the evaluation (no Qt).

``scoring_grid`` describes one view (an evaluator's scores or the team's consensus); its cells
are worked out when first asked for, from the evaluation's score index, so a 200 x 100 grid
costs only the cells on screen. ``with_cells`` makes the grid after a score edit: it forgets
the edited cells, keeps every other cell already worked out, and moves the counts by the
difference of the edited cells alone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

from slaselect.domain.disagreement import DEFAULT_THRESHOLD
from slaselect.domain.model import (
    Consensus,
    Criterion,
    CriterionKind,
    Evaluation,
    Evaluator,
    Provider,
    Scale,
    Score,
)
from slaselect.domain.ranking import ConsensusScores, consensus_scores

CONSENSUS = ""
"""The evaluator key standing for "All evaluators (consensus)" (real keys are never empty)."""

DISAGREEMENT_POINTS = DEFAULT_THRESHOLD
"""Evaluators disagree on a cell when their scores span this much or more on a 0-10 scale
(the same threshold as the analysis's moderation agenda)."""

_TOLERANCE = 1e-9


@dataclass(frozen=True)
class ScoreCell:
    """What one grid cell shows: a provider on a judgement criterion, for one evaluator or all.

    ``value`` is on the evaluation scale: the evaluator's score, or for the consensus view the
    moderated score if the team agreed one, else the evaluators' mean (None when unscored).
    ``spread_on_ten`` is the range of the evaluators' scores rescaled to 0-10.
    """

    criterion: Criterion
    provider: Provider
    evaluator: str
    value: float | None
    rationale: str
    scores: tuple[Score, ...]
    """Every evaluator's score of this cell, in the team's order."""
    consensus: Consensus | None
    spread_on_ten: float | None

    @property
    def is_consensus(self) -> bool:
        """True for a cell of the "All evaluators (consensus)" view."""
        return self.evaluator == CONSENSUS

    @property
    def disagreement(self) -> bool:
        """True when the evaluators' scores span 3 points or more on the 0-10 scale."""
        return (self.spread_on_ten is not None
                and self.spread_on_ten >= DISAGREEMENT_POINTS - _TOLERANCE)

    @property
    def moderated(self) -> bool:
        """True when the team agreed a consensus score for this cell."""
        return self.consensus is not None

    def partly_scored(self, team_size: int) -> bool:
        """True for a consensus cell some but not all of ``team_size`` evaluators scored, with
        no agreed score: its mean is not yet the team's view."""
        return (self.is_consensus and not self.moderated
                and 0 < len(self.scores) < team_size)


@dataclass(frozen=True)
class GridCounts:
    """What the progress line counts: cells with a value, agreed scores, open disagreements."""

    entered: int = 0
    moderated: int = 0
    open_disagreements: int = 0

    @staticmethod
    def of(cell: ScoreCell) -> GridCounts:
        """What one cell adds to the counts."""
        return GridCounts(int(cell.value is not None), int(cell.moderated),
                          int(cell.disagreement and not cell.moderated))

    def __add__(self, other: GridCounts) -> GridCounts:
        return GridCounts(self.entered + other.entered, self.moderated + other.moderated,
                          self.open_disagreements + other.open_disagreements)

    def __sub__(self, other: GridCounts) -> GridCounts:
        return GridCounts(self.entered - other.entered, self.moderated - other.moderated,
                          self.open_disagreements - other.open_disagreements)


@dataclass(frozen=True)
class ScoringGrid:
    """One view of the grid (an evaluator's scores or the consensus); cells on demand."""

    evaluator: str
    scale: Scale
    criteria: tuple[Criterion, ...] = ()
    providers: tuple[Provider, ...] = ()
    evaluators: tuple[Evaluator, ...] = ()
    source: _CellSource | None = field(default=None, compare=False, repr=False)

    def get(self, criterion: str, provider: str) -> ScoreCell | None:
        """The cell of a criterion (row) and provider (column); None when the grid has none."""
        return None if self.source is None else self.source.cell(criterion, provider)

    def cell(self, criterion: str, provider: str) -> ScoreCell:
        """The cell of a criterion (row) and provider (column); KeyError when absent."""
        found = self.get(criterion, provider)
        if found is None:
            raise KeyError((criterion, provider))
        return found

    @property
    def size(self) -> int:
        """How many cells the grid has (judgement criteria x providers)."""
        return len(self.criteria) * len(self.providers)

    @property
    def counts(self) -> GridCounts:
        """Entered, agreed and disagreeing cells (worked out once per grid, without cells)."""
        return GridCounts() if self.source is None else self.source.counts()

    @property
    def counts_known(self) -> bool:
        """True when ``counts`` are worked out already (asking for them costs nothing)."""
        return self.source is None or self.source.known_counts() is not None

    @property
    def evaluator_name(self) -> str:
        """The name of the evaluator shown ('' for the consensus view)."""
        return next((e.name for e in self.evaluators if e.key == self.evaluator), "")

    @property
    def entered(self) -> int:
        """How many cells hold a value."""
        return self.counts.entered

    @property
    def moderated(self) -> int:
        """How many cells hold a score agreed in moderation."""
        return self.counts.moderated

    @property
    def open_disagreements(self) -> int:
        """How many cells have evaluators 3+ points apart and no agreed score yet."""
        return self.counts.open_disagreements


def judgement_criteria(evaluation: Evaluation) -> tuple[Criterion, ...]:
    """The judgement criteria grouped: groups in order of first appearance, then list order."""
    judged = [c for c in evaluation.criteria if c.kind is CriterionKind.JUDGEMENT]
    groups = {group: n for n, group in enumerate(dict.fromkeys(c.group for c in judged))}
    return tuple(sorted(judged, key=lambda c: groups[c.group]))


def scoring_grid(evaluation: Evaluation, evaluator: str = CONSENSUS,
                 consensus: ConsensusScores | None = None) -> ScoringGrid:
    """The grid of one evaluator's scores, or with ``CONSENSUS`` of the team's consensus.

    ``consensus`` is the team's table when the caller keeps one (the session does); else it
    is worked out here (for the consensus view only).
    """
    criteria = judgement_criteria(evaluation)
    if evaluator == CONSENSUS and consensus is None:
        consensus = consensus_scores(evaluation)
    source = _CellSource(evaluation, evaluator, criteria, consensus)
    return ScoringGrid(evaluator, evaluation.scale, criteria, evaluation.providers,
                       evaluation.evaluators, source)


def with_cells(grid: ScoringGrid, evaluation: Evaluation, keys: Iterable[tuple[str, str]],
               consensus: ConsensusScores | None = None) -> ScoringGrid:
    """``grid`` after an edit of ``evaluation`` that changed only the (criterion, provider)
    cells in ``keys``: those are read again, every other cell already worked out is kept."""
    old = grid.source
    if old is None:
        return grid
    wanted = {key for key in keys if old.has(*key)}
    if grid.evaluator == CONSENSUS and consensus is None:
        consensus = consensus_scores(evaluation)
    source = _CellSource(evaluation, grid.evaluator, grid.criteria, consensus,
                         old.known_cells(except_keys=wanted))
    counts = old.known_counts()
    if counts is not None:
        for key in wanted:
            before, after = old.cell(*key), source.cell(*key)
            assert before is not None and after is not None
            counts = counts - GridCounts.of(before) + GridCounts.of(after)
        source.set_counts(counts)
    return ScoringGrid(grid.evaluator, grid.scale, grid.criteria, evaluation.providers,
                       grid.evaluators, source)


class _CellSource:
    """The cells of one view of one evaluation state, each worked out when first asked for."""

    def __init__(self, evaluation: Evaluation, evaluator: str, criteria: tuple[Criterion, ...],
                 consensus: ConsensusScores | None,
                 known: dict[tuple[str, str], ScoreCell] | None = None) -> None:
        self._evaluation = evaluation
        self._evaluator = evaluator
        self._index = evaluation.score_index
        self._criteria = {c.key: c for c in criteria}
        self._providers = {p.key: p for p in evaluation.providers}
        self._row = {key: i for i, key in enumerate(self._index.providers)}
        self._column = {key: j for j, key in enumerate(self._index.criteria)}
        self._team = consensus if evaluator == CONSENSUS else None
        if self._team is not None:
            self._team_row = {key: i for i, key in enumerate(self._team.providers)}
            self._team_column = {key: j for j, key in enumerate(self._team.criteria)}
        self._own = (self._index.evaluators.index(evaluator)
                     if evaluator in self._index.evaluators else -1)
        self._cells: dict[tuple[str, str], ScoreCell] = dict(known or {})
        self._agreed: dict[tuple[str, str], Consensus] | None = None
        self._counts: GridCounts | None = None

    def has(self, criterion: str, provider: str) -> bool:
        """True when the grid has this cell."""
        return criterion in self._criteria and provider in self._providers

    def known_cells(self, except_keys: set[tuple[str, str]]) -> dict[tuple[str, str], ScoreCell]:
        """The cells worked out so far, but those of ``except_keys``."""
        return {key: cell for key, cell in self._cells.items() if key not in except_keys}

    def known_counts(self) -> GridCounts | None:
        """The counts if they were worked out already."""
        return self._counts

    def set_counts(self, counts: GridCounts) -> None:
        """Take counts worked out from the previous state's."""
        self._counts = counts

    def cell(self, criterion: str, provider: str) -> ScoreCell | None:
        """The cell of a criterion and provider (None when the grid has no such cell)."""
        key = (criterion, provider)
        found = self._cells.get(key)
        if found is None and self.has(criterion, provider):
            found = self._cells[key] = self._make(criterion, provider)
        return found

    def _make(self, criterion: str, provider: str) -> ScoreCell:
        index, scale = self._index, self._evaluation.scale
        evaluators = len(index.evaluators)
        start = (self._row[provider] * len(index.criteria) + self._column[criterion]) * evaluators
        positions = index.first[start:start + evaluators].tolist()
        every = self._evaluation.scores
        scores = tuple(every[p] for p in positions if p >= 0)
        spread = None
        if len(scores) >= 2:
            values = [s.value for s in scores]
            spread = scale.to_ten(max(values)) - scale.to_ten(min(values))
        moderated = self._agreed_scores().get((criterion, provider))
        if self._team is not None:
            raw = float(self._team.raw[self._team_row[provider], self._team_column[criterion]])
            value = None if np.isnan(raw) else raw
            rationale = moderated.rationale if moderated else ""
        else:
            own = every[positions[self._own]] if self._own >= 0 and positions[self._own] >= 0 \
                else None
            value = own.value if own else None
            rationale = own.rationale if own else ""
        return ScoreCell(self._criteria[criterion], self._providers[provider], self._evaluator,
                         value, rationale, scores, moderated, spread)

    def _agreed_scores(self) -> dict[tuple[str, str], Consensus]:
        if self._agreed is None:
            self._agreed = {(c.criterion, c.provider): c for c in self._evaluation.consensus}
        return self._agreed

    def counts(self) -> GridCounts:
        """Entered, agreed and disagreeing cells of the whole grid, from the index's columns
        (the same answers as adding up ``GridCounts.of`` over every cell)."""
        if self._counts is None:
            self._counts = self._count()
        return self._counts

    def _count(self) -> GridCounts:
        index, scale = self._index, self._evaluation.scale
        rows = np.array([self._row[p] for p in self._providers], dtype=np.int64)
        columns = np.array([self._column[c] for c in self._criteria], dtype=np.int64)
        if not rows.size or not columns.size:
            return GridCounts()
        shape = (len(index.providers), len(index.criteria), len(index.evaluators))
        first = index.first.reshape(shape)  # providers x criteria x team
        if not _every(rows, shape[0]):
            first = first[rows]
        if not _every(columns, shape[1]):  # (the criteria are ordered by group)
            first = first[:, columns]
        present = first >= 0
        on_ten = (index.value[np.maximum(first, 0)] - scale.min) / (scale.max - scale.min) * 10.0
        if shape[2]:
            spread = (np.where(present, on_ten, -np.inf).max(axis=2)
                      - np.where(present, on_ten, np.inf).min(axis=2))
        else:
            spread = np.zeros(first.shape[:2])
        differ = (present.sum(axis=2) >= 2) & (spread >= DISAGREEMENT_POINTS - _TOLERANCE)
        agreed = np.zeros(first.shape[:2], dtype=bool)
        row_of = {p: n for n, p in enumerate(self._providers)}
        column_of = {c: n for n, c in enumerate(self._criteria)}
        for key in self._agreed_scores():
            if key[0] in column_of and key[1] in row_of:
                agreed[row_of[key[1]], column_of[key[0]]] = True
        if self._team is not None:
            team_rows = [self._team_row[p] for p in self._providers]
            team_columns = [self._team_column[c] for c in self._criteria]
            entered = int(np.count_nonzero(
                ~np.isnan(self._team.raw[np.ix_(team_rows, team_columns)])))
        elif self._own >= 0:
            entered = int(np.count_nonzero(present[:, :, self._own]))
        else:
            entered = 0
        return GridCounts(entered, int(np.count_nonzero(agreed)),
                          int(np.count_nonzero(differ & ~agreed)))


def _every(positions: npt.NDArray[np.int64], count: int) -> bool:
    """True when ``positions`` are 0, 1, ... count - 1: indexing by them would copy for
    nothing."""
    return positions.size == count and bool(np.array_equal(positions, np.arange(count)))


def provider_alias(position: int) -> str:
    """The blind name of the provider at a position: 0 -> "Provider A", 26 -> "Provider AA"."""
    letters = ""
    number = position + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"Provider {letters}"
