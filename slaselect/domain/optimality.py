"""Who can rank first at all: potential optimality over every weighting (CONTRACT 6).

A provider is **potentially optimal** when some weighting of the criteria (non-negative shares
summing to 1, criterion scores fixed) ranks it first, ties allowed. Not being dominated is
not enough: with two criteria of equal weight, Alpha (10, 0), Beta (0, 10) and Gamma
(4.9, 4.9) are dominated by nobody, yet Gamma's total never reaches the better of the other
two (at shares x and 1 − x, max(10x, 10 − 10x) ≥ 5 > 4.9).

For provider k the question is a small linear programme over the weight simplex:
maximise t such that (s_k − s_i)·w ≥ t for every other eligible provider i, Σw = 1, w ≥ 0.
The best lead t* > 0 means k can lead alone, t* = 0 that it can at best share first place,
t* < 0 that it cannot rank first whatever the weights. It is solved with HiGHS (scipy).

Ties: totals within ``TIE_POINTS`` (10⁻⁸ of a point on the 0–10 scale, as the ranking counts
ties of totals up to 10) count as equal. Every "can rank first" verdict carries the
weighting that shows it, checked again with plain arithmetic.

Speed: a provider that is first on its own at a corner of the simplex (all weight on one
criterion) or at one of a batch of sampled weightings needs no programme. For the others a
few hundred rounds of a learning weighting against its best-answering rival settle most
cases without one too: the weighting, checked against every provider, shows it leading
alone, or the mix of rivals it met proves that it cannot rank first. Only the close calls left
are solved (scipy is imported then), with constraints only for the rivals that matter, added
as they are found violated (any weighting's leader is itself potentially optimal, so few are
needed). A verdict never depends on which of these settles it; ``margin`` is the lead found
(or the shortfall proven), the programme's optimum only where one was solved.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from slaselect.domain.ranking import ScoreTable

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.intp]

TIE_POINTS = 1e-8
"""Totals (0-10) closer than this count as a tie."""
_SAMPLED_WEIGHTINGS = 256
_MAX_ROUNDS = 50
_LEARNING_ROUNDS = 300
_LEARNING_RATE = 0.05
_CHECK_EVERY = 25
_FOCUS = (0.5, 1.0, 2.0, 4.0, 8.0, 16.0)


@dataclass(frozen=True)
class Optimality:
    """Whether an eligible provider can rank first under some weighting of the criteria.

    ``margin`` is its lead over the strongest other eligible provider at ``weights``, in
    points of the 0-10 total (the best achievable where a programme was solved); negative, a
    shortfall it cannot close whatever the weights (at least this large).
    ``weights`` (criterion key -> share, summing to 1) is a weighting at which it ranks first
    when it can, None when it cannot.
    """

    provider: str
    can_rank_first: bool
    can_lead_alone: bool
    margin: float
    weights: dict[str, float] | None

    @property
    def only_ties(self) -> bool:
        """It can at best share first place: no weighting puts it ahead alone."""
        return self.can_rank_first and not self.can_lead_alone


def potential_optimality(table: ScoreTable) -> tuple[Optimality, ...]:
    """Per eligible provider (table order): can some weighting rank it first?"""
    rows = np.flatnonzero(table.eligible)
    keys = [table.providers[i].key for i in rows]
    criteria = [c.key for c in table.criteria]
    scores = np.asarray(table.scores[rows], dtype=np.float64)
    count, width = scores.shape
    if count == 0:
        return ()
    if width == 0 or count == 1:
        # No criteria: every total is 0 and all tie; a lone provider leads alone.
        shares = {key: 1.0 / width for key in criteria} if width else {}
        return tuple(Optimality(k, True, count == 1, 0.0, shares) for k in keys)

    best_margin = np.full(count, -np.inf)
    best_weights: list[FloatArray | None] = [None] * count
    _screen(scores, best_margin, best_weights)
    leaders = np.flatnonzero(best_margin > TIE_POINTS)
    undecided = np.flatnonzero(best_margin <= TIE_POINTS)
    ceiling = np.full(count, np.inf)  # an upper bound on each best lead
    if undecided.size and leaders.size:
        ceiling[undecided] = _learn(scores, undecided, leaders, best_margin, best_weights)
    results: list[Optimality] = []
    for k in range(count):
        margin, weights = float(best_margin[k]), best_weights[k]
        if margin <= TIE_POINTS and ceiling[k] >= -TIE_POINTS:
            solved, solved_weights = _solve(scores, k, weights, leaders)
            if solved_weights is not None and solved > margin:
                margin, weights = solved, solved_weights
        elif ceiling[k] < -TIE_POINTS:
            margin, weights = float(ceiling[k]), None
        can_rank_first = margin >= -TIE_POINTS and weights is not None
        results.append(Optimality(
            provider=keys[k],
            can_rank_first=can_rank_first,
            can_lead_alone=margin > TIE_POINTS,
            margin=margin,
            weights=(dict(zip(criteria, weights.tolist(), strict=True))
                     if can_rank_first and weights is not None else None),
        ))
    return tuple(results)


def potentially_optimal(table: ScoreTable) -> tuple[str, ...]:
    """The CONTRACT 6 ``potentially_optimal`` list: eligible providers that can rank first."""
    return tuple(o.provider for o in potential_optimality(table) if o.can_rank_first)


def _lead(scores: FloatArray, k: int, weights: FloatArray) -> float:
    """k's total minus the best other total at these weights (shares summing to 1)."""
    totals = scores @ weights
    others = np.delete(totals, k)
    return float(totals[k] - others.max())


