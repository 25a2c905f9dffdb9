"""Decision analysis (CONTRACT 6): hand examples, brute-force sweeps and the demo."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from bench.generate import random_evaluation
from slaselect.documents.bundled import load_demo
from slaselect.domain.analysis import analyse, ordinal, probability_words
from slaselect.domain.cross_checks import average_ranks, dominated, method_agreement, spearman
from slaselect.domain.disagreement import calibration, disagreements, score_spreads
from slaselect.domain.errors import EvaluationError
from slaselect.domain.model import (
    Consensus,
    Criterion,
    CriterionKind,
    Evaluation,
    Evaluator,
    Provider,
    Score,
)
from slaselect.domain.ranking import ScoreTable, score_table, wsm_totals
from slaselect.domain.robustness import _flat_dirichlet_mix, monte_carlo
from slaselect.domain.sensitivity import (
    percent_words,
    stability_intervals,
    tipping_points,
    weight_sweep,
)
from tests.factories import three_providers


def hand_table(scores: list[list[float]], weights: list[float],
               eligible: list[bool] | None = None) -> ScoreTable:
    """A score table written out by hand: providers p0, p1, ... and criteria c0, c1, ..."""
    providers = tuple(Provider(f"p{i}", f"Provider {i}") for i in range(len(scores)))
    criteria = tuple(Criterion(f"c{j}", f"Criterion {j}", "", w, CriterionKind.JUDGEMENT)
                     for j, w in enumerate(weights))
    return ScoreTable(
        providers=providers, criteria=criteria, scores=np.array(scores, dtype=float),
        weights=np.array(weights, dtype=float),
        eligible=np.array(eligible or [True] * len(scores)),
        reasons=tuple(() for _ in scores), missing=(),
    )


def one_criterion_evaluation(steady: list[float], spread: list[float],
                             agreed: float | None = None) -> Evaluation:
    """Two providers on one judgement criterion, scored by the evaluators given."""
    evaluators = tuple(Evaluator(f"e{k}", f"Evaluator {k}")
                       for k in range(max(len(steady), len(spread))))
    scores = tuple(Score("steady", "fit", f"e{k}", v) for k, v in enumerate(steady)) + tuple(
        Score("spread", "fit", f"e{k}", v) for k, v in enumerate(spread)
    )
    consensus = () if agreed is None else (Consensus("spread", "fit", agreed),)
    return Evaluation(
        name="One criterion",
        criteria=(Criterion("fit", "Fit", "", 1.0, CriterionKind.JUDGEMENT),),
        providers=(Provider("steady", "Steady"), Provider("spread", "Spread")),
        evaluators=evaluators, scores=scores, consensus=consensus,
    )


# --------------------------------------------------------------------------- stability


def test_stability_intervals_by_hand() -> None:
    """three_providers: Alpha (9, 5, 10) beats Bravo (7, 10, 5) 8.0 to 7.5 on weights
    50/30/20; Charlie is ineligible and plays no part."""
    table = score_table(three_providers())
    quality, uptime, leaving = stability_intervals(table, "a")
    # Quality at share x, uptime:leaving kept 3:2 -> Alpha 7 + 2x, Bravo 8 - x: x >= 1/3.
    assert (quality.weight_pct, quality.low_pct, quality.high_pct) == pytest.approx(
        (50.0, 100 / 3, 100.0))
    # Uptime: Alpha 9.2857 - 4.2857x, Bravo 6.4286 + 3.5714x: x <= 4/11.
    assert (uptime.weight_pct, uptime.low_pct, uptime.high_pct) == pytest.approx(
        (30.0, 0.0, 400 / 11))
    # Cost of leaving: Alpha 7.5 + 2.5x, Bravo 8.125 - 3.125x: x >= 1/9.
    assert (leaving.weight_pct, leaving.low_pct, leaving.high_pct) == pytest.approx(
        (20.0, 100 / 9, 100.0))
    assert quality.overtaken_below == "b" and quality.overtaken_above is None
    assert uptime.overtaken_above == "b" and uptime.overtaken_below is None
    assert quality.to_dict() == {"criterion": "quality", "weight_pct": 50.0,
                                 "low_pct": pytest.approx(100 / 3), "high_pct": 100.0}


def test_tipping_points_in_words_nearest_first() -> None:
    table = score_table(three_providers())
    intervals = stability_intervals(table, "a")
    points = tipping_points(table, intervals, "a")
    assert [p.sentence for p in points] == [
        "Bravo would overtake Alpha if the weight of Uptime rose above 36.4 % (now 30 %).",
        "Bravo would overtake Alpha if the weight of Cost of leaving fell below 11.1 % "
        "(now 20 %).",
        "Bravo would overtake Alpha if the weight of Quality fell below 33.3 % (now 50 %).",
    ]


def brute_force_interval(table: ScoreTable, winner: int, j: int,
                         steps: int = 4000) -> tuple[float, float]:
    """The winner's interval found by trying every share on a fine grid, weights rebuilt
    from scratch and totals taken from the ranking's own WSM."""
    rows = np.flatnonzero(table.eligible)
    shares = table.normalised_weights
    others = np.delete(np.arange(shares.size), j)
    kept: list[float] = []
    for x in np.linspace(0.0, 1.0, steps + 1):
        weights = np.zeros_like(shares)
        rest = shares[others].sum()
        weights[others] = (1 - x) * (shares[others] / rest if rest > 0
                                     else 1 / max(len(others), 1))
        weights[j] = x
        totals = wsm_totals(table.scores[rows], weights)
        if totals[list(rows).index(winner)] >= totals.max() - 1e-9:
            kept.append(float(x))
    return min(kept) * 100, max(kept) * 100


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6])
def test_stability_matches_a_brute_force_sweep(seed: int) -> None:
    table = score_table(random_evaluation(6, 8, 3, seed=seed))
    eligible = np.flatnonzero(table.eligible)
    totals = wsm_totals(table.scores[eligible], table.weights)
    winner = int(eligible[int(np.argmax(totals))])
    intervals = stability_intervals(table, table.providers[winner].key)
    step = 100 / 4000
    for j, interval in enumerate(intervals):
        low, high = brute_force_interval(table, winner, j)
        assert interval.low_pct <= interval.weight_pct <= interval.high_pct
        assert interval.low_pct == pytest.approx(low, abs=step + 1e-9)
        assert interval.high_pct == pytest.approx(high, abs=step + 1e-9)


