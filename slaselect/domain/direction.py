"""Which way is better for the buyer, for a term value or a derived figure.

A term with a value function says it itself (ideal above worst means higher is better). The
well-known terms of the contract have a known direction even without one; money is cheaper
the better; flags are better offered; checklists better with more items, except a list of the
buyer's own obligations (fewer is better).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from slaselect.domain.figures import provider_figures
from slaselect.domain.model import Scenario, Term, TermType
from slaselect.domain.values import term_score

LOWER_IS_BETTER_TERMS = frozenset(
    {
        "maintenance_hours_month", "monthly_fee", "onboarding_fee", "hourly_rate",
        "annual_escalator_pct", "term_months", "notice_days",
    }
)
HIGHER_IS_BETTER_TERMS = frozenset(
    {"uptime_pct", "first_call_resolution_pct", "included_hours_month",
     "credit_monthly_cap_pct", "credit_annual_cap_pct"}
)
FEWER_IS_BETTER_CHECKLISTS = frozenset({"client_responsibilities"})
"""Checklists of the buyer's obligations: each item is a burden the provider places on the
buyer (and may excuse it from service levels), so fewer items are better for the buyer."""
HIGHER_IS_BETTER_FIGURES = frozenset({"liability_cap_amount", "expected_credit_month"})
"""Every other scalar figure (downtime, real minutes, costs) is better lower."""

# Terms whose worth shows best through a figure: compare the figure, not the raw value.
JUDGED_BY_FIGURE = {
    "early_termination_fee": "exit_cost",
    "liability_cap": "liability_cap_amount",
    "credit_tiers": "expected_credit_month",
    "credit_mechanism": "expected_credit_month",
}

BETTER, WORSE, SAME, CHANGED = "better", "worse", "same", "changed"


def figure_is_better(name: str, old: float, new: float) -> str:
    """BETTER, WORSE or SAME for a scalar figure moving from ``old`` to ``new``."""
    if abs(new - old) <= 1e-9 * max(1.0, abs(old)):
        return SAME
    higher = name in HIGHER_IS_BETTER_FIGURES
    return BETTER if (new > old) == higher else WORSE


def higher_is_better(term: Term) -> bool | None:
    """True/False for terms with a numeric direction, None when there is none."""
    function = term.value_function
    if function is not None and function.higher_is_better is not None:
        return function.higher_is_better
    if term.key in LOWER_IS_BETTER_TERMS:
        return False
    if term.key in HIGHER_IS_BETTER_TERMS:
        return True
    if term.type is TermType.MONEY:
        return False
    return None


def compare_values(
    term: Term,
    old: Any,
    new: Any,
    scenario: Scenario,
    old_terms: Mapping[str, Any] | None = None,
    horizon_months: int = 36,
) -> str:
    """BETTER, WORSE, SAME or CHANGED (no known direction) for the buyer, ``old`` -> ``new``."""
    if old == new:
        return SAME
    if old is None:
        return BETTER if new is not None else SAME
    if new is None:
        return WORSE
    figure = JUDGED_BY_FIGURE.get(term.key)
    if figure is not None and old_terms is not None:
        before = provider_figures({**old_terms, term.key: old}, scenario, horizon_months)[figure]
        after = provider_figures({**old_terms, term.key: new}, scenario, horizon_months)[figure]
        if before is not None and after is not None:
            verdict = figure_is_better(figure, before, after)
            return CHANGED if verdict == SAME else verdict
    if term.type is TermType.FLAG:
        return BETTER if new is True else WORSE
    if term.type is TermType.CHECKLIST and isinstance(old, list) and isinstance(new, list):
        gained, lost = set(new) - set(old), set(old) - set(new)
        if term.key in FEWER_IS_BETTER_CHECKLISTS:
            gained, lost = lost, gained
        if gained and not lost:
            return BETTER
        if lost and not gained:
            return WORSE
        return CHANGED
    if term.value_function is not None and term.type in (
        TermType.CHOICE, TermType.SEVERITY_DURATIONS
    ):
        before, after = term_score(term, old, scenario), term_score(term, new, scenario)
        if abs(after - before) > 1e-9:
            return BETTER if after > before else WORSE
        return CHANGED
    if term.type is TermType.CHOICE and term.key == "credit_mechanism":
        return BETTER if new == "automatic" else WORSE
    direction = higher_is_better(term)
    if direction is not None and isinstance(old, int | float) and isinstance(new, int | float):
        return BETTER if (new > old) == direction else WORSE
    return CHANGED
