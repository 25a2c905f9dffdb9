"""Consensus, gate, weighted sum (WSM) and TOPSIS: who ranks where, and why (CONTRACT 4).

The work is split so that every step can be shown to a buyer: ``consensus_scores`` gives the
moderated judgement scores, ``score_table`` the 0-10 criterion score of every provider with
eligibility and reasons, and ``rank`` the ordered result of one method.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import repeat
from typing import Any

import numpy as np
import numpy.typing as npt

from slaselect.domain.figures import provider_figures
from slaselect.domain.gate import min_score_failure, must_have_failure
from slaselect.domain.model import Criterion, CriterionKind, Evaluation, Provider, Scale
from slaselect.domain.ranking_method import Method as Method  # its home; imported from here too
from slaselect.domain.values import price_scores, term_score

FloatArray = npt.NDArray[np.float64]
TIE_TOLERANCE = 1e-9


@dataclass(frozen=True)
class MissingScore:
    """A judgement criterion nobody has scored for a provider (counted as 0)."""

    provider: str
    criterion: str


@dataclass(frozen=True)
class ConsensusScores:
    """Judgement scores per provider x judgement criterion, NaN where missing.

    ``raw`` is on the evaluation scale (what the gate compares with ``min_score``);
    ``on_ten`` is the same rescaled to 0-10 (what the totals use).
    """

    providers: tuple[str, ...]
    criteria: tuple[str, ...]
    raw: FloatArray
    on_ten: FloatArray
    sums: FloatArray  # evaluators' scores added up per cell
    counts: FloatArray  # how many evaluators scored each cell
    moderated: npt.NDArray[np.bool_]  # cells whose value the team agreed in moderation
    scale: Scale

    def raw_value(self, provider: str, criterion: str) -> float | None:
        """The consensus score on the evaluation scale, None when missing."""
        value = self.raw[self.providers.index(provider), self.criteria.index(criterion)]
        return None if np.isnan(value) else float(value)

    def after_score_change(
        self, provider: str, criterion: str, old: float | None, new: float | None
    ) -> ConsensusScores:
        """The same table after one evaluator's score went from ``old`` to ``new``.

        Updates one cell instead of recomputing every score: what keeps the app responsive
        while a score is typed into a large evaluation.
        """
        i, j = self.providers.index(provider), self.criteria.index(criterion)
        sums, counts = self.sums.copy(), self.counts.copy()
        sums[i, j] += (new or 0.0) - (old or 0.0)
        counts[i, j] += (new is not None) - (old is not None)
        return self._with_cell(i, j, sums, counts, self.moderated, None)

    def after_consensus_change(
        self, provider: str, criterion: str, value: float | None
    ) -> ConsensusScores:
        """The same table after the moderated score of one cell was set (or cleared: None)."""
        i, j = self.providers.index(provider), self.criteria.index(criterion)
        moderated = self.moderated.copy()
        moderated[i, j] = value is not None
        return self._with_cell(i, j, self.sums, self.counts, moderated, value)

    def _with_cell(self, i: int, j: int, sums: FloatArray, counts: FloatArray,
                   moderated: npt.NDArray[np.bool_], agreed: float | None) -> ConsensusScores:
        raw = self.raw.copy()
        if agreed is not None:
            raw[i, j] = agreed
        elif not moderated[i, j]:
            raw[i, j] = sums[i, j] / counts[i, j] if counts[i, j] > 0 else np.nan
        on_ten = self.on_ten.copy()
        on_ten[i, j] = self.scale.to_ten(raw[i, j])
        return ConsensusScores(self.providers, self.criteria, raw, on_ten, sums, counts,
                               moderated, self.scale)


@dataclass(frozen=True)
class ScoreTable:
    """Every provider's 0-10 score on every criterion, with the gate's verdict."""

    providers: tuple[Provider, ...]
    criteria: tuple[Criterion, ...]
    scores: FloatArray  # providers x criteria, 0-10, missing counted as 0
    weights: FloatArray  # relative points as entered
    eligible: npt.NDArray[np.bool_]
    reasons: tuple[tuple[str, ...], ...]
    missing: tuple[MissingScore, ...]
    terms_part: TermsPart | None = None

    @property
    def normalised_weights(self) -> FloatArray:
        """Weights scaled to sum to 1 (all zero when every weight is zero)."""
        total = float(self.weights.sum())
        return self.weights / total if total > 0 else np.zeros_like(self.weights)


@dataclass(frozen=True)
class ProviderResult:
    """One line of the ranking."""

    provider: str
    name: str
    rank: int | None
    score: float | None
    eligible: bool
    reasons: tuple[str, ...]
    criteria: dict[str, float]


@dataclass(frozen=True)
class Ranking:
    """The ranking by one method: eligible providers best first, then the ineligible."""

    method: Method
    complete: bool
    missing: tuple[MissingScore, ...]
    results: tuple[ProviderResult, ...]

    def to_dict(self) -> dict[str, Any]:
        """The ranking in the shape of ``slaselect rank --json`` (CONTRACT 4.4)."""
        return {
            "method": self.method.value,
            "complete": self.complete,
            "missing": [{"provider": m.provider, "criterion": m.criterion} for m in self.missing],
            "ranking": [
                {
                    "provider": r.provider,
                    "name": r.name,
                    "rank": r.rank,
                    "score": r.score,
                    "eligible": r.eligible,
                    "reasons": list(r.reasons),
                    "criteria": r.criteria,
                }
                for r in self.results
            ],
        }


def consensus_scores(evaluation: Evaluation) -> ConsensusScores:
    """Moderated score if set, else the evaluators' mean, per provider x judgement criterion."""
    providers = tuple(p.key for p in evaluation.providers)
    criteria = tuple(c.key for c in evaluation.criteria if c.kind is CriterionKind.JUDGEMENT)
    criterion_index = {key: j for j, key in enumerate(criteria)}
    sums = np.zeros((len(providers), len(criteria)))
    counts = np.zeros((len(providers), len(criteria)))
    if evaluation.scores:
        index = evaluation.score_index  # built once per state and shared with the analysis
        # Score codes follow the evaluation's providers; criterion codes map to judgement
        # columns (code -1, an unknown key, reads the last slot and is skipped).
        column_of = np.array([criterion_index.get(key, -1) for key in index.criteria] + [-1],
                             dtype=np.int64)
        rows, cols = index.provider, column_of[index.criterion]
        known = (rows >= 0) & (cols >= 0)
        flat = rows[known] * len(criteria) + cols[known]
        size = len(providers) * len(criteria)
        sums = np.asarray(
            np.bincount(flat, weights=index.value[known], minlength=size), dtype=np.float64
        ).reshape(sums.shape)
        counts = np.bincount(flat, minlength=size).reshape(counts.shape).astype(np.float64)
    return _consensus_from(evaluation, providers, criteria, sums, counts)


