"""AHP weighting: criteria weights from pairwise comparisons on Saaty's 1-9 scale.

The buyer answers, for each pair of criteria, "how much more important is A than B?" on
Saaty's scale (1 equally, 3 moderately, 5 strongly, 7 very strongly, 9 extremely more
important; 2, 4, 6, 8 in between; 1/3 means B is moderately more important than A). The
weights are the principal eigenvector of that comparison matrix (Saaty 1980). How far the
answers contradict each other is the consistency ratio CR = CI / RI, with the consistency
index CI = (λmax − n)/(n − 1) and Saaty's random index RI (the average CI of random matrices
of the same size); CR up to 0.10 is acceptable. The comparison that disagrees most with the
weights is pointed out so that the buyer knows which answer to revisit first.

The judgement above the diagonal is the one that counts: the one below it must be its
reciprocal within 1 % (so 0.33 passes for 1/3) and is taken as the exact reciprocal.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from slaselect.domain.errors import EvaluationError
from slaselect.domain.wording import format_number

FloatArray = npt.NDArray[np.float64]

SAATY_RANDOM_INDEX: Mapping[int, float] = {
    1: 0.0, 2: 0.0, 3: 0.58, 4: 0.90, 5: 1.12, 6: 1.24, 7: 1.32, 8: 1.41, 9: 1.45, 10: 1.49,
}
"""Saaty's random index RI by number of criteria (n ≤ 2 is consistent by definition)."""

RANDOM_INDEX_TABLE = (
    "Saaty's random index (The Analytic Hierarchy Process, 1980): n=3 0.58, 4 0.90, "
    "5 1.12, 6 1.24, 7 1.32, 8 1.41, 9 1.45, 10 1.49"
)
"""The RI table in words, to be named wherever a consistency ratio is shown."""

ACCEPTABLE_RATIO = 0.10
"""Saaty's threshold: a consistency ratio up to 0.10 is acceptable."""

MIN_CRITERIA = 2
MAX_CRITERIA = 10

SCALE_WORDS: Mapping[int, str] = {
    1: "equally important",
    2: "equally to moderately more important",
    3: "moderately more important",
    4: "moderately to strongly more important",
    5: "strongly more important",
    6: "strongly to very strongly more important",
    7: "very strongly more important",
    8: "very to extremely strongly more important",
    9: "extremely more important",
}
"""Saaty's 1-9 scale in words (A is ... than B)."""

_RECIPROCAL_TOLERANCE = 0.01
_BOUND_TOLERANCE = 1e-9
_SCALE_VALUES = tuple([1 / k for k in range(9, 1, -1)] + [float(k) for k in range(1, 10)])


@dataclass(frozen=True)
class InconsistentJudgement:
    """The comparison that disagrees most with the weights derived from all of them.

    ``given`` is the buyer's answer for row criterion against column criterion; ``implied``
    is the ratio of their derived weights (what a fully consistent set of answers would say);
    ``suggested`` is the nearest value on Saaty's scale to ``implied``.
    """

    row: int
    column: int
    given: float
    implied: float
    suggested: float

    def sentence(self, names: Sequence[str]) -> str:
        """The advice in words, e.g. 'Security against Price: you answered 5, ... about 2.'"""
        return (
            f"{names[self.row]} against {names[self.column]}: the answer "
            f"{judgement_words(self.given)} disagrees most with the other answers, which imply "
            f"about {judgement_words(self.suggested)}."
        )


@dataclass(frozen=True)
class AhpWeights:
    """Weights derived from a pairwise comparison matrix, with its consistency."""

    weights: tuple[float, ...]  # shares summing to 1, in the order of the matrix rows
    lambda_max: float  # principal eigenvalue
    consistency_index: float  # CI = (λmax − n)/(n − 1); 0 when n ≤ 2
    random_index: float  # RI from SAATY_RANDOM_INDEX
    consistency_ratio: float  # CR = CI/RI; 0 when n ≤ 2
    most_inconsistent: InconsistentJudgement | None  # None when every answer agrees
    random_index_table: str = RANDOM_INDEX_TABLE

    @property
    def acceptable(self) -> bool:
        """True when the consistency ratio is at most 0.10 (Saaty's rule)."""
        return self.consistency_ratio <= ACCEPTABLE_RATIO

    def weights_pct(self) -> tuple[float, ...]:
        """The weights as percentages (0-100) summing to 100."""
        return tuple(w * 100.0 for w in self.weights)

    def consistency_sentence(self) -> str:
        """The verdict a buyer reads next to the weights, naming the RI table used."""
        verdict = "acceptable" if self.acceptable else "too inconsistent; revisit the answers"
        return (
            f"Consistency ratio {self.consistency_ratio:.3f} "
            f"({'at most' if self.acceptable else 'above'} {ACCEPTABLE_RATIO:.2f}: {verdict}); "
            f"computed with {self.random_index_table}."
        )


def judgement_words(value: float) -> str:
    """A comparison value as the buyer wrote it: 5 -> "5", 0.2 -> "1/5", 0.4 -> "1/2.5"."""
    if value >= 1.0:
        return format_number(value)
    return "1/" + format_number(1.0 / value)


def nearest_scale_value(value: float) -> float:
    """The value on Saaty's scale (1/9 ... 1 ... 9) nearest to ``value`` on a log scale."""
    target = math.log(value)
    return min(_SCALE_VALUES, key=lambda v: abs(math.log(v) - target))


