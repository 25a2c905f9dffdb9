"""Negotiation targets (CONTRACT 6.1) against a brute-force re-ranking at scanned fees."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from bench.generate import random_evaluation
from slaselect.documents.bundled import load_demo
from slaselect.domain.model import Evaluation
from slaselect.domain.ranking import rank
from slaselect.domain.targets import FeeTarget, fee_targets, target_sentence, targets_document


def with_fee(evaluation: Evaluation, provider: str, fee: float) -> Evaluation:
    """The evaluation with the provider's latest round stating ``fee`` as its monthly fee."""
    latest = evaluation.latest_round_number(provider)
    rounds = tuple(
        replace(r, values={**r.values, "monthly_fee": fee})
        if r.provider == provider and r.number == latest else r
        for r in evaluation.rounds
    )
    return replace(evaluation, rounds=rounds)


def ranks_first(evaluation: Evaluation, provider: str, fee: float) -> bool:
    """Ranked first (ties allowed) by the full ranking, everything worked out again."""
    results = rank(with_fee(evaluation, provider, fee)).results
    return any(r.provider == provider and r.rank == 1 for r in results)


def check_against_scan(evaluation: Evaluation, target: FeeTarget, points: int) -> None:
    fee, found = target.monthly_fee, target.fee_to_win
    if target.leader:
        top = found if found is not None else fee * 10
        for trial in np.linspace(fee, top, points):
            assert ranks_first(evaluation, target.provider, float(trial))
        if found is not None:
            assert not ranks_first(evaluation, target.provider, found + 0.01)
            for trial in np.linspace(found + 0.01, fee * 10, points):
                assert not ranks_first(evaluation, target.provider, float(trial))
    else:
        assert not ranks_first(evaluation, target.provider, fee)
        if found is None:
            for trial in np.linspace(0, fee, points):
                assert not ranks_first(evaluation, target.provider, float(trial))
            return
        assert ranks_first(evaluation, target.provider, found)
        assert not ranks_first(evaluation, target.provider, found + 0.01)
        for trial in np.linspace(0, found, points):
            assert ranks_first(evaluation, target.provider, float(trial))
        for trial in np.linspace(found + 0.01, fee, points):
            assert not ranks_first(evaluation, target.provider, float(trial))


def test_demo_targets_match_a_scan_of_fees() -> None:
    demo = load_demo()
    targets = fee_targets(demo)
    assert [t.provider for t in targets] == ["aurelgate", "marrowfield", "tidemark", "pelican"]
    assert targets[0].leader and not any(t.leader for t in targets[1:])
    for target in targets:
        check_against_scan(demo, target, 25)


@pytest.mark.parametrize("seed", range(4))
def test_generated_targets_match_a_scan_of_fees(seed: int) -> None:
    evaluation = random_evaluation(6, 20, 2, seed=seed)
    targets = fee_targets(evaluation)
    assert targets
    for target in targets:
        check_against_scan(evaluation, target, 12)


def test_the_contract_document_and_its_rounding() -> None:
    document = targets_document(fee_targets(load_demo()))
    first = document["providers"][1]
    assert first.keys() == {"provider", "monthly_fee", "fee_to_win", "change_pct"}
    assert first["fee_to_win"] == round(first["fee_to_win"], 2)
    assert first["change_pct"] == pytest.approx(
        100 * (first["fee_to_win"] - first["monthly_fee"]) / first["monthly_fee"], abs=0.005)


def test_sentences_for_a_challenger_and_the_leader() -> None:
    names = {"tidemark": "Tidemark", "aurelgate": "Aurelgate"}
    assert target_sentence(FeeTarget("tidemark", 9800.0, 8420.13, False), names) == (
        "Tidemark would rank first if its monthly fee fell from $9,800 to $8,420 (−14.1 %).")
    assert target_sentence(FeeTarget("aurelgate", 12400.0, 13150.99, True), names) == (
        "Aurelgate still ranks first up to $13,150 (+6.1 %).")


def test_sentences_when_there_is_no_target() -> None:
    names = {"tidemark": "Tidemark", "aurelgate": "Aurelgate"}
    assert target_sentence(FeeTarget("tidemark", 9800.0, None, False), names) == (
        "Tidemark would not rank first even if its monthly fee fell from $9,800 to nothing.")
    assert target_sentence(FeeTarget("aurelgate", 12400.0, None, True), names) == (
        "Aurelgate still ranks first at any monthly fee up to ten times its $12,400 "
        "($124,000).")


def test_demo_sentences() -> None:
    demo = load_demo()
    names = {p.key: p.name for p in demo.providers}
    sentences = [target_sentence(t, names, demo.currency) for t in fee_targets(demo)]
    assert sentences[0].startswith("Aurelgate Digital still ranks first up to $")
    assert sentences[2].startswith(
        "Tidemark Commerce Operations would rank first if its monthly fee fell from $5,900 to $")


def test_a_provider_that_cannot_win_on_price_alone_has_no_target() -> None:
    # Pelican's judgement scores cut to the gate's minimum (0 where there is none): even a
    # fee of nothing leaves it behind.
    demo = load_demo()
    floor = {c.key: c.min_score or 0.0 for c in demo.criteria}
    poor = replace(demo, scores=tuple(s._replace(value=floor[s.criterion])
                                      if s.provider == "pelican" else s for s in demo.scores),
                   consensus=tuple(c for c in demo.consensus if c.provider != "pelican"))
    target = next(t for t in fee_targets(poor) if t.provider == "pelican")
    assert target.fee_to_win is None
    check_against_scan(poor, target, 10)
