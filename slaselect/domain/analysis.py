"""Decision analysis of the WSM ranking: how sure are we, and what would change it (CONTRACT 6).

``analyse`` gathers the parts, each in its own module so it can be read and tested alone:

- ``sensitivity``: per criterion, the share of weight over which the winner stays first,
  tipping points as sentences, and data for a rank-versus-weight chart;
- ``robustness``: Monte Carlo win probabilities and rank distributions;
- ``disagreement``: evaluator spread per provider x criterion, and evaluator calibration;
- ``cross_checks``: dominated providers, and whether TOPSIS agrees with the WSM.

``Analysis.to_dict`` is the ``slaselect analyse --json`` document; ``Analysis.summary`` the
few sentences a buyer reads first.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from slaselect.domain.cross_checks import (
    Domination,
    MethodAgreement,
    dominated,
    method_agreement,
    topsis_difference,
)
from slaselect.domain.disagreement import (
    DEFAULT_THRESHOLD,
    EvaluatorCalibration,
    ScoreSpread,
    calibration,
    check_threshold,
    disagreements,
)
from slaselect.domain.errors import Cancelled, EvaluationError
from slaselect.domain.model import Evaluation
from slaselect.domain.optimality import Optimality, optimality_sentences, potential_optimality
from slaselect.domain.ranking import (
    Method,
    Ranking,
    ScoreTable,
    consensus_scores,
    rank_table,
    score_table,
)
from slaselect.domain.robustness import (
    DEFAULT_CONCENTRATION,
    DEFAULT_SAMPLES,
    DEFAULT_SEED,
    MonteCarloResult,
    check_settings,
    monte_carlo,
)
from slaselect.domain.sensitivity import (
    TippingPoint,
    WeightInterval,
    stability_intervals,
    tipping_points,
)
from slaselect.domain.weight_extremes import EndTies, end_ties, no_tipping_point_sentence
from slaselect.domain.wording import format_number, ordinal


@dataclass(frozen=True)
class Analysis:
    """Everything ``analyse`` found, with the names needed to say it in words."""

    evaluation_name: str
    winner: str
    ranking: Ranking  # by WSM
    table: ScoreTable
    stability: tuple[WeightInterval, ...]
    tipping_points: tuple[TippingPoint, ...]
    monte_carlo: MonteCarloResult
    threshold: float
    disagreement: tuple[ScoreSpread, ...]
    calibration: tuple[EvaluatorCalibration, ...]
    dominated: tuple[Domination, ...]
    method_agreement: MethodAgreement
    provider_names: Mapping[str, str]
    criterion_names: Mapping[str, str]
    optimality: tuple[Optimality, ...] = ()
    """Per eligible provider: can some weighting rank it first (CONTRACT 6)?"""
    end_ties: Mapping[str, EndTies] | None = None
    """Per criterion: rivals level with the winner at 0 % and 100 % of its weight."""

    @property
    def potentially_optimal(self) -> tuple[str, ...]:
        """The eligible providers some weighting ranks first (ties allowed)."""
        return tuple(o.provider for o in self.optimality if o.can_rank_first)

    def optimality_sentences(self) -> tuple[str, ...]:
        """Who can and cannot rank first under some weighting, one sentence each."""
        first_by: dict[str, str] = {}
        for pair in self.dominated:
            first_by.setdefault(pair.provider, pair.by)
        return optimality_sentences(self.optimality, self.provider_names, first_by)

    @property
    def eligible(self) -> tuple[str, ...]:
        """The eligible providers, best first."""
        return tuple(r.provider for r in self.ranking.results if r.eligible)

    @property
    def ineligible(self) -> tuple[str, ...]:
        """The providers the gate left out of the analysis."""
        return tuple(r.provider for r in self.ranking.results if not r.eligible)

    def summary(self) -> tuple[str, ...]:
        """Three to six sentences a buyer reads first (see ``summary_sentences``)."""
        return summary_sentences(self)

    def warnings(self) -> tuple[str, ...]:
        """What weakens the analysis or the decision, one sentence each (may be empty)."""
        return analysis_warnings(self)

    def to_dict(self) -> dict[str, Any]:
        """The ``slaselect analyse --json`` document (CONTRACT 6, with added keys)."""
        return {
            "winner": self.winner,
            "stability": [s.to_dict() for s in self.stability],
            "tipping_points": [t.sentence for t in self.tipping_points],
            "monte_carlo": self.monte_carlo.to_dict(),
            "disagreement": [d.to_dict() for d in self.disagreement],
            "dominated": [d.to_dict() for d in self.dominated],
            "potentially_optimal": list(self.potentially_optimal),
            "method_agreement": self.method_agreement.to_dict(),
            "disagreement_threshold": self.threshold,
            "calibration": [c.to_dict() for c in self.calibration],
            "summary": list(self.summary()),
            "warnings": list(self.warnings()),
        }


def analyse(
    evaluation: Evaluation,
    samples: int = DEFAULT_SAMPLES,
    seed: int = DEFAULT_SEED,
    concentration: float = DEFAULT_CONCENTRATION,
    threshold: float = DEFAULT_THRESHOLD,
    table: ScoreTable | None = None,
    *,
    cancelled: Callable[[], bool] | None = None,
    progress: Callable[[float], None] | None = None,
) -> Analysis:
    """Sensitivity, robustness, disagreement and cross-checks of the WSM winner.

    ``table`` may pass the evaluation's score table when already known. ``cancelled`` is
    asked between the stages and between Monte Carlo blocks: once it says True the analysis
    stops with ``Cancelled`` (a newer edit made it stale); ``progress`` hears the share done.
    Raises EvaluationError for bad settings, when there are no weighted criteria or when no
    provider is eligible.
    """
    check_settings(samples, seed, concentration)
    check_threshold(threshold)
    if not evaluation.providers:
        raise EvaluationError("there are no providers yet, so there is no winner to analyse")
    if not evaluation.criteria:
        raise EvaluationError("there are no criteria yet, so there is no ranking to analyse")

    def checkpoint(done: float) -> None:
        if cancelled is not None and cancelled():
            raise Cancelled("the analysis is no longer wanted")
        if progress is not None:
            progress(done)

    checkpoint(0.0)
    consensus = consensus_scores(evaluation)
    table = table if table is not None else score_table(evaluation, consensus)
    if float(table.weights.sum()) <= 0.0:
        raise EvaluationError("every criterion weighs 0, so there is no ranking to analyse")
    if not table.eligible.any():
        raise EvaluationError("no provider is eligible, so there is no winner to analyse")
    ranking = rank_table(table, Method.WSM)
    eligible = tuple(r.provider for r in ranking.results if r.eligible)
    winner = eligible[0]
    stability = stability_intervals(table, winner)
    agreement = method_agreement(table, ranking)
    assert agreement is not None  # there is an eligible provider
    checkpoint(0.1)
    # Monte Carlo is most of the work: it reports between its blocks as 10-80 %
    carlo = monte_carlo(evaluation, table, samples, seed, concentration, eligible, consensus,
                        checkpoint=lambda share: checkpoint(0.1 + 0.7 * share))
    checkpoint(0.8)
    disagreement = disagreements(evaluation, threshold, consensus)
    calibrated = calibration(evaluation, consensus)
    checkpoint(0.85)
    optimality = potential_optimality(table)
    checkpoint(0.95)
    result = Analysis(
        evaluation_name=evaluation.name,
        winner=winner,
        ranking=ranking,
        table=table,
        stability=stability,
        tipping_points=tipping_points(table, stability, winner),
        monte_carlo=carlo,
        threshold=float(threshold),
        disagreement=disagreement,
        calibration=calibrated,
        dominated=dominated(table),
        method_agreement=agreement,
        provider_names={p.key: p.name for p in evaluation.providers},
        criterion_names={c.key: c.name for c in evaluation.criteria},
        optimality=optimality,
        end_ties=end_ties(table, winner),
    )
    checkpoint(1.0)
    return result


# --------------------------------------------------------------------------- in words


def probability_words(probability: float) -> str:
    """A probability as a whole percentage that never rounds to a false 0 % or 100 %."""
    if probability <= 0.0:
        return "0 %"
    if probability >= 1.0:
        return "100 %"
    if probability < 0.005:
        return "under 1 %"
    if probability >= 0.995:
        return "over 99 %"
    return f"{round(probability * 100)} %"


def summary_sentences(analysis: Analysis) -> tuple[str, ...]:
    """The analysis in three to six sentences: lead, robustness, tipping point, method check,
    disagreement and, when there is one, a provider no weighting can put first alone."""
    names = analysis.provider_names
    winner = names[analysis.winner]
    results = [r for r in analysis.ranking.results if r.eligible]
    if len(results) == 1:
        return (
            f"{winner} is the only eligible provider, so it is the choice whatever the "
            "weights.",
            _disagreement_sentence(analysis),
        )
    sentences = [_lead_sentence(analysis), _robustness_sentence(analysis)]
    if analysis.tipping_points:
        sentences.append(f"Nearest tipping point: {analysis.tipping_points[0].sentence}")
    else:
        sentences.append(no_tipping_point_sentence(
            analysis.stability, analysis.end_ties or {}, analysis.provider_names,
            analysis.criterion_names))
    sentences.append(_method_sentence(analysis))
    sentences.append(_disagreement_sentence(analysis))
    # Only what the exact check proves: who cannot rank first (or only ties) whatever the
    # weights; nothing when every provider can lead somewhere.
    if any(not o.can_lead_alone for o in analysis.optimality):
        sentences.append(analysis.optimality_sentences()[0])
    return tuple(sentences)


def _lead_sentence(analysis: Analysis) -> str:
    names = analysis.provider_names
    first, second = [r for r in analysis.ranking.results if r.eligible][:2]
    score = format_number(first.score or 0.0, 2)
    if first.rank == second.rank:
        return (
            f"{names[first.provider]} and {names[second.provider]} share first place with "
            f"{score} of 10; the analysis follows {names[first.provider]}, listed first by name."
        )
    lead = (first.score or 0.0) - (second.score or 0.0)
    return (
        f"{names[first.provider]} leads the weighted ranking with {score} of 10, "
        f"{lead:.2f} points ahead of {names[second.provider]}."
    )


def _robustness_sentence(analysis: Analysis) -> str:
    carlo = analysis.monte_carlo
    names = analysis.provider_names
    chance = carlo.win_probability
    winner = analysis.winner
    rivals = sorted((k for k in chance if k != winner), key=lambda k: -chance[k])
    best_rival = rivals[0]
    scenarios = (
        f"{carlo.samples:,} scenario{'s' if carlo.samples != 1 else ''} in which the weights "
        "and the evaluators' scores vary within their uncertainty"
    )
    if chance[winner] >= chance[best_rival]:
        rest = (
            f"; the next most frequent winner, {names[best_rival]}, wins in "
            f"{probability_words(chance[best_rival])}"
            if chance[best_rival] > 0 else "; no other provider wins any"
        )
        return f"It wins in {probability_words(chance[winner])} of {scenarios}{rest}."
    return (
        f"Yet it wins in only {probability_words(chance[winner])} of {scenarios}, less often "
        f"than {names[best_rival]} ({probability_words(chance[best_rival])}): its lead is "
        "fragile."
    )


def _method_sentence(analysis: Analysis) -> str:
    agreement = analysis.method_agreement
    names = analysis.provider_names
    if agreement.same_winner:
        correlation = (
            f" (rank correlation {agreement.spearman:.2f})" if agreement.spearman is not None
            else ""
        )
        return (
            f"TOPSIS, a second ranking method, also puts {names[agreement.wsm_winner]} "
            f"first{correlation}."
        )
    correlation = (
        f" (rank correlation {agreement.spearman:.2f})" if agreement.spearman is not None
        else ""
    )
    return (
        f"TOPSIS, a second ranking method, puts {names[agreement.topsis_winner]} first and "
        f"{names[agreement.wsm_winner]} {ordinal(agreement.topsis_rank_of_wsm_winner)}"
        f"{correlation}, so the choice depends on the method."
    )


def _disagreement_sentence(analysis: Analysis) -> str:
    points = format_number(analysis.threshold, 1)
    flagged = analysis.disagreement
    if not flagged:
        return f"No score split the evaluators by {points} points or more."
    count = len(flagged)
    cells = f"{count} score{'s' if count != 1 else ''}"
    open_cells = [d for d in flagged if not d.moderated]
    if not open_cells:
        settled = "it was" if count == 1 else f"all {count} were"
        return (
            f"Evaluators differed by {points} points or more on {cells}; {settled} settled in "
            "moderation."
        )
    examples = ", ".join(
        f"{analysis.provider_names[d.provider]} on {analysis.criterion_names[d.criterion]}"
        for d in open_cells[:2]
    )
    more = " among others" if len(open_cells) > 2 else ""
    verb = "needs" if len(open_cells) == 1 else "need"
    return (
        f"Evaluators differed by {points} points or more on {cells}; {len(open_cells)} still "
        f"{verb} a moderated score ({examples}{more})."
    )


def analysis_warnings(analysis: Analysis) -> tuple[str, ...]:
    """Missing scores, a single eligible provider and a method disagreement, in words."""
    warnings: list[str] = []
    missing = len(analysis.ranking.missing)
    if missing:
        warnings.append(
            f"{missing} judgement score{'s are' if missing != 1 else ' is'} missing and "
            f"count{'' if missing != 1 else 's'} as 0, so the analysis rests on an incomplete "
            "ranking."
        )
    if len(analysis.eligible) == 1:
        warnings.append(
            "Only one provider is eligible, so there is no one to compare it with."
        )
    difference = (None if analysis.method_agreement.same_winner
                  else topsis_difference(analysis.table, analysis.ranking))
    if difference is not None:
        warnings.append(
            f"The two ranking methods disagree: TOPSIS puts {difference.rival} first and "
            f"{difference.leader} {difference.place}; {difference.reason}."
        )
    return tuple(warnings)