def consensus_from_totals(evaluation: Evaluation, totals: CellTotals) -> ConsensusScores:
    """``consensus_scores`` of an evaluation whose scores were summed per cell elsewhere (the
    store does it in columns, without a ``Score`` per row); ``evaluation.scores`` is not
    read. Sums made in each cell's saved order give the very same table."""
    providers = tuple(p.key for p in evaluation.providers)
    criteria = tuple(c.key for c in evaluation.criteria if c.kind is CriterionKind.JUDGEMENT)
    row_of = {key: i for i, key in enumerate(providers)}
    column_of = {key: j for j, key in enumerate(criteria)}
    size = len(providers) * len(criteria)
    rows = np.fromiter(map(row_of.get, totals.providers, repeat(-1)), dtype=np.int64,
                       count=len(totals.providers))
    columns = np.fromiter(map(column_of.get, totals.criteria, repeat(-1)), dtype=np.int64,
                          count=len(totals.criteria))
    known = (rows >= 0) & (columns >= 0)  # a score of a term criterion has no column
    flat = rows[known] * len(criteria) + columns[known]
    sums = np.zeros(size)
    counts = np.zeros(size)
    sums[flat] = totals.sums[known]
    counts[flat] = totals.counts[known]
    shape = (len(providers), len(criteria))
    return _consensus_from(evaluation, providers, criteria, sums.reshape(shape),
                           counts.reshape(shape))


