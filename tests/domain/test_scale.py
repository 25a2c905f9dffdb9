"""Tender scale: the indexed and vectorised paths give what the plain per-score code gives.

Nothing here is timed (speed is in bench/scale.py); each test checks that a larger generated
evaluation comes out the same as a naive reference a reader can check line by line.
"""

from __future__ import annotations

import random
from dataclasses import replace

import numpy as np
import pytest

from bench.generate import random_evaluation
from slaselect.documents.bundled import load_demo
from slaselect.domain import robustness
from slaselect.domain.edits import BatchEdit, Edit, SetScore
from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import CriterionKind, Evaluation, Score
from slaselect.domain.ranking import Method, consensus_scores, rank, score_table
from slaselect.domain.robustness import monte_carlo
from slaselect.domain.scores import ScoreIndex, scores_per_evaluator, scores_per_provider


@pytest.fixture(scope="module")
def tender() -> Evaluation:
    return random_evaluation(60, 30, 5, seed=11)


def naive_consensus(evaluation: Evaluation) -> dict[tuple[str, str], float]:
    """Moderated score, else the evaluators' mean, per scored cell (evaluation scale)."""
    by_cell: dict[tuple[str, str], list[float]] = {}
    for score in evaluation.scores:
        by_cell.setdefault((score.provider, score.criterion), []).append(score.value)
    result = {cell: sum(values) / len(values) for cell, values in by_cell.items()}
    result.update({(c.provider, c.criterion): c.value for c in evaluation.consensus})
    return result


def test_consensus_and_ranking_equal_a_per_score_reference(tender: Evaluation) -> None:
    consensus = consensus_scores(tender)
    expected = naive_consensus(tender)
    for i, provider in enumerate(consensus.providers):
        for j, criterion in enumerate(consensus.criteria):
            assert consensus.raw[i, j] == pytest.approx(expected[(provider, criterion)])
    table = score_table(tender)
    weights = {c.key: c.weight for c in tender.criteria}
    ranking = rank(tender, Method.WSM)
    for result in ranking.results:
        i = [p.key for p in tender.providers].index(result.provider)
        total = 0.0
        for j, criterion in enumerate(tender.criteria):
            if criterion.kind is CriterionKind.JUDGEMENT:
                score = min(10.0, max(0.0, expected[(result.provider, criterion.key)]))
            else:
                score = float(table.scores[i, j])
            total += weights[criterion.key] * score
        assert result.score == pytest.approx(total / sum(weights.values()))
    eligible = [r for r in ranking.results if r.eligible]
    assert [r.score for r in eligible] == sorted((r.score for r in eligible), reverse=True)


def test_counts_per_provider_and_evaluator_equal_counting_by_hand(tender: Evaluation) -> None:
    dropped = replace(tender, scores=tender.scores[::3])
    for key, count in scores_per_provider(dropped).items():
        assert count == sum(1 for s in dropped.scores if s.provider == key)
    for key, count in scores_per_evaluator(dropped).items():
        assert count == sum(1 for s in dropped.scores if s.evaluator == key)


def test_terms_of_every_provider_in_one_pass_equal_one_at_a_time(tender: Evaluation) -> None:
    for round_number in (None, 1, 2, 0):
        together = tender.terms_as_of(round_number)
        for provider in tender.providers:
            number, terms = together[provider.key]
            assert terms == tender.terms_at(provider.key, round_number)
            numbers = [r.number for r in tender.rounds_of(provider.key)
                       if round_number is None or r.number <= round_number]
            assert number == (max(numbers) if numbers else None)


def _edits(evaluation: Evaluation, count: int, seed: int) -> list[SetScore]:
    """Changes, clears and new scores on distinct cells, as an imported sheet would make."""
    rng = random.Random(seed)
    cells = rng.sample(evaluation.scores, count)
    edits: list[SetScore] = []
    for n, score in enumerate(cells):
        if n % 5 == 4:
            edits.append(SetScore(score.provider, score.criterion, score.evaluator, None))
        else:
            edits.append(SetScore(score.provider, score.criterion, score.evaluator,
                                  float(rng.randint(0, 20)) / 2, "re-scored"))
    return edits