def comparison_matrix(
    count: int, judgements: Mapping[tuple[int, int], float], names: Sequence[str] | None = None
) -> FloatArray:
    """The full n x n matrix from one judgement per pair ``{(i, j): a_ij}`` (either order).

    Raises EvaluationError when a pair is missing or judged twice, or a value is off the scale.
    """
    labels = _labels(count, names)
    _check_size(count)
    matrix = np.ones((count, count))
    seen: set[tuple[int, int]] = set()
    for (i, j), value in judgements.items():
        if not (0 <= i < count and 0 <= j < count) or i == j:
            raise EvaluationError(f"there is no pair of criteria numbered {i} and {j}")
        pair = (min(i, j), max(i, j))
        if pair in seen:
            raise EvaluationError(
                f"{labels[pair[0]]} and {labels[pair[1]]} are compared twice; keep one answer"
            )
        seen.add(pair)
        _check_value(float(value), labels[i], labels[j])
        matrix[i, j] = float(value)
        matrix[j, i] = 1.0 / float(value)
    for i in range(count):
        for j in range(i + 1, count):
            if (i, j) not in seen:
                raise EvaluationError(
                    f"{labels[i]} has not been compared with {labels[j]}; every pair needs an "
                    "answer"
                )
    return matrix


def ahp_weights(
    matrix: Sequence[Sequence[float]] | FloatArray, names: Sequence[str] | None = None
) -> AhpWeights:
    """Principal-eigenvector weights and Saaty's consistency ratio of a comparison matrix.

    ``matrix[i][j]`` says how much more important criterion i is than j (1/9 to 9).
    ``names`` label the criteria in error messages. Raises EvaluationError when the matrix is
    not square, has fewer than 2 or more than 10 criteria, a value is off the scale, the
    diagonal is not 1 or a value below the diagonal is not the reciprocal of the one above.
    """
    try:
        given = np.array(matrix, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise EvaluationError(
            "the pairwise comparisons must be a square table of numbers"
        ) from error
    if given.ndim != 2 or given.shape[0] != given.shape[1]:
        raise EvaluationError("the pairwise comparisons must be a square table (n rows, n columns)")
    count = given.shape[0]
    labels = _labels(count, names)
    _check_size(count)
    reciprocal = _checked_reciprocal(given, labels)
    eigenvalues, eigenvectors = np.linalg.eig(reciprocal)
    principal = int(np.argmax(eigenvalues.real))
    vector = np.abs(eigenvectors[:, principal].real)
    weights = vector / vector.sum()
    lambda_max = float(eigenvalues[principal].real)
    random_index = SAATY_RANDOM_INDEX[count]
    if count <= 2:
        # Any reciprocal 2 x 2 matrix is consistent: λmax = 2 exactly, CI = CR = 0.
        index = ratio = 0.0
        lambda_max = float(count)
    else:
        index = max(0.0, (lambda_max - count) / (count - 1))
        ratio = index / random_index
    return AhpWeights(
        weights=tuple(float(w) for w in weights),
        lambda_max=lambda_max,
        consistency_index=index,
        random_index=random_index,
        consistency_ratio=ratio,
        most_inconsistent=_most_inconsistent(reciprocal, weights),
    )


def _labels(count: int, names: Sequence[str] | None) -> list[str]:
    if names is not None and len(names) == count:
        return list(names)
    return [f"criterion {i + 1}" for i in range(count)]


def _check_size(count: int) -> None:
    if count < MIN_CRITERIA:
        raise EvaluationError("AHP needs at least 2 criteria to compare")
    if count > MAX_CRITERIA:
        raise EvaluationError(
            f"AHP compares at most {MAX_CRITERIA} criteria at a time ({count} given), the "
            "largest size Saaty's random index covers; compare the criteria within groups"
        )


def _check_value(value: float, row: str, column: str) -> None:
    low, high = 1 / 9 * (1 - _BOUND_TOLERANCE), 9 * (1 + _BOUND_TOLERANCE)
    if not math.isfinite(value) or not low <= value <= high:
        shown = format_number(value, 4) if math.isfinite(value) else str(value)
        raise EvaluationError(
            f"the comparison of {row} with {column} is {shown}; it must be between 1/9 and 9"
        )


def _checked_reciprocal(given: FloatArray, labels: list[str]) -> FloatArray:
    count = given.shape[0]
    matrix = np.ones((count, count))
    for i in range(count):
        if not math.isclose(float(given[i, i]), 1.0, rel_tol=_BOUND_TOLERANCE):
            raise EvaluationError(
                f"{labels[i]} compared with itself must be 1, not {format_number(given[i, i])}"
            )
        for j in range(i + 1, count):
            upper, lower = float(given[i, j]), float(given[j, i])
            _check_value(upper, labels[i], labels[j])
            _check_value(lower, labels[j], labels[i])
            if abs(upper * lower - 1.0) > _RECIPROCAL_TOLERANCE:
                raise EvaluationError(
                    f"the comparison of {labels[i]} with {labels[j]} is "
                    f"{judgement_words(upper)} but {labels[j]} with {labels[i]} is "
                    f"{judgement_words(lower)}; it must be the reciprocal, "
                    f"{judgement_words(1.0 / upper)}"
                )
            matrix[i, j] = upper
            matrix[j, i] = 1.0 / upper
    return matrix


def _most_inconsistent(matrix: FloatArray, weights: FloatArray) -> InconsistentJudgement | None:
    """The pair whose answer is furthest, as a ratio, from the ratio of the derived weights."""
    implied = weights[:, None] / weights[None, :]
    deviation = np.abs(np.log(matrix / implied))
    upper = np.triu(deviation, k=1)
    row, column = np.unravel_index(int(np.argmax(upper)), upper.shape)
    if upper[row, column] <= 1e-9:
        return None
    ratio = float(implied[row, column])
    return InconsistentJudgement(
        row=int(row),
        column=int(column),
        given=float(matrix[row, column]),
        implied=ratio,
        suggested=nearest_scale_value(ratio),
    )