def test_at_a_bound_the_winner_ties_with_the_provider_that_overtakes() -> None:
    table = score_table(random_evaluation(8, 12, 3, seed=11))
    ranking_winner = max(np.flatnonzero(table.eligible),
                         key=lambda i: wsm_totals(table.scores, table.weights)[i])
    key = table.providers[ranking_winner].key
    checked = 0
    for interval in stability_intervals(table, key):
        for bound, rival in ((interval.low_pct, interval.overtaken_below),
                             (interval.high_pct, interval.overtaken_above)):
            if rival is None:
                continue
            sweep = weight_sweep(table, interval.criterion, points=2)
            at = np.interp(bound, sweep.x_pct, [0, 1])
            totals = sweep.totals[:, 0] * (1 - at) + sweep.totals[:, 1] * at
            by_key = dict(zip(sweep.providers, totals, strict=True))
            assert by_key[key] == pytest.approx(by_key[rival], abs=1e-9)
            checked += 1
    assert checked > 0


def test_stability_for_200_providers_by_100_criteria_keeps_every_weight_inside() -> None:
    table = score_table(random_evaluation(200, 100, 2, seed=3))
    eligible = np.flatnonzero(table.eligible)
    winner = eligible[int(np.argmax(wsm_totals(table.scores[eligible], table.weights)))]
    intervals = stability_intervals(table, table.providers[winner].key)
    assert len(intervals) == 100
    assert all(0 <= s.low_pct <= s.weight_pct <= s.high_pct <= 100 for s in intervals)


def test_a_criterion_with_all_the_weight_splits_the_rest_equally() -> None:
    table = hand_table([[10, 0, 0], [6, 10, 10]], [1, 0, 0])
    (only, second, third) = stability_intervals(table, "p0")
    # At share x: p0 10x, p1 6x + 10(1 - x) -> p0 first from x = 10/14.
    assert (only.low_pct, only.high_pct) == pytest.approx((100 * 10 / 14, 100.0))
    assert (second.low_pct, second.high_pct) == pytest.approx((0.0, 0.0 + 100 * 4 / 14))
    assert third.weight_pct == 0.0


