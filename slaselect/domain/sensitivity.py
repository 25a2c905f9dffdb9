"""Weight sensitivity: how far each weight can move before the winner changes (CONTRACT 6).

When one criterion's share of the total weight is set to x (0-100 %) and every other
criterion keeps its share of the remaining 100 − x in proportion, each provider's weighted
total is a straight line in x: x·s_j + (1 − x)·r, where r is its total over the other criteria
alone. The winner stays the winner while its line is on top, so the bounds of that interval
are where its line crosses another eligible provider's, worked out exactly rather than by
sweeping. The criterion scores themselves do not depend on the weights (price scores depend
only on who is eligible), so one score table serves every x.

When a criterion holds all the weight, the others have no share to keep in proportion; they
then split the remainder equally.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from slaselect.domain.errors import EvaluationError
from slaselect.domain.ranking import ScoreTable
from slaselect.domain.wording import format_number

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

_SLOPE_TOLERANCE = 1e-12
_TIE_TOLERANCE = 1e-8  # totals are 0-10: 1e-9 relative, as the ranking counts ties


@dataclass(frozen=True)
class WeightInterval:
    """Over which share of the total weight a criterion leaves the winner in first place.

    Percentages 0-100. ``overtaken_below`` is the provider that takes first place when the
    share falls below ``low_pct`` (None when ``low_pct`` is 0), ``overtaken_above`` likewise
    above ``high_pct`` (None when ``high_pct`` is 100).
    """

    criterion: str
    weight_pct: float
    low_pct: float
    high_pct: float
    overtaken_below: str | None
    overtaken_above: str | None

    def to_dict(self) -> dict[str, object]:
        """The CONTRACT 6 ``stability`` entry."""
        return {"criterion": self.criterion, "weight_pct": self.weight_pct,
                "low_pct": self.low_pct, "high_pct": self.high_pct}


@dataclass(frozen=True)
class TippingPoint:
    """A share of weight at which another provider would take first place."""

    criterion: str
    provider: str  # the provider that would overtake the winner
    winner: str
    falls_below: bool  # True: when the share falls below; False: when it rises above
    bound_pct: float
    weight_pct: float
    sentence: str

    @property
    def distance_pct(self) -> float:
        """How many percentage points the weight must move to get there."""
        return abs(self.weight_pct - self.bound_pct)


@dataclass(frozen=True)
class WeightSweep:
    """Data for a rank-versus-weight chart of one criterion.

    ``totals[i, k]`` and ``ranks[i, k]`` are provider ``providers[i]``'s weighted total (0-10)
    and rank (1 best, ties share the lower rank) when the criterion's share is ``x_pct[k]``.
    """

    criterion: str
    weight_pct: float
    x_pct: FloatArray
    providers: tuple[str, ...]
    totals: FloatArray
    ranks: IntArray


def remainder_totals(table: ScoreTable, rows: IntArray | None = None) -> FloatArray:
    """r[i, j]: provider i's weighted total over every criterion but j, in its proportions.

    Rows default to every provider. A criterion holding all the weight leaves the others
    none to keep in proportion: they then count equally.
    """
    scores = table.scores if rows is None else table.scores[rows]
    shares = table.normalised_weights
    count = shares.size
    totals = scores @ shares
    remainder = np.empty_like(scores)
    whole = shares >= 1.0 - 1e-12
    partial = ~whole
    remainder[:, partial] = (
        (totals[:, None] - scores[:, partial] * shares[partial]) / (1.0 - shares[partial])
    )
    if whole.any():
        others = (scores.sum(axis=1)[:, None] - scores[:, whole]) / max(count - 1, 1)
        remainder[:, whole] = others
    return remainder


def stability_intervals(table: ScoreTable, winner: str) -> tuple[WeightInterval, ...]:
    """Per criterion (table order), the share interval over which ``winner`` stays first.

    Only eligible providers compete. Raises EvaluationError when ``winner`` is not an eligible
    provider of the table or every weight is 0.
    """
    rows = np.flatnonzero(table.eligible)
    keys = [table.providers[i].key for i in rows]
    if winner not in keys:
        raise EvaluationError(f'"{winner}" is not an eligible provider, so it cannot be the winner')
    if float(table.weights.sum()) <= 0.0:
        raise EvaluationError("every criterion weighs 0, so there is no ranking to analyse")
    shares = table.normalised_weights
    # Straight from the points, so that 7 of 100 points reads 7.0 %, not 7.000000000000001 %.
    weight_pct = table.weights * 100.0 / float(table.weights.sum())
    w = keys.index(winner)
    scores = table.scores[rows]
    remainder = remainder_totals(table, rows)
    # The winner's lead over provider p at share x is a + b·x.
    at_zero = remainder[w] - remainder  # lead when the criterion weighs nothing
    at_whole = scores[w] - scores  # lead when it weighs everything
    slope = at_whole - at_zero
    rivals = np.ones(len(keys), dtype=bool)
    rivals[w] = False
    rising = (slope > _SLOPE_TOLERANCE) & rivals[:, None]  # lead grows with x: a lower bound
    falling = (slope < -_SLOPE_TOLERANCE) & rivals[:, None]  # lead shrinks: an upper bound
    with np.errstate(divide="ignore", invalid="ignore"):
        crossing = -at_zero / slope
    lower = np.where(rising, crossing, -np.inf)
    upper = np.where(falling, crossing, np.inf)
    low = np.clip(lower.max(axis=0, initial=-np.inf), 0.0, 1.0)
    high = np.clip(upper.min(axis=0, initial=np.inf), 0.0, 1.0)
    # Float noise must not put the current weight outside its own interval.
    low = np.minimum(low, shares)
    high = np.maximum(high, shares)

    result: list[WeightInterval] = []
    for j, criterion in enumerate(table.criteria):
        below = _overtaker(lower[:, j], slope[:, j], low[j], largest_slope=True)
        above = _overtaker(upper[:, j], slope[:, j], high[j], largest_slope=False)
        result.append(WeightInterval(
            criterion=criterion.key,
            weight_pct=float(weight_pct[j]),
            low_pct=min(float(low[j] * 100.0), float(weight_pct[j])),
            high_pct=max(float(high[j] * 100.0), float(weight_pct[j])),
            overtaken_below=keys[below] if below is not None and low[j] > 0.0 else None,
            overtaken_above=keys[above] if above is not None and high[j] < 1.0 else None,
        ))
    return tuple(result)


def _overtaker(
    crossings: FloatArray, slopes: FloatArray, bound: float, *, largest_slope: bool
) -> int | None:
    """The rival whose line crosses at ``bound`` and pulls ahead fastest beyond it."""
    at_bound = np.flatnonzero(np.isfinite(crossings) & (np.abs(crossings - bound) <= 1e-12))
    if at_bound.size == 0:
        return None
    pick = np.argmax(slopes[at_bound]) if largest_slope else np.argmin(slopes[at_bound])
    return int(at_bound[pick])


def tipping_points(
    table: ScoreTable, intervals: tuple[WeightInterval, ...], winner: str
) -> tuple[TippingPoint, ...]:
    """Every bound strictly inside 0-100 %, as a sentence, the nearest to today's weight first."""
    names = {p.key: p.name for p in table.providers}
    criteria = {c.key: c.name for c in table.criteria}
    points: list[TippingPoint] = []
    for interval in intervals:
        bounds = (
            (True, interval.low_pct, interval.overtaken_below),
            (False, interval.high_pct, interval.overtaken_above),
        )
        for falls_below, bound, rival in bounds:
            if rival is None or not 0.0 < bound < 100.0:
                continue
            point = TippingPoint(interval.criterion, rival, winner, falls_below, bound,
                                 interval.weight_pct, "")
            points.append(replace(point, sentence=tipping_words(point, names, criteria)))
    return tuple(sorted(points, key=lambda p: (p.distance_pct, p.criterion, p.falls_below)))


