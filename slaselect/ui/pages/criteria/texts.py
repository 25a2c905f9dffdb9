"""What the Criteria page says and suggests, worked out without Qt: help, summaries, keys."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from slaselect.domain.figures import provider_figures
from slaselect.domain.keys import key_from_name
from slaselect.domain.model import (
    CriterionKind,
    Evaluation,
    PriceFormula,
    Term,
    TermType,
    ValueFunctionKind,
)
from slaselect.domain.wording import format_minutes, format_money, format_number, option_words
from slaselect.ui.text import level_number

PRICE_FIGURES: tuple[str, ...] = (
    "tco", "first_year_cost", "effective_monthly_cost", "exit_cost", "overage_month",
)
"""Cost figures a price criterion can score (lower is better for all of them)."""

FIGURE_HELP = {
    "tco": "Everything paid over the evaluation's horizon: fees with escalation, onboarding, "
           "overage, less expected credits.",
    "first_year_cost": "The same as the total cost, over the first 12 months only.",
    "effective_monthly_cost": "Monthly fee plus expected overage, less expected service credits.",
    "exit_cost": "What leaving costs at the scenario's exit month: remaining fees or notice and "
                 "early termination fee.",
    "overage_month": "Support hours beyond those included, at the hourly rate, each month.",
}

FORMULA_WORDS = {
    PriceFormula.LOWEST_RATIO: "Lowest price ratio",
    PriceFormula.FIXED_RANGE: "Fixed range (anchors)",
    PriceFormula.PROPORTIONAL_DEVIATION: "Proportional deviation",
    PriceFormula.LOG: "Logarithmic",
}
FORMULA_HELP = {
    PriceFormula.LOWEST_RATIO: "Lowest cost ÷ this cost × 10: the cheapest scores 10, twice the "
                               "cheapest scores 5. The most used formula.",
    PriceFormula.FIXED_RANGE: "A straight line between anchors agreed before bids are opened: "
                              "Best or less scores 10, Worst or more scores 0. Avoids rank "
                              "reversal.",
    PriceFormula.PROPORTIONAL_DEVIATION: "Loses 1 point per 10 % above the cheapest: 10 % "
                                         "dearer scores 9, double or more scores 0.",
    PriceFormula.LOG: "Softens extremes: the cheapest scores 10 and a cost 'a' times the "
                      "cheapest scores 0, on a log scale.",
}

LOCK_HELP = ("Lock the criteria and weights before proposals are opened. Afterwards every change "
             "asks for a reason and is recorded in the audit trail.")


def scoreable_terms(evaluation: Evaluation) -> list[Term]:
    """Terms a term criterion can score: those with a value function, flags and checklists."""
    return [t for t in evaluation.terms
            if t.value_function is not None or t.type in (TermType.FLAG, TermType.CHECKLIST)]


def _amount(term: Term, value: float, currency: str) -> str:
    if term.type in (TermType.DURATION, TermType.SEVERITY_DURATIONS):
        return format_minutes(value)
    if term.type is TermType.PERCENT:
        return f"{format_number(value, 3)} %"
    if term.type is TermType.MONEY:
        return format_money(value, currency)
    return f"{format_number(value)} {term.unit}".strip()


def value_function_summary(term: Term, currency: str = "USD") -> str:
    """One or two sentences on how a term's value becomes a 0-10 score."""
    if term.type is TermType.FLAG:
        text = "Yes scores 10, no scores 0."
    elif term.type is TermType.CHECKLIST:
        text = (f"The share of the {len(term.options)} listed options that are included: "
                "all of them score 10, none scores 0.")
    elif term.value_function is None:
        text = "This term has no value function, so it scores 0 for every provider."
    elif term.value_function.kind is ValueFunctionKind.ORDINAL:
        points = ", ".join(f"{option_words(option)} {format_number(score)}"
                           for option, score in term.value_function.map.items())
        text = f"Fixed points for each option: {points}. Any other option scores 0."
    else:
        function = term.value_function
        worst = _amount(term, function.worst or 0.0, currency)
        ideal = _amount(term, function.ideal or 0.0, currency)
        better = "more is better" if function.higher_is_better else "less is better"
        ends = f"from {worst} (scores 0) to {ideal} (scores 10), {better}"
        if term.type is TermType.SEVERITY_DURATIONS:
            text = (f"For each severity, the real-time minutes on a log scale {ends}; the "
                    "severities are averaged with the scenario's severity weights.")
        elif function.kind is ValueFunctionKind.LINEAR:
            text = f"A straight line {ends}. Values beyond either end are capped."
        elif function.kind is ValueFunctionKind.LOG:
            text = (f"A log scale {ends}: halving the value gains the same at any level. "
                    "Values beyond either end are capped.")
        else:
            text = (f"Counted in nines {ends}: 99.9 % is one nine more than 99 %. Values "
                    "beyond either end are capped.")
    if term.must_have is not None:
        text += " The term is also a must-have: a provider that fails it is not eligible."
    return text


def lock_date_text(locked_at: str) -> str:
    """The lock time as a person reads it: "12 Mar 2026 at 14:05 UTC"."""
    try:
        moment = dt.datetime.fromisoformat(locked_at)
    except ValueError:
        return locked_at
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return f"{moment.day} {moment:%b %Y} at {moment:%H:%M} UTC"


def new_key(name: str, taken: set[str]) -> str:
    """A key for a new criterion made from its name (see ``domain.keys``)."""
    return key_from_name(name, taken, fallback="criterion")


def _round_up(value: float) -> float:
    """A round number at or above value: 73,400 -> 80,000."""
    if value <= 0:
        return 100_000.0
    step = 10.0 ** math.floor(math.log10(value))
    return float(math.ceil(value / step) * step)


def suggested_range(evaluation: Evaluation, figure: str) -> tuple[float, float]:
    """Anchors to start from: 0 best, worst a round number at twice the dearest offer."""
    values = []
    for provider in evaluation.providers:
        figures = provider_figures(evaluation.terms_at(provider.key), evaluation.scenario,
                                   evaluation.horizon_months)
        value = figures.get(figure)
        if isinstance(value, int | float) and math.isfinite(value):
            values.append(float(value))
    return 0.0, _round_up(2 * max(values, default=0.0))


@dataclass(frozen=True)
class NewCriterion:
    """What the Add criterion dialog asks for."""

    name: str
    kind: CriterionKind
    group: str
    weight: float


def scale_step(low: float, high: float) -> float:
    """The step of score fields: half points on a scale of ten or less, else whole points."""
    return 0.5 if high - low <= 10 else 1.0


def level_key(value: float) -> str:
    """A rubric level's key for a number: 5 -> "5", 2.5 -> "2.5"."""
    return f"{value:g}"


def level_text(key: str) -> str:
    """A rubric level as shown: the number formatted, or the key as written."""
    value = level_number(key)
    return key if math.isinf(value) else format_number(value)