def test_a_tie_for_first_place_gives_an_interval_that_ends_at_today() -> None:
    table = hand_table([[8, 6], [6, 8]], [1, 1])
    first, second = stability_intervals(table, "p0")
    assert (first.low_pct, first.high_pct) == pytest.approx((50.0, 100.0))
    assert (second.low_pct, second.high_pct) == pytest.approx((0.0, 50.0))


def test_weight_sweep_gives_totals_and_ranks_for_a_chart() -> None:
    table = score_table(three_providers())
    sweep = weight_sweep(table, "quality")
    assert sweep.providers == ("a", "b")
    assert sweep.x_pct[0] == 0.0 and sweep.x_pct[-1] == 100.0 and len(sweep.x_pct) == 101
    # At today's 50 % the totals are the ranking's: 8.0 and 7.5.
    assert sweep.totals[:, 50] == pytest.approx([8.0, 7.5])
    assert sweep.ranks[:, 50].tolist() == [1, 2]
    assert sweep.ranks[:, 0].tolist() == [2, 1]  # quality weighing nothing: Bravo first
    assert sweep.weight_pct == 50.0
    with pytest.raises(EvaluationError, match='there is no criterion "nope"'):
        weight_sweep(table, "nope")


def test_percentages_never_round_into_a_false_statement() -> None:
    assert percent_words(14.24) == "14.2 %"
    assert percent_words(15.04, 15.0) == "15.04 %"  # not "15 %" next to "(now 15 %)"
    assert percent_words(0.03) == "0.03 %"
    assert percent_words(99.98) == "99.98 %"
    assert percent_words(15.0) == "15 %"


# --------------------------------------------------------------------------- Monte Carlo


def test_monte_carlo_is_deterministic_given_the_seed() -> None:
    evaluation = load_demo()
    table = score_table(evaluation)
    first = monte_carlo(evaluation, table, samples=2000, seed=7)
    again = monte_carlo(evaluation, table, samples=2000, seed=7)
    other = monte_carlo(evaluation, table, samples=2000, seed=8)
    assert first == again
    assert first.win_probability != other.win_probability


def test_win_probabilities_and_rank_distributions_sum_to_one() -> None:
    evaluation = random_evaluation(12, 15, 4, seed=5)
    result = monte_carlo(evaluation, score_table(evaluation), samples=3000, seed=1)
    assert sum(result.win_probability.values()) == pytest.approx(1.0)
    for distribution in result.rank_distribution.values():
        assert sum(distribution) == pytest.approx(1.0)
    for rank in range(len(result.providers)):
        assert sum(d[rank] for d in result.rank_distribution.values()) == pytest.approx(1.0)


def test_disputed_score_is_redrawn_between_the_evaluators() -> None:
    """Steady scores 5 from both evaluators; Spread gets 4 and 7 (mean 5.5). With two
    evaluators the redrawn score is uniform on 4-7, above 5 two times in three."""
    evaluation = one_criterion_evaluation([5, 5], [4, 7])
    result = monte_carlo(evaluation, score_table(evaluation), samples=20_000, seed=3)
    assert result.win_probability["spread"] == pytest.approx(2 / 3, abs=0.015)
    assert result.varied_cells == 1


@pytest.mark.parametrize("scores", [[4.0, 7.0], [3.0, 7.0, 5.0], [2.0, 4.0, 9.0, 5.0],
                                    [0.0, 10.0, 10.0, 10.0, 10.0]])
def test_redrawn_scores_stay_between_the_evaluators_and_average_the_consensus(
    scores: list[float],
) -> None:
    values = np.array([scores, scores[::-1]])
    mixed = _flat_dirichlet_mix(np.random.default_rng(4), values, 40_000)
    assert mixed.min() >= min(scores) - 1e-12 and mixed.max() <= max(scores) + 1e-12
    assert mixed.mean(axis=1) == pytest.approx([np.mean(scores)] * 2, abs=0.03)
    # Bayesian bootstrap: the variance of the mean is the population variance / (k + 1).
    assert mixed.var(axis=1) == pytest.approx([np.var(scores) / (len(scores) + 1)] * 2,
                                              rel=0.05)


