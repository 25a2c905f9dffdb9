"""Why TOPSIS puts the weighted-sum leader last: one sentence naming the criteria."""

from __future__ import annotations

from slaselect.documents import bundled
from slaselect.domain.cross_checks import method_agreement, topsis_disagreement
from slaselect.domain.ranking import consensus_scores, score_table
from tests.factories import three_providers
from tests.first_evaluation import build


def test_the_demo_explains_why_topsis_ranks_the_leader_last() -> None:
    demo = bundled.load_demo()
    sentence = topsis_disagreement(score_table(demo, consensus_scores(demo)))
    assert sentence is not None
    assert sentence.startswith("TOPSIS ranks Aurelgate Digital last although it leads the "
                               "weighted sum")
    assert "furthest behind the best on Total cost of ownership (36 months)" in sentence
    assert "lead over Tidemark Commerce Operations comes from" in sentence


def test_two_providers_in_reverse_order_name_the_criteria() -> None:
    evaluation = three_providers()
    sentence = topsis_disagreement(score_table(evaluation, consensus_scores(evaluation)))
    assert sentence == ("TOPSIS ranks Alpha last although it leads the weighted sum: TOPSIS "
                        "rewards being close to the best score on every criterion, and Alpha is "
                        "furthest behind the best on Uptime, while its weighted-sum lead over "
                        "Bravo comes from Quality and Cost of leaving.")


def test_nothing_to_explain_when_the_methods_agree() -> None:
    evaluation = build()
    table = score_table(evaluation, consensus_scores(evaluation))
    agreement = method_agreement(table)
    assert agreement is not None and agreement.same_winner
    assert topsis_disagreement(table) is None
