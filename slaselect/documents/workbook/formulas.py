"""Spreadsheet formulas for the figures and scores a reader may recompute by editing a term.

Each function returns one of SLASelect's own formulas, built from cell references and
numbers only (never user text), that computes in a spreadsheet what the domain computes
in Python: the money figures of CONTRACT section 5, the value functions of section 4.2 and
the price formulas of section 4.3. A function returns None when the spreadsheet cannot
follow the definition (a value function on words, a bound that makes the formula
undefined); the caller then writes the value SLASelect worked out instead.

``Inputs`` stands for one provider's terms: for each term key, the cell holding its number
on the Term sheet (so an edit there flows through), else the number itself.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

from slaselect.domain.figures import DAYS_PER_MONTH, credit_pct
from slaselect.domain.model import (
    NUMERIC_TERM_TYPES,
    Criterion,
    PriceFormula,
    Scenario,
    Term,
    ValueFunctionKind,
)

Inputs = Callable[[str], str]
"""A term key to a cell reference or number literal for one provider's value of it."""


def literal(value: float) -> str:
    """A number as a formula literal; negative numbers in brackets so "x-(-3.0)" reads right."""
    text = repr(float(value))
    return f"({text})" if value < 0 else text


def _clamped(expression: str) -> str:
    return f"10*MAX(0,MIN(1,{expression}))"