def _apply_one_by_one(evaluation: Evaluation, edits: list[SetScore]) -> tuple[Evaluation,
                                                                              list[Edit]]:
    inverses: list[Edit] = []
    for edit in edits:
        evaluation, inverse = edit.apply(evaluation)
        inverses.append(inverse)
    return evaluation, inverses


def test_a_batch_of_score_edits_equals_the_edits_one_by_one(tender: Evaluation) -> None:
    start = replace(tender, scores=tender.scores[40:])  # some cells are new to the batch
    edits = _edits(tender, 300, seed=2)
    one_by_one, inverses = _apply_one_by_one(start, edits)
    batched, undo = BatchEdit(tuple(edits)).apply(start)
    assert batched.scores == one_by_one.scores
    assert isinstance(undo, BatchEdit) and list(undo.edits) == inverses[::-1]
    restored, _ = undo.apply(batched)
    assert set(restored.scores) == set(start.scores)


def test_a_batch_editing_one_cell_twice_ends_with_the_last_value(tender: Evaluation) -> None:
    first = tender.scores[0]
    cell = (first.provider, first.criterion, first.evaluator)
    edits = (SetScore(*cell, 1.0), SetScore(*cell, None), SetScore(*cell, 7.5, "final"),
             SetScore(*cell, 8.0, "really final"), tender_edit(tender))
    one_by_one, _ = _apply_one_by_one(tender, list(edits))  # type: ignore[arg-type]
    batched, undo = BatchEdit(edits).apply(tender)
    assert set(batched.scores) == set(one_by_one.scores)
    assert Score(*cell, 8.0, "really final") in batched.scores
    restored, _ = undo.apply(batched)
    assert set(restored.scores) == set(tender.scores)


def tender_edit(evaluation: Evaluation) -> SetScore:
    other = evaluation.scores[-1]
    return SetScore(other.provider, other.criterion, other.evaluator, 0.5)


def test_a_refused_edit_in_a_batch_changes_nothing(tender: Evaluation) -> None:
    edits = (*_edits(tender, 10, seed=3), SetScore("p0", "c0", "e0", 99.0))
    with pytest.raises(EvaluationError, match="outside the scale"):
        BatchEdit(edits).apply(tender)
    with pytest.raises(EvaluationError, match="no provider"):
        BatchEdit((*edits[:3], SetScore("nobody", "c0", "e0", 1.0))).apply(tender)


def _same_index(carried: ScoreIndex, fresh: ScoreIndex) -> None:
    for column in ("provider", "criterion", "evaluator", "value", "first"):
        assert np.array_equal(getattr(carried, column), getattr(fresh, column)), column


def test_the_index_carried_by_score_edits_equals_a_fresh_one(tender: Evaluation) -> None:
    evaluation = replace(tender, scores=tender.scores[:-25])
    for edit in _edits(tender, 60, seed=4):
        evaluation, _ = edit.apply(evaluation)
        evaluation.score_index  # noqa: B018 - the index every next edit starts from
    fresh = ScoreIndex.of(replace(evaluation))
    _same_index(evaluation.score_index, fresh)
    np.testing.assert_allclose(consensus_scores(evaluation).raw,
                               consensus_scores(replace(evaluation)).raw, equal_nan=True)


def test_adding_a_score_and_undoing_it_leaves_every_state_s_index_true(
        tender: Evaluation) -> None:
    """An added score's undo removes the last score: the index after it shares the columns
    of the state before the undo, which must still read as it did."""
    missing = replace(tender, scores=tender.scores[:-1])
    cell = tender.scores[-1][:3]
    missing.score_index  # noqa: B018 - built, as the pages build it
    added, inverse = SetScore(*cell, 7.0).apply(missing)
    undone, _ = inverse.apply(added)
    again, _ = SetScore(*cell, 2.0).apply(undone)
    for state in (missing, added, undone, again):
        _same_index(state.score_index, ScoreIndex.of(replace(state)))
    assert added.score_index.position(*cell) == len(missing.scores)
    assert undone.score_index.position(*cell) is None
    assert again.score_index.value[-1] == 2.0 and added.score_index.value[-1] == 7.0


