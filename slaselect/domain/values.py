"""Value functions and price formulas: from a term value or a price figure to a 0-10 score.

Definitions follow shared/CONTRACT.md sections 4.2 and 4.3. Two edge cases the contract
leaves open are settled here and documented in docs/scoring.md:

* ``log`` value functions: a value <= 0 scores 10 when smaller is better (instant is ideal)
  and 0 when bigger is better.
* price formulas when the lowest figure m is 0 or below: a provider at m scores 10 and every
  other provider 0 (a ratio to nothing is undefined).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from slaselect.domain.figures import real_minutes
from slaselect.domain.model import (
    NUMERIC_TERM_TYPES,
    SEVERITIES,
    Criterion,
    PriceFormula,
    Scenario,
    Term,
    TermType,
    ValueFunction,
    ValueFunctionKind,
)


def clamp(x: float) -> float:
    """Limit to [0, 1]."""
    if x != x:  # NaN: treat as the worst outcome rather than poison the totals
        return 0.0
    return 0.0 if x < 0.0 else 1.0 if x > 1.0 else x


def _nines(percent: float) -> float:
    """How many nines an availability has: -log10(1 - x/100); 100 % is infinitely many."""
    if percent >= 100.0:
        return math.inf
    return -math.log10(1.0 - percent / 100.0)


def apply_value_function(function: ValueFunction, value: Any) -> float:
    """Score a term value 0-10 through its value function (CONTRACT 4.2)."""
    if function.kind is ValueFunctionKind.ORDINAL:
        score = function.map.get(str(value), 0.0) if isinstance(value, str) else 0.0
        return min(10.0, max(0.0, float(score)))
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0.0
    worst = float(function.worst) if function.worst is not None else 0.0
    ideal = float(function.ideal) if function.ideal is not None else 0.0
    v = float(value)
    if ideal == worst:
        return 10.0 if v == ideal else 0.0
    if function.kind is ValueFunctionKind.LINEAR:
        return 10.0 * clamp((v - worst) / (ideal - worst))
    if function.kind is ValueFunctionKind.LOG:
        if v <= 0.0:
            return 10.0 if ideal < worst else 0.0
        return 10.0 * clamp(math.log(v / worst) / math.log(ideal / worst))
    # nines
    n_value, n_worst, n_ideal = _nines(v), _nines(worst), _nines(ideal)
    if math.isinf(n_value):
        return 10.0 if n_ideal > n_worst else 0.0
    return 10.0 * clamp((n_value - n_worst) / (n_ideal - n_worst))


def term_score(term: Term, value: Any, scenario: Scenario) -> float:
    """Score a provider's value of a term 0-10; a missing value (None) scores 0."""
    if value is None:
        return 0.0
    if term.type is TermType.FLAG:
        return 10.0 if value is True else 0.0
    if term.type is TermType.CHECKLIST:
        if not term.options or not isinstance(value, list):
            return 0.0
        chosen = {str(item) for item in value}
        return 10.0 * len(chosen & set(term.options)) / len(term.options)
    function = term.value_function
    if function is None:
        return 0.0
    if term.type is TermType.SEVERITY_DURATIONS:
        return _severity_score(function, value, scenario)
    if term.type is TermType.CHOICE or term.type in NUMERIC_TERM_TYPES:
        return apply_value_function(function, value)
    return 0.0


def _severity_score(function: ValueFunction, value: Any, scenario: Scenario) -> float:
    """Severity-weighted mean of per-severity log scores on real-time minutes."""
    if not isinstance(value, Mapping):
        return 0.0
    weights = scenario.severity_weights
    total_weight = sum(weights.get(s, 0.0) for s in SEVERITIES)
    if total_weight <= 0.0:
        return 0.0
    total = 0.0
    log_function = ValueFunction(ValueFunctionKind.LOG, function.worst, function.ideal)
    for severity in SEVERITIES:
        weight = weights.get(severity, 0.0)
        entry = value.get(severity)
        if weight <= 0.0 or not isinstance(entry, Mapping):
            continue
        minutes = entry.get("minutes")
        if isinstance(minutes, bool) or not isinstance(minutes, int | float):
            continue
        clock = str(entry.get("clock", "24x7"))
        real = real_minutes(float(minutes), clock, scenario.business_hours)
        if real is None:
            continue
        total += weight * apply_value_function(log_function, real)
    return total / total_weight


def price_scores(
    criterion: Criterion, figures: Mapping[str, float | None], eligible: set[str]
) -> dict[str, float]:
    """Score each provider's price figure 0-10 against the eligible providers (CONTRACT 4.3).

    ``figures`` maps provider key to the criterion's figure (None when it cannot be worked
    out: that provider scores 0). The lowest figure m is taken over eligible providers; when
    no provider is eligible it is taken over all, so ineligible providers still show a score.
    """
    pool = [v for k, v in figures.items() if v is not None and k in eligible]
    if not pool:
        pool = [v for v in figures.values() if v is not None]
    lowest = min(pool) if pool else None
    return {
        key: 0.0 if value is None else _price_score(criterion, value, lowest)
        for key, value in figures.items()
    }


def _price_score(criterion: Criterion, value: float, lowest: float | None) -> float:
    formula = criterion.formula
    if formula is PriceFormula.FIXED_RANGE:
        best = criterion.best if criterion.best is not None else 0.0
        worst = criterion.worst if criterion.worst is not None else 0.0
        if worst == best:
            return 10.0 if value <= best else 0.0
        return 10.0 * clamp((worst - value) / (worst - best))
    if lowest is None:
        return 0.0
    if lowest <= 0.0:
        return 10.0 if value <= lowest else 0.0
    if formula is PriceFormula.LOWEST_RATIO:
        return 10.0 * clamp(lowest / value) if value > 0 else 10.0
    if formula is PriceFormula.PROPORTIONAL_DEVIATION:
        return 10.0 * clamp(1.0 - (value - lowest) / lowest)
    # log
    if value <= 0.0:
        return 10.0
    return 10.0 * clamp(1.0 - math.log(value / lowest) / math.log(criterion.a))
