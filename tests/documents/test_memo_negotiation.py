"""The memo says only what the numbers prove, and carries the buyer's negotiation position."""

from __future__ import annotations

from slaselect.documents.bundled import load_demo
from slaselect.documents.memo import memo_story
from slaselect.domain.analysis import analyse
from slaselect.domain.model import (
    Criterion,
    CriterionKind,
    Evaluation,
    Evaluator,
    Provider,
    Scale,
    Score,
)
from tests.documents.test_memo import story_text
from tests.factories import gamma_evaluation

CONDITION = ("Condition of award (Responsiveness & communication): Aurelgate names a permanent "
             "account director in the contract before it is signed.")


def test_the_false_sentence_cannot_be_produced_for_gamma() -> None:
    gamma = gamma_evaluation()
    text = story_text(memo_story(gamma, analysis=analyse(gamma, samples=200)))
    assert "some weighting could make it win" not in text
    assert ("Gamma cannot rank first under any weighting of these criteria, although no other "
            "provider is at least as good on every criterion.") in text


def test_the_demo_memo_says_every_provider_can_rank_first() -> None:
    demo = load_demo()
    text = story_text(memo_story(demo, analysis=analyse(demo, samples=200)))
    assert "Every eligible provider ranks first under some weighting of these criteria." in text
    assert "some weighting could make it win" not in text


def _tied_at_the_top() -> Evaluation:
    """Alpha (10, 10) beats Bravo (10, 0) unless all weight is on c0, where they tie."""
    criteria = (Criterion("c0", "Speed", "G", 1, CriterionKind.JUDGEMENT),
                Criterion("c1", "Care", "G", 1, CriterionKind.JUDGEMENT))
    scores = (Score("a", "c0", "e", 10.0), Score("a", "c1", "e", 10.0),
              Score("b", "c0", "e", 10.0), Score("b", "c1", "e", 0.0))
    return Evaluation(name="Tie", scale=Scale(0, 10), criteria=criteria,
                      providers=(Provider("a", "Alpha"), Provider("b", "Bravo")),
                      evaluators=(Evaluator("e", "Eve"),), scores=scores)


def test_a_winner_that_only_ties_at_100_percent_says_so_in_the_weight_table() -> None:
    evaluation = _tied_at_the_top()
    text = story_text(memo_story(evaluation, analysis=analyse(evaluation, samples=200)))
    # The range stays short in its narrow column; the shared first place is told in the wide
    # column of who takes first place.
    assert "at any weight" in text
    assert "no one (at 100 % it shares first place with Bravo)" in text
    assert "at any weight (at 100 %" not in text


def test_the_negotiation_position_section_on_the_demo() -> None:
    text = story_text(memo_story(load_demo()))
    start = text.index("8 Negotiation position")  # no analysis: no section 4
    section = text[start:text.index("Appendix A")]
    assert "Aurelgate Digital still ranks first up to $22,009 (+77.5 %)." in section
    assert ("Tidemark Commerce Operations would rank first if its monthly fee fell from $5,900 "
            "to $2,597 (−56.0 %).") in section
    assert ("Aurelgate Digital costs $134,376 more than Marrowfield Commerce over 36 months for "
            "0.47 more points: $284,000 per point.") in section
    assert "For Aurelgate Digital, the asks worth most are Monthly retainer fee" in section
    assert "Aurelgate Digital meets the ask on 13 of 15 asked-for terms." in section
    # Tidemark's 120-day notice is worse than the 90-day walk-away.
    assert "Tidemark Commerce Operations meets the ask on" in section
    assert "1 deal-breaker beyond the walk-away limit" in section
    assert CONDITION in section


def test_the_condition_of_award_is_read_with_the_recommendation_and_the_sign_off() -> None:
    text = story_text(memo_story(load_demo()))
    recommendation = text.index("Recommendation: award the contract to Aurelgate Digital")
    sign_off = text.index("Sign-off")  # once, at the end of the brief, before section 2
    assert text.count(CONDITION) == 2  # above the signatures, and in the negotiation position
    assert recommendation < sign_off < text.index(CONDITION) < text.index("2 Ranking")
    assert text.index(CONDITION, sign_off) < text.index("Procurement", sign_off)
    assert text.index(CONDITION, text.index("8 Negotiation position")) > text.index("2 Ranking")


def test_without_ask_or_conditions_the_section_says_what_is_missing() -> None:
    from dataclasses import replace

    bare = replace(load_demo(), ask={}, walk_away={}, conditions=())
    text = story_text(memo_story(bare))
    assert "No ask is recorded, so no offer can be measured against the buyer's position." in text
    assert "Condition of award" not in text