def test_a_duplicate_score_is_found_first_as_a_scan_would(tender: Evaluation) -> None:
    twice = replace(tender, scores=(*tender.scores, tender.scores[3]._replace(value=0.0)))
    assert twice.score_index.position(*tender.scores[3][:3]) == 3
    cleared, _ = SetScore(*tender.scores[3][:3], None).apply(twice)
    assert cleared.score_index.position(*tender.scores[3][:3]) == len(tender.scores) - 1
    _same_index(cleared.score_index, ScoreIndex.of(replace(cleared)))


# --------------------------------------------------------------------------- Monte Carlo


def reference_win_probability(evaluation: Evaluation, samples: int, seed: int) -> dict[str,
                                                                                       float]:
    """The sampling model written scenario by scenario: Dirichlet(50 x share) weights, every
    disputed unmoderated cell a flat-Dirichlet mean of its evaluators' 0-10 scores."""
    table = score_table(evaluation)
    rows = np.flatnonzero(table.eligible)
    keys = [table.providers[i].key for i in rows]
    shares = table.normalised_weights
    moderated = {(c.provider, c.criterion) for c in evaluation.consensus}
    columns = {c.key: j for j, c in enumerate(table.criteria)}
    by_cell: dict[tuple[int, int], list[float]] = {}
    for s in evaluation.scores:
        if s.provider in keys and (s.provider, s.criterion) not in moderated:
            by_cell.setdefault((keys.index(s.provider), columns[s.criterion]), []).append(
                evaluation.scale.to_ten(s.value))
    cells = [(cell, np.array(v)) for cell, v in by_cell.items() if max(v) > min(v)]
    rng = np.random.default_rng(seed)
    wins = np.zeros(len(keys))
    positive = shares > 0
    for _ in range(samples):
        weights = np.zeros_like(shares)
        weights[positive] = rng.dirichlet(50.0 * shares[positive])
        scores = table.scores[rows].copy()
        for (i, j), values in cells:
            scores[i, j] = rng.dirichlet(np.ones(values.size)) @ values
        totals = scores @ weights
        first = totals >= totals.max() - 1e-8
        wins += first / first.sum()
    return dict(zip(keys, (wins / samples).tolist(), strict=True))


def _close(ours: dict[str, float], reference: dict[str, float], samples: int) -> None:
    for key, p in reference.items():
        # Four standard errors of the difference of two independent estimates.
        error = 4 * np.sqrt(max(p * (1 - p), 1e-4) * 2 / samples)
        assert ours[key] == pytest.approx(p, abs=error), key


def test_win_probabilities_on_the_demo_equal_the_scenario_by_scenario_model() -> None:
    demo = load_demo()
    ours = monte_carlo(demo, score_table(demo), samples=4000, seed=5).win_probability
    _close(ours, reference_win_probability(demo, 4000, seed=6), 4000)