def test_cells_with_different_numbers_of_evaluators_are_all_redrawn() -> None:
    evaluation = random_evaluation(5, 6, 4, seed=9)
    dropped = {(s.provider, s.criterion) for s in evaluation.scores[::7]}
    evaluation = replace(evaluation, scores=tuple(
        s for s in evaluation.scores
        if (s.provider, s.criterion) not in dropped or s.evaluator != "e0"))
    result = monte_carlo(evaluation, score_table(evaluation), samples=1000, seed=1)
    assert sum(result.win_probability.values()) == pytest.approx(1.0)
    assert result.varied_cells > 0


def test_a_moderated_score_stays_as_agreed() -> None:
    evaluation = one_criterion_evaluation([5, 5], [4, 7], agreed=4.5)
    result = monte_carlo(evaluation, score_table(evaluation), samples=500, seed=3)
    assert result.win_probability == {"steady": 1.0, "spread": 0.0}
    assert result.varied_cells == 0


def test_providers_tied_in_every_scenario_share_the_wins() -> None:
    evaluation = one_criterion_evaluation([6, 6], [6, 6])
    result = monte_carlo(evaluation, score_table(evaluation), samples=100, seed=1)
    assert result.win_probability == {"steady": 0.5, "spread": 0.5}
    assert result.rank_distribution["steady"] == (1.0, 0.0)  # both share rank 1


def test_weights_are_redrawn_around_todays_weights() -> None:
    """Provider 0 leads on c0 (weight 60 %), provider 1 on c1 (40 %): provider 1 wins only
    when c1's redrawn share passes 50 %. With concentration 50 that share is Beta(20, 30):
    P(> 0.5) is about 7.7 %; with a very high concentration almost never."""
    table = hand_table([[10, 0], [0, 10]], [60, 40])
    evaluation = Evaluation(name="weights", providers=table.providers, criteria=table.criteria)
    loose = monte_carlo(evaluation, table, samples=20_000, seed=2, concentration=50)
    tight = monte_carlo(evaluation, table, samples=2_000, seed=2, concentration=1e6)
    assert loose.win_probability["p1"] == pytest.approx(0.077, abs=0.01)
    assert tight.win_probability["p1"] == 0.0


def test_monte_carlo_settings_are_checked() -> None:
    evaluation = load_demo()
    table = score_table(evaluation)
    for settings, message in (
        ({"samples": 0}, "number of samples must be a whole number from 1"),
        ({"seed": -1}, "seed must be a whole number, 0 or more"),
        ({"concentration": 0.0}, "concentration must be a number above 0"),
    ):
        with pytest.raises(EvaluationError, match=message):
            monte_carlo(evaluation, table, **settings)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- disagreement


def test_disagreement_and_calibration_by_hand() -> None:
    """three_providers on 0-5: Eve 4, 3, 1 and Ed 5, 3, 2 -> on 0-10 Eve 8, 6, 2 and Ed 10,
    6, 4; consensus Alpha 9 (mean), Bravo 7 (moderated 3.5), Charlie 3 (mean)."""
    evaluation = three_providers()
    spreads = {(s.provider, s.criterion): s for s in score_spreads(evaluation)}
    assert spreads["a", "quality"].range == 2.0 and spreads["a", "quality"].std == 1.0
    assert spreads["b", "quality"].range == 0.0 and spreads["b", "quality"].moderated
    flagged = disagreements(evaluation, threshold=2.0)
    assert [(d.provider, d.range) for d in flagged] == [("a", 2.0), ("c", 2.0)]
    assert disagreements(evaluation, threshold=2.5) == ()
    eve, ed = calibration(evaluation)
    assert (eve.name, eve.scores, eve.mean_offset, eve.mean_absolute_offset) == (
        "Eve", 3, pytest.approx(-1.0), pytest.approx(1.0))
    assert (ed.mean_offset, ed.mean_absolute_offset) == (pytest.approx(1 / 3), pytest.approx(1.0))


