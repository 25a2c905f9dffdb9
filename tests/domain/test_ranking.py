"""Ranking by hand: every expected number below is worked out from CONTRACT section 4."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from slaselect.domain.model import Provider, Round, Score
from slaselect.domain.ranking import Method, competition_ranks, consensus_scores, rank
from tests.factories import three_providers


def test_consensus_is_the_moderated_score_or_else_the_mean_rescaled_to_ten() -> None:
    consensus = consensus_scores(three_providers())
    # scale 0-5: Alpha mean(4, 5) = 4.5 -> 9.0; Bravo moderated 3.5 -> 7.0; Charlie 1.5 -> 3.0
    assert consensus.raw_value("a", "quality") == 4.5
    assert consensus.raw_value("b", "quality") == 3.5
    assert consensus.on_ten.tolist() == [[9.0], [7.0], [3.0]]


def test_weighted_sum_by_hand() -> None:
    ranking = rank(three_providers(), Method.WSM)
    by_key = {r.provider: r for r in ranking.results}
    # Uptime on "nines" from 99.0 (2 nines) to 99.99 (4 nines): Alpha 99.9 = 3 nines -> 5.0;
    # Bravo's round 2 raised 99.5 to 99.99 -> 10; Charlie 99.0 -> 0.
    # Cost of leaving at month 6 without termination for convenience = fee x (term - 6):
    # Alpha 1000 x 6 = 6000, Bravo 2000 x 6 = 12000, Charlie 1000 x 18 = 18000.
    # Lowest ratio over eligible providers (Alpha, Bravo): m = 6000.
    assert by_key["a"].criteria == pytest.approx({"quality": 9.0, "uptime": 5.0, "leaving": 10.0})
    assert by_key["b"].criteria == pytest.approx({"quality": 7.0, "uptime": 10.0, "leaving": 5.0})
    assert by_key["c"].criteria == pytest.approx(
        {"quality": 3.0, "uptime": 0.0, "leaving": 10 * 6000 / 18000}
    )
    assert by_key["a"].score == pytest.approx(0.5 * 9 + 0.3 * 5 + 0.2 * 10)  # 8.0
    assert by_key["b"].score == pytest.approx(0.5 * 7 + 0.3 * 10 + 0.2 * 5)  # 7.5
    assert by_key["c"].score == pytest.approx(0.5 * 3 + 0.3 * 0 + 0.2 * 10 / 3)
    assert [(r.provider, r.rank, r.eligible) for r in ranking.results] == [
        ("a", 1, True), ("b", 2, True), ("c", None, False),
    ]
    assert by_key["c"].reasons == ("Quality scored 1.5, below the minimum of 2.",)
    assert ranking.complete and ranking.missing == ()


def test_topsis_by_hand() -> None:
    ranking = rank(three_providers(), Method.TOPSIS)
    # Eligible matrix: Alpha [9, 5, 10], Bravo [7, 10, 5]; weights 0.5, 0.3, 0.2.
    n1, n2, n3 = math.sqrt(9**2 + 7**2), math.sqrt(5**2 + 10**2), math.sqrt(10**2 + 5**2)
    alpha = [0.5 * 9 / n1, 0.3 * 5 / n2, 0.2 * 10 / n3]
    bravo = [0.5 * 7 / n1, 0.3 * 10 / n2, 0.2 * 5 / n3]
    ideal = [max(x, y) for x, y in zip(alpha, bravo, strict=True)]
    anti = [min(x, y) for x, y in zip(alpha, bravo, strict=True)]

    def closeness(v: list[float]) -> float:
        d_plus = math.dist(v, ideal)
        d_minus = math.dist(v, anti)
        return d_minus / (d_plus + d_minus)

    by_key = {r.provider: r for r in ranking.results}
    assert by_key["a"].score == pytest.approx(closeness(alpha))  # 0.4829
    assert by_key["b"].score == pytest.approx(closeness(bravo))  # 0.5171
    assert [(r.provider, r.rank) for r in ranking.results] == [("b", 1), ("a", 2), ("c", None)]
    assert by_key["c"].score is None


def test_ties_share_the_lower_rank_and_are_listed_by_name() -> None:
    evaluation = three_providers()
    # "Aardvark" is Alpha's twin: same scores, same terms.
    twin = Provider("z", "Aardvark")
    scores = evaluation.scores + tuple(
        Score("z", s.criterion, s.evaluator, s.value)
        for s in evaluation.scores
        if s.provider == "a"
    )
    rounds = evaluation.rounds + (Round("z", 1, values=dict(evaluation.rounds[0].values)),)
    tied = replace(evaluation, providers=evaluation.providers + (twin,), scores=scores,
                   rounds=rounds)
    for method in Method:
        results = rank(tied, method).results
        assert [(r.name, r.rank) for r in results][:3] in (
            [("Aardvark", 1), ("Alpha", 1), ("Bravo", 3)],
            [("Bravo", 1), ("Aardvark", 2), ("Alpha", 2)],
        )


def test_competition_ranks() -> None:
    assert competition_ranks([9.0, 8.0, 8.0, 7.0]) == [1, 2, 2, 4]
    assert competition_ranks([5.0, 5.0, 5.0]) == [1, 1, 1]
    assert competition_ranks([]) == []


def test_missing_score_counts_zero_is_listed_and_does_not_fail_the_gate() -> None:
    evaluation = three_providers()
    without_charlie = replace(
        evaluation, scores=tuple(s for s in evaluation.scores if s.provider != "c")
    )
    ranking = rank(without_charlie)
    charlie = next(r for r in ranking.results if r.provider == "c")
    assert not ranking.complete
    assert [(m.provider, m.criterion) for m in ranking.missing] == [("c", "quality")]
    assert charlie.criteria["quality"] == 0.0
    assert charlie.eligible and charlie.rank == 3
    assert ranking.to_dict()["missing"] == [{"provider": "c", "criterion": "quality"}]


def test_a_missing_must_have_value_fails_the_gate() -> None:
    evaluation = three_providers(dpa_must_have=True)
    ranking = rank(evaluation)
    charlie = next(r for r in ranking.results if r.provider == "c")
    assert not charlie.eligible
    assert "Data processing agreement is not stated, and it is a must-have." in charlie.reasons


def test_latest_round_wins_and_earlier_terms_carry_forward() -> None:
    evaluation = three_providers()
    assert evaluation.terms_at("b") == {
        "uptime_pct": 99.99, "monthly_fee": 2000, "term_months": 12,
        "termination_for_convenience": False,
    }
    assert evaluation.terms_at("b", 1)["uptime_pct"] == 99.5


def test_rank_json_shape() -> None:
    document = rank(three_providers()).to_dict()
    assert set(document) == {"method", "complete", "missing", "ranking"}
    first = document["ranking"][0]
    assert set(first) == {"provider", "name", "rank", "score", "eligible", "reasons", "criteria"}
    assert document["method"] == "wsm"


def test_all_weights_zero_gives_everyone_zero_and_a_shared_rank() -> None:
    evaluation = three_providers()
    flat = replace(evaluation, criteria=tuple(replace(c, weight=0) for c in evaluation.criteria))
    ranking = rank(flat)
    assert [r.rank for r in ranking.results if r.eligible] == [1, 1]
    assert all(r.score == 0.0 for r in ranking.results)