def test_the_normal_draw_of_large_evaluations_agrees_with_the_cell_by_cell_redraw(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    evaluation = random_evaluation(25, 40, 5, seed=8)
    table = score_table(evaluation)
    exact = monte_carlo(evaluation, table, samples=6000, seed=3)
    monkeypatch.setattr(robustness, "EXACT_DRAWS", 0)
    normal = monte_carlo(evaluation, table, samples=6000, seed=3)
    assert normal.win_probability != exact.win_probability  # really the other path
    _close(normal.win_probability, exact.win_probability, 6000)
    for key, distribution in normal.rank_distribution.items():
        assert np.abs(np.array(distribution) - exact.rank_distribution[key]).max() < 0.06
    assert normal == monte_carlo(evaluation, table, samples=6000, seed=3)  # same seed, same


def test_ranks_from_sorting_share_a_rank_when_tied() -> None:
    totals = np.array([[5.0, 7.0, 7.0, 1.0], [2.0, 2.0, 2.0, 2.0]])
    wins, counts = np.zeros(4), np.zeros(16)
    robustness._tally(totals, wins, counts)
    ranks = counts.reshape(4, 4)
    # Scenario 1: 7, 7 share rank 1, then 5 is 3rd, 1 is 4th; scenario 2: all share rank 1.
    assert ranks.tolist() == [[1, 0, 1, 0], [2, 0, 0, 0], [2, 0, 0, 0], [1, 0, 0, 1]]
    assert wins.tolist() == pytest.approx([0.25, 0.75, 0.75, 0.25])


def _tally_scenario_by_scenario(totals: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Wins and rank counts, one scenario at a time: best first; the providers within the
    tolerance of the best share the win; one within the tolerance of the one above it shares
    that one's rank (1, 2, 2, 4)."""
    count = totals.shape[1]
    wins, ranks = np.zeros(count), np.zeros((count, count))
    for scenario in totals.tolist():
        best = max(scenario)
        winners = [i for i, total in enumerate(scenario) if total >= best - 1e-8]
        for i in winners:
            wins[i] += 1 / len(winners)
        order = sorted(range(count), key=lambda i: -scenario[i])
        place = 0
        for position, i in enumerate(order):
            if position and scenario[order[position - 1]] - scenario[i] > 1e-8:
                place = position
            ranks[i, place] += 1
    return wins, ranks


@pytest.mark.parametrize("kind", ["spread", "whole points", "chains", "rounded and nudged"])
def test_wins_and_ranks_from_the_sorted_order_equal_scenario_by_scenario(kind: str) -> None:
    rng = np.random.default_rng(len(kind))
    shape = (400, 23)
    totals = {
        "spread": rng.normal(5, 1, shape),
        "whole points": rng.integers(0, 4, shape).astype(float),  # ties of two, three, more
        # steps of 0.6e-8: a chain of providers each level with the next, not with the best
        "chains": 5 + rng.integers(0, 6, shape) * 0.6e-8,
        "rounded and nudged": np.round(rng.normal(5, 1, shape), 1)
        + rng.integers(0, 2, shape) * 1e-9,
    }[kind]
    wins, counts = np.zeros(23), np.zeros(23 * 23)
    robustness._tally(totals, wins, counts)
    expected_wins, expected_ranks = _tally_scenario_by_scenario(totals)
    assert counts.reshape(23, 23).tolist() == expected_ranks.tolist()
    # Shares of a tied win add up scenario by scenario, in the same order: to the bit.
    assert wins.tolist() == expected_wins.tolist()


def test_a_batch_replacing_scores_carries_the_index_forward_as_a_fresh_build(
    tender: Evaluation,
) -> None:
    """The app's pages index the scores; a re-scored sheet keeps every cell, so the index
    after the import is the old one with new values, equal to one built from scratch."""
    tender.score_index  # noqa: B018 - built, as the pages build it
    edits = tuple(SetScore(s.provider, s.criterion, s.evaluator, 10 - s.value, "again")
                  for s in tender.scores[::3])
    batched, _ = BatchEdit(edits).apply(tender)
    carried = vars(batched)["score_index"]
    _same_index(carried, ScoreIndex.of(replace(batched)))
    with pytest.raises(ValueError, match="read-only"):
        carried.value[0] = 1.0


def test_a_batch_on_an_unindexed_evaluation_builds_no_index(tender: Evaluation) -> None:
    """The command-line import never needs the index: finding its scores must not build it."""
    fresh = replace(tender)
    edits = tuple(SetScore(s.provider, s.criterion, s.evaluator, 1.0) for s in fresh.scores[:9])
    batched, _ = BatchEdit(edits).apply(fresh)
    assert "score_index" not in vars(fresh) and "score_index" not in vars(batched)
    assert [s.value for s in batched.scores[:9]] == [1.0] * 9