def test_demo_disagreement_is_the_moderation_agenda() -> None:
    flagged = disagreements(load_demo())
    assert [(d.provider, d.criterion, d.range) for d in flagged] == [
        ("tidemark", "scalability", 4.0),  # 3, 7, 5
        ("aurelgate", "responsiveness", 3.5),  # 7, 8.5, 5
        ("marrowfield", "mobile_expertise", 3.5),  # 6, 4, 7.5
        ("pelican", "magento_expertise", 3.5),  # 6, 3, 6.5
        ("kestrabyte", "security_focus", 3.0),  # 5, 2, 4.5
        ("kestrabyte", "references", 3.0),  # 6, 4, 3
    ]
    assert flagged[0].std == pytest.approx(np.std([3, 7, 5]))  # population: sqrt(8/3)
    assert all(d.moderated for d in flagged)  # the demo team moderated every one of them


# --------------------------------------------------------------------------- cross-checks


def test_dominated_providers() -> None:
    table = hand_table(
        [[8, 6, 7], [8, 5, 7], [9, 9, 9], [8, 6, 7], [9, 9, 9.5]],
        [1, 1, 1], eligible=[True, True, True, True, False],
    )
    pairs = {(d.provider, d.by) for d in dominated(table)}
    # p1 is worse than p0 on c1 and equal elsewhere; p0 and p3 are equal (neither dominates);
    # p4 would dominate p2 but is ineligible, so it cannot be chosen and is left out.
    assert pairs == {("p1", "p0"), ("p1", "p3"), ("p1", "p2"), ("p0", "p2"), ("p3", "p2")}
    assert dominated(table)[0].to_dict().keys() == {"provider", "by"}


def test_spearman_with_ties_and_undefined_cases() -> None:
    assert spearman(np.array([3.0, 2, 1]), np.array([30.0, 20, 10])) == pytest.approx(1.0)
    assert spearman(np.array([3.0, 2, 1]), np.array([10.0, 20, 30])) == pytest.approx(-1.0)
    assert average_ranks(np.array([5.0, 7, 5, 1])).tolist() == [2.5, 1.0, 2.5, 4.0]
    assert spearman(np.array([1.0]), np.array([1.0])) is None
    assert spearman(np.array([2.0, 2.0]), np.array([1.0, 3.0])) is None


def test_demo_methods_disagree_on_the_winner() -> None:
    agreement = method_agreement(score_table(load_demo()))
    assert agreement is not None
    # WSM: Aurelgate, Marrowfield, Tidemark, Pelican; TOPSIS: Tidemark, Marrowfield, Pelican,
    # Aurelgate. Rank differences 3, 0, 2, 1: rho = 1 - 6 x 14 / (4 x 15) = -0.4.
    assert agreement.spearman == pytest.approx(-0.4)
    assert not agreement.same_winner
    assert (agreement.wsm_winner, agreement.topsis_winner) == ("aurelgate", "tidemark")
    assert agreement.topsis_rank_of_wsm_winner == 4


# --------------------------------------------------------------------------- the whole


def test_demo_analysis_document_follows_the_contract() -> None:
    document = analyse(load_demo()).to_dict()
    assert {"winner", "stability", "tipping_points", "monte_carlo", "disagreement",
            "dominated", "method_agreement"} <= document.keys()
    assert document["winner"] == "aurelgate"
    assert [s["criterion"] for s in document["stability"]] == [
        c.key for c in load_demo().criteria]
    assert {"criterion", "weight_pct", "low_pct", "high_pct"} == document["stability"][0].keys()
    assert sum(s["weight_pct"] for s in document["stability"]) == pytest.approx(100.0)
    carlo = document["monte_carlo"]
    assert (carlo["samples"], carlo["seed"]) == (10_000, 1)
    assert set(carlo["win_probability"]) == {"aurelgate", "marrowfield", "tidemark", "pelican"}
    assert sum(carlo["win_probability"].values()) == pytest.approx(1.0)
    assert max(carlo["win_probability"], key=carlo["win_probability"].get) == "aurelgate"
    assert document["method_agreement"]["spearman"] == pytest.approx(-0.4)
    assert document["method_agreement"]["same_winner"] is False
    assert document["dominated"] == []
    assert len(document["disagreement"]) == 6
    tco = next(s for s in document["stability"] if s["criterion"] == "tco")
    assert document["tipping_points"][0] == (
        "Tidemark Commerce Operations would overtake Aurelgate Digital if the weight of "
        f"Total cost of ownership (36 months) rose above {tco['high_pct']:.1f} % (now 15 %)."
    )