def _screen(scores: FloatArray, best_margin: FloatArray,
            best_weights: list[FloatArray | None]) -> None:
    """Leads at the corners of the simplex, its centre and sampled weightings, per provider."""
    count, width = scores.shape
    rng = np.random.default_rng(20240607)  # fixed: the screen must not change the answer
    trial = np.vstack([np.eye(width), np.full((1, width), 1.0 / width),
                       rng.dirichlet(np.full(width, 0.5), size=_SAMPLED_WEIGHTINGS)])
    totals = scores @ trial.T  # providers x weightings
    order = np.argsort(-totals, axis=0)
    first, second = order[0], order[1]
    columns = np.arange(trial.shape[0])
    leads = totals[first, columns] - totals[second, columns]
    for column in np.argsort(-leads).tolist():
        k = int(first[column])
        if leads[column] > best_margin[k]:
            best_margin[k] = leads[column]
            best_weights[k] = trial[column]
    # Per provider, weight the criteria where it comes closest to (or beats) its best rival:
    # a sharper or softer focus finds most providers' winning weightings without a programme.
    top_two = np.sort(scores, axis=0)[-2:]  # second best and best per criterion
    best_other = np.where(scores >= top_two[1], top_two[0], top_two[1])
    edge = scores - best_other  # > 0 where the provider is first on the criterion
    rows = np.arange(count)
    for sharpness in _FOCUS:
        focus = np.exp(sharpness * (edge - edge.max(axis=1, keepdims=True)))
        focus /= focus.sum(axis=1, keepdims=True)
        totals = scores @ focus.T  # [i, k]: provider i's total at provider k's weighting
        own = totals[rows, rows]
        totals[rows, rows] = -np.inf
        leads = own - totals.max(axis=0)
        better = leads > best_margin
        best_margin[better] = leads[better]
        for k in np.flatnonzero(better).tolist():
            best_weights[k] = focus[k]


def _learn(scores: FloatArray, undecided: IntArray, leaders: IntArray,
           best_margin: FloatArray, best_weights: list[FloatArray | None]) -> FloatArray:
    """For each undecided provider, an upper bound on its best lead (negative: it cannot win),
    and where found a weighting at which it leads alone (into ``best_margin``/``best_weights``).

    Any mix λ of rivals bounds the lead: at every weighting, k's lead over the best rival is
    at most its lead over the mix, which is at most max_j (s_k − λS)_j. The mixes come from a
    few hundred rounds of a weighting that learns where k is strong (multiplicative weights)
    against the leader that answers it best; that learned weighting is itself checked against
    every provider. A cheap proof either way for the clear cases, so only close calls need a
    linear programme.
    """
    own = scores[undecided]
    rivals = scores[leaders]
    width = own.shape[1]
    ceiling = np.full(undecided.size, np.inf)
    open_rows = np.arange(undecided.size)
    learned = np.zeros((undecided.size, width))
    answers = np.zeros((undecided.size, leaders.size))
    for step in range(1, _LEARNING_ROUNDS + 1):
        mine = own[open_rows]
        focus = np.exp(learned - learned.max(axis=1, keepdims=True))
        focus /= focus.sum(axis=1, keepdims=True)
        best = np.argmax(focus @ rivals.T, axis=1)
        answers[np.arange(open_rows.size), best] += 1.0
        learned += _LEARNING_RATE * (mine - rivals[best])
        if step % _CHECK_EVERY == 0 or step == _LEARNING_ROUNDS:
            mix = answers / answers.sum(axis=1, keepdims=True)
            bound = (mine - mix @ rivals).max(axis=1)
            ceiling[open_rows] = np.minimum(ceiling[open_rows], bound)
            leads = _leads(scores, undecided[open_rows], focus)
            found = leads > TIE_POINTS  # it leads alone at this weighting: proven
            for n in np.flatnonzero(found).tolist():
                k = int(undecided[open_rows[n]])
                best_margin[k], best_weights[k] = leads[n], focus[n]
            still = (bound >= -TIE_POINTS) & ~found  # proven rows need no more rounds
            if not still.any():
                break
            open_rows, learned, answers = open_rows[still], learned[still], answers[still]
    return ceiling


