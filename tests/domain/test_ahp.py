"""AHP weights and consistency, checked against Saaty's own published worked example."""

from __future__ import annotations

import math

import numpy as np
import pytest

from slaselect.domain.ahp import (
    ACCEPTABLE_RATIO,
    RANDOM_INDEX_TABLE,
    SAATY_RANDOM_INDEX,
    ahp_weights,
    comparison_matrix,
    judgement_words,
    nearest_scale_value,
)
from slaselect.domain.errors import EvaluationError

# Source: T. L. Saaty, "How to make a decision: The Analytic Hierarchy Process",
# European Journal of Operational Research 48 (1990) 9-26, the house-buying example:
# pairwise comparison of the eight criteria of a house with respect to overall satisfaction.
HOUSE_CRITERIA = (
    "Size of house", "Transportation", "Neighbourhood", "Age of house", "Yard space",
    "Modern facilities", "General condition", "Financing",
)
HOUSE_MATRIX = [
    [1, 5, 3, 7, 6, 6, 1 / 3, 1 / 4],
    [1 / 5, 1, 1 / 3, 5, 3, 3, 1 / 5, 1 / 7],
    [1 / 3, 3, 1, 6, 3, 4, 6, 1 / 5],
    [1 / 7, 1 / 5, 1 / 6, 1, 1 / 3, 1 / 4, 1 / 7, 1 / 8],
    [1 / 6, 1 / 3, 1 / 3, 3, 1, 1 / 2, 1 / 5, 1 / 6],
    [1 / 6, 1 / 3, 1 / 4, 4, 2, 1, 1 / 5, 1 / 6],
    [3, 5, 1 / 6, 7, 5, 5, 1, 1 / 2],
    [4, 7, 5, 8, 6, 6, 2, 1],
]
# The published results, to the three decimals printed in the paper.
HOUSE_PRIORITIES = (0.173, 0.054, 0.188, 0.018, 0.031, 0.036, 0.167, 0.333)
HOUSE_LAMBDA_MAX = 9.669
HOUSE_CI = 0.238
HOUSE_CR = 0.169


def test_saaty_house_example_reproduces_the_published_numbers() -> None:
    result = ahp_weights(HOUSE_MATRIX, HOUSE_CRITERIA)
    assert tuple(round(w, 3) for w in result.weights) == HOUSE_PRIORITIES
    assert round(result.lambda_max, 3) == HOUSE_LAMBDA_MAX
    assert round(result.consistency_index, 3) == HOUSE_CI
    assert result.random_index == 1.41  # n = 8
    assert round(result.consistency_ratio, 3) == HOUSE_CR
    assert not result.acceptable  # 0.169 > 0.10: Saaty asks for the judgements to be revisited
    assert math.isclose(sum(result.weights), 1.0)


def test_house_example_names_the_answer_to_revisit_and_the_ri_table() -> None:
    result = ahp_weights(HOUSE_MATRIX, HOUSE_CRITERIA)
    worst = result.most_inconsistent
    assert worst is not None
    # Neighbourhood was judged 6 times as important as General condition, yet the weights
    # (0.188 vs 0.167) put them nearly level: the largest contradiction in the matrix.
    assert (worst.row, worst.column) == (2, 6)
    assert worst.given == 6
    assert worst.implied == pytest.approx(result.weights[2] / result.weights[6])
    assert worst.suggested == 1.0
    assert worst.sentence(HOUSE_CRITERIA).startswith(
        "Neighbourhood against General condition: the answer 6 disagrees most"
    )
    sentence = result.consistency_sentence()
    assert "0.169" in sentence and "above 0.10" in sentence
    assert "Saaty's random index" in sentence and "8 1.41" in sentence
    assert result.random_index_table == RANDOM_INDEX_TABLE


def test_saaty_random_index_table() -> None:
    assert dict(SAATY_RANDOM_INDEX) == {1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24,
                                        7: 1.32, 8: 1.41, 9: 1.45, 10: 1.49}
    assert ACCEPTABLE_RATIO == 0.10