def test_demo_summary_tells_the_buyer_the_story() -> None:
    analysis = analyse(load_demo())
    summary = analysis.summary()
    assert 3 <= len(summary) <= 6
    chance = analysis.monte_carlo.win_probability["aurelgate"]
    assert summary[0] == ("Aurelgate Digital leads the weighted ranking with 7.67 of 10, "
                          "0.47 points ahead of Marrowfield Commerce.")
    assert summary[1].startswith(f"It wins in {probability_words(chance)} of 10,000 scenarios")
    assert summary[2].startswith("Nearest tipping point: Tidemark Commerce Operations")
    assert "puts Tidemark Commerce Operations first and Aurelgate Digital 4th" in summary[3]
    assert summary[4] == ("Evaluators differed by 3 points or more on 6 scores; all 6 were "
                          "settled in moderation.")
    (warning,) = analysis.warnings()
    assert ("Aurelgate Digital is furthest behind the best on Total cost of ownership "
            "(36 months)") in warning  # the why, worded as on the Results page and the brief


def test_one_eligible_provider_wins_everything() -> None:
    evaluation = three_providers(dpa_must_have=True)  # Charlie fails the DPA and quality
    evaluation = replace(evaluation, providers=evaluation.providers[::2])  # Alpha, Charlie
    analysis = analyse(evaluation, samples=200)
    assert analysis.winner == "a"
    assert analysis.monte_carlo.win_probability == {"a": 1.0}
    assert all((s.low_pct, s.high_pct) == (0.0, 100.0) for s in analysis.stability)
    assert analysis.tipping_points == ()
    assert analysis.method_agreement.spearman is None
    assert analysis.summary()[0] == (
        "Alpha is the only eligible provider, so it is the choice whatever the weights.")
    assert "Only one provider is eligible" in " ".join(analysis.warnings())


def test_open_disagreements_are_named_in_the_summary() -> None:
    evaluation = replace(load_demo(), consensus=())
    summary = " ".join(analyse(evaluation, samples=500).summary())
    assert "Evaluators differed by 3 points or more on 6 scores; 6 still need a moderated " \
           "score (Tidemark Commerce Operations on Scalability & flexibility, Aurelgate " \
           "Digital on Responsiveness & communication among others)." in summary


def test_dominated_provider_is_named_in_the_summary() -> None:
    evaluation = one_criterion_evaluation([7, 7], [5, 5])
    summary = analyse(evaluation, samples=100).summary()
    assert summary[-1] == ("Spread cannot rank first under any weighting of these criteria: "
                           "Steady is at least as good on every criterion and better on at "
                           "least one.")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"criteria": ()}, "there are no criteria yet"),
        ({"providers": ()}, "there are no providers yet, so there is no winner to analyse"),
        ("zero weights", "every criterion weighs 0"),
        ("nobody eligible", "no provider is eligible, so there is no winner to analyse"),
    ],
)
def test_nothing_to_analyse_is_explained(change: object, message: str) -> None:
    evaluation = three_providers()
    if change == "zero weights":
        evaluation = replace(evaluation, criteria=tuple(
            replace(c, weight=0.0) for c in evaluation.criteria))
    elif change == "nobody eligible":
        evaluation = replace(evaluation, providers=tuple(
            replace(p, excluded="out of budget") for p in evaluation.providers))
    else:
        assert isinstance(change, dict)
        evaluation = replace(evaluation, **change)
    with pytest.raises(EvaluationError, match=message):
        analyse(evaluation, samples=10)


def test_bad_threshold_is_refused() -> None:
    with pytest.raises(EvaluationError, match="threshold must be between 0 and 10"):
        analyse(three_providers(), threshold=11)


def test_words() -> None:
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st"]
    assert [probability_words(p) for p in (0, 0.004, 0.5, 0.996, 1)] == [
        "0 %", "under 1 %", "50 %", "over 99 %", "100 %"]
