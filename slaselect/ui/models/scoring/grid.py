"""What each cell of the scoring grid shows, gathered from the evaluation (no Qt).

``scoring_grid`` builds every cell of one view; ``with_cells`` reads again only the cells an
edit touched.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field

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
    """Every evaluator's score of this cell, in no particular order."""
    consensus: Consensus | None
    spread_on_ten: float | None

    @property
    def is_consensus(self) -> bool:
        """True for a cell of the "All evaluators (consensus)" view."""
        return self.evaluator == CONSENSUS

    @property
    def disagreement(self) -> bool:
        """True when the evaluators' scores span 3 points or more on the 0-10 scale."""
        return self.spread_on_ten is not None and self.spread_on_ten >= DISAGREEMENT_POINTS - 1e-9

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
class ScoringGrid:
    """Every cell of the grid for one view (an evaluator's scores or the consensus)."""

    evaluator: str
    scale: Scale
    criteria: tuple[Criterion, ...] = ()
    providers: tuple[Provider, ...] = ()
    evaluators: tuple[Evaluator, ...] = ()
    cells: dict[tuple[str, str], ScoreCell] = field(default_factory=dict)

    def cell(self, criterion: str, provider: str) -> ScoreCell:
        """The cell of a criterion (row) and provider (column); KeyError when absent."""
        return self.cells[(criterion, provider)]

    @property
    def evaluator_name(self) -> str:
        """The name of the evaluator shown ('' for the consensus view)."""
        return next((e.name for e in self.evaluators if e.key == self.evaluator), "")

    @property
    def entered(self) -> int:
        """How many cells hold a value."""
        return sum(1 for cell in self.cells.values() if cell.value is not None)

    @property
    def moderated(self) -> int:
        """How many cells hold a score agreed in moderation."""
        return sum(1 for cell in self.cells.values() if cell.moderated)

    @property
    def open_disagreements(self) -> int:
        """How many cells have evaluators 3+ points apart and no agreed score yet."""
        return sum(1 for c in self.cells.values() if c.disagreement and not c.moderated)


def judgement_criteria(evaluation: Evaluation) -> tuple[Criterion, ...]:
    """The judgement criteria grouped: groups in order of first appearance, then list order."""
    judged = [c for c in evaluation.criteria if c.kind is CriterionKind.JUDGEMENT]
    groups = list(dict.fromkeys(c.group for c in judged))
    return tuple(sorted(judged, key=lambda c: groups.index(c.group)))


def scoring_grid(evaluation: Evaluation, evaluator: str = CONSENSUS,
                 consensus: ConsensusScores | None = None) -> ScoringGrid:
    """The grid of one evaluator's scores, or with ``CONSENSUS`` of the team's consensus.

    ``consensus`` is the team's table when the caller keeps one (the session does); else it
    is worked out here.
    """
    criteria = judgement_criteria(evaluation)
    by_cell: dict[tuple[str, str], list[Score]] = {}
    for score in evaluation.scores:
        by_cell.setdefault((score.criterion, score.provider), []).append(score)
    agreed = {(c.criterion, c.provider): c for c in evaluation.consensus}
    team = _team_values(evaluation, evaluator, consensus)
    cells: dict[tuple[str, str], ScoreCell] = {}
    for criterion in criteria:
        for provider in evaluation.providers:
            key = (criterion.key, provider.key)
            cells[key] = _cell(evaluation.scale, criterion, provider, evaluator,
                               tuple(by_cell.get(key, ())), agreed.get(key), team)
    return ScoringGrid(evaluator, evaluation.scale, criteria, evaluation.providers,
                       evaluation.evaluators, cells)


def with_cells(grid: ScoringGrid, evaluation: Evaluation, keys: Iterable[tuple[str, str]],
               consensus: ConsensusScores | None = None) -> ScoringGrid:
    """``grid`` with only the (criterion, provider) cells in ``keys`` read again from
    ``evaluation``: what one score edit needs, without rebuilding every cell."""
    wanted = {key for key in keys if key in grid.cells}
    if not wanted:
        return grid
    criteria = {c.key: c for c in grid.criteria}
    providers = {p.key: p for p in evaluation.providers}
    by_cell: dict[tuple[str, str], list[Score]] = {key: [] for key in wanted}
    for score in evaluation.scores:
        found = by_cell.get((score.criterion, score.provider))
        if found is not None:
            found.append(score)
    agreed = {(c.criterion, c.provider): c for c in evaluation.consensus
              if (c.criterion, c.provider) in wanted}
    team = _team_values(evaluation, grid.evaluator, consensus)
    cells = dict(grid.cells)
    for key in wanted:
        cells[key] = _cell(grid.scale, criteria[key[0]], providers[key[1]], grid.evaluator,
                           tuple(by_cell[key]), agreed.get(key), team)
    return ScoringGrid(grid.evaluator, grid.scale, grid.criteria, grid.providers,
                       grid.evaluators, cells)


class _TeamValues:
    """The consensus score per (criterion, provider), looked up without scanning keys."""

    def __init__(self, table: ConsensusScores) -> None:
        self._raw = table.raw.tolist()  # providers x judgement criteria, NaN where unscored
        self._rows = {key: i for i, key in enumerate(table.providers)}
        self._columns = {key: j for j, key in enumerate(table.criteria)}

    def value(self, criterion: str, provider: str) -> float | None:
        """The consensus score on the evaluation scale, None when unscored."""
        raw = self._raw[self._rows[provider]][self._columns[criterion]]
        return None if math.isnan(raw) else float(raw)


def _team_values(evaluation: Evaluation, evaluator: str,
                 consensus: ConsensusScores | None) -> _TeamValues | None:
    """The consensus table when the consensus view is shown (None for one evaluator's view)."""
    if evaluator != CONSENSUS:
        return None
    return _TeamValues(consensus if consensus is not None else consensus_scores(evaluation))


def _cell(scale: Scale, criterion: Criterion, provider: Provider, evaluator: str,
          scores: tuple[Score, ...], moderated: Consensus | None,
          team: _TeamValues | None) -> ScoreCell:
    spread = None
    if len(scores) >= 2:
        values = [s.value for s in scores]
        spread = scale.to_ten(max(values)) - scale.to_ten(min(values))
    if team is not None:
        value = team.value(criterion.key, provider.key)
        rationale = moderated.rationale if moderated else ""
    else:
        own = next((s for s in scores if s.evaluator == evaluator), None)
        value = own.value if own else None
        rationale = own.rationale if own else ""
    return ScoreCell(criterion, provider, evaluator, value, rationale, scores, moderated, spread)


def provider_alias(position: int) -> str:
    """The blind name of the provider at a position: 0 -> "Provider A", 26 -> "Provider AA"."""
    letters = ""
    number = position + 1
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return f"Provider {letters}"