def test_consistent_answers_give_back_the_weights_exactly() -> None:
    shares = np.array([0.5, 0.25, 0.125, 0.125])
    matrix = shares[:, None] / shares[None, :]  # every ratio on the 1-9 scale: 1, 2, 4
    result = ahp_weights(matrix)
    assert result.weights == pytest.approx(tuple(shares), abs=1e-12)
    assert result.lambda_max == pytest.approx(4.0)
    assert result.consistency_ratio == pytest.approx(0.0, abs=1e-12)
    assert result.acceptable
    assert result.most_inconsistent is None
    assert result.weights_pct() == pytest.approx((50.0, 25.0, 12.5, 12.5))


def test_two_criteria_are_consistent_by_definition() -> None:
    result = ahp_weights([[1, 3], [1 / 3, 1]])
    assert result.weights == pytest.approx((0.75, 0.25))
    assert result.consistency_index == 0.0 and result.consistency_ratio == 0.0
    assert result.random_index == 0.0
    assert result.lambda_max == 2.0


def test_one_contradicting_answer_is_pointed_out() -> None:
    shares = np.array([8.0, 4.0, 2.0, 1.0, 1.0])
    matrix = shares[:, None] / shares[None, :]
    matrix[0, 3], matrix[3, 0] = 1 / 2, 2  # should be 8: the buyer flipped it
    result = ahp_weights(matrix)
    worst = result.most_inconsistent
    assert worst is not None
    assert (worst.row, worst.column) == (0, 3)
    assert worst.given == 0.5 and worst.suggested > 1
    assert result.consistency_ratio > ACCEPTABLE_RATIO


def test_rounded_reciprocals_are_accepted_and_taken_exactly() -> None:
    exact = ahp_weights([[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]])
    rounded = ahp_weights([[1, 3, 5], [0.333, 1, 2], [0.2, 0.5, 1]])
    assert rounded.weights == pytest.approx(exact.weights, abs=1e-12)


def test_matrix_from_one_answer_per_pair() -> None:
    matrix = comparison_matrix(3, {(0, 1): 3, (2, 0): 1 / 5, (1, 2): 2})
    expected = [[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]]
    assert matrix.ravel().tolist() == pytest.approx(np.ravel(expected).tolist())


@pytest.mark.parametrize(
    ("matrix", "message"),
    [
        ([[1, 3], [1 / 2, 1]], "the comparison of Price with Quality is 3 but Quality with "
                               "Price is 1/2; it must be the reciprocal, 1/3"),
        ([[1, 10], [1 / 10, 1]], "the comparison of Price with Quality is 10; it must be "
                                 "between 1/9 and 9"),
        ([[1, 0], [0, 1]], "the comparison of Price with Quality is 0; it must be between"),
        ([[1, -3], [-1 / 3, 1]], "is -3; it must be between 1/9 and 9"),
        ([[1, math.nan], [1, 1]], "is nan; it must be between 1/9 and 9"),
        ([[2, 3], [1 / 3, 1]], "Price compared with itself must be 1, not 2"),
        ([[1, 3, 5], [1 / 3, 1, 2]], "must be a square table"),
        ([[1]], "AHP needs at least 2 criteria"),
        ([[1, 2], [1]], "must be a square table"),
        ([["a", 2], [0.5, 1]], "must be a square table of numbers"),
    ],
)
def test_bad_matrices_are_refused_in_words(matrix: list[list[object]], message: str) -> None:
    with pytest.raises(EvaluationError, match=_literal(message)):
        ahp_weights(matrix, ["Price", "Quality"])  # type: ignore[arg-type]


def test_more_than_ten_criteria_are_refused() -> None:
    with pytest.raises(EvaluationError, match="at most 10 criteria at a time \\(11 given\\)"):
        ahp_weights(np.ones((11, 11)))


def test_missing_or_doubled_pairs_are_refused() -> None:
    with pytest.raises(EvaluationError, match="B has not been compared with C"):
        comparison_matrix(3, {(0, 1): 3, (0, 2): 5}, ["A", "B", "C"])
    with pytest.raises(EvaluationError, match="A and B are compared twice"):
        comparison_matrix(3, {(0, 1): 3, (1, 0): 1 / 3, (1, 2): 1, (0, 2): 1}, ["A", "B", "C"])


def test_values_in_the_buyers_words() -> None:
    assert judgement_words(5) == "5" and judgement_words(0.2) == "1/5"
    assert nearest_scale_value(2.9) == 3 and nearest_scale_value(0.3) == pytest.approx(1 / 3)
    assert nearest_scale_value(40) == 9


def _literal(text: str) -> str:
    import re

    return re.escape(text)
