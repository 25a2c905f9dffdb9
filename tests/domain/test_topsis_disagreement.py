"""Why TOPSIS puts the weighted-sum leader last: one sentence naming the criteria."""

from __future__ import annotations

from bench.generate import random_evaluation
from slaselect.documents import bundled
from slaselect.domain.cross_checks import method_agreement, topsis_difference, topsis_disagreement
from slaselect.domain.ranking import consensus_scores, score_table
from tests.factories import three_providers
from tests.first_evaluation import build


def test_the_demo_explains_why_topsis_ranks_the_leader_last() -> None:
    demo = bundled.load_demo()
    sentence = topsis_disagreement(score_table(demo, consensus_scores(demo)))
    assert sentence is not None
    assert sentence.startswith("TOPSIS ranks Tidemark Commerce Operations first and "
                               "Aurelgate Digital last: it rewards being close to the best")
    assert "furthest behind the best on Total cost of ownership (36 months)" in sentence
    assert "lead over Tidemark Commerce Operations comes from" in sentence


def test_two_providers_in_reverse_order_name_the_criteria() -> None:
    evaluation = three_providers()
    sentence = topsis_disagreement(score_table(evaluation, consensus_scores(evaluation)))
    assert sentence == ("TOPSIS ranks Bravo first and Alpha last: it "
                        "rewards being close to the best score on every criterion, and Alpha is "
                        "furthest behind the best on Uptime, while its weighted-sum lead over "
                        "Bravo comes from Quality and Cost of leaving.")


def test_nothing_to_explain_when_the_methods_agree() -> None:
    evaluation = build()
    table = score_table(evaluation, consensus_scores(evaluation))
    agreement = method_agreement(table)
    assert agreement is not None and agreement.same_winner
    assert topsis_disagreement(table) is None


def test_a_leader_topsis_puts_second_is_explained_too() -> None:
    evaluation = random_evaluation(5, 6, 2, seed=10)
    table = score_table(evaluation, consensus_scores(evaluation))
    difference = topsis_difference(table)
    assert difference is not None and difference.place == "2nd of 5"
    assert difference.sentence().startswith(
        f"TOPSIS ranks {difference.rival} first and {difference.leader} 2nd of 5: it rewards")
    # The criteria named for the leader's weighted-sum lead are ones it scores higher on.
    named = difference.reason.split("comes from ")[1].split(" and ")
    keys = [p.name for p in table.providers]
    leader, rival = keys.index(difference.leader), keys.index(difference.rival)
    for criterion in named:
        j = [c.name for c in table.criteria].index(criterion)
        assert table.scores[leader, j] > table.scores[rival, j], criterion