@dataclass(frozen=True)
class CellTotals:
    """The evaluators' scores added up per scored (provider, criterion) cell, each cell's
    scores in the order they are saved: ``sums[n]`` and ``counts[n]`` belong to
    ``providers[n]`` and ``criteria[n]``."""

    providers: tuple[str, ...]
    criteria: tuple[str, ...]
    sums: FloatArray
    counts: FloatArray


def _consensus_from(evaluation: Evaluation, providers: tuple[str, ...],
                    criteria: tuple[str, ...], sums: FloatArray,
                    counts: FloatArray) -> ConsensusScores:
    provider_index = {key: i for i, key in enumerate(providers)}
    criterion_index = {key: j for j, key in enumerate(criteria)}
    with np.errstate(invalid="ignore", divide="ignore"):
        raw = np.where(counts > 0, sums / np.where(counts > 0, counts, 1.0), np.nan)
    moderated = np.zeros(raw.shape, dtype=bool)
    for agreed in evaluation.consensus:
        i = provider_index.get(agreed.provider)
        j = criterion_index.get(agreed.criterion)
        if i is not None and j is not None:
            raw[i, j] = agreed.value
            moderated[i, j] = True
    scale = evaluation.scale
    on_ten = (raw - scale.min) / (scale.max - scale.min) * 10.0
    return ConsensusScores(providers, criteria, raw, on_ten, sums, counts, moderated, scale)


@dataclass(frozen=True)
class TermsPart:
    """What the score table takes from the terms alone (not from evaluators' scores).

    Kept with the table so that an edit of a score reuses it instead of re-scoring every
    term and working out every figure again; ``inputs`` are the objects it was made from.
    """

    inputs: tuple[object, ...]
    gate_reasons: tuple[tuple[str, ...], ...]
    term_columns: dict[int, FloatArray]
    figures: tuple[dict[str, Any], ...]


def _terms_inputs(evaluation: Evaluation) -> tuple[object, ...]:
    return (evaluation.terms, evaluation.rounds, evaluation.scenario, evaluation.criteria,
            evaluation.providers, evaluation.currency, evaluation.horizon_months)


def _terms_part(evaluation: Evaluation) -> TermsPart:
    providers = evaluation.providers
    current = evaluation.current_terms()
    terms = {t.key: t for t in evaluation.terms}
    reasons: list[list[str]] = [[] for _ in providers]
    # Gate: the team's exclusions, then must-have terms in catalogue order.
    for i, provider in enumerate(providers):
        if provider.excluded:
            reasons[i].append(f"Excluded by the evaluation team: {provider.excluded}")
        values = current.get(provider.key, {})
        for term in evaluation.terms:
            failure = must_have_failure(term, values.get(term.key), evaluation.currency)
            if failure:
                reasons[i].append(failure)
    columns: dict[int, FloatArray] = {}
    by_term: dict[str, FloatArray] = {}  # criteria scoring the same term share one column
    for j, criterion in enumerate(evaluation.criteria):
        scored_term = terms.get(criterion.term or "")
        if criterion.kind is CriterionKind.TERM and scored_term is not None:
            if scored_term.key not in by_term:
                by_term[scored_term.key] = np.array([
                    term_score(scored_term, current.get(p.key, {}).get(scored_term.key),
                               evaluation.scenario)
                    for p in providers
                ], dtype=np.float64)
            columns[j] = by_term[scored_term.key]
    figures: tuple[dict[str, Any], ...] = ()
    if any(c.kind is CriterionKind.PRICE for c in evaluation.criteria):
        figures = tuple(
            provider_figures(current.get(p.key, {}), evaluation.scenario,
                             evaluation.horizon_months)
            for p in providers
        )
    return TermsPart(_terms_inputs(evaluation), tuple(tuple(r) for r in reasons), columns,
                     figures)


