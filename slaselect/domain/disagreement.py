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
from dataclasses import dataclass

import numpy as np

from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import Evaluation
from slaselect.domain.ranking import ConsensusScores, consensus_scores

DEFAULT_THRESHOLD = 3.0
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
    by_cell: dict[tuple[str, str], list[float]] = {}
    for score in evaluation.scores:
        by_cell.setdefault((score.provider, score.criterion), []).append(
            evaluation.scale.to_ten(score.value)
        )
    provider_index = {key: i for i, key in enumerate(consensus.providers)}
    criterion_index = {key: j for j, key in enumerate(consensus.criteria)}
    spreads: list[ScoreSpread] = []
    for provider in consensus.providers:
        for criterion in consensus.criteria:
            values = by_cell.get((provider, criterion), [])
            if len(values) < 2:
                continue
            moderated = bool(
                consensus.moderated[provider_index[provider], criterion_index[criterion]]
            )
            spreads.append(ScoreSpread(
                provider=provider,
                criterion=criterion,
                range=max(values) - min(values),
                std=float(np.std(values)),
                evaluators=len(values),
                lowest=min(values),
                highest=max(values),
                moderated=moderated,
            ))
    return tuple(spreads)


def disagreements(
    evaluation: Evaluation,
    threshold: float = DEFAULT_THRESHOLD,
    consensus: ConsensusScores | None = None,
) -> tuple[ScoreSpread, ...]:
    """Cells whose range is at least ``threshold`` points on 0-10, widest first.

    Raises EvaluationError when the threshold is outside 0-10.
    """
    check_threshold(threshold)
    flagged = [s for s in score_spreads(evaluation, consensus)
               if s.range >= threshold - _RANGE_TOLERANCE]
    return tuple(sorted(flagged, key=lambda s: -s.range))


def calibration(
    evaluation: Evaluation, consensus: ConsensusScores | None = None
) -> tuple[EvaluatorCalibration, ...]:
    """Per evaluator (team order) the mean offset from the consensus; none for non-scorers."""
    consensus = consensus or consensus_scores(evaluation)
    provider_index = {key: i for i, key in enumerate(consensus.providers)}
    criterion_index = {key: j for j, key in enumerate(consensus.criteria)}
    offsets: dict[str, list[float]] = {}
    for score in evaluation.scores:
        i = provider_index.get(score.provider)
        j = criterion_index.get(score.criterion)
        if i is None or j is None or math.isnan(consensus.on_ten[i, j]):
            continue
        offset = evaluation.scale.to_ten(score.value) - float(consensus.on_ten[i, j])
        offsets.setdefault(score.evaluator, []).append(offset)
    result = []
    for evaluator in evaluation.evaluators:
        values = offsets.get(evaluator.key)
        if not values:
            continue
        result.append(EvaluatorCalibration(
            evaluator=evaluator.key,
            name=evaluator.name,
            scores=len(values),
            mean_offset=float(np.mean(values)),
            mean_absolute_offset=float(np.mean(np.abs(values))),
        ))
    return tuple(result)