def _leads(scores: FloatArray, providers: IntArray, weightings: FloatArray) -> FloatArray:
    """Each provider's total minus the best other total, at its own row of ``weightings``."""
    totals = weightings @ scores.T  # [n, i]: provider i's total at the n-th weighting
    rows = np.arange(providers.size)
    own = totals[rows, providers]
    totals[rows, providers] = -np.inf
    return np.asarray(own - totals.max(axis=1), dtype=np.float64)


def _solve(
    scores: FloatArray, k: int, start_weights: FloatArray | None, leaders: IntArray
) -> tuple[float, FloatArray | None]:
    """The best lead of provider k over every other, and a weighting achieving it.

    Constraints are generated lazily: start with the providers known to lead somewhere (the
    leader at any weighting is one of the potentially optimal, so they are the rivals that
    matter) and the strongest at ``start_weights``; solve; add every rival that beats k by
    more than the programme allowed at the solution's weights; repeat until none does.
    """
    # scipy.optimize takes half a second to import: only a close call (rare) pays for it
    from scipy.optimize import linprog

    width = scores.shape[1]
    start = start_weights if start_weights is not None else np.full(width, 1.0 / width)
    totals = scores @ start
    totals[k] = -np.inf
    active = set(leaders.tolist()) - {k}
    active.add(int(np.argmax(totals)))
    objective = np.zeros(width + 1)
    objective[-1] = -1.0  # maximise t
    equality = np.ones((1, width + 1))
    equality[0, -1] = 0.0
    bounds = [(0.0, 1.0)] * width + [(-10.0 - 1.0, 10.0 + 1.0)]
    for _ in range(_MAX_ROUNDS):
        chosen = np.array(sorted(active))
        differences = scores[k] - scores[chosen]
        upper = np.hstack([-differences, np.ones((len(chosen), 1))])  # t - d·w <= 0
        solution = linprog(objective, A_ub=upper, b_ub=np.zeros(len(chosen)),
                           A_eq=equality, b_eq=np.ones(1), bounds=bounds, method="highs")
        if solution.status != 0 or solution.x is None:
            return -np.inf, None
        weights = np.clip(np.asarray(solution.x[:width], dtype=np.float64), 0.0, None)
        total = float(weights.sum())
        if total <= 0.0:
            return -np.inf, None
        weights /= total
        gaps = scores[k] @ weights - scores @ weights
        gaps[k] = np.inf
        violated = set(np.flatnonzero(gaps < float(solution.x[-1]) - TIE_POINTS).tolist())
        if not violated - active:
            return float(gaps.min()), weights
        active |= violated
    gaps = scores[k] @ weights - scores @ weights
    gaps[k] = np.inf
    return float(gaps.min()), weights


# --------------------------------------------------------------------------- in words

_MAX_NAMED = 5


def optimality_sentences(
    results: tuple[Optimality, ...],
    names: Mapping[str, str],
    dominated_by: Mapping[str, str] | None = None,
) -> tuple[str, ...]:
    """Who can rank first under some weighting, worded only from ``results``.

    ``dominated_by`` (provider -> a provider at least as good on every criterion and better on
    one) adds the reason where there is such a provider. One sentence per provider that cannot
    rank first or can only share first place (at most five, then a count); when every eligible
    provider can lead alone somewhere, one sentence saying so. Empty for a lone provider.
    """
    if len(results) < 2:
        return ()
    beaten = dominated_by or {}
    sentences: list[str] = []
    cannot = [o for o in results if not o.can_rank_first]
    for outcome in cannot[:_MAX_NAMED]:
        name = names.get(outcome.provider, outcome.provider)
        by = beaten.get(outcome.provider)
        if by is not None:
            reason = (f": {names.get(by, by)} is at least as good on every criterion and "
                      "better on at least one")
        else:
            reason = ", although no other provider is at least as good on every criterion"
        sentences.append(
            f"{name} cannot rank first under any weighting of these criteria{reason}.")
    if len(cannot) > _MAX_NAMED:
        more = len(cannot) - _MAX_NAMED
        sentences.append(f"… and {more} more eligible provider{'s' if more != 1 else ''} "
                         "cannot rank first under any weighting of these criteria.")
    shared = [o for o in results if o.only_ties]
    for outcome in shared[:_MAX_NAMED]:
        name = names.get(outcome.provider, outcome.provider)
        sentences.append(f"{name} can at best share first place: no weighting of these "
                         "criteria puts it ahead alone.")
    if len(shared) > _MAX_NAMED:
        more = len(shared) - _MAX_NAMED
        sentences.append(f"… and {more} more can at best share first place.")
    if not sentences:
        sentences.append("Every eligible provider ranks first under some weighting of these "
                         "criteria.")
    return tuple(sentences)
