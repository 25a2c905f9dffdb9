"""Analysis parts reworked for tenders equal the plain rules they replace: weight-sweep
ranks from sorting each column (1 + how many providers score clearly higher, ties within the
tolerance shared), and dominated providers found by narrowing the pairs criterion by
criterion (every pair compared)."""

from __future__ import annotations

import numpy as np
import pytest

from bench.generate import random_evaluation
from slaselect.domain import cross_checks
from slaselect.domain.cross_checks import _EQUAL, dominated
from slaselect.domain.ranking import consensus_scores, score_table
from slaselect.domain.sensitivity import _TIE_TOLERANCE, competition_ranks_by_column


def _all_pairs(totals: np.ndarray) -> np.ndarray:
    ahead = totals[None, :, :] > totals[:, None, :] + _TIE_TOLERANCE
    return np.asarray(ahead.sum(axis=1) + 1, dtype=np.int64)


@pytest.mark.parametrize("shape", [(1, 3), (2, 1), (9, 5), (300, 51)])
def test_ranks_by_sorting_equal_comparing_every_pair(shape: tuple[int, int]) -> None:
    rng = np.random.default_rng(sum(shape))
    totals = np.round(rng.random(shape) * 10, 1)  # many exact ties
    totals[-1] = totals[0] + _TIE_TOLERANCE / 2  # a tie within the tolerance
    assert np.array_equal(competition_ranks_by_column(totals), _all_pairs(totals))


def test_tied_providers_share_a_rank_and_the_next_one_skips() -> None:
    totals = np.array([[8.0], [9.0], [9.0], [7.0]])
    assert competition_ranks_by_column(totals).ravel().tolist() == [3, 1, 1, 4]


@pytest.mark.parametrize("pairs", [1_000_000, 300])  # one block, or a block of 4 providers
def test_dominated_pairs_narrowed_by_criterion_equal_comparing_every_pair(
    pairs: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cross_checks, "_PAIRS", pairs)
    evaluation = random_evaluation(75, 6, 2)  # few criteria: many providers are dominated
    table = score_table(evaluation, consensus_scores(evaluation))
    rows = np.flatnonzero(table.eligible)
    scores = table.scores[rows]
    keys = [table.providers[i].key for i in rows]
    expected = [(keys[a], keys[b]) for a in range(len(rows)) for b in range(len(rows))
                if not np.any(scores[a] > scores[b] + _EQUAL)
                and np.any(scores[a] < scores[b] - _EQUAL)]
    found = [(d.provider, d.by) for d in dominated(table)]
    assert expected and found == expected


@pytest.mark.parametrize("round_number", [None, 0, 1, 5])
def test_the_comparison_grid_holds_each_providers_terms_as_of_the_round(
        round_number: int | None) -> None:
    from dataclasses import replace

    from slaselect.domain.comparison import compare

    evaluation = random_evaluation(30, 6, 2, seed=4)
    # one provider without rounds, rounds saved out of order
    evaluation = replace(evaluation, rounds=tuple(reversed(
        [r for r in evaluation.rounds if r.provider != "p5"])))
    grid = compare(evaluation, round_number)
    for provider in evaluation.providers:
        numbers = [r.number for r in evaluation.rounds if r.provider == provider.key
                   and (round_number is None or r.number <= round_number)]
        assert grid.rounds[provider.key] == (max(numbers) if numbers else None)
        terms = evaluation.terms_at(provider.key, round_number)
        for row in grid.rows:
            if not row.is_figure and row.key in terms:
                cell = next(c for c in row.cells if c.provider == provider.key)
                assert cell.value == terms[row.key]


def test_a_providers_rounds_are_read_from_an_index_as_a_scan_reads_them() -> None:
    import random
    from dataclasses import replace

    evaluation = random_evaluation(20, 5, 2, seed=8)
    shuffled = list(evaluation.rounds)
    random.Random(1).shuffle(shuffled)
    evaluation = replace(evaluation, rounds=tuple(shuffled))
    for provider in [*evaluation.providers, replace(evaluation.providers[0], key="nobody")]:
        scanned = sorted((r for r in shuffled if r.provider == provider.key),
                         key=lambda r: r.number)
        assert evaluation.rounds_of(provider.key) == scanned
        assert evaluation.latest_round_number(provider.key) == (
            scanned[-1].number if scanned else None)
        for number in (None, 0, 1):
            carried: dict[str, object] = {}
            for negotiation_round in scanned:
                if number is None or negotiation_round.number <= number:
                    carried.update(negotiation_round.values)
            assert evaluation.terms_at(provider.key, number) == carried
    # a new state with other rounds answers from its own rounds
    fewer = replace(evaluation, rounds=tuple(r for r in shuffled if r.number == 0))
    assert all(fewer.latest_round_number(p.key) in (0, None) for p in evaluation.providers)
