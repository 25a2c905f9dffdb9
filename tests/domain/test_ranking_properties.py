"""Properties every ranking must keep, whatever the numbers (hypothesis)."""

from __future__ import annotations

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from slaselect.domain.model import (
    Criterion,
    CriterionKind,
    Evaluation,
    Evaluator,
    PriceFormula,
    Provider,
    Round,
    Scale,
    Score,
)
from slaselect.domain.ranking import Method, rank
from tests.factories import CONVENIENCE, MONTHLY_FEE, TERM_MONTHS, UPTIME

UPTIMES = st.sampled_from([98.0, 99.0, 99.5, 99.9, 99.95, 99.99, 100.0])


@st.composite
def evaluations(draw: st.DrawFn) -> Evaluation:
    """2-6 providers, 1-4 judgement criteria, an uptime term criterion and a price criterion."""
    provider_count = draw(st.integers(2, 6))
    judgement_count = draw(st.integers(1, 4))
    weights = draw(st.lists(st.integers(0, 30), min_size=judgement_count + 2,
                            max_size=judgement_count + 2).filter(lambda w: sum(w) > 0))
    criteria = [
        Criterion(f"j{j}", f"Judgement {j}", "Quality", weights[j], CriterionKind.JUDGEMENT)
        for j in range(judgement_count)
    ] + [
        Criterion("uptime", "Uptime", "Service", weights[-2], CriterionKind.TERM,
                  term="uptime_pct"),
        Criterion("leaving", "Cost of leaving", "Cost", weights[-1], CriterionKind.PRICE,
                  figure="exit_cost", formula=draw(st.sampled_from(list(PriceFormula))),
                  best=0.0, worst=100_000.0),
    ]
    providers = [Provider(f"p{i}", f"Provider {i}") for i in range(provider_count)]
    evaluators = [Evaluator("e1", "One"), Evaluator("e2", "Two")]
    scores = [
        Score(p.key, c.key, e.key, float(draw(st.integers(0, 10))))
        for p in providers for c in criteria[:judgement_count] for e in evaluators
    ]
    rounds = [
        Round(p.key, 1, values={
            "uptime_pct": draw(UPTIMES),
            "monthly_fee": draw(st.integers(1_000, 20_000)),
            "term_months": draw(st.integers(6, 36)),
            "termination_for_convenience": False,
        })
        for p in providers
    ]
    return Evaluation(
        name="generated", scale=Scale(0, 10), criteria=tuple(criteria),
        terms=(UPTIME, MONTHLY_FEE, TERM_MONTHS, CONVENIENCE), providers=tuple(providers),
        evaluators=tuple(evaluators), scores=tuple(scores), rounds=tuple(rounds),
    )


def _order(evaluation: Evaluation, method: Method = Method.WSM) -> list[tuple[str, int | None]]:
    return [(r.provider, r.rank) for r in rank(evaluation, method).results]


@settings(max_examples=150, deadline=None)
@given(evaluations(), st.floats(0.01, 1000))
def test_scaling_every_weight_changes_nothing(evaluation: Evaluation, factor: float) -> None:
    scaled = replace(evaluation, criteria=tuple(
        replace(c, weight=c.weight * factor) for c in evaluation.criteria
    ))
    for method in Method:
        before, after = rank(evaluation, method), rank(scaled, method)
        assert _order(evaluation, method) == _order(scaled, method)
        for old, new in zip(before.results, after.results, strict=True):
            assert (old.score is None) == (new.score is None)
            if old.score is not None and new.score is not None:
                assert abs(old.score - new.score) < 1e-9


@settings(max_examples=150, deadline=None)
@given(evaluations())
def test_a_dominated_newcomer_leaves_the_others_in_order(evaluation: Evaluation) -> None:
    """A provider worst on every criterion (lowest scores, worst uptime, priciest exit)."""
    newcomer = Provider("zz", "Newcomer")
    judgement = [c for c in evaluation.criteria if c.kind is CriterionKind.JUDGEMENT]
    scores = evaluation.scores + tuple(
        Score("zz", c.key, e.key, 0.0) for c in judgement for e in evaluation.evaluators
    )
    rounds = evaluation.rounds + (
        Round("zz", 1, values={"uptime_pct": 90.0, "monthly_fee": 50_000, "term_months": 60,
                               "termination_for_convenience": False}),
    )
    bigger = replace(evaluation, providers=evaluation.providers + (newcomer,), scores=scores,
                     rounds=rounds)
    before = [r for r in _order(evaluation)]
    after = [r for r in _order(bigger) if r[0] != "zz"]
    assert [p for p, _ in before] == [p for p, _ in after]


@settings(max_examples=150, deadline=None)
@given(evaluations())
def test_scores_stay_within_their_ranges(evaluation: Evaluation) -> None:
    for result in rank(evaluation, Method.WSM).results:
        assert all(0.0 <= s <= 10.0 for s in result.criteria.values())
        assert result.score is not None and 0.0 <= result.score <= 10.0
    for result in rank(evaluation, Method.TOPSIS).results:
        assert result.score is None or 0.0 <= result.score <= 1.0


@settings(max_examples=100, deadline=None)
@given(evaluations())
def test_twins_share_a_rank(evaluation: Evaluation) -> None:
    original = evaluation.providers[0]
    twin = Provider("twin", original.name + " twin")
    scores = evaluation.scores + tuple(
        s._replace(provider="twin") for s in evaluation.scores if s.provider == original.key
    )
    rounds = evaluation.rounds + tuple(
        replace(r, provider="twin") for r in evaluation.rounds if r.provider == original.key
    )
    doubled = replace(evaluation, providers=evaluation.providers + (twin,), scores=scores,
                      rounds=rounds)
    for method in Method:
        ranks = {r.provider: r.rank for r in rank(doubled, method).results}
        assert ranks["twin"] == ranks[original.key]