def _numeric(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def inputs(values: Mapping[str, Any], cells: Mapping[str, str]) -> Inputs:
    """One provider's inputs: its Term sheet cell where there is one, else the value."""

    def reference(key: str) -> str:
        cell = cells.get(key)
        if cell is not None:
            return cell
        value = values.get(key)
        return literal(float(value)) if isinstance(value, int | float) else "0"

    return reference


# ------------------------------------------------------------------ term scores (4.2)


def term_score(term: Term, cell: str) -> str | None:
    """The 0-10 score of the number in ``cell`` through the term's value function; None when
    the term is not scored from a plain number (words, options, durations per severity)."""
    function = term.value_function
    if term.type not in NUMERIC_TERM_TYPES or function is None:
        return None
    if function.kind is ValueFunctionKind.ORDINAL or function.worst is None \
            or function.ideal is None:
        return None
    worst, ideal = float(function.worst), float(function.ideal)
    v = cell
    if ideal == worst:
        return f"=IF(ISNUMBER({v}),IF({v}={literal(ideal)},10,0),0)"
    if function.kind is ValueFunctionKind.LINEAR:
        w = literal(worst)
        body = _clamped(f"({v}-{w})/({literal(ideal)}-{w})")
    elif function.kind is ValueFunctionKind.LOG:
        if worst <= 0 or ideal <= 0:
            return None
        at_zero = "10" if ideal < worst else "0"
        body = (f"IF({v}<=0,{at_zero},"
                + _clamped(f"LN({v}/{literal(worst)})/LN({literal(ideal)}/{literal(worst)})")
                + ")")
    else:  # nines: -log10(1 - x/100), infinite at 100 %
        if worst >= 100 or ideal >= 100:
            return None
        n_worst = -math.log10(1.0 - worst / 100.0)
        n_ideal = -math.log10(1.0 - ideal / 100.0)
        at_hundred = "10" if n_ideal > n_worst else "0"
        body = (f"IF({v}>=100,{at_hundred},"
                + _clamped(f"(-LOG10(1-{v}/100)-{literal(n_worst)})"
                           f"/({literal(n_ideal)}-{literal(n_worst)})")
                + ")")
    return f"=IF(ISNUMBER({v}),{body},0)"


# ------------------------------------------------------------------ money figures (5)


def expected_credit(values: Mapping[str, Any], scenario: Scenario, cell: Inputs) -> str:
    """Expected service credit a month: the fee times the scenario's chance of each tier."""
    fee = cell("monthly_fee")
    monthly_cap = "credit_monthly_cap_pct" if _numeric(values.get("credit_monthly_cap_pct")) \
        else None
    parts = []
    for outcome in scenario.uptime_scenario:
        pct = literal(credit_pct(outcome.uptime, values.get("credit_tiers")))
        if monthly_cap is not None:
            pct = f"MIN({pct},{cell(monthly_cap)})"
        parts.append(f"{literal(outcome.p)}*{pct}")
    factor = 1.0 if values.get("credit_mechanism") == "automatic" else scenario.claim_success
    expected = f"{literal(factor)}*{fee}*({'+'.join(parts) or '0'})/100"
    if _numeric(values.get("credit_annual_cap_pct")):
        expected = f"MIN({expected},{fee}*{cell('credit_annual_cap_pct')}/100)"
    return f"={expected}"


def overage(scenario: Scenario, cell: Inputs) -> str:
    """Support hours beyond those included, at the hourly rate."""
    return (f"=MAX(0,{literal(scenario.support_hours_month)}-{cell('included_hours_month')})"
            f"*{cell('hourly_rate')}")


def effective_monthly_cost(cell: Inputs, overage_cell: str, credit_cell: str) -> str:
    """Fee plus overage less expected credit."""
    return f"={cell('monthly_fee')}+{overage_cell}-{credit_cell}"


def contract_cost(months: int, cell: Inputs, overage_cell: str, credit_cell: str) -> str:
    """Onboarding, the fees escalated each contract year, overage less credits, over
    ``months`` months."""
    escalation = f"(1+{cell('annual_escalator_pct')}/100)"
    years = []
    for year in range((months + 11) // 12):
        in_year = min(12, months - 12 * year)
        years.append(str(in_year) if year == 0 else f"{in_year}*{escalation}^{year}")
    fees = f"{cell('monthly_fee')}*({'+'.join(years) or '0'})"
    return (f"={cell('onboarding_fee')}+{fees}"
            f"+{months}*({overage_cell}-{credit_cell})")


def exit_cost(values: Mapping[str, Any], scenario: Scenario, cell: Inputs) -> str | None:
    """What leaving at the scenario's exit month costs; None for a kind the contract lacks."""
    fee = cell("monthly_fee")
    remaining = f"MAX(0,{cell('term_months')}-{scenario.exit_month})"
    if values.get("termination_for_convenience") is not True:
        return f"={fee}*{remaining}"
    early = values.get("early_termination_fee")
    if not isinstance(early, Mapping) or not _numeric(early.get("value", 0)):
        return None
    amount = literal(float(early.get("value", 0)))
    notice = f"{fee}*{cell('notice_days')}/{literal(DAYS_PER_MONTH)}"
    kind = early.get("kind")
    if kind == "remaining":
        return f"={notice}+{fee}*{remaining}"
    if kind == "pct_remaining":
        return f"={notice}+{amount}/100*{fee}*{remaining}"
    if kind == "months":
        return f"={notice}+{amount}*{fee}"
    if kind == "flat":
        return f"={notice}+{amount}"
    return None


def liability_cap(values: Mapping[str, Any], cell: Inputs) -> str | None:
    """The liability cap in money when it follows the fee; None when it is a fixed sum."""
    cap = values.get("liability_cap")
    if not isinstance(cap, Mapping):
        return None
    if cap.get("kind") == "fees_12m":
        return f"=12*{cell('monthly_fee')}"
    if cap.get("kind") == "multiple_annual" and _numeric(cap.get("value")):
        return f"={literal(float(cap['value']))}*12*{cell('monthly_fee')}"
    return None


# ------------------------------------------------------------------ price scores (4.3)


def lowest(eligible: str | None, every: str) -> str:
    """The lowest figure among the eligible providers (all providers when none is eligible
    or none of the eligible has the figure); "—" when no provider has it."""
    fallback = f'IF(COUNT({every})>0,MIN({every}),"—")'
    if eligible is None:
        return f"={fallback}"
    return f"=IF(COUNT({eligible})>0,MIN({eligible}),{fallback})"


def price_score(criterion: Criterion, figure: str, lowest_cell: str) -> str | None:
    """A provider's 0-10 price score from its figure and the lowest eligible figure."""
    v, m = figure, lowest_cell
    formula = criterion.formula
    if formula is PriceFormula.FIXED_RANGE:
        best = criterion.best if criterion.best is not None else 0.0
        worst = criterion.worst if criterion.worst is not None else 0.0
        if worst == best:
            return f"=IF(ISNUMBER({v}),IF({v}<={literal(best)},10,0),0)"
        body = _clamped(f"({literal(worst)}-{v})/({literal(worst)}-{literal(best)})")
        return f"=IF(ISNUMBER({v}),{body},0)"
    if formula is PriceFormula.LOWEST_RATIO:
        body = f"IF({v}>0,{_clamped(f'{m}/{v}')},10)"
    elif formula is PriceFormula.PROPORTIONAL_DEVIATION:
        body = _clamped(f"1-({v}-{m})/{m}")
    else:
        if criterion.a <= 0 or criterion.a == 1:
            return None
        body = f"IF({v}<=0,10,{_clamped(f'1-LN({v}/{m})/LN({literal(criterion.a)})')})"
    return f"=IF(AND(ISNUMBER({v}),ISNUMBER({m})),IF({m}<=0,IF({v}<={m},10,0),{body}),0)"

