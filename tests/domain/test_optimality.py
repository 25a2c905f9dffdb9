"""Who can rank first at all (CONTRACT 6 potentially_optimal): hand cases and brute force."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from slaselect.domain.optimality import (
    TIE_POINTS,
    _solve,
    potential_optimality,
    potentially_optimal,
)
from tests.domain.test_analysis import hand_table


def test_gamma_is_dominated_by_nobody_and_still_cannot_win() -> None:
    # Weights 1 and 1; at shares x and 1 - x the better of Alpha and Beta scores
    # max(10x, 10 - 10x) >= 5, and Gamma always scores 4.9.
    table = hand_table([[10, 0], [0, 10], [4.9, 4.9]], [1, 1])
    alpha, beta, gamma = potential_optimality(table)
    assert potentially_optimal(table) == ("p0", "p1")
    assert alpha.can_lead_alone and beta.can_lead_alone
    assert not gamma.can_rank_first and gamma.weights is None
    assert gamma.margin == pytest.approx(-0.1)


def test_at_exactly_half_gamma_shares_first_place_but_never_leads() -> None:
    table = hand_table([[10, 0], [0, 10], [5, 5]], [1, 1])
    gamma = potential_optimality(table)[2]
    assert gamma.can_rank_first and gamma.only_ties
    assert gamma.weights == pytest.approx({"c0": 0.5, "c1": 0.5})


def test_a_provider_equal_to_the_best_on_its_strong_criterion_can_only_tie() -> None:
    # Alpha is no better than Bravo anywhere: it can share first place (all weight on c0)
    # but never lead alone.
    alpha, bravo = potential_optimality(hand_table([[10, 0], [10, 5]], [1, 1]))
    assert alpha.only_ties and alpha.weights == {"c0": 1.0, "c1": 0.0}
    assert bravo.can_lead_alone


def test_ineligible_providers_neither_compete_nor_appear() -> None:
    table = hand_table([[10, 0], [0, 10], [4.9, 4.9]], [1, 1], eligible=[True, False, True])
    assert potentially_optimal(table) == ("p0", "p2")


def _brute_force(scores: np.ndarray, steps: int) -> tuple[set[int], set[int]]:
    """Who is first (ties allowed) and who leads alone at some point of a simplex grid."""
    count, width = scores.shape
    first: set[int] = set()
    alone: set[int] = set()
    for corner in itertools.product(range(steps + 1), repeat=width - 1):
        if sum(corner) > steps:
            continue
        weights = np.array([*corner, steps - sum(corner)], dtype=float) / steps
        totals = scores @ weights
        top = totals.max()
        at_top = np.flatnonzero(totals >= top - TIE_POINTS)
        first.update(at_top.tolist())
        if at_top.size == 1:
            alone.add(int(at_top[0]))
    return first, alone


@pytest.mark.parametrize("seed", range(12))
def test_matches_a_brute_force_sweep_of_the_weight_simplex(seed: int) -> None:
    rng = np.random.default_rng(seed)
    count, width = int(rng.integers(3, 9)), int(rng.integers(2, 4))
    # Scores in whole points: ties at grid weightings are exact, so sharing is tested too.
    scores = rng.integers(0, 11, size=(count, width)).astype(float)
    table = hand_table(scores.tolist(), [1.0] * width)
    result = potential_optimality(table)
    first, alone = _brute_force(scores, 60 if width == 3 else 600)
    found = {i for i, o in enumerate(result) if o.can_rank_first}
    # Everything the grid finds first, the programme finds; and whatever the programme
    # finds beyond the grid, its weighting really puts first.
    assert first <= found
    for i in found - first:
        weights = np.array(list(result[i].weights.values()))  # type: ignore[union-attr]
        assert (scores @ weights).max() - scores[i] @ weights <= TIE_POINTS
    assert alone <= {i for i, o in enumerate(result) if o.can_lead_alone}
    for i, outcome in enumerate(result):
        if not outcome.can_rank_first:
            assert i not in first


@pytest.mark.parametrize("seed", range(6))
def test_certificates_hold_on_larger_random_tables(seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    common = rng.normal(6, 1, (60, 1))
    scores = np.clip(common + rng.normal(0, 1, (60, 12)), 0, 10)
    table = hand_table(scores.tolist(), [1.0] * 12)
    result = potential_optimality(table)
    samples = rng.dirichlet(np.ones(12), 20_000)
    winners = set(np.argmax(scores @ samples.T, axis=0).tolist())
    for i, outcome in enumerate(result):
        if outcome.can_rank_first:
            weights = np.array(list(outcome.weights.values()))  # type: ignore[union-attr]
            assert weights.sum() == pytest.approx(1.0) and (weights >= 0).all()
            assert (scores @ weights).max() - scores[i] @ weights <= TIE_POINTS
        else:
            assert i not in winners
    assert any(not o.can_rank_first for o in result)


@pytest.mark.parametrize("seed", range(3))
def test_a_programme_for_every_provider_gives_the_same_verdicts(seed: int) -> None:
    # 150 providers, 20 criteria, each score the mean of five evaluators' whole points: the
    # corners and sampled weightings leave dozens undecided, most of which the learned
    # weighting then shows leading alone or the learned mix of rivals rules out.
    rng = np.random.default_rng(seed)
    scores = rng.integers(0, 11, size=(150, 20, 5)).mean(axis=2)
    table = hand_table(scores.tolist(), [1.0] * 20)
    result = potential_optimality(table)
    everyone = np.arange(150)
    for k, outcome in enumerate(result):
        lead, weights = _solve(scores, k, None, everyone)  # every rival a constraint
        assert weights is not None
        assert outcome.can_rank_first == (lead >= -TIE_POINTS), k
        assert outcome.can_lead_alone == (lead > TIE_POINTS), k
        if outcome.can_rank_first:  # a lead it was found to have, at most the best one
            assert outcome.margin <= lead + TIE_POINTS
        else:  # a shortfall proven by a mix of rivals, at most the true one
            assert lead - TIE_POINTS <= outcome.margin < -TIE_POINTS
    assert sum(o.can_rank_first for o in result) < 150 and any(o.can_lead_alone for o in result)


# --------------------------------------------------------------------------- in words


def test_the_demo_says_every_provider_can_rank_first_and_lists_them() -> None:
    from slaselect.documents.bundled import load_demo
    from slaselect.domain.analysis import analyse

    analysis = analyse(load_demo(), samples=200)
    assert analysis.optimality_sentences() == (
        "Every eligible provider ranks first under some weighting of these criteria.",)
    assert analysis.to_dict()["potentially_optimal"] == [
        "aurelgate", "marrowfield", "pelican", "tidemark"]
    assert not any("cannot rank first" in s for s in analysis.summary())


def test_gamma_is_named_as_unable_to_rank_first_though_nobody_dominates_it() -> None:
    from slaselect.domain.optimality import optimality_sentences

    table = hand_table([[10, 0], [0, 10], [4.9, 4.9]], [1, 1])
    names = {"p0": "Alpha", "p1": "Beta", "p2": "Gamma"}
    assert optimality_sentences(potential_optimality(table), names) == (
        "Gamma cannot rank first under any weighting of these criteria, although no other "
        "provider is at least as good on every criterion.",)


def test_a_provider_that_can_only_tie_is_named_as_such() -> None:
    from slaselect.domain.optimality import optimality_sentences

    table = hand_table([[10, 0], [0, 10], [5, 5]], [1, 1])
    names = {"p0": "Alpha", "p1": "Beta", "p2": "Gamma"}
    assert optimality_sentences(potential_optimality(table), names) == (
        "Gamma can at best share first place: no weighting of these criteria puts it ahead "
        "alone.",)


def test_gamma_in_a_full_analysis_reaches_the_summary_and_the_json() -> None:
    from slaselect.domain.analysis import analyse
    from slaselect.domain.model import (
        Consensus,
        Criterion,
        CriterionKind,
        Evaluation,
        Evaluator,
        Provider,
    )

    rows = {"alpha": (10.0, 0.0), "beta": (0.0, 10.0), "gamma": (4.9, 4.9)}
    evaluation = Evaluation(
        name="Counter-example",
        criteria=(Criterion("one", "One", "", 1.0, CriterionKind.JUDGEMENT),
                  Criterion("two", "Two", "", 1.0, CriterionKind.JUDGEMENT)),
        providers=tuple(Provider(k, k.title()) for k in rows),
        evaluators=(Evaluator("e", "E"),),
        consensus=tuple(Consensus(k, c, v) for k, pair in rows.items()
                        for c, v in zip(("one", "two"), pair, strict=True)),
    )
    analysis = analyse(evaluation, samples=200)
    assert analysis.to_dict()["potentially_optimal"] == ["alpha", "beta"]
    assert analysis.to_dict()["dominated"] == []
    assert analysis.summary()[-1] == (
        "Gamma cannot rank first under any weighting of these criteria, although no other "
        "provider is at least as good on every criterion.")
    assert not any("No eligible provider is dominated" in s
                   for s in analysis.summary() + analysis.optimality_sentences())
