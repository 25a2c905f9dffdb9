"""Round-to-round changes: direction for the buyer, money effects, and the wording."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from slaselect.domain.model import Round
from slaselect.domain.negotiation import (
    concession_summary,
    negotiation_story,
    next_round,
    round_changes,
)
from tests.factories import three_providers


def _with_rounds(*rounds: Round):
    evaluation = three_providers()
    return replace(evaluation, rounds=evaluation.rounds + rounds)


def test_better_and_worse_with_their_figures() -> None:
    evaluation = _with_rounds(
        Round("a", 2, "Revised", "2026-10-10",
              {"uptime_pct": 99.95, "monthly_fee": 900, "term_months": 24}),
    )
    comparison = round_changes(evaluation, "a", 1, 2)
    by_term = {c.term.key: c for c in comparison.changes}
    assert by_term["uptime_pct"].verdict == "better"
    assert by_term["uptime_pct"].figure_changes["downtime_minutes_month"] == pytest.approx(
        -0.0005 * 43_829.1, rel=1e-4
    )
    assert by_term["monthly_fee"].verdict == "better"
    assert by_term["term_months"].verdict == "worse"
    # longer term, no termination for convenience: leaving at month 6 costs 12 more months
    assert by_term["term_months"].figure_changes["exit_cost"] == pytest.approx(1000 * 12)
    summary = concession_summary(comparison, "Revised")
    assert summary.startswith("Round 2 (Revised): ")
    assert "uptime guarantee 99.9 % -> 99.95 % (-22 min downtime a month)" in summary
    assert "monthly fee -$100" in summary
    assert "initial term 12 months -> 24 months (worse: exit cost at month 6 +$12,000)" in summary
    nines_score = 10 * (-math.log10(0.0005) - 2) / 2  # 99.95 % on the 99.0-99.99 scale
    assert by_term["uptime_pct"].score_change == pytest.approx(nines_score - 5.0)


def test_no_change_is_said_plainly() -> None:
    evaluation = _with_rounds(Round("a", 2, values={"uptime_pct": 99.9}))
    comparison = round_changes(evaluation, "a", 1, 2)
    assert comparison.changes == ()
    assert concession_summary(comparison) == "Round 2: no change from round 1."


def test_story_has_a_line_per_round() -> None:
    story = negotiation_story(three_providers(), "b")
    assert story[0] == "Round 1: opening position."
    assert story[1].startswith("Round 2: uptime guarantee 99.5 % -> 99.99 %")


def test_next_round_is_a_full_snapshot() -> None:
    evaluation = three_providers()
    new = next_round(evaluation, "b", "Best and final", "2026-11-01")
    assert new.number == 3 and new.label == "Best and final"
    assert dict(new.values) == evaluation.terms_at("b")
    assert next_round(evaluation, "c").number == 2


def test_compare_says_how_each_offer_stands_against_the_ask() -> None:
    from slaselect.domain.comparison import compare

    evaluation = replace(three_providers(), ask={"uptime_pct": 99.9})
    row = compare(evaluation).row("uptime_pct")
    verdicts = {cell.provider: cell.against_ask for cell in row.cells}
    assert verdicts == {"a": "same", "b": "better", "c": "worse"}
    assert compare(three_providers()).row("uptime_pct").cells[0].against_ask is None


def test_a_faster_response_is_told_per_priority_in_real_time_not_as_a_mean() -> None:
    from slaselect.documents.bundled import load_demo

    evaluation = load_demo()
    comparison = round_changes(evaluation, "pelican", 1, max(
        r.number for r in evaluation.rounds if r.provider == "pelican"))
    response = next(c for c in comparison.changes if c.term.key == "response")
    before = comparison.figures_before["response_real_minutes"]
    after = comparison.figures_after["response_real_minutes"]
    moved = [s for s in before if abs(after[s] - before[s]) > 0.005]
    assert moved  # the demo's Pelican answers P2 sooner in its last round
    assert "mean response" not in response.phrase
    for severity in moved:
        assert f"{severity} real response -" in response.phrase