def tipping_words(point: TippingPoint, providers: Mapping[str, str],
                  criteria: Mapping[str, str]) -> str:
    """A tipping point as one sentence, with these names of its providers and criterion
    (a document may print shortened names)."""
    movement = "fell below" if point.falls_below else "rose above"
    return (f"{providers[point.provider]} would overtake {providers[point.winner]} if the "
            f"weight of {criteria[point.criterion]} {movement} "
            f"{percent_words(point.bound_pct, point.weight_pct)} "
            f"(now {percent_words(point.weight_pct, point.bound_pct)}).")


def percent_words(value_pct: float, other_pct: float | None = None) -> str:
    """A percentage for a sentence: "14.2 %"; more decimals when one would hide a difference.

    Shown with one decimal unless that makes it read as 0, 100 or the same as ``other_pct``.
    """
    for decimals in (1, 2, 3, 4):
        text = format_number(value_pct, decimals)
        clashes = other_pct is not None and text == format_number(other_pct, decimals)
        at_end = text in {"0", "100"} and value_pct not in (0.0, 100.0)
        if not clashes and not at_end:
            return f"{text} %"
    return f"{format_number(value_pct, 4)} %"


def weight_sweep(table: ScoreTable, criterion: str, points: int = 101) -> WeightSweep:
    """Each eligible provider's total and rank as one criterion's share goes from 0 to 100 %.

    Raises EvaluationError for an unknown criterion or fewer than 2 points.
    """
    keys = [c.key for c in table.criteria]
    if criterion not in keys:
        raise EvaluationError(f'there is no criterion "{criterion}"')
    if points < 2:
        raise EvaluationError("a weight sweep needs at least 2 points")
    j = keys.index(criterion)
    total = float(table.weights.sum())
    rows = np.flatnonzero(table.eligible)
    x = np.linspace(0.0, 1.0, points)
    scores = table.scores[rows]
    remainder = remainder_totals(table, rows)[:, j]
    totals = x[None, :] * scores[:, j][:, None] + (1.0 - x[None, :]) * remainder[:, None]
    return WeightSweep(
        criterion=criterion,
        weight_pct=float(table.weights[j] * 100.0 / total) if total > 0 else 0.0,
        x_pct=x * 100.0,
        providers=tuple(table.providers[i].key for i in rows),
        totals=totals,
        ranks=competition_ranks_by_column(totals),
    )


def competition_ranks_by_column(totals: FloatArray) -> IntArray:
    """Ranks of the rows in every column: 1 + how many rows score clearly higher.

    Counted by a binary search in each sorted column (not by comparing every pair of rows:
    a tender's thousand providers would make a million comparisons per point)."""
    rows, columns = totals.shape
    ranks = np.empty((rows, columns), dtype=np.int64)
    for column in range(columns):
        ordered = np.sort(totals[:, column])
        # rows clearly higher than t: those above t + tolerance
        above = rows - np.searchsorted(ordered, totals[:, column] + _TIE_TOLERANCE,
                                       side="right")
        ranks[:, column] = above + 1
    return ranks