def score_table(
    evaluation: Evaluation,
    consensus: ConsensusScores | None = None,
    previous: ScoreTable | None = None,
) -> ScoreTable:
    """Criterion scores 0-10 for every provider, eligibility, reasons and missing scores.

    ``consensus`` may be passed when already known for this evaluation. ``previous`` (a
    table of an earlier state) lets the terms part be reused when the terms, rounds,
    scenario, criteria and providers are the very same objects.
    """
    providers = evaluation.providers
    criteria = evaluation.criteria
    if consensus is None:
        consensus = consensus_scores(evaluation)
    reusable = previous is not None and previous.terms_part is not None and all(
        a is b for a, b in zip(previous.terms_part.inputs, _terms_inputs(evaluation),
                                strict=True)
    )
    part = previous.terms_part if reusable and previous else None
    if part is None:
        part = _terms_part(evaluation)
    scores = np.zeros((len(providers), len(criteria)))
    reasons: list[list[str]] = [list(r) for r in part.gate_reasons]

    missing: list[MissingScore] = []
    judgement_column = {key: j for j, key in enumerate(consensus.criteria)}
    price_columns: list[int] = []
    for j, criterion in enumerate(criteria):
        if criterion.kind is CriterionKind.JUDGEMENT:
            column = judgement_column[criterion.key]
            on_ten = consensus.on_ten[:, column]
            scores[:, j] = np.clip(np.nan_to_num(on_ten, nan=0.0), 0.0, 10.0)
            raw = consensus.raw[:, column]
            missing.extend(MissingScore(providers[i].key, criterion.key)
                           for i in np.flatnonzero(np.isnan(raw)).tolist())
            if criterion.min_score is not None:
                with np.errstate(invalid="ignore"):
                    below = np.flatnonzero(raw < criterion.min_score).tolist()
                for i in below:
                    failure = min_score_failure(criterion, float(raw[i]))
                    if failure:
                        reasons[i].append(failure)
        elif criterion.kind is CriterionKind.TERM:
            if j in part.term_columns:
                scores[:, j] = part.term_columns[j]
        else:
            price_columns.append(j)

    eligible = np.array([not r for r in reasons], dtype=bool)
    if price_columns:
        eligible_keys = {p.key for p, ok in zip(providers, eligible, strict=True) if ok}
        for j in price_columns:
            criterion = criteria[j]
            by_provider = {
                p.key: part.figures[i].get(criterion.figure) for i, p in enumerate(providers)
            }
            priced = price_scores(criterion, by_provider, eligible_keys)
            scores[:, j] = [priced[p.key] for p in providers]

    return ScoreTable(
        providers=providers,
        criteria=criteria,
        scores=scores,
        weights=np.array([c.weight for c in criteria], dtype=np.float64),
        eligible=eligible,
        reasons=tuple(tuple(r) for r in reasons),
        missing=tuple(missing),
        terms_part=part,
    )


def wsm_totals(scores: FloatArray, weights: FloatArray) -> FloatArray:
    """Weighted sum Σ w_j s_j / Σ w_j per row (0-10); all 0 when every weight is 0."""
    total_weight = float(weights.sum())
    if total_weight <= 0.0:
        return np.zeros(scores.shape[0])
    return np.asarray(scores @ weights / total_weight, dtype=np.float64)


def topsis_closeness(scores: FloatArray, weights: FloatArray) -> FloatArray:
    """TOPSIS closeness C = D⁻/(D⁺+D⁻) per row (Hwang & Yoon), all criteria benefit.

    Vector normalisation per column (0 where a column is all 0), weights normalised to sum 1;
    a row equally far from both ideals because all rows are alike scores 1.
    """
    if scores.shape[0] == 0:
        return np.zeros(0)
    norms = np.sqrt((scores**2).sum(axis=0))
    normalised = np.divide(scores, norms, out=np.zeros_like(scores), where=norms > 0)
    total_weight = float(weights.sum())
    shares = weights / total_weight if total_weight > 0 else np.zeros_like(weights)
    weighted = normalised * shares
    ideal = weighted.max(axis=0)
    anti_ideal = weighted.min(axis=0)
    d_plus = np.sqrt(((weighted - ideal) ** 2).sum(axis=1))
    d_minus = np.sqrt(((weighted - anti_ideal) ** 2).sum(axis=1))
    spread = d_plus + d_minus
    closeness: FloatArray = np.divide(
        d_minus, spread, out=np.ones_like(d_minus), where=spread > 0
    )
    return closeness


def competition_ranks(scores: list[float]) -> list[int]:
    """Ranks for scores already sorted best first; ties share the lower rank (1, 2, 2, 4)."""
    ranks: list[int] = []
    for position, score in enumerate(scores):
        if position and _tied(score, scores[position - 1]):
            ranks.append(ranks[-1])
        else:
            ranks.append(position + 1)
    return ranks


def _tied(a: float, b: float) -> bool:
    return abs(a - b) <= TIE_TOLERANCE * max(1.0, abs(a), abs(b))


def rank(evaluation: Evaluation, method: Method | str = Method.WSM) -> Ranking:
    """Rank the providers by WSM or TOPSIS (CONTRACT 4.4)."""
    return rank_table(score_table(evaluation), Method(method))


def rank_table(table: ScoreTable, method: Method) -> Ranking:
    """Rank an already computed score table."""
    providers = table.providers
    eligible_rows = np.flatnonzero(table.eligible)
    totals: list[float | None] = [None] * len(providers)
    if method is Method.WSM:
        for i, total in enumerate(wsm_totals(table.scores, table.weights)):
            totals[i] = float(total)
    else:
        closeness = topsis_closeness(table.scores[eligible_rows], table.weights)
        for row, value in zip(eligible_rows.tolist(), closeness.tolist(), strict=True):
            totals[row] = float(value)

    def order_key(i: int) -> tuple[float, str, str]:
        total = totals[i]
        return (-(total if total is not None else -np.inf), providers[i].name.casefold(),
                providers[i].key)

    def name_key(i: int) -> tuple[str, str]:
        return providers[i].name.casefold(), providers[i].key

    eligible_order = _sorted_with_ties(
        sorted(eligible_rows.tolist(), key=order_key), totals, name_key
    )
    ineligible_order = sorted(np.flatnonzero(~table.eligible).tolist(), key=order_key)
    ranks = competition_ranks([totals[i] or 0.0 for i in eligible_order])

    results: list[ProviderResult] = []
    keys = [c.key for c in table.criteria]
    for position, i in enumerate(eligible_order + ineligible_order):
        results.append(
            ProviderResult(
                provider=providers[i].key,
                name=providers[i].name,
                rank=ranks[position] if position < len(eligible_order) else None,
                score=totals[i],
                eligible=bool(table.eligible[i]),
                reasons=table.reasons[i],
                criteria=dict(zip(keys, table.scores[i].tolist(), strict=True)),
            )
        )
    return Ranking(method, not table.missing, table.missing, tuple(results))


def _sorted_with_ties(
    order: list[int], totals: list[float | None], name_key: Callable[[int], tuple[str, str]]
) -> list[int]:
    """Re-sort runs of tied providers (equal within float noise) by name, as the contract lists."""
    result: list[int] = []
    run: list[int] = []
    for i in order:
        if run and not _tied(totals[i] or 0.0, totals[run[0]] or 0.0):
            result.extend(sorted(run, key=name_key))
            run = []
        run.append(i)
    result.extend(sorted(run, key=name_key))
    return result
